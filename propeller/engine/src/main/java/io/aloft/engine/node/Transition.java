package io.aloft.engine.node;

import flyteidl.core.Execution.ExecutionError;

/** What a handler says about the node's current attempt after a round (Flyte's handler.Transition, reduced). */
public record Transition(Kind kind, String reason, ExecutionError error) {
  /** The outcome kinds the node state machine acts on. */
  public enum Kind { QUEUED, RUNNING, DYNAMIC_RUNNING, SUCCESS, RETRYABLE_FAILURE, PERMANENT_FAILURE }

  /** Accepted but not running yet (a pending pod): the node stays Queued. */
  public static Transition queued(String reason) {
    return new Transition(Kind.QUEUED, reason, null);
  }

  public static Transition running(String reason) {
    return new Transition(Kind.RUNNING, reason, null);
  }

  /** The node's task wrote a dynamic workflow, which now runs nested (the node goes DynamicRunning). */
  public static Transition dynamicRunning(String reason) {
    return new Transition(Kind.DYNAMIC_RUNNING, reason, null);
  }

  public static Transition success() {
    return new Transition(Kind.SUCCESS, null, null);
  }

  public static Transition retryable(ExecutionError error) {
    return new Transition(Kind.RETRYABLE_FAILURE, error.getMessage(), error);
  }

  public static Transition permanent(ExecutionError error) {
    return new Transition(Kind.PERMANENT_FAILURE, error.getMessage(), error);
  }

  /** A permanent failure with {@code code}, {@code message} and {@code kind}. */
  public static Transition permanent(String code, String message, ExecutionError.ErrorKind kind) {
    return permanent(ExecutionError.newBuilder().setCode(code).setMessage(message).setKind(kind).build());
  }
}
