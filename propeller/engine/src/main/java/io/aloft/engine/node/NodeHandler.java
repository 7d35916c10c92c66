package io.aloft.engine.node;

import flyteidl.event.Event.NodeExecutionEvent;

/**
 * Executes one kind of node (flytepropeller nodes/interfaces/handler.go). The engine calls {@link #handle} only for
 * a node already Queued (its inputs written), so whatever {@code handle} launches happens after the Queued phase was
 * persisted. Every method must be idempotent for the node's current attempt. A handler that runs nodes nested (branch,
 * sub-workflow, dynamic) does so through {@link NodeContext#executor()}.
 */
public interface NodeHandler {
  /** True when the node counts against max parallelism (task, array and launch-plan nodes). */
  boolean isExecutable();

  /** Starts or checks the current attempt; returns its outcome so far. */
  Transition handle(NodeContext ctx) throws Exception;

  /** Stops the current attempt (and what it runs nested). */
  void abort(NodeContext ctx, String reason) throws Exception;

  /** Releases what the current attempt holds once it is over. */
  void finalize(NodeContext ctx) throws Exception;

  /**
   * Executable nodes of this node's attempt in flight nested under it (a sub-workflow's or a dynamic workflow's task
   * nodes), counted against the execution's max parallelism.
   */
  default int nestedInFlight(NodeContext ctx) {
    return 0;
  }

  /**
   * Adds what this kind reports on the node's events (is_parent for nodes that run nodes nested, the child execution
   * of a launch-plan node, a dynamic node's workflow).
   */
  default void decorate(NodeContext ctx, NodeExecutionEvent.Builder event) {}
}
