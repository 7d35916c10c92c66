package io.aloft.propeller.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aloft.crd.FlyteWorkflow;
import io.aloft.crd.NodeKind;
import io.aloft.crd.NodeSpec;
import io.aloft.engine.ExecutionContext;
import io.aloft.engine.RoundResult;
import io.aloft.engine.WorkflowExecutor;
import io.aloft.engine.event.EventLanes;
import io.aloft.engine.status.NodeStatus;
import io.aloft.engine.status.StatusJson;
import io.aloft.engine.status.WorkflowStatus;
import io.aloft.propeller.metrics.PropellerMetrics;
import io.aloft.propeller.store.WorkflowStore;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * One dequeue of one workflow (flytepropeller controller/handler.go {@code Handle}): read it through the workflow
 * store, then run up to {@code max-streak-length} rounds on it, writing the status after every round that changed
 * something and continuing on the copy the API server returned, as long as each round changes something. A round
 * that fails with a system error discards its changes and counts a failed attempt; past
 * {@code max-workflow-retries} the workflow is aborted. A terminal workflow loses its finalizer and is labelled
 * {@code termination-status=terminated}, which takes it out of every shard's informer.
 */
public final class WorkflowHandler {
  private static final Logger LOG = Logger.getLogger(WorkflowHandler.class);

  /** What a dequeue asks of the queue afterwards. */
  public enum Next {
    /** Nothing: wait for an event or the resync. */
    WAIT,
    /** Queue it again now: the streak ended while the workflow was still changing. */
    AGAIN,
    /** The round failed: queue it again after the failure back-off. */
    BACK_OFF
  }

  private final WorkflowStore<FlyteWorkflow> store;
  private final WorkflowExecutor executor;
  private final ClosureCache closures;
  private final WorkflowWriter writer;
  private final PropellerMetrics metrics;
  private final int maxStreak;
  private final int maxWorkflowRetries;

  public WorkflowHandler(WorkflowStore<FlyteWorkflow> store, WorkflowExecutor executor, ClosureCache closures,
      WorkflowWriter writer, PropellerMetrics metrics, int maxStreak, int maxWorkflowRetries) {
    this.store = store;
    this.executor = executor;
    this.closures = closures;
    this.writer = writer;
    this.metrics = metrics;
    this.maxStreak = Math.max(1, maxStreak);
    this.maxWorkflowRetries = maxWorkflowRetries;
  }

  /** Handles the workflow {@code namespace/name}. */
  public Next handle(String namespace, String name) {
    Optional<FlyteWorkflow> read;
    try {
      read = store.get(namespace, name);
    } catch (WorkflowStore.StaleWorkflowException | WorkflowStore.WorkflowTerminatedException e) {
      metrics.roundSkipped();
      return Next.WAIT;
    }
    if (read.isEmpty()) {
      metrics.notFound();
      return Next.WAIT;
    }
    FlyteWorkflow current = read.get();
    int streak = 0;
    try {
      while (true) {
        streak++;
        Step step = round(current);
        if (step.next() != null) {
          return step.next();
        }
        current = step.written();
        if (streak >= maxStreak) {
          return Next.AGAIN;
        }
      }
    } finally {
      metrics.streak(streak);
    }
  }

  /** A round's outcome: either the next action, or the written copy to continue the streak on. */
  private record Step(Next next, FlyteWorkflow written) {
    static Step stop(Next next) {
      return new Step(next, null);
    }
  }

  private Step round(FlyteWorkflow wf) {
    long t0 = System.nanoTime();
    boolean deleting = wf.getMetadata().getDeletionTimestamp() != null;
    WorkflowStatus status = StatusJson.fromNode(wf.status);
    if (status.phase.isTerminal()) {
      writer.finish(wf);
      return Step.stop(Next.WAIT);
    }
    ExecutionContext ctx;
    RoundResult result;
    try {
      ctx = context(wf, status, deleting);
      try {
        result = executor.round(ctx);
      } catch (EventLanes.DeferredRefusal e) {
        // An event of the round was refused in a way only a round sending them one by one acts on (a node failed
        // by an invalid event, admin unreachable): discard the round and evaluate it again that way.
        metrics.roundEvaluatedAgain();
        LOG.debugf("round of %s/%s again, events one by one: %s", wf.getMetadata().getNamespace(),
            wf.getMetadata().getName(), e.getMessage());
        status = StatusJson.fromNode(wf.status);
        ctx = context(wf, status, deleting);
        result = executor.roundOneEventAtATime(ctx);
      }
    } catch (RuntimeException e) {
      metrics.roundError();
      LOG.warnf("round of %s/%s failed: %s", wf.getMetadata().getNamespace(), wf.getMetadata().getName(),
          e.getMessage());
      LOG.debug("round failure", e);
      WorkflowStatus failed = StatusJson.fromNode(wf.status);
      failed.failedAttempts++;
      failed.message = truncate(e.getMessage());
      tryWrite(wf, failed, wf.spec);
      metrics.round(System.nanoTime() - t0);
      return Step.stop(Next.BACK_OFF);
    }
    metrics.roundSuccess();
    if (!result.changed()) {
      metrics.round(System.nanoTime() - t0);
      return Step.stop(Next.WAIT);
    }
    if (status.failedAttempts > 0 && !result.terminal()) {
      status.failedAttempts = 0;
    }
    FlyteWorkflow written = tryWrite(wf, status, ctx.spec());
    metrics.round(System.nanoTime() - t0);
    if (written == null) {
      return Step.stop(Next.WAIT);
    }
    if (result.terminal()) {
      writer.finish(written);
      return Step.stop(Next.WAIT);
    }
    return new Step(null, written);
  }

