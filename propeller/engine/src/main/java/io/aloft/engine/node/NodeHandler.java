package io.aloft.engine.node;

/**
 * Executes one kind of node (flytepropeller nodes/interfaces/handler.go). The engine calls {@link #handle} only for
 * a node already Queued (its inputs written), so whatever {@code handle} launches happens after the Queued phase was
 * persisted. Every method must be idempotent for the node's current attempt.
 */
public interface NodeHandler {
  /** True when the node counts against max parallelism (task nodes; later array and launch-plan nodes). */
  boolean isExecutable();

  /** Starts or checks the current attempt; returns its outcome so far. */
  Transition handle(NodeContext ctx) throws Exception;

  /** Stops the current attempt. */
  void abort(NodeContext ctx, String reason) throws Exception;

  /** Releases what the current attempt holds once it is over. */
  void finalize(NodeContext ctx) throws Exception;
}
