package io.aloft.engine;

import io.aloft.engine.cache.CacheMetrics;
import io.aloft.engine.cache.TaskCache;
import io.aloft.engine.data.InMemoryBlobStore;
import io.aloft.engine.plugin.EchoPlugin;
import io.aloft.engine.plugin.PluginRegistry;
import io.aloft.engine.status.StatusJson;
import java.util.List;
import java.util.function.Consumer;

/** Runs rounds the way the operator will: persist (JSON round trip) the status after every round. */
final class Harness {
  final InMemoryBlobStore blobs = new InMemoryBlobStore();
  final RecordingEventSink sink = new RecordingEventSink();
  final ManualClock clock;
  final ScriptedPlugin scripted = new ScriptedPlugin();
  /** Replaceable: a new executor over the same plugin, blobs and sink is an operator restart. */
  WorkflowExecutor executor;
  ExecutionContext ctx;
  int rounds;

  Harness(ExecutionContext ctx) {
    this(ctx, null, CacheMetrics.NONE, new ManualClock());
  }

  /** A harness whose executor uses {@code cache} and {@code clock} (shared by harnesses of other executions). */
  Harness(ExecutionContext ctx, TaskCache cache, CacheMetrics metrics, ManualClock clock) {
    this.ctx = ctx;
    this.clock = clock;
    this.executor = executor(cache, metrics);
  }

  /** A fresh executor over this harness's plugin, blobs, sink and clock. */
  WorkflowExecutor executor(TaskCache cache, CacheMetrics metrics) {
    return new WorkflowExecutor(EngineConfig.defaults("s3://bucket"),
        new PluginRegistry(List.of(new EchoPlugin(), scripted)), blobs, sink, clock, cache, metrics);
  }

  /** One round on the persisted status; the result becomes the persisted status. */
  RoundResult round() {
    ctx = ctx.withStatus(StatusJson.copy(ctx.status()));
    rounds++;
    return executor.round(ctx);
  }

  /**
   * Rounds until the workflow is over or three rounds in a row changed nothing (what the operator's resyncs would
   * keep doing); {@code after} sees every round's state.
   */
  RoundResult untilQuiet(Consumer<Harness> after) {
    int idle = 0;
    for (int i = 0; i < 500; i++) {
      RoundResult r = round();
      if (after != null) {
        after.accept(this);
      }
      idle = r.changed() ? 0 : idle + 1;
      if (idle == 3 || r.terminal()) {
        return r;
      }
    }
    throw new AssertionError("workflow did not settle in 500 rounds");
  }

  RoundResult untilQuiet() {
    return untilQuiet(null);
  }
}
