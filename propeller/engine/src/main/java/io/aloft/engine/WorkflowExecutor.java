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
import io.aloft.crd.UniqueIds;
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
import io.aloft.engine.node.ArrayHandler;
import io.aloft.engine.node.BranchEvaluator;
import io.aloft.engine.status.BranchNodeStatus;
import io.aloft.engine.status.ExecutionErrorInfo;
import io.aloft.engine.status.WorkflowNodeStatus;
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
    handlers.put(NodeKind.ARRAY, new ArrayHandler(plugins));
  }

  /** Advances the execution by one round. */
  public RoundResult round(ExecutionContext ctx) {
    Round r = new Round(ctx);
    r.run();
    return new RoundResult(r.changed, ctx.status().phase, r.inFlight);
  }

  /**
   * The handler for a node kind; unsupported kinds (launch-plan nodes, gates) get one that fails the node
   * cleanly. Branch and sub-workflow nodes get a placeholder (not executable, nothing to abort itself): the round runs
   * them, since they execute nested nodes.
   */
  NodeHandler handler(NodeSpec node) {
    NodeKind kind = node.kind;
    if (kind == null) {
      kind = START_NODE.equals(node.id) ? NodeKind.START : END_NODE.equals(node.id) ? NodeKind.END : null;
    }
    if (kind == NodeKind.BRANCH || isSubWorkflow(node)) {
      return NESTED;
    }
    NodeHandler h = kind == null ? null : handlers.get(kind);
    return h == null ? unsupported : h;
  }

  /** A workflow node running an inline sub-workflow ({@code subWorkflowRef}). */
  static boolean isSubWorkflow(NodeSpec n) {
    return n.kind == NodeKind.WORKFLOW && n.workflow != null && n.workflow.subWorkflowRef != null
        && !n.workflow.subWorkflowRef.isEmpty();
  }

  /** Branch and sub-workflow nodes: they count nothing against max parallelism; their nested nodes do. */
  private static final NodeHandler NESTED = new NodeHandler() {
    @Override
    public boolean isExecutable() {
      return false;
    }

    @Override
    public Transition handle(NodeContext ctx) {
      throw new IllegalStateException("nested nodes are run by the round");
    }

    @Override
    public void abort(NodeContext ctx, String reason) {}

    @Override
    public void finalize(NodeContext ctx) {}
  };

  /** Flyte's maxUniqueIDLength for node ids in events. */
  static final int MAX_UNIQUE_ID_LENGTH = 20;

  /**
   * Flyte's GenerateUniqueID: the id of {@code nodeId} under a parent with unique id {@code parentUniqueId} in its
   * attempt {@code parentAttempt} ({@code <parent>-<attempt>-<node>}, hashed when longer than 20). A top-level node
   * keeps its id as it is (Flyte would hash one longer than 20 too; compilers name them {@code n<i>}).
   */
  public static String uniqueId(String parentUniqueId, int parentAttempt, String nodeId) {
    if (parentUniqueId == null) {
      return nodeId;
    }
    return UniqueIds.fixedLength(parentUniqueId + "-" + parentAttempt + "-" + nodeId, MAX_UNIQUE_ID_LENGTH);
  }


  /**
   * One workflow level: the primary workflow (statuses in {@code status.nodeStatus}) or a sub-workflow run by a
   * workflow node (statuses in that node's {@code subNodeStatus}, data under its output dir).
   */
  private static final class Scope {
    final WorkflowSpec spec;
    final Map<String, NodeStatus> statuses;
    final WorkflowSpec.Edges edges;
    /** The sub-workflow node and its status; null at the top level. */
    final NodeSpec owner;
    final NodeStatus ownerStatus;
    /** The sub-workflow node's output dir, unique id and attempt. */
    final String parentOutputDir;
    final String parentUniqueId;
    final int parentAttempt;

    Scope(WorkflowSpec spec, Map<String, NodeStatus> statuses, NodeSpec owner, NodeStatus ownerStatus,
        String parentOutputDir, String parentUniqueId, int parentAttempt) {
      this.spec = spec;
      this.statuses = statuses;
      this.edges = spec.effectiveEdges();
      this.owner = owner;
      this.ownerStatus = ownerStatus;
      this.parentOutputDir = parentOutputDir;
      this.parentUniqueId = parentUniqueId;
      this.parentAttempt = parentAttempt;
    }

    boolean top() {
      return owner == null;
    }

    NodeStatus node(String id) {
      return statuses.computeIfAbsent(id, k -> new NodeStatus());
    }

    /** The spec of node {@code id} (a DAG node, a branch's node or the failure node). */
    NodeSpec spec(String id) {
      NodeSpec n = spec.nodes == null ? null : spec.nodes.get(id);
      if (n == null && spec.onFailure != null && spec.onFailure.id.equals(id)) {
        return spec.onFailure;
      }
      return n;
    }
  }

  /** One round's working state. */
  private final class Round {
    final ExecutionContext ctx;
    final WorkflowStatus st;
    final WorkflowSpec spec;
    final Instant now;
    final EventRecorder events;
    final Scope top;
    boolean changed;
    int inFlight;

    Round(ExecutionContext ctx) {
      this.ctx = ctx;
      this.st = ctx.status();
      this.spec = ctx.spec();
      this.now = clock.now();
      this.events = new EventRecorder(sink, config.clusterId(), ctx.executionId());
      this.top = new Scope(spec, st.nodeStatus, null, null, null, null, 0);
    }

    void run() {
      if (st.phase.isTerminal()) {
        return;
      }
      inFlight = countInFlight(top);
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
          st.error = ExecutionErrorInfo.of(e);
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
      Traversal t = traverse(top);
      NodeStatus end = st.nodeStatus.get(END_NODE);
      if (t.failure != null) {
        if (failNow(top, t)) {
          toFailing(t.failure);
        }
      } else if (end != null && end.phase == NodePhase.SUCCEEDED) {
        transition(WorkflowPhase.SUCCEEDING, WorkflowExecution.Phase.SUCCEEDING, null, null, null);
      }
    }

    /** FAIL_IMMEDIATELY fails at the first failure; FAIL_AFTER_EXECUTABLE_NODES_COMPLETE once nothing else runs. */
    boolean failNow(Scope s, Traversal t) {
      return s.spec.onFailurePolicy != OnFailurePolicy.FAIL_AFTER_EXECUTABLE_NODES_COMPLETE || !t.progressing;
    }

    void toFailing(ExecutionError error) {
      st.error = ExecutionErrorInfo.of(error);
      transition(WorkflowPhase.FAILING, WorkflowExecution.Phase.FAILING, null, null, error.getMessage());
    }

    void succeed() {
      String outputs = DataLayout.join(DataLayout.outputDir(DataLayout.nodeDataDir(st.dataDir, END_NODE), 0),
          DataLayout.OUTPUTS);
      st.outputRef = outputs;
      transition(WorkflowPhase.SUCCESS, WorkflowExecution.Phase.SUCCEEDED, outputs, null, null);
    }

    /** Failing: stop what runs, then the failure node if there is one, else Failed. */
    void failing() {
      abortInFlight(top, "workflow failed: " + (st.error == null ? "" : st.error.message), true);
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
        visit(top, fn, ns);
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
      abortInFlight(top, cause, true);
      transition(WorkflowPhase.ABORTED, WorkflowExecution.Phase.ABORTED, null,
          ExecutionError.newBuilder().setCode("ExecutionAborted").setMessage(cause).build(), cause);
    }

    /**
     * Aborts and finalizes every started, unfinished node of {@code s} once (a branch's chosen node through its
     * branch, a sub-workflow's nodes before their workflow node); each ends Failed with a NodeAborted error.
     */
    void abortInFlight(Scope s, String reason, boolean withFailureNode) {
      List<NodeSpec> nodes = new ArrayList<>(s.spec.nodes.values());
      if (withFailureNode && s.spec.onFailure != null) {
        nodes.add(s.spec.onFailure);
      }
      for (NodeSpec n : nodes) {
        NodeStatus ns = s.statuses.get(n.id);
        if (ns == null || ns.parentNode != null) {
          continue;
        }
        abortOne(s, n, ns, reason);
      }
    }

    /** Aborts one node (and what it runs nested) if it is started and unfinished. */
    void abortOne(Scope s, NodeSpec n, NodeStatus ns, String reason) {
      if (ns.phase == NodePhase.NOT_YET_STARTED || ns.phase.isTerminal()) {
        return;
      }
      NodeContext nctx = nodeContext(s, n, ns);
      NodeHandler h = handler(n);
      try {
        abortNode(s, n, ns, h, nctx, reason);
        h.finalize(nctx);
      } catch (EngineException e) {
        throw e;
      } catch (Exception e) {
        throw new EngineException("abort of node " + n.id + " failed: " + e.getMessage(), e);
      }
      try {
        events.node(ref(s, n), n.name, ns, NodeExecution.Phase.ABORTED, now, nctx.inputsPath(), null,
            ExecutionError.newBuilder().setCode("NodeAborted").setMessage(reason).build(), target(n));
      } catch (EventRecorder.NodeEventRejected e) {
        // The node is being stopped anyway; its events are off from now on.
      }
      // Flyte has no Aborted node phase in the status: the node ends Failed with the abort as its error.
      ns.updatePhase(NodePhase.FAILED, now, "aborted: " + reason,
          ExecutionError.newBuilder().setCode("NodeAborted").setMessage(reason).build());
      changed = true;
    }

    /** A handler's abort, for branch and sub-workflow nodes the abort of what they run nested. */
    void abortNode(Scope s, NodeSpec n, NodeStatus ns, NodeHandler h, NodeContext nctx, String reason)
        throws Exception {
      if (n.kind == NodeKind.BRANCH) {
        String chosen = ns.branchStatus == null ? null : ns.branchStatus.finalNodeId;
        NodeSpec child = chosen == null ? null : s.spec(chosen);
        if (child != null) {
          abortOne(s, child, s.node(chosen), reason);
        }
      } else if (isSubWorkflow(n)) {
        Scope sub = subScope(s, n, ns);
        if (sub != null && ns.subNodeStatus != null) {
          abortInFlight(sub, reason, true);
        }
      } else {
        h.abort(nctx, reason);
      }
    }

    // ---- traversal (nodes/executor.go RecursiveNodeHandler) ----

    /** What the traversal found. */
    final class Traversal {
      ExecutionError failure;
      /** Some node can still finish (FAIL_AFTER_EXECUTABLE_NODES_COMPLETE waits for it). */
      boolean progressing;
    }

    Traversal traverse(Scope s) {
      Traversal t = new Traversal();
      List<String> order = topologicalOrder(s);
      for (String id : order) {
        NodeSpec n = s.spec.nodes.get(id);
        NodeStatus ns = s.node(id);
        if (ns.phase.isFailure()) {
          recordFailure(s, t, n, ns);
          continue;
        }
        if (ns.phase.isTerminal()) {
          continue;
        }
        if (ns.phase == NodePhase.NOT_YET_STARTED) {
          if (t.failure != null && s.spec.onFailurePolicy != OnFailurePolicy.FAIL_AFTER_EXECUTABLE_NODES_COMPLETE) {
            continue; // FAIL_IMMEDIATELY: nothing new starts once a node failed
          }
          Readiness ready = readiness(s, id);
          if (ready == Readiness.BLOCKED || ready == Readiness.WAIT) {
            continue;
          }
          if (ready == Readiness.SKIP) {
            try {
              events.node(ref(s, n), n.name, ns, NodeExecution.Phase.SKIPPED, now, null, null, null, target(n));
            } catch (EventRecorder.NodeEventRejected e) {
              // Skipped either way; its events are off from now on.
            }
            ns.updatePhase(NodePhase.SKIPPED, now, "upstream skipped", null);
            changed = true;
            continue;
          }
        }
        visit(s, n, ns);
        if (ns.phase.isFailure()) {
          recordFailure(s, t, n, ns);
        }
      }
      t.progressing = anyStartableOrRunning(s, order);
      return t;
    }

    /**
     * Steps one node whose upstream nodes are done, keeping count of the executable nodes in flight across every
     * level (IsMaxParallelismAchieved): a task node does not start while max parallelism is reached.
     */
    void visit(Scope s, NodeSpec n, NodeStatus ns) {
      boolean executable = handler(n).isExecutable();
      boolean started = ns.phase != NodePhase.NOT_YET_STARTED;
      if (!started && executable && ctx.maxParallelism() > 0 && inFlight >= ctx.maxParallelism()) {
        return;
      }
      if (step(s, n, ns)) {
        changed = true; // not "changed |= step(..)": step may set changed itself, which |= would overwrite
      }
      if (executable) {
        if (!started && ns.phase != NodePhase.NOT_YET_STARTED && !ns.phase.isTerminal()) {
          inFlight++;
        } else if (started && ns.phase.isTerminal()) {
          inFlight--;
        }
      }
    }

    void recordFailure(Scope s, Traversal t, NodeSpec n, NodeStatus ns) {
      ExecutionError e = ns.error != null ? ns.error.toProto()
          : ExecutionError.newBuilder().setCode("NodeFailed").setMessage("node " + n.id + " failed").build();
      if (t.failure == null || s.spec.onFailurePolicy == OnFailurePolicy.FAIL_AFTER_EXECUTABLE_NODES_COMPLETE) {
        t.failure = e;
      }
    }

    /**
     * True while some node can still finish: one not terminal and not blocked (downstream of a failure, directly or
     * through other blocked nodes). One pass in topological order.
     */
    boolean anyStartableOrRunning(Scope s, List<String> order) {
      Set<String> blocked = new java.util.HashSet<>();
      boolean any = false;
      for (String id : order) {
        NodeStatus ns = s.node(id);
        if (ns.phase.isTerminal()) {
          continue;
        }
        boolean b = false;
        for (String u : upstream(s, id)) {
          if (blocked.contains(u) || s.node(u).phase.isFailure()) {
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
    Readiness readiness(Scope s, String id) {
      boolean skip = false;
      boolean waiting = false;
      for (String u : upstream(s, id)) {
        NodeStatus us = s.node(u);
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

    /** Executable nodes started and unfinished, at every level (branch nodes' choices, sub-workflows). */
    int countInFlight(Scope s) {
      int n = 0;
      List<NodeSpec> nodes = new ArrayList<>(s.spec.nodes == null ? List.of() : s.spec.nodes.values());
      if (s.spec.onFailure != null) {
        nodes.add(s.spec.onFailure);
      }
      for (NodeSpec spec : nodes) {
        NodeStatus ns = s.statuses.get(spec.id);
        if (ns == null || ns.phase == NodePhase.NOT_YET_STARTED || ns.phase.isTerminal()) {
          continue;
        }
        if (handler(spec).isExecutable()) {
          n++;
        } else if (isSubWorkflow(spec) && ns.subNodeStatus != null) {
          Scope sub = subScope(s, spec, ns);
          if (sub != null) {
            n += countInFlight(sub);
          }
        }
      }
      return n;
    }

    List<String> upstream(Scope s, String id) {
      List<String> ups = s.edges.upstream == null ? null : s.edges.upstream.get(id);
      return ups == null ? List.of() : ups;
    }

    /** Nodes reachable from the start node, each after all of its upstream nodes (Kahn's order). */
    List<String> topologicalOrder(Scope s) {
      Map<String, List<String>> down = s.edges.downstream == null ? Map.of() : s.edges.downstream;
      Map<String, Integer> indegree = new HashMap<>();
      for (String id : s.spec.nodes.keySet()) {
        indegree.put(id, upstream(s, id).size());
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
      out.removeIf(id -> !s.spec.nodes.containsKey(id));
      return new ArrayList<>(out);
    }

    // ---- one node (nodes/executor.go handleNode) ----

    /** Advances one node by one step; true if its status changed. */
    boolean step(Scope s, NodeSpec n, NodeStatus ns) {
      try {
        if (ns.phase == NodePhase.NOT_YET_STARTED) {
          return queue(s, n, ns);
        }
        return execute(s, n, ns);
      } catch (EventRecorder.NodeEventRejected e) {
        // Admin rejected the node's event as malformed or too large: the node fails (nodes/executor.go), and no
        // further events are sent for it.
        NodeContext nctx = nodeContext(s, n, ns);
        if (ns.phase != NodePhase.NOT_YET_STARTED) {
          abortQuietly(s, n, ns, handler(n), nctx, e.getMessage());
          finalizeQuietly(handler(n), nctx);
        }
        ns.updatePhase(NodePhase.FAILED, now, e.getMessage(), ExecutionError.newBuilder()
            .setCode("EventRecordingFailed").setKind(ExecutionError.ErrorKind.SYSTEM).setMessage(e.getMessage())
            .build());
        return true;
      }
    }

    /** NotYetStarted -> Queued: resolve and write the inputs; the handler runs next round. */
    boolean queue(Scope s, NodeSpec n, NodeStatus ns) {
      NodeContext nctx = nodeContext(s, n, ns);
      LiteralMap inputs;
      try {
        inputs = BindingResolver.resolve(bindings(s, n), new UpstreamOutputs(s));
      } catch (BindingResolver.BindingException e) {
        ExecutionError err = ExecutionError.newBuilder().setCode("BindingResolutionFailure")
            .setMessage(e.getMessage()).setKind(ExecutionError.ErrorKind.USER).build();
        events.node(ref(s, n), n.name, ns, NodeExecution.Phase.FAILED, now, null, null, err, target(n));
        ns.updatePhase(NodePhase.FAILED, now, e.getMessage(), err);
        return true;
      }
      if (s.spec.onFailure != null && n.id.equals(s.spec.onFailure.id)) {
        inputs = withError(s, n, inputs);
      }
      blobs.writeProto(nctx.inputsPath(), inputs);
      events.node(ref(s, n), n.name, ns, NodeExecution.Phase.QUEUED, now, nctx.inputsPath(), null, null, target(n));
      ns.updatePhase(NodePhase.QUEUED, now, "node queued", null);
      return true;
    }

    /**
     * The failure node's inputs with the (sub-)workflow's error as {@code err} (a core.Error literal naming the failed
     * node), when its task declares an {@code err} input or it binds one (flytekit's {@code on_failure} handlers take
     * {@code err: Optional[FlyteError]} and bind it to its default, None, which the error replaces).
     */
    LiteralMap withError(Scope s, NodeSpec n, LiteralMap inputs) {
      var task = n.task == null ? null : ctx.tasks().get(n.task);
      boolean declares = task != null && task.getInterface().getInputs().containsVariables("err");
      boolean binds = n.inputBindings != null && n.inputBindings.stream().anyMatch(b -> "err".equals(b.getVar()));
      if (!declares && !binds) {
        return inputs;
      }
      String failed = "";
      for (Map.Entry<String, NodeStatus> e : s.statuses.entrySet()) {
        NodeStatus x = e.getValue();
        if (x.phase.isFailure() && (x.error == null || !"NodeAborted".equals(x.error.code))) {
          failed = e.getKey();
          break;
        }
      }
      String cause = s.top() ? (st.error == null ? null : st.error.message)
          : s.ownerStatus.workflowNodeStatus == null || s.ownerStatus.workflowNodeStatus.executionError == null ? null
          : s.ownerStatus.workflowNodeStatus.executionError.message;
      flyteidl.core.Types.Error err = flyteidl.core.Types.Error.newBuilder().setFailedNodeId(failed)
          .setMessage(cause == null ? "" : cause).build();
      return inputs.toBuilder().putLiterals("err", flyteidl.core.Literals.Literal.newBuilder()
          .setScalar(flyteidl.core.Literals.Scalar.newBuilder().setError(err)).build()).build();
    }

    List<Binding> bindings(Scope s, NodeSpec n) {
      if (END_NODE.equals(n.id) && s.spec.outputBindings != null && !s.spec.outputBindings.isEmpty()) {
        return s.spec.outputBindings;
      }
      return n.inputBindings;
    }

    /** Queued/Running: deadlines, then the handler, then the outcome (retry, success, failure). */
    boolean execute(Scope s, NodeSpec n, NodeStatus ns) {
      NodeHandler h = handler(n);
      NodeContext nctx = nodeContext(s, n, ns);
      Duration active = n.activeDeadline != null ? n.activeDeadline : config.defaultNodeActiveDeadline();
      Duration exec = n.executionDeadline != null ? n.executionDeadline : config.defaultNodeExecutionDeadline();
      if (isExpired(ns.queuedAt, active)) {
        abortQuietly(s, n, ns, h, nctx, "active deadline exceeded");
        ExecutionError err = ExecutionError.newBuilder().setCode("ActiveDeadlineExceeded")
            .setKind(ExecutionError.ErrorKind.USER)
            .setMessage("node active deadline [" + active + "] exceeded").build();
        events.node(ref(s, n), n.name, ns, NodeExecution.Phase.TIMED_OUT, now, nctx.inputsPath(), null, err,
            target(n));
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
          t = handle(s, n, ns, h, nctx);
        } catch (EngineException | EventRecorder.NodeEventRejected e) {
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
            events.node(ref(s, n), n.name, ns, NodeExecution.Phase.RUNNING, now, nctx.inputsPath(), null, null,
                target(n));
            ns.updatePhase(NodePhase.RUNNING, now, t.reason(), null);
            yield true;
          }
          yield false;
        }
        case SUCCESS -> {
          finalizeQuietly(h, nctx);
          events.node(ref(s, n), n.name, ns, NodeExecution.Phase.SUCCEEDED, now, nctx.inputsPath(),
              nctx.outputsPath(), null, target(n));
          ns.updatePhase(NodePhase.SUCCEEDED, now, null, null);
          yield true;
        }
        case RETRYABLE_FAILURE -> retryOrFail(s, n, ns, h, nctx, t.error());
        case PERMANENT_FAILURE -> {
          finalizeQuietly(h, nctx);
          fail(s, n, ns, nctx, t.error());
          yield true;
        }
      };
    }

    /** The node's handler, or the round itself for the kinds that run nested nodes. */
    Transition handle(Scope s, NodeSpec n, NodeStatus ns, NodeHandler h, NodeContext nctx) throws Exception {
      if (n.kind == NodeKind.BRANCH) {
        return branch(s, n, ns, nctx);
      }
      if (isSubWorkflow(n)) {
        return subWorkflow(s, n, ns, nctx);
      }
      if (!s.top() && START_NODE.equals(n.id)) {
        return Transition.success(); // its outputs, the workflow node's inputs, were written when it started
      }
      return h.handle(nctx);
    }

    /** Flyte's isEligibleForRetry, then either a new attempt (Running, "retrying") or Failed. */
    boolean retryOrFail(Scope s, NodeSpec n, NodeStatus ns, NodeHandler h, NodeContext nctx, ExecutionError err) {
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
      abortQuietly(s, n, ns, h, nctx, "attempt failed: " + err.getMessage());
      finalizeQuietly(h, nctx);
      if (!eligible) {
        ExecutionError exhausted = err.toBuilder().setCode("RetriesExhausted|" + err.getCode()).build();
        fail(s, n, ns, nctx, exhausted);
        return true;
      }
      if (system) {
        ns.systemFailures++;
      }
      ns.attempts++;
      ns.taskNodeStatus = null;
      ns.subNodeStatus = null;
      ns.workflowNodeStatus = null;
      ns.arrayNodeStatus = null;
      ns.lastAttemptStartedAt = null;
      if (ns.phase == NodePhase.QUEUED) {
        events.node(ref(s, n), n.name, ns, NodeExecution.Phase.RUNNING, now, nctx.inputsPath(), null, null,
            target(n));
      }
      // Cleared so updatePhase records the new attempt (and its laStartedAt) even when the message repeats.
      ns.message = null;
      ns.updatePhase(NodePhase.RUNNING, now, "retrying: " + err.getMessage(), null);
      return true;
    }

    void fail(Scope s, NodeSpec n, NodeStatus ns, NodeContext nctx, ExecutionError err) {
      events.node(ref(s, n), n.name, ns, NodeExecution.Phase.FAILED, now, nctx.inputsPath(), null, err, target(n));
      ns.updatePhase(NodePhase.FAILED, now, err.getMessage(), err);
    }

    // ---- branch nodes (nodes/branch/handler.go) ----

    /**
     * A branch node: the first handle decides the branch on the node's inputs (the condition operands), records the
     * chosen node in {@code branchStatus} and marks the others Skipped, without starting anything; the chosen node
     * starts in a later round, so the decision is persisted first. It runs at the branch's level with
     * {@code parentNode} = the branch and the branch's data and output dirs (Flyte's recurseDownstream), so its outputs
     * are the branch node's outputs.
     */
    Transition branch(Scope s, NodeSpec n, NodeStatus ns, NodeContext nctx) {
      BranchNodeStatus bs = ns.branchStatus;
      if (bs == null || bs.finalNodeId == null) {
        if (n.branch == null) {
          return Transition.permanent("IllegalStateError", "Invoked branch handler, for a non branch node.",
              ExecutionError.ErrorKind.SYSTEM);
        }
        BranchEvaluator.Decision d;
        try {
          d = BranchEvaluator.decide(n.branch, nctx.inputs());
        } catch (BranchEvaluator.BranchException e) {
          ns.branchStatus = new BranchNodeStatus(BranchNodeStatus.ERROR, null);
          return Transition.permanent(e.code(), "[" + e.code() + "] " + e.getMessage(),
              ExecutionError.ErrorKind.USER);
        }
        if (s.spec(d.chosen()) == null) {
          return Transition.permanent("DownstreamNodeNotFound", "Branch downstream finalized node not found."
              + " FinalizedNode [" + d.chosen() + "]", ExecutionError.ErrorKind.SYSTEM);
        }
        for (String skipped : d.skipped()) {
          NodeStatus other = s.node(skipped);
          if (other.phase == NodePhase.NOT_YET_STARTED) {
            other.updatePhase(NodePhase.SKIPPED, now, "Branch evaluated to false", null);
          }
        }
        s.node(d.chosen()).parentNode = n.id;
        ns.branchStatus = new BranchNodeStatus(BranchNodeStatus.SUCCESS, d.chosen());
        changed = true;
        return Transition.running("branch taken: " + d.chosen());
      }
      NodeSpec child = s.spec(bs.finalNodeId);
      if (child == null) {
        return Transition.permanent("DownstreamNodeNotFound", "Downstream node [" + bs.finalNodeId + "] not found",
            ExecutionError.ErrorKind.SYSTEM);
      }
      NodeStatus cs = s.node(child.id);
      cs.parentNode = n.id;
      if (!cs.phase.isTerminal()) {
        visit(s, child, cs);
      }
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

    // ---- sub-workflow nodes (nodes/subworkflow/subworkflow.go) ----

    /** The sub-workflow node {@code n} runs, or null when the resource does not have it. */
    WorkflowSpec subSpec(NodeSpec n) {
      if (!isSubWorkflow(n) || ctx.resource() == null || ctx.resource().subWorkflows == null) {
        return null;
      }
      return ctx.resource().subWorkflows.get(n.workflow.subWorkflowRef);
    }

    /** The level of {@code n}'s sub-workflow: statuses in its {@code subNodeStatus}, data under its output dir. */
    Scope subScope(Scope s, NodeSpec n, NodeStatus ns) {
      WorkflowSpec sub = subSpec(n);
      if (sub == null) {
        return null;
      }
      if (ns.subNodeStatus == null) {
        ns.subNodeStatus = new java.util.LinkedHashMap<>();
      }
      return new Scope(sub, ns.subNodeStatus, n, ns, outputDir(s, n.id), uniqueId(s, n.id), ns.attempts);
    }

    /**
     * A sub-workflow node: its inputs become the sub-workflow's start node outputs, its nodes run nested in its
     * status, and once the sub-workflow's end node succeeded its outputs are copied to the node's outputs. A failure
     * (after the sub-workflow's failure policy) moves it to Failing, persisted; then the sub-workflow's running nodes
     * are aborted and its failure node, if any, runs before the node fails with the sub-workflow's error.
     */
    Transition subWorkflow(Scope s, NodeSpec n, NodeStatus ns, NodeContext nctx) {
      Scope sub = subScope(s, n, ns);
      if (sub == null) {
        return Transition.permanent("SubWorkflowExecutionFailed", "failed to find sub workflow with ID ["
            + n.workflow.subWorkflowRef + "]", ExecutionError.ErrorKind.SYSTEM);
      }
      if (ns.workflowNodeStatus == null) {
        ns.workflowNodeStatus = new WorkflowNodeStatus();
      }
      WorkflowNodeStatus ws = ns.workflowNodeStatus;
      if (ws.phase == WorkflowNodeStatus.UNDEFINED) {
        // SetInputsForStartNode (idempotent: the same inputs every time).
        blobs.writeProto(DataLayout.join(outputDir(sub, START_NODE), DataLayout.OUTPUTS), nctx.inputs());
        ws.phase = WorkflowNodeStatus.EXECUTING;
      }
      if (ws.phase == WorkflowNodeStatus.EXECUTING) {
        Traversal t = traverse(sub);
        if (t.failure != null) {
          if (failNow(sub, t)) {
            ws.phase = WorkflowNodeStatus.FAILING;
            ws.executionError = WorkflowNodeStatus.GoExecutionError.of(t.failure);
          }
          return Transition.running(null);
        }
        NodeStatus end = sub.statuses.get(END_NODE);
        if (end == null || end.phase != NodePhase.SUCCEEDED) {
          return Transition.running(null);
        }
        if (sub.spec.outputBindings != null && !sub.spec.outputBindings.isEmpty()) {
          String from = DataLayout.join(outputDir(sub, END_NODE), DataLayout.OUTPUTS);
          java.util.Optional<byte[]> out = blobs.read(from);
          if (out.isEmpty()) {
            return Transition.permanent("SubWorkflowExecutionFailed", "Subworkflow is expected to produce outputs"
                + " but no outputs file was written to " + from + ".", ExecutionError.ErrorKind.SYSTEM);
          }
          blobs.write(nctx.outputsPath(), out.get());
        }
        return Transition.success();
      }
      // Failing: HandleFailingSubWorkflow.
      ExecutionError original = ws.executionError != null ? ws.executionError.toProto()
          : ExecutionError.newBuilder().setCode("SubworkflowNodeFailing").build();
      abortInFlight(sub, "subworkflow failed", false);
      NodeSpec fn = sub.spec.onFailure;
      if (fn == null) {
        return Transition.permanent(original);
      }
      NodeStatus fs = sub.node(fn.id);
      if (!fs.phase.isTerminal()) {
        visit(sub, fn, fs);
      }
      if (fs.phase.isFailure()) {
        return Transition.permanent(fs.error != null ? fs.error.toProto() : original);
      }
      if (fs.phase.isTerminal()) {
        return Transition.permanent(original);
      }
      return Transition.running(null);
    }

    // ---- where a node's data and events go ----

    boolean isExpired(Instant from, Duration d) {
      return from != null && d != null && !d.isZero() && !d.isNegative() && !now.isBefore(from.plus(d));
    }

    void abortQuietly(Scope s, NodeSpec n, NodeStatus ns, NodeHandler h, NodeContext nctx, String reason) {
      try {
        abortNode(s, n, ns, h, nctx, reason);
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

    NodeContext nodeContext(Scope s, NodeSpec n, NodeStatus ns) {
      String fixedOutput = ns.parentNode != null ? outputDir(s, ns.parentNode) : null;
      return new NodeContext(ctx, n, ns, dataDir(s, n.id), blobs, events, config, now, uniqueId(s, n.id),
          fixedOutput);
    }

    /**
     * A node's data dir: {@code <wfDataDir>/<id>/data} at the top level, {@code <parentOutputDir>/<id>} in a
     * sub-workflow, its branch node's data dir for a branch's chosen node.
     */
    String dataDir(Scope s, String nodeId) {
      NodeStatus ns = s.statuses.get(nodeId);
      if (ns != null && ns.parentNode != null && !ns.parentNode.equals(nodeId)) {
        return dataDir(s, ns.parentNode);
      }
      return s.top() ? DataLayout.nodeDataDir(st.dataDir, nodeId) : DataLayout.join(s.parentOutputDir, nodeId);
    }

    /** A node's current output dir: {@code <dataDir>/<attempt>}, its branch node's for a branch's chosen node. */
    String outputDir(Scope s, String nodeId) {
      NodeStatus ns = s.statuses.get(nodeId);
      if (ns != null && ns.parentNode != null && !ns.parentNode.equals(nodeId)) {
        return outputDir(s, ns.parentNode);
      }
      return DataLayout.outputDir(dataDir(s, nodeId), ns == null ? 0 : ns.attempts);
    }

    /** The unique id and attempt of the node {@code nodeId} runs under (its branch, else its workflow node). */
    String parentUniqueId(Scope s, String nodeId) {
      NodeStatus ns = s.statuses.get(nodeId);
      if (ns != null && ns.parentNode != null && !ns.parentNode.equals(nodeId)) {
        return uniqueId(s, ns.parentNode);
      }
      return s.parentUniqueId;
    }

    int parentAttempt(Scope s, String nodeId) {
      NodeStatus ns = s.statuses.get(nodeId);
      if (ns != null && ns.parentNode != null && !ns.parentNode.equals(nodeId)) {
        NodeStatus p = s.statuses.get(ns.parentNode);
        return p == null ? 0 : p.attempts;
      }
      return s.parentAttempt;
    }

    String uniqueId(Scope s, String nodeId) {
      return WorkflowExecutor.uniqueId(parentUniqueId(s, nodeId), parentAttempt(s, nodeId), nodeId);
    }

    /** Who a node's events are about (event version 0: the node id alone, no parent, as Flyte's legacy events). */
    EventRecorder.NodeRef ref(Scope s, NodeSpec n) {
      boolean parent = isSubWorkflow(n);
      boolean array = n.kind == NodeKind.ARRAY;
      String parentId = parentUniqueId(s, n.id);
      if (ctx.eventVersion() == 0) {
        return new EventRecorder.NodeRef(n.id, n.id, null, null, parent, array);
      }
      return new EventRecorder.NodeRef(uniqueId(s, n.id), n.id, parentId,
          parentId == null ? null : Integer.toString(parentAttempt(s, n.id)), parent, array);
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
      final Scope s;

      UpstreamOutputs(Scope s) {
        this.s = s;
      }

      @Override
      public LiteralMap of(String nodeId) {
        String ref = DataLayout.join(outputDir(s, nodeId), DataLayout.OUTPUTS);
        return blobs.readProto(ref, LiteralMap.parser()).orElseThrow(
            () -> new BindingResolver.BindingException("outputs of node [" + nodeId + "] not found at " + ref));
      }

      @Override
      public String unalias(String nodeId, String alias) {
        NodeSpec up = s.spec.nodes.get(nodeId);
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
