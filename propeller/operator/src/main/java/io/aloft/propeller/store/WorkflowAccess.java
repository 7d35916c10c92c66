package io.aloft.propeller.store;

/** What the stores need to know of a workflow resource, whatever its Java type. */
public interface WorkflowAccess<W> {
  String namespace(W w);

  String name(W w);

  String resourceVersion(W w);

  /** Whether the workflow's status is terminal (succeeded, failed, aborted). */
  boolean isTerminated(W w);

  /** Whether the workflow is being deleted (a deletion timestamp set: TerminateExecution). */
  default boolean isDeleting(W w) {
    return false;
  }

  /** A copy of {@code held} carrying the deletion mark of {@code seen} (another copy of the same workflow). */
  default W withDeletionOf(W held, W seen) {
    return held;
  }

  /** {@code namespace/name}. */
  default String key(W w) {
    return namespace(w) + "/" + name(w);
  }
}
