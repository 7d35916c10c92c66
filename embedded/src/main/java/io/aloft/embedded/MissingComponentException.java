package io.aloft.embedded;

/**
 * A real component a test or the local stack needs is not installed. The message says how to fix it; nothing
 * that needs the component may skip silently instead.
 */
public final class MissingComponentException extends IllegalStateException {
  public MissingComponentException(String message) {
    super(message);
  }
}
