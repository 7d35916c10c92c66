package io.aloft.testkit.kube;

import flyteidl.core.Errors.ErrorDocument;
import flyteidl.core.Literals.LiteralMap;

/**
 * What a test's task runtime made of a pod's inputs: outputs (outputs.pb, pod Succeeded) or an error (error.pb, pod
 * Failed with exit code 1, or Succeeded when {@code exitZero}: flytekit writes error.pb and exits 0 for user errors).
 */
public record TaskResult(LiteralMap outputs, ErrorDocument error, boolean exitZero) {
  public static TaskResult outputs(LiteralMap outputs) {
    return new TaskResult(outputs, null, true);
  }

  /** error.pb, then the pod fails with exit code 1. */
  public static TaskResult error(ErrorDocument error) {
    return new TaskResult(null, error, false);
  }

  /** error.pb, then the pod succeeds (exit code 0), as flytekit's entrypoint does after a user error. */
  public static TaskResult errorWithExitZero(ErrorDocument error) {
    return new TaskResult(null, error, true);
  }
}
