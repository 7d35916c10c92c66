package io.aloft.engine;

import static io.aloft.engine.TestWorkflows.INT;
import static io.aloft.engine.TestWorkflows.inputs;
import static io.aloft.engine.TestWorkflows.intLit;
import static io.aloft.engine.TestWorkflows.promise;
import static io.aloft.engine.TestWorkflows.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import flyteidl.core.Catalog.CatalogCacheStatus;
import flyteidl.core.Catalog.CatalogMetadata;
import flyteidl.core.Catalog.CatalogReservation;
import flyteidl.core.Execution.NodeExecution;
import flyteidl.core.IdentifierOuterClass.TaskExecutionIdentifier;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Tasks.TaskTemplate;
import flyteidl.event.Event.NodeExecutionEvent;
import io.aloft.crd.ExecutionConfig;
import io.aloft.engine.cache.CacheEntry;
import io.aloft.engine.cache.CacheException;
import io.aloft.engine.cache.CacheKey;
import io.aloft.engine.cache.CacheMetrics;
import io.aloft.engine.cache.InMemoryTaskCache;
import io.aloft.engine.cache.Reservation;
import io.aloft.engine.cache.TaskCache;
import io.aloft.engine.plugin.PluginTransition;
import io.aloft.engine.status.NodePhase;
import io.aloft.engine.status.NodeStatus;
import io.aloft.engine.status.StatusJson;
import io.aloft.engine.status.WorkflowPhase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Task nodes with a task cache (Flyte's discovery): lookups, writes, overwrite, serialized reservations. */
class TaskCacheTest {
  final ManualClock clock = new ManualClock();
  final InMemoryTaskCache cache = new InMemoryTaskCache(clock);
  final CountingMetrics metrics = new CountingMetrics();

  static final class CountingMetrics implements CacheMetrics {
    final Map<String, Integer> counts = new ConcurrentHashMap<>();

    int get(String k) {
      return counts.getOrDefault(k, 0);
    }

    private void inc(String k) {
      counts.merge(k, 1, Integer::sum);
    }

    @Override public void hit() { inc("hit"); }
    @Override public void miss() { inc("miss"); }
    @Override public void skip() { inc("skip"); }
    @Override public void putSuccess() { inc("putSuccess"); }
    @Override public void putFailure() { inc("putFailure"); }
    @Override public void getFailure() { inc("getFailure"); }
    @Override public void reservationGetSuccess() { inc("reservationGetSuccess"); }
    @Override public void reservationGetFailure() { inc("reservationGetFailure"); }
    @Override public void reservationReleaseSuccess() { inc("reservationReleaseSuccess"); }
    @Override public void reservationReleaseFailure() { inc("reservationReleaseFailure"); }
  }

  static TaskTemplate cached(String name, boolean serializable, Map<String, flyteidl.core.Types.LiteralType> vars,
      String... ignore) {
    TaskTemplate t = task(name, "scripted", vars, 0);
    return t.toBuilder().setMetadata(t.getMetadata().toBuilder().setDiscoverable(true).setDiscoveryVersion("1.0")
        .setCacheSerializable(serializable).addAllCacheIgnoreInputVars(List.of(ignore))).build();
  }

  static TestWorkflows.Wf wf(TaskTemplate t) {
    TestWorkflows.Wf wf = new TestWorkflows.Wf("wf.cached");
    Map<String, flyteidl.core.Literals.BindingData> b = new LinkedHashMap<>();
    for (String v : t.getInterface().getInputs().getVariablesMap().keySet()) {
      wf.input(v, INT);
      b.put(v, promise("start-node", v));
    }
    wf.node("n0", t, b).output("o", INT, promise("n0", "x"));
    return wf;
  }

  Harness harness(TaskTemplate t, String exec, LiteralMap in) throws Exception {
    return harness(t, exec, in, cache);
  }

  Harness harness(TaskTemplate t, String exec, LiteralMap in, TaskCache c) throws Exception {
    return new Harness(wf(t).context(exec, in, 0), c, metrics, clock);
  }

  static List<NodeExecutionEvent> nodeEvents(Harness h, String node) {
    List<NodeExecutionEvent> out = new ArrayList<>();
    for (Object o : h.sink.accepted) {
      if (o instanceof NodeExecutionEvent e && e.getId().getNodeId().equals(node)) {
        out.add(e);
      }
    }
    return out;
  }

  static NodeExecutionEvent nodeEvent(Harness h, NodeExecution.Phase p) {
    return nodeEvents(h, "n0").stream().filter(e -> e.getPhase() == p).findFirst().orElseThrow();
  }

  static LiteralMap workflowOutputs(Harness h) {
    return h.blobs.readProto(h.ctx.status().outputRef, LiteralMap.parser()).orElseThrow();
  }

  static NodeStatus n0(Harness h) {
    return h.ctx.status().nodeStatus.get("n0");
  }

  @Test
  void aMissRunsAndWritesTheCacheAndTheNextExecutionHitsWithoutLaunching() throws Exception {
    TaskTemplate t = cached("t_cached", false, Map.of("x", INT));
    Harness a = harness(t, "execa", inputs("x", intLit(7)));
    assertThat(a.untilQuiet().phase()).isEqualTo(WorkflowPhase.SUCCESS);
    assertThat(a.scripted.creates).containsOnlyKeys("execa-n0-0");
    NodeExecutionEvent running = nodeEvent(a, NodeExecution.Phase.RUNNING);
    assertThat(running.getTaskNodeMetadata().getCacheStatus()).isEqualTo(CatalogCacheStatus.CACHE_MISS);
    NodeExecutionEvent written = nodeEvent(a, NodeExecution.Phase.SUCCEEDED);
    assertThat(written.getTaskNodeMetadata().getCacheStatus()).isEqualTo(CatalogCacheStatus.CACHE_POPULATED);
    CacheKey key = CacheKey.of(t, inputs("x", intLit(7)));
    assertThat(written.getTaskNodeMetadata().getCatalogKey().getDatasetId().getName()).isEqualTo("flyte_task-t_cached");
    assertThat(written.getTaskNodeMetadata().getCatalogKey().getDatasetId().getVersion())
        .isEqualTo(key.datasetId().getVersion());
    assertThat(written.getTaskNodeMetadata().getCatalogKey().getArtifactTag().getName()).isEqualTo(key.tag());
    assertThat(metrics.get("miss")).isEqualTo(1);
    assertThat(metrics.get("putSuccess")).isEqualTo(1);
    assertThat(cache.get(key)).isPresent();

    Harness b = harness(t, "execb", inputs("x", intLit(7)));
    assertThat(b.untilQuiet().phase()).isEqualTo(WorkflowPhase.SUCCESS);
    assertThat(b.scripted.creates).isEmpty();
    assertThat(b.scripted.finalized).isEmpty();
    assertThat(b.sink.taskEvents("n0")).isEmpty();
    assertThat(n0(b).cached).isTrue();
    assertThat(workflowOutputs(b)).isEqualTo(inputs("o", intLit(7)));
    assertThat(b.blobs.readProto(WorkflowExecutorTest.WF_DIR + "execb/n0/data/0/outputs.pb", LiteralMap.parser()))
        .contains(inputs("x", intLit(7)));
    NodeExecutionEvent hit = nodeEvent(b, NodeExecution.Phase.SUCCEEDED);
    assertThat(hit.getOutputUri()).isEqualTo(WorkflowExecutorTest.WF_DIR + "execb/n0/data/0/outputs.pb");
    CatalogMetadata md = hit.getTaskNodeMetadata().getCatalogKey();
    assertThat(hit.getTaskNodeMetadata().getCacheStatus()).isEqualTo(CatalogCacheStatus.CACHE_HIT);
    assertThat(md.getArtifactTag().getName()).isEqualTo(key.tag());
    assertThat(md.getSourceTaskExecution().getNodeExecutionId().getExecutionId().getName()).isEqualTo("execa");
    assertThat(md.getSourceTaskExecution().getNodeExecutionId().getNodeId()).isEqualTo("n0");
    assertThat(md.getSourceTaskExecution().getTaskId().getVersion()).isEqualTo("v1");
    assertThat(metrics.get("hit")).isEqualTo(1);

    Harness c = harness(t, "execc", inputs("x", intLit(8)));
    assertThat(c.untilQuiet().phase()).isEqualTo(WorkflowPhase.SUCCESS);
    assertThat(c.scripted.creates).containsOnlyKeys("execc-n0-0");
    assertThat(metrics.get("miss")).isEqualTo(2);
  }

  @Test
  void withoutACacheOrWithoutDiscoverableTheTaskAlwaysRuns() throws Exception {
    TaskTemplate t = cached("t_nocache", false, Map.of("x", INT));
    assertThat(harness(t, "exec1", inputs("x", intLit(1)), null).untilQuiet().phase())
        .isEqualTo(WorkflowPhase.SUCCESS);
    Harness again = harness(t, "exec2", inputs("x", intLit(1)), null);
    again.untilQuiet();
    assertThat(again.scripted.creates).containsOnlyKeys("exec2-n0-0");
    assertThat(nodeEvent(again, NodeExecution.Phase.SUCCEEDED).hasTaskNodeMetadata()).isFalse();

    TaskTemplate plain = task("t_plain", "scripted", Map.of("x", INT), 0);
    harness(plain, "exec3", inputs("x", intLit(1))).untilQuiet();
    Harness b = harness(plain, "exec4", inputs("x", intLit(1)));
    b.untilQuiet();
    assertThat(b.scripted.creates).containsOnlyKeys("exec4-n0-0");
    assertThat(metrics.counts).isEmpty();
  }

  @Test
  void ignoredInputsDoNotSplitTheCache() throws Exception {
    Map<String, flyteidl.core.Types.LiteralType> vars = new LinkedHashMap<>();
    vars.put("x", INT);
    vars.put("seed", INT);
    TaskTemplate t = cached("t_ignore", false, vars, "seed");
    harness(t, "execa", inputs("x", intLit(1), "seed", intLit(1))).untilQuiet();
    Harness b = harness(t, "execb", inputs("x", intLit(1), "seed", intLit(2)));
    assertThat(b.untilQuiet().phase()).isEqualTo(WorkflowPhase.SUCCESS);
    assertThat(b.scripted.creates).isEmpty();
    // The cached outputs are execa's, seed included.
    assertThat(b.blobs.readProto(WorkflowExecutorTest.WF_DIR + "execb/n0/data/0/outputs.pb", LiteralMap.parser())
        .orElseThrow().getLiteralsOrThrow("seed")).isEqualTo(intLit(1));

    Harness c = harness(t, "execc", inputs("x", intLit(2), "seed", intLit(1)));
    c.untilQuiet();
    assertThat(c.scripted.creates).containsOnlyKeys("execc-n0-0");
  }

  @Test
  void overwriteSkipsTheLookupRunsAndReplacesTheCachedOutputs() throws Exception {
    TaskTemplate t = cached("t_over", false, Map.of("x", INT));
    harness(t, "execa", inputs("x", intLit(5))).untilQuiet();

    Harness b = harness(t, "execb", inputs("x", intLit(5)));
    b.ctx.resource().executionConfig = new ExecutionConfig();
    b.ctx.resource().executionConfig.overwriteCache = true;
    b.scripted.scripts.put("n0", c -> {
      c.blobs().writeProto(c.outputsPath(), inputs("x", intLit(99)));
      return PluginTransition.succeeded();
    });
    assertThat(b.untilQuiet().phase()).isEqualTo(WorkflowPhase.SUCCESS);
    assertThat(b.scripted.creates).containsOnlyKeys("execb-n0-0");
    assertThat(workflowOutputs(b)).isEqualTo(inputs("o", intLit(99)));
    assertThat(nodeEvent(b, NodeExecution.Phase.RUNNING).getTaskNodeMetadata().getCacheStatus())
        .isEqualTo(CatalogCacheStatus.CACHE_SKIPPED);
    assertThat(nodeEvent(b, NodeExecution.Phase.SUCCEEDED).getTaskNodeMetadata().getCacheStatus())
        .isEqualTo(CatalogCacheStatus.CACHE_POPULATED);
    assertThat(metrics.get("skip")).isEqualTo(1);
    assertThat(metrics.get("hit")).isZero();

    Harness c = harness(t, "execc", inputs("x", intLit(5)));
    c.untilQuiet();
    assertThat(c.scripted.creates).isEmpty();
    assertThat(workflowOutputs(c)).isEqualTo(inputs("o", intLit(99)));
    assertThat(nodeEvent(c, NodeExecution.Phase.SUCCEEDED).getTaskNodeMetadata().getCatalogKey()
        .getSourceTaskExecution().getNodeExecutionId().getExecutionId().getName()).isEqualTo("execb");
  }

  /** Rounds of both executions, alternating, until both are over. */
  static void interleave(Harness a, Harness b) {
    for (int i = 0; i < 200 && !(a.ctx.status().phase.isTerminal() && b.ctx.status().phase.isTerminal()); i++) {
      a.round();
      b.round();
    }
  }

  @Test
  void aSerializableTaskRunsOnceWhileTheOtherExecutionWaitsThenTakesTheCachedOutputs() throws Exception {
    TaskTemplate t = cached("t_serial", true, Map.of("x", INT));
    Harness a = harness(t, "execa", inputs("x", intLit(3)));
    Harness b = harness(t, "execb", inputs("x", intLit(3)));
    a.scripted.runRounds = 4;
    List<String> waits = new ArrayList<>();
    for (int i = 0; i < 200 && !(a.ctx.status().phase.isTerminal() && b.ctx.status().phase.isTerminal()); i++) {
      a.round();
      b.round();
      NodeStatus s = n0(b);
      if (s != null && s.phase == NodePhase.QUEUED && "waiting on serialized cache".equals(s.message)) {
        waits.add(StatusJson.nodeToString(s));
      }
    }
    assertThat(a.ctx.status().phase).isEqualTo(WorkflowPhase.SUCCESS);
    assertThat(b.ctx.status().phase).isEqualTo(WorkflowPhase.SUCCESS);
    assertThat(a.scripted.creates).containsOnlyKeys("execa-n0-0");
    assertThat(b.scripted.creates).isEmpty();
    assertThat(waits).hasSizeGreaterThanOrEqualTo(3);
    assertThat(waits.get(0))
        .contains("\"aloftReservationStatus\":" + CatalogReservation.Status.RESERVATION_EXISTS_VALUE);
    assertThat(workflowOutputs(b)).isEqualTo(inputs("o", intLit(3)));
    assertThat(nodeEvent(b, NodeExecution.Phase.SUCCEEDED).getTaskNodeMetadata().getCacheStatus())
        .isEqualTo(CatalogCacheStatus.CACHE_HIT);
    NodeExecutionEvent aRunning = nodeEvent(a, NodeExecution.Phase.RUNNING);
    assertThat(aRunning.getTaskNodeMetadata().getReservationStatus())
        .isEqualTo(CatalogReservation.Status.RESERVATION_ACQUIRED);
    assertThat(nodeEvent(a, NodeExecution.Phase.SUCCEEDED).getTaskNodeMetadata().getReservationStatus())
        .isEqualTo(CatalogReservation.Status.RESERVATION_RELEASED);
    // Released: anyone may take it now.
    Reservation r = cache.getOrExtendReservation(CacheKey.of(t, inputs("x", intLit(3))), "someone",
        Duration.ofSeconds(10));
    assertThat(r.ownerId()).isEqualTo("someone");
    assertThat(metrics.get("reservationReleaseSuccess")).isEqualTo(1);
    assertThat(metrics.get("hit")).isEqualTo(1);
  }

  @Test
  void anOperatorRestartMidReservationContinuesWithTheSameOwner() throws Exception {
    TaskTemplate t = cached("t_restart", true, Map.of("x", INT));
    Harness a = harness(t, "execa", inputs("x", intLit(4)));
    Harness b = harness(t, "execb", inputs("x", intLit(4)));
    a.scripted.runRounds = 1000; // runs until the test lets it finish
    for (int i = 0; i < 10; i++) {
      a.round();
      b.round();
    }
    assertThat(n0(a).phase).isEqualTo(NodePhase.RUNNING);
    assertThat(n0(b).phase).isEqualTo(NodePhase.QUEUED);
    assertThat(n0(b).message).isEqualTo("waiting on serialized cache");
    CacheKey key = CacheKey.of(t, inputs("x", intLit(4)));
    assertThat(cache.getOrExtendReservation(key, "intruder", Duration.ofSeconds(10)).ownerId())
        .isEqualTo("execa-n0-0");

    // Both executors are replaced; only the persisted status (JSON round trip each round) carries over.
    a.executor = a.executor(cache, metrics);
    b.executor = b.executor(cache, metrics);
    clock.advance(Duration.ofSeconds(9)); // within the grace of the last extension
    a.round();
    b.round();
    assertThat(n0(b).phase).isEqualTo(NodePhase.QUEUED);
    a.scripted.runRounds = 0;
    interleave(a, b);
    assertThat(a.ctx.status().phase).isEqualTo(WorkflowPhase.SUCCESS);
    assertThat(b.ctx.status().phase).isEqualTo(WorkflowPhase.SUCCESS);
    assertThat(a.scripted.creates).containsExactly(Map.entry("execa-n0-0", 1));
    assertThat(b.scripted.creates).isEmpty();
    assertThat(n0(b).cached).isTrue();
  }

  @Test
  void anAbandonedReservationExpiresAndTheWaiterRunsTheTask() throws Exception {
    TaskTemplate t = cached("t_expire", true, Map.of("x", INT));
    Harness a = harness(t, "execa", inputs("x", intLit(6)));
    Harness b = harness(t, "execb", inputs("x", intLit(6)));
    a.scripted.runRounds = 1000;
    for (int i = 0; i < 6; i++) {
      a.round();
      b.round();
    }
    assertThat(n0(b).message).isEqualTo("waiting on serialized cache");
    // execa's operator stops extending; three heartbeats (10s each) later the reservation lapses.
    clock.advance(Duration.ofSeconds(31));
    b.untilQuiet();
    assertThat(b.ctx.status().phase).isEqualTo(WorkflowPhase.SUCCESS);
    assertThat(b.scripted.creates).containsOnlyKeys("execb-n0-0");
    // execa comes back while running: it keeps running (its reservation was taken and released meanwhile).
    a.scripted.runRounds = 0;
    a.untilQuiet();
    assertThat(a.ctx.status().phase).isEqualTo(WorkflowPhase.SUCCESS);
    assertThat(a.scripted.creates).containsOnlyKeys("execa-n0-0");
  }

  /** A cache that fails the calls named in {@code failing}. */
  static final class FailingCache implements TaskCache {
    final TaskCache delegate;
    final List<String> failing;

    FailingCache(TaskCache delegate, String... failing) {
      this.delegate = delegate;
      this.failing = List.of(failing);
    }

    private void check(String op) throws CacheException {
      if (failing.contains(op)) {
        throw new CacheException(CacheException.Kind.FAILED, op + " unavailable");
      }
    }

    @Override
    public Optional<CacheEntry> get(CacheKey key) throws CacheException {
      check("get");
      return delegate.get(key);
    }

    @Override
    public CatalogMetadata put(CacheKey key, LiteralMap o, TaskExecutionIdentifier s) throws CacheException {
      check("put");
      return delegate.put(key, o, s);
    }

    @Override
    public CatalogMetadata update(CacheKey key, LiteralMap o, TaskExecutionIdentifier s) throws CacheException {
      check("update");
      return delegate.update(key, o, s);
    }

    @Override
    public Reservation getOrExtendReservation(CacheKey key, String owner, Duration hb) throws CacheException {
      check("reserve");
      return delegate.getOrExtendReservation(key, owner, hb);
    }

    @Override
    public void releaseReservation(CacheKey key, String owner) throws CacheException {
      check("release");
      delegate.releaseReservation(key, owner);
    }
  }

  @Test
  void aFailedLookupFailsTheRoundWithoutLaunching() throws Exception {
    TaskTemplate t = cached("t_getfail", false, Map.of("x", INT));
    Harness a = harness(t, "execa", inputs("x", intLit(1)), new FailingCache(cache, "get"));
    assertThatThrownBy(() -> {
      for (int i = 0; i < 10; i++) {
        a.round();
      }
    }).isInstanceOf(EngineException.class).hasMessageContaining("cache lookup of node n0 failed");
    assertThat(a.scripted.creates).isEmpty();
    assertThat(metrics.get("getFailure")).isEqualTo(1);
  }

  @Test
  void failedWritesAndReleasesAreCountedAndTheNodeStillSucceeds() throws Exception {
    TaskTemplate t = cached("t_putfail", true, Map.of("x", INT));
    Harness a = harness(t, "execa", inputs("x", intLit(1)), new FailingCache(cache, "put", "release"));
    assertThat(a.untilQuiet().phase()).isEqualTo(WorkflowPhase.SUCCESS);
    NodeExecutionEvent done = nodeEvent(a, NodeExecution.Phase.SUCCEEDED);
    assertThat(done.getTaskNodeMetadata().getCacheStatus()).isEqualTo(CatalogCacheStatus.CACHE_PUT_FAILURE);
    assertThat(done.getTaskNodeMetadata().getCatalogKey().getDatasetId().getName()).isEqualTo("flyte_task-t_putfail");
    assertThat(metrics.get("putFailure")).isEqualTo(1);
    assertThat(metrics.get("reservationReleaseFailure")).isEqualTo(1);
    assertThat(cache.get(CacheKey.of(t, inputs("x", intLit(1))))).isEmpty();
  }

  @Test
  void aCacheableTaskWithoutADiscoveryVersionFailsItsNodeOnce() throws Exception {
    TaskTemplate t = cached("t_nover", false, Map.of("x", INT));
    t = t.toBuilder().setMetadata(t.getMetadata().toBuilder().setDiscoveryVersion(" ")).build();
    Harness a = harness(t, "execa", inputs("x", intLit(1)));
    assertThat(a.untilQuiet().phase()).isEqualTo(WorkflowPhase.FAILED);
    assertThat(a.scripted.creates).isEmpty();
    assertThat(n0(a).error.code).isEqualTo("InvalidCacheKey");
  }

  @Test
  void aCachedArtifactThatDoesNotFitTheOutputsIsReplacedByARun() throws Exception {
    TaskTemplate t = cached("t_misfit", false, Map.of("x", INT));
    CacheKey key = CacheKey.of(t, inputs("x", intLit(1)));
    // Written under the same key by a task version whose output had another name.
    cache.put(key, inputs("y", intLit(1)), null);
    Harness a = harness(t, "execa", inputs("x", intLit(1)));
    assertThat(a.untilQuiet().phase()).isEqualTo(WorkflowPhase.SUCCESS);
    assertThat(a.scripted.creates).containsOnlyKeys("execa-n0-0");
    assertThat(metrics.get("getFailure")).isEqualTo(1);
    assertThat(cache.get(key).orElseThrow().outputs()).isEqualTo(inputs("x", intLit(1)));
  }

  @Test
  void inMemoryCacheHonoursMaxCacheAge() throws Exception {
    InMemoryTaskCache aging = new InMemoryTaskCache(clock, Duration.ofHours(1), Duration.ofSeconds(10), 3);
    TaskTemplate t = cached("t_age", false, Map.of("x", INT));
    CacheKey key = CacheKey.of(t, inputs("x", intLit(1)));
    aging.put(key, inputs("x", intLit(1)), null);
    clock.advance(Duration.ofMinutes(59));
    assertThat(aging.get(key)).isPresent();
    clock.advance(Duration.ofMinutes(2));
    assertThat(aging.get(key)).isEmpty();
  }
}
