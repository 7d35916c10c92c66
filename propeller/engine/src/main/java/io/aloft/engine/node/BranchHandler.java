package io.aloft.engine.node;

import flyteidl.core.Execution.ExecutionError;
import io.aloft.crd.NodeSpec;
import io.aloft.engine.status.BranchNodeStatus;
import io.aloft.engine.status.NodePhase;
import io.aloft.engine.status.NodeStatus;

/**
 * Branch nodes (flytepropeller nodes/branch/handler.go). The first handle decides the branch on the node's inputs (the
 * condition operands), records the chosen node in {@code branchStatus} and marks the others Skipped, without starting
 * anything: the chosen node starts in a later round, so the decision is persisted first. The chosen node runs at the
 * branch's level with {@code parentNode} = the branch and the branch's data and output dirs (Flyte's
 * recurseDownstream), so its outputs are the branch node's outputs.
 */
public final class BranchHandler implements NodeHandler {
  @Override
  public boolean isExecutable() {
    return false;
  }

  @Override
  public Transition handle(NodeContext ctx) {
    BranchNodeStatus bs = ctx.status().branchStatus;
    if (bs == null || bs.finalNodeId == null) {
      return decide(ctx);
    }
    DagLevel level = ctx.level();
    NodeSpec child = level.spec(bs.finalNodeId);
    if (child == null) {
      return Transition.permanent("DownstreamNodeNotFound", "Downstream node [" + bs.finalNodeId + "] not found",
          ExecutionError.ErrorKind.SYSTEM);
    }
    NodeStatus cs = level.node(child.id);
    cs.runUnder(ctx.nodeId());
    ctx.executor().executeNode(level, child);
    if (cs.phase == NodePhase.SUCCEEDED || cs.phase == NodePhase.RECOVERED) {
      return Transition.success();
    }
    if (cs.phase.isFailure() || cs.phase == NodePhase.SKIPPED) {
      ExecutionError e = cs.error != null ? cs.error.toProto() : ExecutionError.newBuilder()
          .setCode("NodeFailed").setMessage("node " + child.id + " " + cs.phase).build();
      return Transition.permanent(e);
    }
    return Transition.running(null);
  }

  private Transition decide(NodeContext ctx) {
    NodeSpec n = ctx.node();
    if (n.branch == null) {
      return Transition.permanent("IllegalStateError", "Invoked branch handler, for a non branch node.",
          ExecutionError.ErrorKind.SYSTEM);
    }
    BranchEvaluator.Decision d;
    try {
      d = BranchEvaluator.decide(n.branch, ctx.inputs());
    } catch (BranchEvaluator.BranchException e) {
      ctx.status().recordBranch(new BranchNodeStatus(BranchNodeStatus.ERROR, null));
      return Transition.permanent(e.code(), "[" + e.code() + "] " + e.getMessage(), ExecutionError.ErrorKind.USER);
    }
    DagLevel level = ctx.level();
    if (level.spec(d.chosen()) == null) {
      return Transition.permanent("DownstreamNodeNotFound", "Branch downstream finalized node not found."
          + " FinalizedNode [" + d.chosen() + "]", ExecutionError.ErrorKind.SYSTEM);
    }
    for (String skipped : d.skipped()) {
      NodeStatus other = level.node(skipped);
      if (other.phase == NodePhase.NOT_YET_STARTED) {
        other.updatePhase(NodePhase.SKIPPED, ctx.now(), "Branch evaluated to false", null);
      }
    }
    level.node(d.chosen()).runUnder(n.id);
    ctx.status().recordBranch(new BranchNodeStatus(BranchNodeStatus.SUCCESS, d.chosen()));
    return Transition.running("branch taken: " + d.chosen());
  }

  @Override
  public void abort(NodeContext ctx, String reason) {
    BranchNodeStatus bs = ctx.status().branchStatus;
    NodeSpec child = bs == null || bs.finalNodeId == null ? null : ctx.level().spec(bs.finalNodeId);
    if (child != null) {
      ctx.executor().abortNode(ctx.level(), child, reason);
    }
  }

  @Override
  public void finalize(NodeContext ctx) {}
}
