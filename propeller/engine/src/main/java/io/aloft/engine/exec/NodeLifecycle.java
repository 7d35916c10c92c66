package io.aloft.engine.exec;

import flyteidl.core.Execution.ExecutionError;
import flyteidl.core.Execution.NodeExecution;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.Literals.LiteralMap;
import io.aloft.crd.NodeSpec;
import io.aloft.engine.EngineException;
import io.aloft.engine.data.BindingResolver;
import io.aloft.engine.event.EventRecorder;
import io.aloft.engine.node.DagLevel;
import io.aloft.engine.node.NodeContext;
import io.aloft.engine.node.NodeHandler;
import io.aloft.engine.node.Transition;
import io.aloft.engine.status.NodePhase;
import io.aloft.engine.status.NodeStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * One node's state machine (flytepropeller nodes/executor.go handleNode): NotYetStarted -> Queued (inputs resolved and
 * written) -> Running -> Succeeded or Failed, with deadlines, retries (Flyte's isEligibleForRetry) and aborts. Every
 * phase is reported before it is recorded; a handler first runs in the round after Queued was persisted.
 */
final class NodeLifecycle {
  private final Round round;

  NodeLifecycle(Round round) {
    this.round = round;
  }

  /** Advances node {@code n} of {@code level} by one step. */
  void step(DagLevel level, NodeSpec n) {
    NodeContext nctx = round.context(level, n);
    NodeStatus ns = nctx.status();
    try {
      if (ns.phase == NodePhase.NOT_YET_STARTED) {
        queue(nctx);
      } else {
        execute(nctx);
      }
    } catch (EventRecorder.NodeEventRejected e) {
      // Admin rejected the node's event as malformed or too large: the node fails (nodes/executor.go), and no
      // further events are sent for it.
      if (ns.phase != NodePhase.NOT_YET_STARTED) {
        abortAttempt(nctx, e.getMessage());
        finalizeAttempt(nctx);
      }
      ns.updatePhase(NodePhase.FAILED, round.now, e.getMessage(), ExecutionError.newBuilder()
          .setCode("EventRecordingFailed").setKind(ExecutionError.ErrorKind.SYSTEM).setMessage(e.getMessage())
          .build());
    }
  }

  /** NotYetStarted -> Queued: resolve and write the inputs; the handler runs next round. */
  private void queue(NodeContext nctx) {
    NodeSpec n = nctx.node();
    LiteralMap inputs;
    try {
      inputs = BindingResolver.resolve(nctx.level().bindings(n), nctx.level().outputs(round.blobs));
    } catch (BindingResolver.BindingException e) {
      ExecutionError err = ExecutionError.newBuilder().setCode("BindingResolutionFailure")
          .setMessage(e.getMessage()).setKind(ExecutionError.ErrorKind.USER).build();
      event(nctx, NodeExecution.Phase.FAILED, null, null, err);
      nctx.status().updatePhase(NodePhase.FAILED, round.now, e.getMessage(), err);
      return;
    }
    inputs = FailureNodeInputs.withError(round.ctx, nctx.level(), n, inputs);
    round.blobs.writeProto(nctx.inputsPath(), inputs);
    event(nctx, NodeExecution.Phase.QUEUED, nctx.inputsPath(), null, null);
    nctx.status().updatePhase(NodePhase.QUEUED, round.now, "node queued", null);
  }

  /** Queued/Running: deadlines, then the handler, then the outcome (retry, success, failure). */
  private void execute(NodeContext nctx) {
    NodeSpec n = nctx.node();
    NodeStatus ns = nctx.status();
    Duration active = n.activeDeadline != null ? n.activeDeadline : round.config.defaultNodeActiveDeadline();
    Duration exec = n.executionDeadline != null ? n.executionDeadline
        : round.config.defaultNodeExecutionDeadline();
    if (expired(ns.queuedAt, active)) {
      abortAttempt(nctx, "active deadline exceeded");
      ExecutionError err = ExecutionError.newBuilder().setCode("ActiveDeadlineExceeded")
          .setKind(ExecutionError.ErrorKind.USER)
          .setMessage("node active deadline [" + io.aloft.crd.GoDuration.format(active) + "] exceeded").build();
      event(nctx, NodeExecution.Phase.TIMED_OUT, nctx.inputsPath(), null, err);
      ns.updatePhase(NodePhase.TIMED_OUT, round.now, err.getMessage(), err);
      return;
    }
    Transition t;
    if (expired(ns.lastAttemptStartedAt, exec)) {
      // retryOrFail aborts the attempt.
      t = Transition.retryable(ExecutionError.newBuilder().setCode("TimeoutExpired")
          .setKind(ExecutionError.ErrorKind.USER)
          .setMessage("task execution timeout [" + io.aloft.crd.GoDuration.format(exec) + "] expired").build());
    } else {
      try {
        t = handler(nctx).handle(nctx);
      } catch (EngineException | EventRecorder.NodeEventRejected e) {
        throw e;
      } catch (Exception e) {
        t = Transition.retryable(ExecutionError.newBuilder().setCode("PluginError")
            .setKind(ExecutionError.ErrorKind.SYSTEM).setMessage(String.valueOf(e.getMessage())).build());
      }
    }
    switch (t.kind()) {
      case QUEUED -> { }
      case RUNNING -> {
        if (ns.phase == NodePhase.QUEUED) {
          event(nctx, NodeExecution.Phase.RUNNING, nctx.inputsPath(), null, null);
          ns.updatePhase(NodePhase.RUNNING, round.now, t.reason(), null);
        }
      }
      case DYNAMIC_RUNNING -> {
        if (ns.phase != NodePhase.DYNAMIC_RUNNING) {
          event(nctx, NodeExecution.Phase.DYNAMIC_RUNNING, nctx.inputsPath(), null, null);
          ns.updatePhase(NodePhase.DYNAMIC_RUNNING, round.now, t.reason(), null);
        }
      }
      case SUCCESS -> {
        finalizeAttempt(nctx);
        event(nctx, NodeExecution.Phase.SUCCEEDED, nctx.inputsPath(), nctx.outputsPath(), null);
        ns.updatePhase(NodePhase.SUCCEEDED, round.now, null, null);
      }
      case RETRYABLE_FAILURE -> retryOrFail(nctx, t.error());
      case PERMANENT_FAILURE -> {
        finalizeAttempt(nctx);
        fail(nctx, t.error());
      }
    }
  }

  /** Flyte's isEligibleForRetry, then either a new attempt (Running, "retrying") or Failed. */
  private void retryOrFail(NodeContext nctx, ExecutionError err) {
    NodeSpec n = nctx.node();
    NodeStatus ns = nctx.status();
    boolean system = err.getKind() == ExecutionError.ErrorKind.SYSTEM;
    boolean eligible;
    if (!round.config.ignoreRetryCause() && system) {
      eligible = ns.systemFailures < round.config.maxNodeRetriesForSystemFailures();
    } else {
      int current = round.config.ignoreRetryCause() ? ns.attempts + 1 : ns.attempts + 1 - ns.systemFailures;
      int max = round.config.defaultMaxAttempts();
      if (n.retry != null && n.retry.minAttempts != null && n.retry.minAttempts != 1) {
        max = n.retry.minAttempts.intValue();
      }
      eligible = current < max;
    }
    abortAttempt(nctx, "attempt failed: " + err.getMessage());
    finalizeAttempt(nctx);
    if (!eligible) {
      fail(nctx, err.toBuilder().setCode("RetriesExhausted|" + err.getCode()).build());
      return;
    }
    io.aloft.engine.event.PhaseLog.retry(round.ctx.executionId(), nctx.eventNodeId(), ns.attempts, err);
    NodePhase before = ns.phase;
    ns.newAttempt(system);
    if (before == NodePhase.QUEUED) {
      event(nctx, NodeExecution.Phase.RUNNING, nctx.inputsPath(), null, null);
    }
    ns.updatePhase(NodePhase.RUNNING, round.now, "retrying: " + err.getMessage(), null);
  }

  private void fail(NodeContext nctx, ExecutionError err) {
    event(nctx, NodeExecution.Phase.FAILED, nctx.inputsPath(), null, err);
    nctx.status().updatePhase(NodePhase.FAILED, round.now, err.getMessage(), err);
  }

  /**
   * Aborts and finalizes node {@code n} of {@code level} if it is started and unfinished; it ends Failed with a
   * NodeAborted error (Flyte has no Aborted node phase in the status).
   */
  void abort(DagLevel level, NodeSpec n, String reason) {
    NodeStatus ns = level.statuses().get(n.id);
    if (ns == null || ns.phase == NodePhase.NOT_YET_STARTED || ns.phase.isTerminal()) {
      return;
    }
    NodeContext nctx = round.context(level, n);
    abortAttempt(nctx, reason);
    finalizeAttempt(nctx);
    ExecutionError err = ExecutionError.newBuilder().setCode("NodeAborted").setMessage(reason).build();
    try {
      event(nctx, NodeExecution.Phase.ABORTED, nctx.inputsPath(), null, err);
    } catch (EventRecorder.NodeEventRejected e) {
      // The node is being stopped anyway; its events are off from now on.
    }
    ns.updatePhase(NodePhase.FAILED, round.now, "aborted: " + reason, err);
  }

  /** Reports phase {@code p} of the node, with what its kind adds to the event. */
  void event(NodeContext nctx, NodeExecution.Phase p, String inputs, String outputs, ExecutionError err) {
    NodeSpec n = nctx.node();
    NodeHandler h = handler(nctx);
    round.events.node(nctx.level().ref(n, round.ctx.eventVersion()), n.name, nctx.status(), p, round.now,
        inputs, outputs, err, target(nctx), e -> h.decorate(nctx, e));
  }

  private NodeHandler handler(NodeContext nctx) {
    return round.handlers.of(nctx.node());
  }

  private void abortAttempt(NodeContext nctx, String reason) {
    try {
      handler(nctx).abort(nctx, reason);
    } catch (EngineException e) {
      throw e;
    } catch (Exception e) {
      throw new EngineException("abort of node " + nctx.nodeId() + " failed: " + e.getMessage(), e);
    }
  }

  private void finalizeAttempt(NodeContext nctx) {
    try {
      handler(nctx).finalize(nctx);
    } catch (EngineException e) {
      throw e;
    } catch (Exception e) {
      throw new EngineException("finalize of node " + nctx.nodeId() + " failed: " + e.getMessage(), e);
    }
  }

  private boolean expired(Instant from, Duration d) {
    return from != null && d != null && !d.isZero() && !d.isNegative() && !round.now.isBefore(from.plus(d));
  }

  private static Identifier target(NodeContext nctx) {
    if (nctx.node().task == null) {
      return null;
    }
    var t = nctx.workflow().task(nctx.node().task);
    return t == null ? null : t.getId();
  }
}
