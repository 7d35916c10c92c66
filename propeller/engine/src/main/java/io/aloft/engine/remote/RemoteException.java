package io.aloft.engine.remote;

/** A refused or failed call to admin from a launch-plan or gate node (flytepropeller's launchplan errors). */
public class RemoteException extends Exception {
  /** What the engine does with it. */
  public enum Kind {
    /** Admin refused the request: the node fails with a user error. */
    USER,
    /** Admin does not know the execution or signal. */
    NOT_FOUND,
    /** A transient or server fault: the round is retried. */
    SYSTEM
  }

  private final Kind kind;

  public RemoteException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public RemoteException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
