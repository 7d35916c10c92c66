package io.aloft.engine;

import flyteidl.core.Execution.ExecutionError;
import flyteidl.core.Execution.NodeExecution;
import flyteidl.core.Execution.WorkflowExecution;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.Literals.Binding;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Workflow.WorkflowMetadata.OnFailurePolicy;
import io.aloft.crd.NodeKind;
import io.aloft.crd.NodeSpec;
import io.aloft.crd.WorkflowSpec;
import io.aloft.engine.cache.CacheMetrics;
import io.aloft.engine.cache.TaskCache;
import io.aloft.engine.data.BindingResolver;
import io.aloft.engine.data.BlobStore;
import io.aloft.engine.data.DataLayout;
import io.aloft.engine.event.EventRecorder;
import io.aloft.engine.event.EventSink;
import io.aloft.engine.node.EndHandler;
import io.aloft.engine.node.NodeContext;
import io.aloft.engine.node.NodeHandler;
import io.aloft.engine.node.StartHandler;
import io.aloft.engine.node.TaskHandler;
import io.aloft.engine.node.Transition;
import io.aloft.engine.node.UnsupportedHandler;
import io.aloft.engine.plugin.PluginRegistry;
import io.aloft.engine.status.NodePhase;
import io.aloft.engine.status.NodeStatus;
import io.aloft.engine.status.WorkflowPhase;
import io.aloft.engine.status.WorkflowStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates one workflow execution one round at a time (flytepropeller workflow/executor.go + nodes/executor.go).
 * A round reads {@link ExecutionContext#status()}, advances it in place and says whether it changed; the caller
 * persists the status after every round that changed it, and may run the next round at once (a streak).
 *
 * <p>Order of effects: every side effect is preceded by a persisted phase. A node is Queued (inputs written, status
 * changed) in one round and its handler first runs in a later round, so a crash between the two repeats nothing;
 * a crash after a launch but before the status was persisted repeats the launch with the same attempt and the same
 * deterministic resource name, which plugins treat as "already launched".
 */
public final class WorkflowExecutor {
  public static final String START_NODE = "start-node";
  public static final String END_NODE = "end-node";

  private final EngineConfig config;
  private final BlobStore blobs;
  private final EventSink sink;
  private final Clock clock;
  private final Map<NodeKind, NodeHandler> handlers = new HashMap<>();
  private final NodeHandler unsupported = new UnsupportedHandler();

  /** An executor without a task cache (Flyte's noop catalog): cacheable tasks always run. */
  public WorkflowExecutor(EngineConfig config, PluginRegistry plugins, BlobStore blobs, EventSink sink, Clock clock) {
    this(config, plugins, blobs, sink, clock, null, CacheMetrics.NONE);
  }

  /**
   * An executor whose cacheable tasks ({@code metadata.discoverable}) use {@code cache}.
   *
   * @param cache the task cache; null for none
   * @param cacheMetrics the cache's counters ({@link CacheMetrics#NONE} for none)
   */
  public WorkflowExecutor(EngineConfig config, PluginRegistry plugins, BlobStore blobs, EventSink sink, Clock clock,
      TaskCache cache, CacheMetrics cacheMetrics) {
    this.config = config;
    this.blobs = blobs;
    this.sink = sink;
    this.clock = clock;
    handlers.put(NodeKind.START, new StartHandler());
    handlers.put(NodeKind.END, new EndHandler());
    handlers.put(NodeKind.TASK, new TaskHandler(plugins, cache, cacheMetrics == null ? CacheMetrics.NONE
        : cacheMetrics));
  }

  /** Advances the execution by one round. */
  public RoundResult round(ExecutionContext ctx) {
    Round r = new Round(ctx);
    r.run();
    return new RoundResult(r.changed, ctx.status().phase, r.inFlight);
  }

  /** The handler for a node kind; unsupported kinds get one that fails the node cleanly. */
  NodeHandler handler(NodeSpec node) {
    NodeKind kind = node.kind;
    if (kind == null) {
      kind = START_NODE.equals(node.id) ? NodeKind.START : END_NODE.equals(node.id) ? NodeKind.END : null;
    }
    NodeHandler h = kind == null ? null : handlers.get(kind);
    return h == null ? unsupported : h;
  }

  /** One round's working state. */
  private final class Round {
    final ExecutionContext ctx;
    final WorkflowStatus st;
    final WorkflowSpec spec;
    final Instant now;
    final EventRecorder events;
    final WorkflowSpec.Edges edges;
    boolean changed;
    int inFlight;

    Round(ExecutionContext ctx) {
      this.ctx = ctx;
      this.st = ctx.status();
      this.spec = ctx.spec();
      this.now = clock.now();
      this.events = new EventRecorder(sink, config.clusterId(), ctx.executionId());
      this.edges = spec.effectiveEdges();
    }

    void run() {
      if (st.phase.isTerminal()) {
        return;
      }
      if (ctx.aborting()) {
        abortWorkflow();
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

    // ---- workflow phases (workflow/executor.go) ----

    /** Reports {@code ep}, then enters {@code p}, or what admin's answer forces instead (TransitionToPhase). */
    void transition(WorkflowPhase p, WorkflowExecution.Phase ep, String outputUri, ExecutionError err, String msg) {
      EventRecorder.WorkflowOutcome o = events.workflow(st, ep, now, outputUri, err);
      changed = true;
      switch (o) {
        case RECORDED -> st.updatePhase(p, now, msg);
        case ALREADY_TERMINAL -> st.updatePhase(WorkflowPhase.FAILED, now,
            "workflow is already terminal in admin; entering " + p + " refused");
        case INCOMPATIBLE_CLUSTER, NOT_FOUND -> {
          ExecutionError e = ExecutionError.newBuilder().setKind(ExecutionError.ErrorKind.SYSTEM)
              .setCode(o == EventRecorder.WorkflowOutcome.NOT_FOUND ? "ExecutionNotFound" : "IncompatibleCluster")
              .setMessage("admin refused the " + ep + " event (" + o + ")").build();
          st.error = io.aloft.engine.status.ExecutionErrorInfo.of(e);
          st.updatePhase(WorkflowPhase.FAILING, now, e.getMessage());
        }
      }
    }

    void start() {
      st.dataDir = DataLayout.workflowDataDir(config.storageBase(), config.metadataPrefix(),
          ctx.executionId().getProject(), ctx.executionId().getDomain(), ctx.executionId().getName());
      st.defVersion = 1;
      transition(WorkflowPhase.RUNNING, WorkflowExecution.Phase.RUNNING, null, null, null);
    }

    void running() {
      if (ctx.activeDeadline() != null && !ctx.activeDeadline().isZero() && st.startedAt != null
          && !now.isBefore(st.startedAt.plus(ctx.activeDeadline()))) {
        toFailing(ExecutionError.newBuilder().setCode("Timeout").setKind(ExecutionError.ErrorKind.USER)
            .setMessage("workflow active deadline [" + ctx.activeDeadline() + "] exceeded").build());
        return;
      }
      Traversal t = traverse();
      NodeStatus end = st.nodeStatus.get(END_NODE);
      if (t.failure != null) {
        boolean failNow = spec.onFailurePolicy != OnFailurePolicy.FAIL_AFTER_EXECUTABLE_NODES_COMPLETE
            || !t.progressing;
        if (failNow) {
          toFailing(t.failure);
        }
      } else if (end != null && end.phase == NodePhase.SUCCEEDED) {
        transition(WorkflowPhase.SUCCEEDING, WorkflowExecution.Phase.SUCCEEDING, null, null, null);
      }
    }

    void toFailing(ExecutionError error) {
      st.error = io.aloft.engine.status.ExecutionErrorInfo.of(error);
      transition(WorkflowPhase.FAILING, WorkflowExecution.Phase.FAILING, null, null, error.getMessage());
    }

    void succeed() {
      String outputs = DataLayout.join(DataLayout.outputDir(nodeDataDir(END_NODE), 0), DataLayout.OUTPUTS);
      st.outputRef = outputs;
      transition(WorkflowPhase.SUCCESS, WorkflowExecution.Phase.SUCCEEDED, outputs, null, null);
    }

    /** Failing: stop what runs, then the failure node if there is one, else Failed. */
    void failing() {
      abortInFlight("workflow failed: " + (st.error == null ? "" : st.error.message));
      if (spec.onFailure != null) {
        // Flyte reports HandlingFailureNode as FAILING, which was reported on entering Failing already.
        st.updatePhase(WorkflowPhase.HANDLING_FAILURE_NODE, now, st.message);
      } else {
        failed();
      }
      changed = true;
    }

    void handlingFailureNode() {
      NodeSpec fn = spec.onFailure;
      NodeStatus ns = st.node(fn.id);
      if (!ns.phase.isTerminal()) {
        changed |= step(fn, ns);
      }
      if (ns.phase.isTerminal()) {
        failed();
        changed = true;
      }
    }

    void failed() {
      ExecutionError err = st.error == null ? ExecutionError.newBuilder().setCode("Unknown").build()
          : st.error.toProto();
      transition(WorkflowPhase.FAILED, WorkflowExecution.Phase.FAILED, null, err, err.getMessage());
    }

    void abortWorkflow() {
      String cause = ctx.abortCause() == null ? "aborted" : ctx.abortCause();
      abortInFlight(cause);
      transition(WorkflowPhase.ABORTED, WorkflowExecution.Phase.ABORTED, null,
          ExecutionError.newBuilder().setCode("ExecutionAborted").setMessage(cause).build(), cause);
    }

    /** Aborts and finalizes every started, unfinished node once; each ends Failed with a NodeAborted error. */
    void abortInFlight(String reason) {
      List<NodeSpec> nodes = new ArrayList<>(spec.nodes.values());
      if (spec.onFailure != null) {
        nodes.add(spec.onFailure);
      }
      for (NodeSpec n : nodes) {
        NodeStatus ns = st.nodeStatus.get(n.id);
        if (ns == null || ns.phase == NodePhase.NOT_YET_STARTED || ns.phase.isTerminal()) {
          continue;
        }
        NodeContext nctx = nodeContext(n, ns);
        NodeHandler h = handler(n);
        try {
          h.abort(nctx, reason);
          h.finalize(nctx);
        } catch (Exception e) {
          throw new EngineException("abort of node " + n.id + " failed: " + e.getMessage(), e);
        }
        try {
          events.node(n.id, n.name, ns, NodeExecution.Phase.ABORTED, now, nctx.inputsPath(), null,
              ExecutionError.newBuilder().setCode("NodeAborted").setMessage(reason).build(), target(n));
        } catch (EventRecorder.NodeEventRejected e) {
          // The node is being stopped anyway; its events are off from now on.
        }
        // Flyte has no Aborted node phase in the status: the node ends Failed with the abort as its error.
        ns.updatePhase(NodePhase.FAILED, now, "aborted: " + reason,
            ExecutionError.newBuilder().setCode("NodeAborted").setMessage(reason).build());
      }
    }

    // ---- traversal (nodes/executor.go RecursiveNodeHandler, reduced to one level) ----

    /** What the traversal found. */
    final class Traversal {
      ExecutionError failure;
      /** Some node can still finish (FAIL_AFTER_EXECUTABLE_NODES_COMPLETE waits for it). */
      boolean progressing;
    }

    Traversal traverse() {
      Traversal t = new Traversal();
      List<String> order = topologicalOrder();
      inFlight = countInFlight();
      for (String id : order) {
        NodeSpec n = spec.nodes.get(id);
        NodeStatus ns = st.node(id);
        if (ns.phase.isFailure()) {
          recordFailure(t, n, ns);
          continue;
        }
        if (ns.phase.isTerminal()) {
          continue;
        }
        if (ns.phase == NodePhase.NOT_YET_STARTED) {
          if (t.failure != null && spec.onFailurePolicy != OnFailurePolicy.FAIL_AFTER_EXECUTABLE_NODES_COMPLETE) {
            continue; // FAIL_IMMEDIATELY: nothing new starts once a node failed
          }
          Readiness ready = readiness(id);
          if (ready == Readiness.BLOCKED) {
            continue;
          }
          if (ready == Readiness.SKIP) {
            try {
              events.node(id, n.name, ns, NodeExecution.Phase.SKIPPED, now, null, null, null, target(n));
            } catch (EventRecorder.NodeEventRejected e) {
              // Skipped either way; its events are off from now on.
            }
            ns.updatePhase(NodePhase.SKIPPED, now, "upstream skipped", null);
            changed = true;
            continue;
          }
          if (ready == Readiness.WAIT) {
            continue;
          }
          NodeHandler h = handler(n);
          if (h.isExecutable() && ctx.maxParallelism() > 0 && inFlight >= ctx.maxParallelism()) {
            continue; // IsMaxParallelismAchieved
          }
          changed |= step(n, ns);
          if (h.isExecutable() && !ns.phase.isTerminal()) {
            inFlight++;
          }
        } else {
          boolean executable = handler(n).isExecutable();
          changed |= step(n, ns);
          if (executable && ns.phase.isTerminal()) {
            inFlight--;
          }
        }
        if (ns.phase.isFailure()) {
          recordFailure(t, n, ns);
        }
      }
      t.progressing = anyStartableOrRunning(order);
      return t;
    }

    void recordFailure(Traversal t, NodeSpec n, NodeStatus ns) {
      ExecutionError e = ns.error != null ? ns.error.toProto()
          : ExecutionError.newBuilder().setCode("NodeFailed").setMessage("node " + n.id + " failed").build();
      if (t.failure == null || spec.onFailurePolicy == OnFailurePolicy.FAIL_AFTER_EXECUTABLE_NODES_COMPLETE) {
        t.failure = e;
      }
    }

    /**
     * True while some node can still finish: one not terminal and not blocked (downstream of a failure, directly or
     * through other blocked nodes). One pass in topological order.
     */
    boolean anyStartableOrRunning(List<String> order) {
      Set<String> blocked = new java.util.HashSet<>();
      boolean any = false;
      for (String id : order) {
        NodeStatus ns = st.node(id);
        if (ns.phase.isTerminal()) {
          continue;
        }
        boolean b = false;
        for (String u : upstream(id)) {
          if (blocked.contains(u) || st.node(u).phase.isFailure()) {
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

    enum Readiness { READY, WAIT, SKIP, BLOCKED }

    /**
     * From the direct upstream nodes: BLOCKED when one failed, WAIT while one is not done, SKIP when one was skipped,
     * else READY.
     */
    Readiness readiness(String id) {
      boolean skip = false;
      boolean waiting = false;
      for (String u : upstream(id)) {
        NodeStatus us = st.node(u);
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

    int countInFlight() {
      int n = 0;
      for (NodeSpec s : spec.nodes.values()) {
        NodeStatus ns = st.nodeStatus.get(s.id);
        if (ns != null && ns.phase != NodePhase.NOT_YET_STARTED && !ns.phase.isTerminal()
            && handler(s).isExecutable()) {
          n++;
        }
      }
      return n;
    }

    List<String> upstream(String id) {
      List<String> ups = edges.upstream == null ? null : edges.upstream.get(id);
      return ups == null ? List.of() : ups;
    }

    /** Nodes reachable from the start node, each after all of its upstream nodes (Kahn's order). */
    List<String> topologicalOrder() {
      Map<String, List<String>> down = edges.downstream == null ? Map.of() : edges.downstream;
      Map<String, Integer> indegree = new HashMap<>();
      for (String id : spec.nodes.keySet()) {
        indegree.put(id, upstream(id).size());
      }
      Deque<String> ready = new ArrayDeque<>();
      ready.add(START_NODE);
      Set<String> out = new LinkedHashSet<>();
      while (!ready.isEmpty()) {
        String id = ready.poll();
        if (!out.add(id)) {
          continue;
        }
        for (String d : down.getOrDefault(id, List.of())) {
          int left = indegree.merge(d, -1, Integer::sum);
          if (left <= 0) {
            ready.add(d);
          }
        }
      }
      return new ArrayList<>(out);
    }

    // ---- one node (nodes/executor.go handleNode) ----

    /** Advances one node by one step; true if its status changed. */
    boolean step(NodeSpec n, NodeStatus ns) {
      try {
        if (ns.phase == NodePhase.NOT_YET_STARTED) {
          return queue(n, ns);
        }
        return execute(n, ns);
      } catch (EventRecorder.NodeEventRejected e) {
        // Admin rejected the node's event as malformed or too large: the node fails (nodes/executor.go), and no
        // further events are sent for it.
        NodeContext nctx = nodeContext(n, ns);
        if (ns.phase != NodePhase.NOT_YET_STARTED) {
          abortQuietly(handler(n), nctx, e.getMessage());
          finalizeQuietly(handler(n), nctx);
        }
        ns.updatePhase(NodePhase.FAILED, now, e.getMessage(), ExecutionError.newBuilder()
            .setCode("EventRecordingFailed").setKind(ExecutionError.ErrorKind.SYSTEM).setMessage(e.getMessage())
            .build());
        return true;
      }
    }

    /** NotYetStarted -> Queued: resolve and write the inputs; the handler runs next round. */
    boolean queue(NodeSpec n, NodeStatus ns) {
      NodeContext nctx = nodeContext(n, ns);
      LiteralMap inputs;
      try {
        inputs = BindingResolver.resolve(bindings(n), new UpstreamOutputs());
      } catch (BindingResolver.BindingException e) {
        ExecutionError err = ExecutionError.newBuilder().setCode("BindingResolutionFailure")
            .setMessage(e.getMessage()).setKind(ExecutionError.ErrorKind.USER).build();
        events.node(n.id, n.name, ns, NodeExecution.Phase.FAILED, now, null, null, err, target(n));
        ns.updatePhase(NodePhase.FAILED, now, e.getMessage(), err);
        return true;
      }
      if (spec.onFailure != null && n.id.equals(spec.onFailure.id)) {
        inputs = withError(n, inputs);
      }
      blobs.writeProto(nctx.inputsPath(), inputs);
      events.node(n.id, n.name, ns, NodeExecution.Phase.QUEUED, now, nctx.inputsPath(), null, null, target(n));
      ns.updatePhase(NodePhase.QUEUED, now, "node queued", null);
      return true;
    }

    /**
     * The failure node's inputs with the workflow's error as {@code err} (a core.Error literal naming the failed node),
     * when its task declares an {@code err} input (flytekit's {@code on_failure} handlers take
     * {@code err: Optional[FlyteError]} and bind it to its default, None, which the error replaces).
     */
    LiteralMap withError(NodeSpec n, LiteralMap inputs) {
      var task = n.task == null ? null : ctx.tasks().get(n.task);
      if (task == null || !task.getInterface().getInputs().containsVariables("err")) {
        return inputs;
      }
      String failed = "";
      for (Map.Entry<String, NodeStatus> e : st.nodeStatus.entrySet()) {
        NodeStatus s = e.getValue();
        if (s.phase.isFailure() && (s.error == null || !"NodeAborted".equals(s.error.code))) {
          failed = e.getKey();
          break;
        }
      }
      flyteidl.core.Types.Error err = flyteidl.core.Types.Error.newBuilder().setFailedNodeId(failed)
          .setMessage(st.error == null || st.error.message == null ? "" : st.error.message).build();
      return inputs.toBuilder().putLiterals("err", flyteidl.core.Literals.Literal.newBuilder()
          .setScalar(flyteidl.core.Literals.Scalar.newBuilder().setError(err)).build()).build();
    }

    List<Binding> bindings(NodeSpec n) {
      if (END_NODE.equals(n.id) && spec.outputBindings != null && !spec.outputBindings.isEmpty()) {
        return spec.outputBindings;
      }
      return n.inputBindings;
    }

    /** Queued/Running: deadlines, then the handler, then the outcome (retry, success, failure). */
    boolean execute(NodeSpec n, NodeStatus ns) {
      NodeHandler h = handler(n);
      NodeContext nctx = nodeContext(n, ns);
      Duration active = n.activeDeadline != null ? n.activeDeadline : config.defaultNodeActiveDeadline();
      Duration exec = n.executionDeadline != null ? n.executionDeadline : config.defaultNodeExecutionDeadline();
      if (isExpired(ns.queuedAt, active)) {
        abortQuietly(h, nctx, "active deadline exceeded");
        ExecutionError err = ExecutionError.newBuilder().setCode("ActiveDeadlineExceeded")
            .setKind(ExecutionError.ErrorKind.USER)
            .setMessage("node active deadline [" + active + "] exceeded").build();
        events.node(n.id, n.name, ns, NodeExecution.Phase.TIMED_OUT, now, nctx.inputsPath(), null, err, target(n));
        ns.updatePhase(NodePhase.TIMED_OUT, now, err.getMessage(), err);
        return true;
      }
      Transition t;
      if (isExpired(ns.lastAttemptStartedAt, exec)) {
        // retryOrFail aborts the attempt.
        t = Transition.retryable(ExecutionError.newBuilder().setCode("TimeoutExpired")
            .setKind(ExecutionError.ErrorKind.USER)
            .setMessage("task execution timeout [" + exec + "] expired").build());
      } else {
        String before = snapshot(ns);
        try {
          t = h.handle(nctx);
        } catch (EngineException e) {
          throw e;
        } catch (Exception e) {
          t = Transition.retryable(ExecutionError.newBuilder().setCode("PluginError")
              .setKind(ExecutionError.ErrorKind.SYSTEM).setMessage(String.valueOf(e.getMessage())).build());
        }
        if (!before.equals(snapshot(ns))) {
          changed = true;
        }
      }
      return switch (t.kind()) {
        case QUEUED -> false;
        case RUNNING -> {
          if (ns.phase == NodePhase.QUEUED) {
            events.node(n.id, n.name, ns, NodeExecution.Phase.RUNNING, now, nctx.inputsPath(), null, null,
                target(n));
            ns.updatePhase(NodePhase.RUNNING, now, t.reason(), null);
            yield true;
          }
          yield false;
        }
        case SUCCESS -> {
          finalizeQuietly(h, nctx);
          events.node(n.id, n.name, ns, NodeExecution.Phase.SUCCEEDED, now, nctx.inputsPath(), nctx.outputsPath(),
              null, target(n));
          ns.updatePhase(NodePhase.SUCCEEDED, now, null, null);
          yield true;
        }
        case RETRYABLE_FAILURE -> retryOrFail(n, ns, h, nctx, t.error());
        case PERMANENT_FAILURE -> {
          finalizeQuietly(h, nctx);
          fail(n, ns, nctx, t.error());
          yield true;
        }
      };
    }

    /** Flyte's isEligibleForRetry, then either a new attempt (Running, "retrying") or Failed. */
    boolean retryOrFail(NodeSpec n, NodeStatus ns, NodeHandler h, NodeContext nctx, ExecutionError err) {
      boolean system = err.getKind() == ExecutionError.ErrorKind.SYSTEM;
      boolean eligible;
      if (!config.ignoreRetryCause() && system) {
        eligible = ns.systemFailures < config.maxNodeRetriesForSystemFailures();
      } else {
        int current = config.ignoreRetryCause() ? ns.attempts + 1 : ns.attempts + 1 - ns.systemFailures;
        int max = config.defaultMaxAttempts();
        if (n.retry != null && n.retry.minAttempts != null && n.retry.minAttempts != 1) {
          max = n.retry.minAttempts.intValue();
        }
        eligible = current < max;
      }
      abortQuietly(h, nctx, "attempt failed: " + err.getMessage());
      finalizeQuietly(h, nctx);
      if (!eligible) {
        ExecutionError exhausted = err.toBuilder().setCode("RetriesExhausted|" + err.getCode()).build();
        fail(n, ns, nctx, exhausted);
        return true;
      }
      if (system) {
        ns.systemFailures++;
      }
      ns.attempts++;
      ns.taskNodeStatus = null;
      ns.lastAttemptStartedAt = null;
      if (ns.phase == NodePhase.QUEUED) {
        events.node(n.id, n.name, ns, NodeExecution.Phase.RUNNING, now, nctx.inputsPath(), null, null, target(n));
      }
      // Cleared so updatePhase records the new attempt (and its laStartedAt) even when the message repeats.
      ns.message = null;
      ns.updatePhase(NodePhase.RUNNING, now, "retrying: " + err.getMessage(), null);
      return true;
    }

    void fail(NodeSpec n, NodeStatus ns, NodeContext nctx, ExecutionError err) {
      events.node(n.id, n.name, ns, NodeExecution.Phase.FAILED, now, nctx.inputsPath(), null, err, target(n));
      ns.updatePhase(NodePhase.FAILED, now, err.getMessage(), err);
    }

    boolean isExpired(Instant from, Duration d) {
      return from != null && d != null && !d.isZero() && !d.isNegative() && !now.isBefore(from.plus(d));
    }

    void abortQuietly(NodeHandler h, NodeContext nctx, String reason) {
      try {
        h.abort(nctx, reason);
      } catch (EngineException e) {
        throw e;
      } catch (Exception e) {
        throw new EngineException("abort of node " + nctx.nodeId() + " failed: " + e.getMessage(), e);
      }
    }

    void finalizeQuietly(NodeHandler h, NodeContext nctx) {
      try {
        h.finalize(nctx);
      } catch (EngineException e) {
        throw e;
      } catch (Exception e) {
        throw new EngineException("finalize of node " + nctx.nodeId() + " failed: " + e.getMessage(), e);
      }
    }

    String snapshot(NodeStatus ns) {
      return io.aloft.engine.status.StatusJson.nodeToString(ns);
    }

    NodeContext nodeContext(NodeSpec n, NodeStatus ns) {
      return new NodeContext(ctx, n, ns, nodeDataDir(n.id), blobs, events, config, now);
    }

    String nodeDataDir(String nodeId) {
      return DataLayout.nodeDataDir(st.dataDir, nodeId);
    }

    Identifier target(NodeSpec n) {
      if (n.task == null) {
        return null;
      }
      var t = ctx.tasks().get(n.task);
      return t == null ? null : t.getId();
    }

    /** Upstream outputs for binding resolution: the last attempt's outputs.pb, through output aliases. */
    final class UpstreamOutputs implements BindingResolver.Outputs {
      @Override
      public LiteralMap of(String nodeId) {
        NodeStatus ns = st.nodeStatus.get(nodeId);
        int attempt = ns == null ? 0 : ns.attempts;
        String ref = DataLayout.join(DataLayout.outputDir(nodeDataDir(nodeId), attempt), DataLayout.OUTPUTS);
        return blobs.readProto(ref, LiteralMap.parser()).orElseThrow(
            () -> new BindingResolver.BindingException("outputs of node [" + nodeId + "] not found at " + ref));
      }

      @Override
      public String unalias(String nodeId, String alias) {
        NodeSpec up = spec.nodes.get(nodeId);
        if (up != null && up.outputAliases != null) {
          for (NodeSpec.OutputAlias a : up.outputAliases) {
            if (alias.equals(a.alias)) {
              return a.variable;
            }
          }
        }
        return alias;
      }
    }
  }
}
