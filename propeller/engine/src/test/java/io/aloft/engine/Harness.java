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

  /**
   * Node and task events sent per round at once by every harness's executor (1: one by one); a test class turns it
   * up to run its cases with {@link io.aloft.engine.event.EventLanes}.
   */
  static volatile int eventConcurrency = 1;
  private static final java.util.concurrent.ExecutorService EVENT_THREADS =
      java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
  /** Rounds evaluated again with events one by one after a concurrent event was refused. */
  int roundsAgain;

  /** A fresh executor over this harness's plugin, blobs, sink and clock. */
  WorkflowExecutor executor(TaskCache cache, CacheMetrics metrics) {
    return new WorkflowExecutor(EngineConfig.defaults("s3://bucket"),
        new PluginRegistry(List.of(new EchoPlugin(), scripted)), blobs, sink, clock, cache, metrics)
        .withEventConcurrency(EVENT_THREADS, eventConcurrency);
  }

  /**
   * One round on the persisted status; the result becomes the persisted status. As the operator's handler does, a
   * round whose concurrent events met a refusal it cannot absorb is evaluated again from the persisted status with
   * events one by one.
   */
  RoundResult round() {
    ExecutionContext persisted = ctx;
    ctx = persisted.withStatus(StatusJson.copy(persisted.status()));
    rounds++;
    try {
      return executor.round(ctx);
    } catch (io.aloft.engine.event.EventLanes.DeferredRefusal e) {
      roundsAgain++;
      ctx = persisted.withStatus(StatusJson.copy(persisted.status()));
      return executor.roundOneEventAtATime(ctx);
    }
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
