package io.aloft.propeller.store;

import java.util.Optional;

/**
 * Where a propeller worker reads a workflow for a round and writes the round's result
 * (flytepropeller/pkg/controller/workflowstore). The policy ({@link Policy}) decides how reads relate to the
 * informer's cache and what a write remembers.
 *
 * @param <W> the workflow resource type
 */
public interface WorkflowStore<W> {

  /** The workflow-store policies of Flyte's {@code propeller.workflowStore.policy}. */
  enum Policy { RESOURCE_VERSION_CACHE, PASS_THROUGH, IN_MEMORY, TRACK_TERMINATED }

  /**
   * The workflow to run a round on, or empty if it no longer exists.
   *
   * @throws StaleWorkflowException if the cache still serves a version this store has already replaced (skip the
   *     round; the informer's update will bring the key back)
   * @throws WorkflowTerminatedException if the workflow is known to be terminated (nothing to do)
   */
  Optional<W> get(String namespace, String name);

  /**
   * Writes {@code workflow} and returns what the API server stored.
   *
   * @throws WriteConflictException if {@code workflow}'s resource version is no longer current (409)
   */
  W update(W workflow);

  /**
   * The workflow {@code namespace/name} was deleted from the API server (the garbage collector deleted it): drop
   * whatever this store holds of it, so that nothing of a deleted workflow stays in memory and a later workflow of the
   * same name is read like any new one. Nothing to do for a store that remembers nothing.
   */
  default void forget(String namespace, String name) {}

  /** A read of a version already replaced by this store: the informer has not caught up yet. */
  final class StaleWorkflowException extends RuntimeException {
    public StaleWorkflowException(String key) {
      super("workflow " + key + " is stale in the informer cache");
    }
  }

  /** A read of a workflow already seen terminated. */
  final class WorkflowTerminatedException extends RuntimeException {
    public WorkflowTerminatedException(String key) {
      super("workflow " + key + " is terminated");
    }
  }

  /** A write refused because the resource changed since it was read (HTTP 409). */
  final class WriteConflictException extends RuntimeException {
    public WriteConflictException(String key, Throwable cause) {
      super("workflow " + key + " changed since it was read", cause);
    }
  }
}
