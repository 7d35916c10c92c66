package io.aloft.engine.remote;

import flyteidl.core.Execution.ExecutionError;
import flyteidl.core.Execution.WorkflowExecution;
import flyteidl.core.Literals.LiteralMap;

/**
 * A child execution as the launcher's cache last saw it.
 *
 * @param phase its phase; UNDEFINED until the cache first synced it
 * @param error its error when FAILED or TIMED_OUT; null otherwise
 * @param abortCause why it was aborted, when ABORTED; null otherwise
 * @param outputs its outputs once SUCCEEDED (empty when it has none); null otherwise
 */
public record ChildStatus(WorkflowExecution.Phase phase, ExecutionError error, String abortCause,
    LiteralMap outputs) {
  /** Not synced yet. */
  public static final ChildStatus UNKNOWN = new ChildStatus(WorkflowExecution.Phase.UNDEFINED, null, null, null);

  /** True once the child has ended. */
  public boolean terminal() {
    return switch (phase) {
      case SUCCEEDED, FAILED, ABORTED, TIMED_OUT -> true;
      default -> false;
    };
  }
}