  private ExecutionContext context(FlyteWorkflow wf, WorkflowStatus status, boolean deleting) {
    ExecutionContext ctx = closures.context(wf, status, deleting,
        deleting ? "workflow deleted (TerminateExecution)" : null);
    if (!deleting && status.failedAttempts > maxWorkflowRetries) {
      metrics.abortedAfterRetries();
      ctx = ctx.abort("workflow aborted after " + status.failedAttempts + " failed rounds (max-workflow-retries "
          + maxWorkflowRetries + "): " + status.message);
    }
    return ctx;
  }

  /** Writes {@code status} over {@code wf}; null when the write conflicted or failed (the next event retries). */
  private FlyteWorkflow tryWrite(FlyteWorkflow wf, WorkflowStatus status, io.aloft.crd.WorkflowSpec spec) {
    FlyteWorkflow out = WorkflowWriter.withStatus(wf, display(spec, status));
    long t0 = System.nanoTime();
    try {
      FlyteWorkflow stored = store.update(out);
      metrics.updated(System.nanoTime() - t0);
      return stored;
    } catch (WorkflowStore.WriteConflictException e) {
      return null;
    } catch (RuntimeException e) {
      metrics.updateFailed();
      LOG.warnf("status write of %s/%s failed: %s", wf.getMetadata().getNamespace(), wf.getMetadata().getName(),
          e.getMessage());
      return null;
    }
  }

  /** The status as JSON, with the display fields the printer columns show. */
  static JsonNode display(io.aloft.crd.WorkflowSpec spec, WorkflowStatus status) {
    ObjectNode json = (ObjectNode) StatusJson.toNode(status);
    json.put(FlyteWorkflow.STATUS_PHASE_NAME, phaseName(status));
    json.put(FlyteWorkflow.STATUS_PROGRESS, progress(spec, status));
    return json;
  }

  static String phaseName(WorkflowStatus status) {
    String n = status.phase.name().toLowerCase(java.util.Locale.ROOT);
    StringBuilder out = new StringBuilder();
    boolean upper = true;
    for (char c : n.toCharArray()) {
      if (c == '_') {
        upper = true;
        continue;
      }
      out.append(upper ? Character.toUpperCase(c) : c);
      upper = false;
    }
    return out.toString();
  }

  /** "done/total" over the primary workflow's nodes other than start and end. */
  static String progress(io.aloft.crd.WorkflowSpec spec, WorkflowStatus status) {
    int total = 0;
    int done = 0;
    Map<String, NodeSpec> nodes = spec == null ? null : spec.nodes;
    if (nodes != null) {
      for (NodeSpec n : nodes.values()) {
        if (n.kind == NodeKind.START || n.kind == NodeKind.END || "start-node".equals(n.id)
            || "end-node".equals(n.id)) {
          continue;
        }
        total++;
        NodeStatus ns = status.nodeStatus.get(n.id);
        if (ns != null && ns.phase != null && ns.phase.isTerminal()) {
          done++;
        }
      }
    } else {
      for (Map.Entry<String, NodeStatus> e : status.nodeStatus.entrySet()) {
        if ("start-node".equals(e.getKey()) || "end-node".equals(e.getKey())) {
          continue;
        }
        total++;
        if (e.getValue().phase != null && e.getValue().phase.isTerminal()) {
          done++;
        }
      }
    }
    return done + "/" + total;
  }

  private static String truncate(String s) {
    if (s == null) {
      return "system error";
    }
    return s.length() > 1024 ? s.substring(0, 1024) : s;
  }
}
