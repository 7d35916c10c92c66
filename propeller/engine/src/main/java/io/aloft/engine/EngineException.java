package io.aloft.engine;

/** A round failed for a reason outside the workflow (storage, event sink down): nothing is lost, retry the round. */
public final class EngineException extends RuntimeException {
  public EngineException(String message, Throwable cause) {
    super(message, cause);
  }
}
