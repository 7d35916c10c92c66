package io.aloft.engine.node;

import flyteidl.core.Execution.ExecutionError;
import flyteidl.core.Literals.LiteralMap;
import io.aloft.crd.NodeSpec;
import io.aloft.engine.data.DataLayout;
import io.aloft.engine.status.NodeStatus;
import io.aloft.engine.status.WorkflowNodeStatus;
import java.util.Optional;

/**
 * A workflow run nested under a node, as sub-workflow and dynamic nodes run theirs (flytepropeller's
 * subworkflow.go handleSubWorkflow and HandleFailingSubWorkflow): Undefined -> Executing (inputs written as the start
 * node's outputs) -> the end node's outputs copied to the node's, or Failing -> the nested failure node -> the node
 * fails with the nested workflow's error.
 */
final class NestedWorkflow {
  private NestedWorkflow() {}

  /** One step of the workflow of {@code level}, run under node {@code ctx} with {@code inputs}. */
  static Transition step(NodeContext ctx, DagLevel level, LiteralMap inputs) {
    WorkflowNodeStatus ws = ctx.status().workflowStatus();
    if (ws.phase == WorkflowNodeStatus.UNDEFINED) {
      // SetInputsForStartNode (idempotent: the same inputs every time).
      ctx.blobs().writeProto(DataLayout.join(level.outputDir(DagLevel.START_NODE), DataLayout.OUTPUTS), inputs);
      ws.executing();
    }
    if (ws.phase == WorkflowNodeStatus.EXECUTING) {
      NodeExecutor.DagProgress p = ctx.executor().executeDag(level);
      if (p.failure() != null) {
        if (p.failsNow(level.spec().onFailurePolicy)) {
          ws.failing(p.failure());
        }
        return Transition.running(null);
      }
      if (!p.succeeded()) {
        return Transition.running(null);
      }
      return copyOutputs(ctx, level);
    }
    return failing(ctx, level, ws);
  }

  private static Transition copyOutputs(NodeContext ctx, DagLevel level) {
    if (level.spec().outputBindings == null || level.spec().outputBindings.isEmpty()) {
      return Transition.success();
    }
    String from = DataLayout.join(level.outputDir(DagLevel.END_NODE), DataLayout.OUTPUTS);
    Optional<byte[]> out = ctx.blobs().read(from);
    if (out.isEmpty()) {
      return Transition.permanent("SubWorkflowExecutionFailed", "Subworkflow is expected to produce outputs"
          + " but no outputs file was written to " + from + ".", ExecutionError.ErrorKind.SYSTEM);
    }
    ctx.blobs().write(ctx.outputsPath(), out.get());
    return Transition.success();
  }

  /** Failing: abort what runs, run the nested failure node if any, then fail with the nested workflow's error. */
  private static Transition failing(NodeContext ctx, DagLevel level, WorkflowNodeStatus ws) {
    ExecutionError original = ws.executionError != null ? ws.executionError.toProto()
        : ExecutionError.newBuilder().setCode("SubworkflowNodeFailing").build();
    ctx.executor().abortDag(level, "subworkflow failed", false);
    NodeSpec fn = level.spec().onFailure;
    if (fn == null) {
      return Transition.permanent(original);
    }
    NodeStatus fs = level.node(fn.id);
    ctx.executor().executeNode(level, fn);
    if (fs.phase.isFailure()) {
      return Transition.permanent(fs.error != null ? fs.error.toProto() : original);
    }
    if (fs.phase.isTerminal()) {
      return Transition.permanent(original);
    }
    return Transition.running(null);
  }
}
