package io.aloft.engine.status;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Phase of a workflow execution, with the int codes flytepropeller writes in {@code status.phase} (workflow_status.go). */
public enum WorkflowPhase {
  READY(0),
  RUNNING(1),
  SUCCEEDING(2),
  SUCCESS(3),
  FAILING(4),
  FAILED(5),
  ABORTED(6),
  HANDLING_FAILURE_NODE(7);

  private final int code;

  WorkflowPhase(int code) {
    this.code = code;
  }

  /** The code in the resource's status. */
  @JsonValue
  public int code() {
    return code;
  }

  /** The phase written as {@code code}. */
  @JsonCreator
  public static WorkflowPhase of(int code) {
    for (WorkflowPhase p : values()) {
      if (p.code == code) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown workflow phase " + code);
  }

  /** True once nothing more happens to the workflow. */
  public boolean isTerminal() {
    return this == SUCCESS || this == FAILED || this == ABORTED;
  }
}
