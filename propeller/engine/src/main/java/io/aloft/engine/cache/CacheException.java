package io.aloft.engine.cache;

/**
 * The cache could not do what was asked. {@link #kind()} tells "not found" (an update of a missing artifact, which
 * callers answer with a put) from failures.
 */
public class CacheException extends Exception {
  /** What went wrong. */
  public enum Kind {
    /** The entity does not exist. */
    NOT_FOUND,
    /** The request was refused as invalid (a bug or a corrupt key/outputs). */
    INVALID,
    /** The cache was unreachable or failed (retries exhausted). */
    FAILED
  }

  private final Kind kind;

  public CacheException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public CacheException(Kind kind, String message) {
    this(kind, message, null);
  }

  public Kind kind() {
    return kind;
  }

  public boolean notFound() {
    return kind == Kind.NOT_FOUND;
  }
}
