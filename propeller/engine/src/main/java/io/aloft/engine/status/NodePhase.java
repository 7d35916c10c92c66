package io.aloft.engine.status;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Phase of a node, with the int codes flytepropeller writes in {@code nodeStatus.<id>.phase} (node_status.go). */
public enum NodePhase {
  NOT_YET_STARTED(0),
  QUEUED(1),
  RUNNING(2),
  FAILING(3),
  SUCCEEDING(4),
  SUCCEEDED(5),
  FAILED(6),
  SKIPPED(7),
  RETRYABLE_FAILURE(8),
  TIMING_OUT(9),
  TIMED_OUT(10),
  DYNAMIC_RUNNING(11),
  RECOVERED(12);

  private final int code;

  NodePhase(int code) {
    this.code = code;
  }

  /** The code in the resource's status. */
  @JsonValue
  public int code() {
    return code;
  }

  /** The phase written as {@code code}. */
  @JsonCreator
  public static NodePhase of(int code) {
    for (NodePhase p : values()) {
      if (p.code == code) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown node phase " + code);
  }

  /** Flyte's IsPhaseTerminal. */
  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == SKIPPED || this == TIMED_OUT || this == RECOVERED;
  }

  /** A phase downstream nodes may start after (Skipped propagates as a skip). */
  public boolean isDone() {
    return this == SUCCEEDED || this == SKIPPED || this == RECOVERED;
  }

  /** A terminal failure. */
  public boolean isFailure() {
    return this == FAILED || this == TIMED_OUT;
  }
}
