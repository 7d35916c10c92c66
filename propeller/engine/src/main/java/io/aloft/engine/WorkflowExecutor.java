package io.aloft.engine;

import io.aloft.crd.NodeKind;
import io.aloft.engine.cache.CacheMetrics;
import io.aloft.engine.cache.TaskCache;
import io.aloft.engine.data.BlobStore;
import io.aloft.engine.event.EventLanes;
import io.aloft.engine.event.EventSink;
import io.aloft.engine.exec.NodeHandlers;
import io.aloft.engine.exec.Round;
import io.aloft.engine.node.ArrayHandler;
import io.aloft.engine.node.BranchHandler;
import io.aloft.engine.node.DynamicHandler;
import io.aloft.engine.node.DagLevel;
import io.aloft.engine.node.EndHandler;
import io.aloft.engine.node.NodeHandler;
import io.aloft.engine.node.StartHandler;
import io.aloft.engine.node.SubWorkflowHandler;
import io.aloft.engine.node.TaskHandler;
import io.aloft.engine.node.GateHandler;
import io.aloft.engine.node.LaunchPlanHandler;
import io.aloft.engine.remote.Launcher;
import io.aloft.engine.remote.Signals;
import io.aloft.engine.plugin.PluginRegistry;
import java.util.concurrent.Executor;

/**
 * Evaluates one workflow execution one round at a time (flytepropeller workflow/executor.go): the workflow's own phases
 * ({@link WorkflowPhases}), with its nodes run by the recursive node executor and one handler per node kind. A round
 * reads {@link ExecutionContext#status()}, advances it in place and says whether it changed (the status's dirty marks);
 * the caller persists the status after every round that changed it, and may run the next round at once (a streak).
 *
 * <p>Order of effects: every side effect is preceded by a persisted phase. A node is Queued (inputs written, status
 * changed) in one round and its handler first runs in a later round, so a crash between the two repeats nothing;
 * a crash after a launch but before the status was persisted repeats the launch with the same attempt and the same
 * deterministic resource name, which plugins treat as "already launched".
 */
public final class WorkflowExecutor {
  public static final String START_NODE = DagLevel.START_NODE;
  public static final String END_NODE = DagLevel.END_NODE;

  private final EngineConfig config;
  private final BlobStore blobs;
  private final EventSink sink;
  private final Clock clock;
  private final NodeHandlers handlers = new NodeHandlers();
  private Executor eventExecutor;
  private int eventConcurrency = 1;

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
    this(config, plugins, blobs, sink, clock, cache, cacheMetrics, Launcher.NONE, Signals.NONE);
  }

  /**
   * An executor whose launch-plan nodes launch child executions through {@code launcher} and whose gate nodes wait for
   * signals through {@code signals} (both admin's).
   */
  public WorkflowExecutor(EngineConfig config, PluginRegistry plugins, BlobStore blobs, EventSink sink, Clock clock,
      TaskCache cache, CacheMetrics cacheMetrics, Launcher launcher, Signals signals) {
    this.config = config;
    this.blobs = blobs;
    this.sink = sink;
    this.clock = clock;
    NodeHandler subWorkflow = new SubWorkflowHandler();
    NodeHandler launchPlan = new LaunchPlanHandler(launcher);
    handlers.register(NodeKind.START, new StartHandler())
        .register(NodeKind.END, new EndHandler())
        .register(NodeKind.TASK, new DynamicHandler(new TaskHandler(plugins, cache,
            cacheMetrics == null ? CacheMetrics.NONE : cacheMetrics), launcher))
        .register(NodeKind.ARRAY, new ArrayHandler(plugins, launcher))
        .register(NodeKind.BRANCH, new BranchHandler())
        .register(NodeKind.GATE, new GateHandler(signals))
        .register(NodeKind.WORKFLOW, n -> NodeHandlers.isSubWorkflow(n) ? subWorkflow : launchPlan);
  }

  /**
   * Sends each round's node and task events through {@link EventLanes} on {@code executor}, at most
   * {@code concurrency} at once; 1 or less sends them one by one (the default).
   */
  public WorkflowExecutor withEventConcurrency(Executor executor, int concurrency) {
    this.eventExecutor = concurrency > 1 ? executor : null;
    this.eventConcurrency = concurrency;
    return this;
  }

  /**
   * Advances the execution by one round. With event concurrency on, a refusal the round could not absorb after the
   * fact throws {@link EventLanes.DeferredRefusal}: the status is then half-advanced and must be discarded, and the
   * round evaluated again from the persisted status with {@link #roundOneEventAtATime}.
   */
  public RoundResult round(ExecutionContext ctx) {
    return round(ctx, eventExecutor == null ? null : new EventLanes(eventExecutor, eventConcurrency));
  }

  /** A round whose events go out one by one, each answered before the round goes on. */
  public RoundResult roundOneEventAtATime(ExecutionContext ctx) {
    return round(ctx, null);
  }

  private RoundResult round(ExecutionContext ctx, EventLanes lanes) {
    ctx.status().resetDirty();
    Round r = Round.start(ctx, config, blobs, sink, lanes, handlers, clock.now());
    boolean flushed = false;
    try {
      new WorkflowPhases(r).run();
      r.events().flush();
      flushed = true;
    } finally {
      if (!flushed) {
        r.events().drain();
      }
    }
    return new RoundResult(ctx.status().isDirty(), ctx.status().phase, r.inFlight());
  }

  /**
   * Flyte's GenerateUniqueID: the id of {@code nodeId} under a parent with unique id {@code parentUniqueId} in its
   * attempt {@code parentAttempt}; see {@link DagLevel#uniqueId(String, int, String)}.
   */
  public static String uniqueId(String parentUniqueId, int parentAttempt, String nodeId) {
    return DagLevel.uniqueId(parentUniqueId, parentAttempt, nodeId);
  }
}
