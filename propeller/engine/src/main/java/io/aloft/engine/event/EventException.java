package io.aloft.engine.event;

/** An event the sink refused, classified as flytepropeller's events/errors package does. */
public final class EventException extends Exception {
  /** Why the sink refused the event. */
  public enum Reason {
    /** The same event was recorded before: the engine treats it as success. */
    ALREADY_EXISTS,
    /** Admin already holds a terminal phase for the entity. */
    ALREADY_IN_TERMINAL_STATE,
    /** Admin does not know the execution. */
    EXECUTION_NOT_FOUND,
    /** The event was rejected as malformed or too large; the node fails. */
    INVALID_ARGUMENT,
    /** Another cluster owns the execution. */
    INCOMPATIBLE_CLUSTER,
    /** Anything else (unavailable, ...): the round fails and is retried. */
    OTHER
  }

  private final Reason reason;

  public EventException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** Why. */
  public Reason reason() {
    return reason;
  }
}
