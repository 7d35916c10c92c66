package io.aloft.engine.node;

import flyteidl.core.Execution.ExecutionError;
import io.aloft.crd.WorkflowSpec;

/**
 * Workflow nodes running an inline sub-workflow (flytepropeller nodes/subworkflow/subworkflow.go). The node's inputs
 * become the sub-workflow's start node outputs, its nodes run nested in the node's status, and once the sub-workflow's
 * end node succeeded its outputs are copied to the node's outputs. A failure (after the sub-workflow's failure policy)
 * moves it to Failing, persisted; then the sub-workflow's running nodes are aborted and its failure node, if any, runs
 * before the node fails with the sub-workflow's error.
 */
public final class SubWorkflowHandler implements NodeHandler {
  @Override
  public boolean isExecutable() {
    return false;
  }

  /** The level node {@code ctx} runs, or null when the workflow does not have its sub-workflow. */
  static DagLevel level(NodeContext ctx) {
    WorkflowSpec sub = ctx.workflow().subWorkflow(ctx.node().workflow.subWorkflowRef);
    return sub == null ? null : ctx.level().nested(ctx.workflow(), sub, ctx.node(), ctx.status());
  }

  @Override
  public Transition handle(NodeContext ctx) {
    DagLevel sub = level(ctx);
    if (sub == null) {
      return Transition.permanent("SubWorkflowExecutionFailed", "failed to find sub workflow with ID ["
          + ctx.node().workflow.subWorkflowRef + "]", ExecutionError.ErrorKind.SYSTEM);
    }
    return NestedWorkflow.step(ctx, sub, ctx.inputs());
  }

  @Override
  public void abort(NodeContext ctx, String reason) {
    DagLevel sub = level(ctx);
    if (sub != null && ctx.status().subNodeStatus != null) {
      ctx.executor().abortDag(sub, reason, true);
    }
  }

  @Override
  public void finalize(NodeContext ctx) {}

  @Override
  public int nestedInFlight(NodeContext ctx) {
    DagLevel sub = level(ctx);
    return sub == null || ctx.status().subNodeStatus == null ? 0 : ctx.executor().inFlight(sub);
  }

  @Override
  public void decorate(NodeContext ctx, flyteidl.event.Event.NodeExecutionEvent.Builder event) {
    event.setIsParent(true);
  }
}
