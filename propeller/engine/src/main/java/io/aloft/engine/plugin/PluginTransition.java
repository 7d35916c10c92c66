package io.aloft.engine.plugin;

import flyteidl.core.Execution.ExecutionError;
import flyteidl.core.Execution.TaskLog;
import java.util.List;

/**
 * A plugin's answer for one round: the attempt's phase, a version bumped when something reportable changed within the
 * phase, the plugin state to keep (null keeps the previous), the error for failures, and the attempt's log links
 * (Flyte's TaskInfo.Logs), which ride on the task event sent for this phase and version.
 */
public record PluginTransition(TaskPhase phase, int phaseVersion, byte[] pluginState, String reason,
    ExecutionError error, List<TaskLog> logs) {

  public PluginTransition {
    logs = logs == null ? List.of() : List.copyOf(logs);
  }

  public PluginTransition(TaskPhase phase, int phaseVersion, byte[] pluginState, String reason,
      ExecutionError error) {
    this(phase, phaseVersion, pluginState, reason, error, List.of());
  }

  /** This transition with {@code logs}. */
  public PluginTransition withLogs(List<TaskLog> logs) {
    return new PluginTransition(phase, phaseVersion, pluginState, reason, error, logs);
  }

  /** Accepted, not yet running. */
  public static PluginTransition queued(int version, byte[] state) {
    return new PluginTransition(TaskPhase.QUEUED, version, state, null, null);
  }

  /** Running. */
  public static PluginTransition running(int version, byte[] state) {
    return new PluginTransition(TaskPhase.RUNNING, version, state, null, null);
  }

  /** Done; outputs written to the output prefix. */
  public static PluginTransition succeeded() {
    return new PluginTransition(TaskPhase.SUCCEEDED, 0, null, null, null);
  }

  /** The attempt failed; {@code kind} USER or SYSTEM decides which retry budget pays. */
  public static PluginTransition retryableFailure(String code, String message, ExecutionError.ErrorKind kind) {
    return new PluginTransition(TaskPhase.RETRYABLE_FAILURE, 0, null, message,
        ExecutionError.newBuilder().setCode(code).setMessage(message).setKind(kind).build());
  }

  /** Failed for good. */
  public static PluginTransition permanentFailure(String code, String message, ExecutionError.ErrorKind kind) {
    return new PluginTransition(TaskPhase.PERMANENT_FAILURE, 0, null, message,
        ExecutionError.newBuilder().setCode(code).setMessage(message).setKind(kind).build());
  }
}
