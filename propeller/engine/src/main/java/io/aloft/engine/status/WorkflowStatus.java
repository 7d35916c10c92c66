package io.aloft.engine.status;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The resource's {@code status} (v1alpha1 WorkflowStatus, workflow_status.go) under Flyte's keys, so the operator can
 * write it with {@link StatusJson} and Flyte's tools read it.
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
@JsonIgnoreProperties(ignoreUnknown = true)
public class WorkflowStatus extends Tracked {
  /** Always written, even Ready (0). */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public WorkflowPhase phase = WorkflowPhase.READY;
  @JsonSerialize(using = Rfc3339.Serializer.class)
  @JsonDeserialize(using = Rfc3339.Deserializer.class)
  public Instant startedAt;
  @JsonSerialize(using = Rfc3339.Serializer.class)
  @JsonDeserialize(using = Rfc3339.Deserializer.class)
  public Instant stoppedAt;
  @JsonSerialize(using = Rfc3339.Serializer.class)
  @JsonDeserialize(using = Rfc3339.Deserializer.class)
  public Instant lastUpdatedAt;
  public String message;
  /** {@code <base>/metadata/propeller/<project>-<domain>-<execName>}. */
  public String dataDir;
  /** The end node's outputs.pb, once the workflow succeeded. */
  public String outputRef;
  public Map<String, NodeStatus> nodeStatus = new LinkedHashMap<>();
  /** Rounds that ended with a system error (the operator counts them). */
  public int failedAttempts;
  public ExecutionErrorInfo error;
  /** 1 for every workflow this engine starts (Flyte's defVersion). */
  public int defVersion;
  /** Aloft's own: workflow events stopped after admin reported a terminal phase. */
  @com.fasterxml.jackson.annotation.JsonProperty("aloftEventsStopped")
  public boolean eventsStopped;

  /** The node's status, created (NotYetStarted) when absent. */
  public NodeStatus node(String nodeId) {
    return nodeStatus.computeIfAbsent(nodeId, k -> new NodeStatus());
  }

  /** Records a workflow phase and the times it implies (Flyte's UpdatePhase). */
  public void updatePhase(WorkflowPhase p, Instant now, String msg) {
    now = Rfc3339.truncate(now);
    markDirty();
    phase = p;
    message = msg;
    lastUpdatedAt = now;
    if (p == WorkflowPhase.RUNNING && startedAt == null) {
      startedAt = now;
    }
    if (p.isTerminal() && stoppedAt == null) {
      stoppedAt = now;
    }
  }

  /** Records the workflow's data dir and definition version when it starts. */
  public void start(String dir, int version) {
    dataDir = dir;
    defVersion = version;
    markDirty();
  }

  /** Records where the workflow's outputs are. */
  public void recordOutputs(String ref) {
    outputRef = ref;
    markDirty();
  }

  /** Records the error the workflow fails with. */
  public void recordError(flyteidl.core.Execution.ExecutionError err) {
    error = ExecutionErrorInfo.of(err);
    markDirty();
  }

  /** Stops the workflow's events (admin already holds a terminal phase). */
  public void stopEvents() {
    eventsStopped = true;
    markDirty();
  }

  @Override
  public boolean isDirty() {
    if (super.isDirty()) {
      return true;
    }
    for (NodeStatus s : nodeStatus.values()) {
      if (s.isDirty()) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void resetDirty() {
    super.resetDirty();
    nodeStatus.values().forEach(NodeStatus::resetDirty);
  }
}
