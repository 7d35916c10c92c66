package io.aloft.engine.plugin;

import flyteidl.core.Execution.TaskExecution;

/** What a plugin reports for an attempt (pluginmachinery core.Phase, reduced to what the engine acts on). */
public enum TaskPhase {
  /** Nothing reported yet. */
  UNDEFINED(0, TaskExecution.Phase.UNDEFINED),
  /** Accepted, not running yet (e.g. pod pending). */
  QUEUED(1, TaskExecution.Phase.QUEUED),
  RUNNING(2, TaskExecution.Phase.RUNNING),
  /** Done; the outputs are at the attempt's output prefix. */
  SUCCEEDED(3, TaskExecution.Phase.SUCCEEDED),
  /** This attempt failed; the node may retry. */
  RETRYABLE_FAILURE(4, TaskExecution.Phase.FAILED),
  /** Failed; no retry helps. */
  PERMANENT_FAILURE(5, TaskExecution.Phase.FAILED);

  private final int code;
  private final TaskExecution.Phase eventPhase;

  TaskPhase(int code, TaskExecution.Phase eventPhase) {
    this.code = code;
    this.eventPhase = eventPhase;
  }

  /** Stored in {@code TaskNodeStatus.phase}. */
  public int code() {
    return code;
  }

  /** The phase of the task event. */
  public TaskExecution.Phase eventPhase() {
    return eventPhase;
  }

  /** The phase stored as {@code code}. */
  public static TaskPhase of(int code) {
    for (TaskPhase p : values()) {
      if (p.code == code) {
        return p;
      }
    }
    return UNDEFINED;
  }

  /** True for the phases that end an attempt. */
  public boolean isTerminal() {
    return this == SUCCEEDED || this == RETRYABLE_FAILURE || this == PERMANENT_FAILURE;
  }
}
