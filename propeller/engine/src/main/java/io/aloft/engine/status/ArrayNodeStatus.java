package io.aloft.engine.status;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code arrayNodeStatus} of an array node (v1alpha1 ArrayNodeStatus): the array's own phase and, per sub node
 * (index {@code 0..size-1}), its node phase, task phase, retry attempt and system failures. Flyte packs the per-sub-node
 * values into bit arrays; Aloft stores them as plain JSON arrays of small ints under Flyte's keys, plus its own
 * {@code aloft*} keys for what Flyte keeps elsewhere (the plugin state and phase version of each sub node's current
 * attempt: Flyte keeps them in a per-sub-node state it rebuilds from the bit arrays).
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
@JsonIgnoreProperties(ignoreUnknown = true)
public class ArrayNodeStatus extends Tracked {
  /** Flyte's ArrayNodePhaseNone: sized not yet. */
  public static final int NONE = 0;
  /** Flyte's ArrayNodePhaseExecuting. */
  public static final int EXECUTING = 1;
  /** Flyte's ArrayNodePhaseSucceeding: outputs being gathered. */
  public static final int SUCCEEDING = 2;
  /** Flyte's ArrayNodePhaseFailing: running sub nodes being aborted. */
  public static final int FAILING = 3;

  public int phase;
  @JsonProperty("executionError")
  public ExecutionErrorInfo executionError;
  /** Sub node count (Flyte derives it from the bit arrays' length). */
  @JsonProperty("aloftSize")
  public int size;
  /** Per sub node: its {@link NodePhase#code()}. */
  @JsonProperty("subphase")
  public int[] subPhases;
  /** Per sub node: its current attempt's {@link io.aloft.engine.plugin.TaskPhase#code()}. */
  @JsonProperty("subtphase")
  public int[] subTaskPhases;
  /** Per sub node: the current retry attempt, from 0. */
  @JsonProperty("subattempts")
  public int[] subAttempts;
  /** Per sub node: attempts that failed with a SYSTEM error. */
  @JsonProperty("subsysfailures")
  public int[] subSystemFailures;
  /** Per sub node: the plugin's phase version of the current attempt. */
  @JsonProperty("aloftSubPhaseVersions")
  public int[] subPhaseVersions;
  /** Per sub node: the plugin's state of the current attempt (null entries for none; base64 in JSON). */
  @JsonProperty("aloftSubPluginStates")
  public List<byte[]> subPluginStates;
  /** Per sub node: the last error message, for the failure summary. */
  @JsonProperty("aloftSubErrors")
  public List<String> subErrors;
  /** Bumped whenever a sub node's reported state changes: the phase version of the array's task events. */
  @JsonProperty("taskPhaseVersion")
  public int taskPhaseVersion;

  /** A status for {@code n} sub nodes, none started. */
  public static ArrayNodeStatus sized(int n) {
    ArrayNodeStatus s = new ArrayNodeStatus();
    s.phase = EXECUTING;
    s.size = n;
    s.subPhases = new int[n];
    s.subTaskPhases = new int[n];
    s.subAttempts = new int[n];
    s.subSystemFailures = new int[n];
    s.subPhaseVersions = new int[n];
    s.subPluginStates = new ArrayList<>();
    s.subErrors = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      s.subPluginStates.add(null);
      s.subErrors.add(null);
    }
    return s;
  }

  /** Sub node {@code i}'s phase. */
  public NodePhase subPhase(int i) {
    return NodePhase.of(subPhases[i]);
  }

  /** Enters array phase {@code p} (with {@code err} when failing) and bumps the task phase version. */
  public void enter(int p, flyteidl.core.Execution.ExecutionError err) {
    phase = p;
    if (err != null) {
      executionError = ExecutionErrorInfo.of(err);
    }
    taskPhaseVersion++;
    markDirty();
  }

  /** Bumps the task phase version (a sub node's reported state changed). */
  public void bumpVersion() {
    taskPhaseVersion++;
    markDirty();
  }
}
