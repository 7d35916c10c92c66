package io.aloft.engine.dynamic;

import io.aloft.compiler.CompileError;
import java.util.List;

/**
 * The dynamic workflow could not be built. Flyte's dynamic handler (nodes/dynamic/handler.go) fails the node for good
 * with {@link #BUILD_FAILED} and this message when the cause is the user's ({@link Kind#USER}: a malformed spec, an
 * unknown launch plan); any other cause ({@link Kind#SYSTEM}: storage, admin unreachable) is returned so the round is
 * retried. The message reads as Flyte's wrapped error does, e.g. {@code [User] malformed dynamic workflow, caused by:
 * Collected Errors: 1 ...}.
 */
public final class DynamicWorkflowException extends Exception {
  /** The failure code Flyte's dynamic handler reports for a user error. */
  public static final String BUILD_FAILED = "DynamicWorkflowBuildFailed";

  /** Whose fault it is (flytepropeller utils error codes). */
  public enum Kind {
    /** The user's: the node fails (not retryable) with {@link #BUILD_FAILED}. */
    USER("User"),
    /** The system's: the round is retried. */
    SYSTEM("system");

    private final String code;

    Kind(String code) {
      this.code = code;
    }

    /** Flyte's spelling ({@code utils.ErrorCodeUser}, {@code utils.ErrorCodeSystem}). */
    public String code() {
      return code;
    }
  }

  private final Kind kind;
  private final List<CompileError> compileErrors;

  DynamicWorkflowException(Kind kind, String message, String cause, List<CompileError> compileErrors,
      Throwable throwable) {
    super("[" + kind.code() + "] " + message + (cause == null ? "" : ", caused by: " + cause), throwable);
    this.kind = kind;
    this.compileErrors = List.copyOf(compileErrors);
  }

  static DynamicWorkflowException user(String message, Throwable cause) {
    return new DynamicWorkflowException(Kind.USER, message, cause.getMessage(), List.of(), cause);
  }

  static DynamicWorkflowException system(String message, Throwable cause) {
    return new DynamicWorkflowException(Kind.SYSTEM, message, cause == null ? null : cause.getMessage(), List.of(),
        cause);
  }

  /** A compilation failure, listed as Flyte's {@code CompileErrors.Error()} does. */
  static DynamicWorkflowException compile(Kind kind, String message, List<CompileError> errors, Throwable cause) {
    StringBuilder sb = new StringBuilder("Collected Errors: ").append(errors.size()).append('\n');
    for (int i = 0; i < errors.size(); i++) {
      sb.append("\tError ").append(i).append(": ").append(errors.get(i)).append('\n');
    }
    return new DynamicWorkflowException(kind, message, sb.toString(), errors, cause);
  }

  /** Whether the user or the system is at fault. */
  public Kind kind() {
    return kind;
  }

  /** True for a user error: the handler fails the node with {@link #BUILD_FAILED}. */
  public boolean isUserError() {
    return kind == Kind.USER;
  }

  /** The compiler's problems, when compilation failed (else empty). */
  public List<CompileError> compileErrors() {
    return compileErrors;
  }
}
