package io.aloft.engine;

import flyteidl.core.Execution.ExecutionError;
import flyteidl.core.Execution.WorkflowExecution;
import io.aloft.crd.GoDuration;
import io.aloft.crd.NodeSpec;
import io.aloft.engine.data.DataLayout;
import io.aloft.engine.event.EventRecorder;
import io.aloft.engine.exec.Round;
import io.aloft.engine.node.NodeExecutor;
import io.aloft.engine.status.NodeStatus;
import io.aloft.engine.status.WorkflowPhase;
import io.aloft.engine.status.WorkflowStatus;

/**
 * The workflow's own state machine in one round (flytepropeller workflow/executor.go): Ready -> Running -> Succeeding
 * -> Success, or Failing -> HandlingFailureNode -> Failed, or Aborted when the execution is deleted. Each phase is
 * reported to admin before it is recorded; admin's answer may force another (TransitionToPhase).
 */
final class WorkflowPhases {
  private final Round round;
  private final ExecutionContext ctx;
  private final WorkflowStatus st;

  WorkflowPhases(Round round) {
    this.round = round;
    this.ctx = round.ctx();
    this.st = ctx.status();
  }

  void run() {
    if (st.phase.isTerminal()) {
      return;
    }
    if (ctx.aborting()) {
      abort();
      return;
    }
    switch (st.phase) {
      case READY -> start();
      case RUNNING -> running();
      case SUCCEEDING -> succeed();
      case FAILING -> failing();
      case HANDLING_FAILURE_NODE -> handlingFailureNode();
      default -> { }
    }
  }

  /** Reports {@code ep}, then enters {@code p}, or what admin's answer forces instead. */
  private void transition(WorkflowPhase p, WorkflowExecution.Phase ep, String outputUri, ExecutionError err,
      String msg) {
    EventRecorder.WorkflowOutcome o = round.events().workflow(st, ep, round.now(), outputUri, err);
    switch (o) {
      case RECORDED -> st.updatePhase(p, round.now(), msg);
      case ALREADY_TERMINAL -> st.updatePhase(WorkflowPhase.FAILED, round.now(),
          "workflow is already terminal in admin; entering " + p + " refused");
      case INCOMPATIBLE_CLUSTER, NOT_FOUND -> {
        ExecutionError e = refused(o == EventRecorder.WorkflowOutcome.NOT_FOUND
            ? "ExecutionNotFound" : "IncompatibleCluster", ep, o);
        st.recordError(e);
        st.updatePhase(WorkflowPhase.FAILING, round.now(), e.getMessage());
      }
    }
  }

  private void start() {
    var id = ctx.executionId();
    st.start(DataLayout.workflowDataDir(round.config().storageBase(), round.config().metadataPrefix(),
        id.getProject(), id.getDomain(), id.getName()), 1);
    transition(WorkflowPhase.RUNNING, WorkflowExecution.Phase.RUNNING, null, null, null);
  }

  private void running() {
    if (ctx.activeDeadline() != null && !ctx.activeDeadline().isZero() && st.startedAt != null
        && !round.now().isBefore(st.startedAt.plus(ctx.activeDeadline()))) {
      toFailing(ExecutionError.newBuilder().setCode("Timeout").setKind(ExecutionError.ErrorKind.USER)
          .setMessage("workflow active deadline [" + GoDuration.format(ctx.activeDeadline()) + "] exceeded")
          .build());
      return;
    }
    NodeExecutor.DagProgress p = round.executor().executeDag(round.top());
    if (p.failure() != null) {
      if (p.failsNow(ctx.spec().onFailurePolicy)) {
        toFailing(p.failure());
      }
    } else if (p.succeeded()) {
      transition(WorkflowPhase.SUCCEEDING, WorkflowExecution.Phase.SUCCEEDING, null, null, null);
    }
  }

  private void toFailing(ExecutionError error) {
    st.recordError(error);
    transition(WorkflowPhase.FAILING, WorkflowExecution.Phase.FAILING, null, null, error.getMessage());
  }

  private void succeed() {
    String outputs = outputsRef(st.dataDir);
    st.recordOutputs(outputs);
    transition(WorkflowPhase.SUCCESS, WorkflowExecution.Phase.SUCCEEDED, outputs, null, null);
  }

  /** Failing: stop what runs, then the failure node if there is one, else Failed. */
  private void failing() {
    round.executor().abortDag(round.top(), "workflow failed: " + (st.error == null ? "" : st.error.message), true);
    if (ctx.spec().onFailure != null) {
      // Flyte reports HandlingFailureNode as FAILING, which was reported on entering Failing already.
      st.updatePhase(WorkflowPhase.HANDLING_FAILURE_NODE, round.now(), st.message);
    } else {
      failed();
    }
  }

  private void handlingFailureNode() {
    NodeSpec fn = ctx.spec().onFailure;
    NodeStatus ns = st.node(fn.id);
    round.executor().executeNode(round.top(), fn);
    if (ns.phase.isTerminal()) {
      failed();
    }
  }

  private void failed() {
    ExecutionError err = st.error == null ? ExecutionError.newBuilder().setCode("Unknown").build()
        : st.error.toProto();
    transition(WorkflowPhase.FAILED, WorkflowExecution.Phase.FAILED, null, err, err.getMessage());
  }

  private void abort() {
    String cause = ctx.abortCause() == null ? "aborted" : ctx.abortCause();
    round.executor().abortDag(round.top(), cause, true);
    transition(WorkflowPhase.ABORTED, WorkflowExecution.Phase.ABORTED, null,
        ExecutionError.newBuilder().setCode("ExecutionAborted").setMessage(cause).build(), cause);
  }

  /** The output reference of a succeeded workflow: the end node's outputs.pb. */
  private static String outputsRef(String dataDir) {
    String endNode = DataLayout.nodeDataDir(dataDir, WorkflowExecutor.END_NODE);
    return DataLayout.join(DataLayout.outputDir(endNode, 0), DataLayout.OUTPUTS);
  }

  /** A system error with {@code code} reporting that admin refused {@code phase}. */
  private static ExecutionError refused(String code, WorkflowExecution.Phase phase, Object outcome) {
    return ExecutionError.newBuilder().setKind(ExecutionError.ErrorKind.SYSTEM).setCode(code)
        .setMessage("admin refused the " + phase + " event (" + outcome + ")").build();
  }
}
