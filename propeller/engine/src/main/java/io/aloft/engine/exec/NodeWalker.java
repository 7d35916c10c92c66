package io.aloft.engine.exec;

import flyteidl.core.Execution.ExecutionError;
import flyteidl.core.Execution.NodeExecution;
import flyteidl.core.Workflow.WorkflowMetadata.OnFailurePolicy;
import io.aloft.crd.NodeSpec;
import io.aloft.engine.event.EventRecorder;
import io.aloft.engine.node.DagLevel;
import io.aloft.engine.node.NodeContext;
import io.aloft.engine.node.NodeExecutor;
import io.aloft.engine.node.NodeHandler;
import io.aloft.engine.status.NodePhase;
import io.aloft.engine.status.NodeStatus;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The recursive node executor (flytepropeller nodes/executor.go RecursiveNodeHandler): walks a level's DAG in
 * topological order, starts the nodes whose upstream nodes are done, skips those downstream of a skipped node, steps
 * the running ones through {@link NodeLifecycle}, and keeps count of the executable nodes in flight across every level
 * so that none starts while max parallelism is reached.
 */
final class NodeWalker implements NodeExecutor {
  private final Round round;
  private final NodeLifecycle lifecycle;

  NodeWalker(Round round) {
    this.round = round;
    this.lifecycle = new NodeLifecycle(round);
  }

  @Override
  public DagProgress executeDag(DagLevel level) {
    ExecutionError failure = null;
    OnFailurePolicy policy = level.spec().onFailurePolicy;
    List<String> order = level.topologicalOrder();
    for (String id : order) {
      NodeSpec n = level.spec().nodes.get(id);
      NodeStatus ns = level.node(id);
      if (ns.phase.isFailure()) {
        failure = failure(failure, policy, n, ns);
        continue;
      }
      if (ns.phase.isTerminal()) {
        continue;
      }
      if (ns.phase == NodePhase.NOT_YET_STARTED) {
        if (failure != null && policy != OnFailurePolicy.FAIL_AFTER_EXECUTABLE_NODES_COMPLETE) {
          continue; // FAIL_IMMEDIATELY: nothing new starts once a node failed
        }
        Readiness ready = readiness(level, id);
        if (ready == Readiness.BLOCKED || ready == Readiness.WAIT) {
          continue;
        }
        if (ready == Readiness.SKIP) {
          skip(level, n, ns);
          continue;
        }
      }
      executeNode(level, n);
      if (ns.phase.isFailure()) {
        failure = failure(failure, policy, n, ns);
      }
    }
    NodeStatus end = level.statuses().get(DagLevel.END_NODE);
    return new DagProgress(failure, anyStartableOrRunning(level, order),
        end != null && end.phase == NodePhase.SUCCEEDED);
  }

  /** Steps one node whose upstream nodes are done, keeping the in-flight count (IsMaxParallelismAchieved). */
  @Override
  public void executeNode(DagLevel level, NodeSpec n) {
    NodeStatus ns = level.node(n.id);
    if (ns.phase.isTerminal()) {
      return;
    }
    boolean executable = round.handlers.of(n).isExecutable();
    boolean started = ns.phase != NodePhase.NOT_YET_STARTED;
    if (!started && executable && round.parallelismReached()) {
      return;
    }
    lifecycle.step(level, n);
    if (executable) {
      if (!started && ns.phase != NodePhase.NOT_YET_STARTED && !ns.phase.isTerminal()) {
        round.inFlight++;
      } else if (started && ns.phase.isTerminal()) {
        round.inFlight--;
      }
    }
  }

  @Override
  public void abortDag(DagLevel level, String reason, boolean withFailureNode) {
    for (NodeSpec n : level.nodes(withFailureNode)) {
      NodeStatus ns = level.statuses().get(n.id);
      if (ns == null || ns.parentNode != null) {
        continue; // a branch's chosen node is aborted through its branch
      }
      abortNode(level, n, reason);
    }
  }

  @Override
  public void abortNode(DagLevel level, NodeSpec n, String reason) {
    lifecycle.abort(level, n, reason);
  }

  @Override
  public int inFlight(DagLevel level) {
    int count = 0;
    for (NodeSpec n : level.nodes(true)) {
      NodeStatus ns = level.statuses().get(n.id);
      if (ns == null || ns.phase == NodePhase.NOT_YET_STARTED || ns.phase.isTerminal()) {
        continue;
      }
      NodeHandler h = round.handlers.of(n);
      count += (h.isExecutable() ? 1 : 0) + h.nestedInFlight(round.context(level, n));
    }
    return count;
  }

  private void skip(DagLevel level, NodeSpec n, NodeStatus ns) {
    NodeContext nctx = round.context(level, n);
    try {
      lifecycle.event(nctx, NodeExecution.Phase.SKIPPED, null, null, null);
    } catch (EventRecorder.NodeEventRejected e) {
      // Skipped either way; its events are off from now on.
    }
    ns.updatePhase(NodePhase.SKIPPED, round.now, "upstream skipped", null);
  }

  /** The level's failure so far: the first failed node's, or the last one's after FAIL_AFTER_EXECUTABLE_NODES. */
  private static ExecutionError failure(ExecutionError sofar, OnFailurePolicy policy, NodeSpec n, NodeStatus ns) {
    ExecutionError e = ns.error != null ? ns.error.toProto()
        : ExecutionError.newBuilder().setCode("NodeFailed").setMessage("node " + n.id + " failed").build();
    return sofar == null || policy == OnFailurePolicy.FAIL_AFTER_EXECUTABLE_NODES_COMPLETE ? e : sofar;
  }

  private enum Readiness { READY, WAIT, SKIP, BLOCKED }

  /** From the direct upstream nodes: BLOCKED when one failed, WAIT while one is not done, SKIP when one was skipped. */
  private static Readiness readiness(DagLevel level, String id) {
    boolean skip = false;
    boolean waiting = false;
    for (String u : level.upstream(id)) {
      NodeStatus us = level.node(u);
      if (us.phase.isFailure()) {
        return Readiness.BLOCKED;
      }
      if (us.phase == NodePhase.SKIPPED) {
        skip = true;
      } else if (!us.phase.isDone()) {
        waiting = true;
      }
    }
    if (waiting) {
      return Readiness.WAIT;
    }
    return skip ? Readiness.SKIP : Readiness.READY;
  }

  /** True while some node can still finish: one not terminal and not downstream of a failure. */
  private static boolean anyStartableOrRunning(DagLevel level, List<String> order) {
    Set<String> blocked = new HashSet<>();
    boolean any = false;
    for (String id : order) {
      NodeStatus ns = level.node(id);
      if (ns.phase.isTerminal()) {
        continue;
      }
      boolean b = false;
      for (String u : level.upstream(id)) {
        if (blocked.contains(u) || level.node(u).phase.isFailure()) {
          b = true;
          break;
        }
      }
      if (b && ns.phase == NodePhase.NOT_YET_STARTED) {
        blocked.add(id);
      } else {
        any = true;
      }
    }
    return any;
  }
}
