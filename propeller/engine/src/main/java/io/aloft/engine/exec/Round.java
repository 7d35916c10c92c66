package io.aloft.engine.exec;

import io.aloft.crd.NodeSpec;
import io.aloft.engine.EngineConfig;
import io.aloft.engine.ExecutionContext;
import io.aloft.engine.data.BlobStore;
import io.aloft.engine.event.EventRecorder;
import io.aloft.engine.event.EventSink;
import io.aloft.engine.node.DagLevel;
import io.aloft.engine.node.NodeContext;
import io.aloft.engine.node.NodeExecutor;
import java.time.Instant;

/**
 * What one round of one execution shares across every level it walks: the execution, the clock reading, the event
 * recorder, the node executor, and the count of executable nodes in flight (max parallelism counts them across
 * levels).
 */
public final class Round {
  final ExecutionContext ctx;
  final EngineConfig config;
  final BlobStore blobs;
  final EventRecorder events;
  final NodeHandlers handlers;
  final Instant now;
  final NodeWalker executor;
  int inFlight;
  private DagLevel top;

  private Round(ExecutionContext ctx, EngineConfig config, BlobStore blobs, EventRecorder events,
      NodeHandlers handlers, Instant now) {
    this.ctx = ctx;
    this.config = config;
    this.blobs = blobs;
    this.events = events;
    this.handlers = handlers;
    this.now = now;
    this.executor = new NodeWalker(this);
  }

  /** A round of {@code ctx} at {@code now}, its in-flight count taken from the status. */
  public static Round start(ExecutionContext ctx, EngineConfig config, BlobStore blobs, EventSink sink,
      NodeHandlers handlers, Instant now) {
    return start(ctx, config, blobs, sink, null, handlers, now);
  }

  /** The same, its node and task events sent through {@code lanes} (null: one by one). */
  public static Round start(ExecutionContext ctx, EngineConfig config, BlobStore blobs, EventSink sink,
      io.aloft.engine.event.EventLanes lanes, NodeHandlers handlers, Instant now) {
    Round r = new Round(ctx, config, blobs, new EventRecorder(sink, config.clusterId(), ctx.executionId(), lanes),
        handlers, now);
    r.inFlight = r.ctx.status().phase.isTerminal() ? 0 : r.executor.inFlight(r.top());
    return r;
  }

  public ExecutionContext ctx() {
    return ctx;
  }

  public EngineConfig config() {
    return config;
  }

  public Instant now() {
    return now;
  }

  public EventRecorder events() {
    return events;
  }

  public NodeExecutor executor() {
    return executor;
  }

  /** Executable nodes in flight now. */
  public int inFlight() {
    return inFlight;
  }

  /** The primary workflow's level (its data dir is the status's, set when the workflow starts). */
  public DagLevel top() {
    if (top != null) {
      return top;
    }
    DagLevel level = DagLevel.top(ctx.workflow(), ctx.status().nodeStatus, ctx.status().dataDir);
    if (ctx.status().dataDir != null) {
      top = level;
    }
    return level;
  }

  /** Node {@code n} of {@code level} as its handler sees it this round. */
  NodeContext context(DagLevel level, NodeSpec n) {
    return new NodeContext(ctx, n, level.node(n.id), level, executor, blobs, events, config, now);
  }

  /** True when no more executable node may start (IsMaxParallelismAchieved). */
  boolean parallelismReached() {
    return ctx.maxParallelism() > 0 && inFlight >= ctx.maxParallelism();
  }
}
