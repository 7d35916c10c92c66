package io.aloft.engine.node;

import flyteidl.core.Execution.ExecutionError;
import flyteidl.core.Workflow.WorkflowMetadata.OnFailurePolicy;
import io.aloft.crd.NodeSpec;

/**
 * The recursive node executor handlers call for the nodes they run nested (flytepropeller's nodes executor as the
 * branch, sub-workflow and dynamic handlers use it): it walks a level's DAG, steps single nodes, and aborts them, with
 * the same state machine, events and max-parallelism accounting as the top level.
 */
public interface NodeExecutor {
  /** Steps every node of {@code level} that can move (Flyte's RecursiveNodeHandler over a DAG). */
  DagProgress executeDag(DagLevel level);

  /** Steps node {@code n} of {@code level} alone (a branch's chosen node, a failure node). */
  void executeNode(DagLevel level, NodeSpec n);

  /** Aborts every started, unfinished node of {@code level} (and, when asked, its failure node). */
  void abortDag(DagLevel level, String reason, boolean withFailureNode);

  /** Aborts node {@code n} of {@code level} if it is started and unfinished. */
  void abortNode(DagLevel level, NodeSpec n, String reason);

  /** Executable nodes started and unfinished in {@code level} and the levels below it. */
  int inFlight(DagLevel level);

  /**
   * Where a DAG stands after a walk.
   *
   * @param failure the error of the failed node that decides the level's failure; null while none failed
   * @param progressing some node can still finish (FAIL_AFTER_EXECUTABLE_NODES_COMPLETE waits for it)
   * @param succeeded the end node succeeded
   */
  record DagProgress(ExecutionError failure, boolean progressing, boolean succeeded) {
    /** True when the level fails now under {@code policy}: at once, or once nothing else can finish. */
    public boolean failsNow(OnFailurePolicy policy) {
      return failure != null
          && (policy != OnFailurePolicy.FAIL_AFTER_EXECUTABLE_NODES_COMPLETE || !progressing);
    }
  }
}
