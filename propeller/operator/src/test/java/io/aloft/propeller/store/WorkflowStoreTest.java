package io.aloft.propeller.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The workflow-store policies against an API server stand-in (an {@link InMemoryStore}) and an informer cache that
 * lags it by one write, which is what makes stale reads happen.
 */
class WorkflowStoreTest {
  record Wf(String namespace, String name, String rv, boolean terminated, int step) {
    Wf next(boolean done) {
      return new Wf(namespace, name, rv, done, step + 1);
    }
  }

  static final WorkflowAccess<Wf> ACCESS = new WorkflowAccess<>() {
    @Override
    public String namespace(Wf w) {
      return w.namespace();
    }

    @Override
    public String name(Wf w) {
      return w.name();
    }

    @Override
    public String resourceVersion(Wf w) {
      return w.rv();
    }

    @Override
    public boolean isTerminated(Wf w) {
      return w.terminated();
    }
  };

  /** The API server, and an informer that serves what the server held before the latest write until caught up. */
  static final class Cluster {
    final InMemoryStore<Wf> server = new InMemoryStore<>(ACCESS,
        (w, rv) -> new Wf(w.namespace(), w.name(), rv, w.terminated(), w.step()));
    Wf informer;

    Cluster(Wf initial) {
      server.put(initial);
      informer = initial;
    }

    void catchUp() {
      informer = server.get(informer.namespace(), informer.name()).orElseThrow();
    }
  }

  private static final class Counting implements StoreMetrics {
    final AtomicInteger stale = new AtomicInteger();
    final AtomicInteger conflicts = new AtomicInteger();
    final AtomicInteger evicted = new AtomicInteger();
    final AtomicInteger redundant = new AtomicInteger();

    @Override
    public void stale() {
      stale.incrementAndGet();
    }

    @Override
    public void conflict() {
      conflicts.incrementAndGet();
    }

    @Override
    public void evicted() {
      evicted.incrementAndGet();
    }

    @Override
    public void redundantUpdate() {
      redundant.incrementAndGet();
    }
  }

  private static PassThroughStore<Wf> passThrough(Cluster c, StoreMetrics m) {
    return new PassThroughStore<>((ns, n) -> c.informer, c.server::update, m);
  }

  /** Rounds on a lagging informer: each round reads, advances one step and writes, never waiting for the cache. */
  private static int rounds(WorkflowStore<Wf> store, Cluster c, int n) {
    int failedWrites = 0;
    for (int i = 0; i < n; i++) {
      Wf w;
      try {
        w = store.get("ns", "wf").orElseThrow();
      } catch (WorkflowStore.StaleWorkflowException e) {
        c.catchUp(); // the informer delivers the new version and re-enqueues the key
        continue;
      }
      try {
        store.update(w.next(false));
      } catch (WorkflowStore.WriteConflictException e) {
        failedWrites++;
        c.catchUp();
      }
    }
    return failedWrites;
  }

  @Test
  void resourceVersionCacheSkipsStaleReadsInsteadOfFailingWrites() {
    Cluster a = new Cluster(new Wf("ns", "wf", "1", false, 0));
    Counting pm = new Counting();
    int passThroughFailures = rounds(passThrough(a, pm), a, 20);

    Cluster b = new Cluster(new Wf("ns", "wf", "1", false, 0));
    Counting rm = new Counting();
    ResourceVersionCacheStore<Wf> rvc = new ResourceVersionCacheStore<>(passThrough(b, rm), ACCESS, rm, 1000);
    int cachedFailures = rounds(rvc, b, 20);

    assertThat(passThroughFailures).as("PassThrough works on stale copies and its writes fail").isEqualTo(10);
    assertThat(pm.conflicts).hasValue(10);
    assertThat(cachedFailures).as("ResourceVersionCache skips the stale copies").isZero();
    assertThat(rm.stale).hasValue(10);
    assertThat(b.server.get("ns", "wf").orElseThrow().step()).isEqualTo(a.server.get("ns", "wf").orElseThrow().step());
  }

  @Test
  void terminatedWorkflowsAreEvictedAndRefused() {
    Cluster c = new Cluster(new Wf("ns", "wf", "1", false, 0));
    Counting m = new Counting();
    ResourceVersionCacheStore<Wf> store = new ResourceVersionCacheStore<>(passThrough(c, m), ACCESS, m, 1000);
    store.update(store.get("ns", "wf").orElseThrow().next(false));
    assertThat(store.size()).isEqualTo(1);
    c.catchUp();
    store.update(store.get("ns", "wf").orElseThrow().next(true));
    assertThat(store.size()).isZero();
    assertThat(m.evicted).hasValue(1);
    c.catchUp();
    assertThatThrownBy(() -> store.get("ns", "wf")).isInstanceOf(WorkflowStore.WorkflowTerminatedException.class);
  }

  @Test
  void aWriteThatChangesNothingIsCountedRedundant() {
    Counting m = new Counting();
    WorkflowStore<Wf> sameVersion = new WorkflowStore<>() {
      @Override
      public java.util.Optional<Wf> get(String namespace, String name) {
        return java.util.Optional.of(new Wf("ns", "wf", "7", false, 0));
      }

      @Override
      public Wf update(Wf workflow) {
        return workflow; // the API server kept the version: nothing changed
      }
    };
    ResourceVersionCacheStore<Wf> store = new ResourceVersionCacheStore<>(sameVersion, ACCESS, m, 10);
    store.update(new Wf("ns", "wf", "7", false, 0));
    assertThat(m.redundant).hasValue(1);
    assertThat(store.get("ns", "wf")).isPresent();
  }

  @Test
  void trackTerminatedRefusesWorkflowsItWroteTerminated() {
    Cluster c = new Cluster(new Wf("ns", "wf", "1", false, 0));
    TrackTerminatedStore<Wf> store = new TrackTerminatedStore<>(passThrough(c, StoreMetrics.NONE), ACCESS, 1000);
    store.update(store.get("ns", "wf").orElseThrow().next(true));
    assertThatThrownBy(() -> store.get("ns", "wf")).isInstanceOf(WorkflowStore.WorkflowTerminatedException.class);
    assertThat(new TrackTerminatedStore<>(passThrough(c, StoreMetrics.NONE), ACCESS, 1000).get("ns", "wf"))
        .isPresent();
  }

  @Test
  void inMemoryBumpsVersionsAndRefusesWritesOfReplacedOnes() {
    InMemoryStore<Wf> store = new InMemoryStore<>(ACCESS, (w, rv) -> new Wf(w.namespace(), w.name(), rv,
        w.terminated(), w.step()));
    store.put(new Wf("ns", "wf", "1", false, 0));
    Wf read = store.get("ns", "wf").orElseThrow();
    assertThat(store.update(read.next(false)).rv()).isEqualTo("2");
    assertThatThrownBy(() -> store.update(read.next(false))).isInstanceOf(WorkflowStore.WriteConflictException.class);
  }

  /**
   * The garbage collector deleted a terminated workflow: the stores that refuse terminated workflows forget it, so that
   * a new workflow of the same name is evaluated, not refused while the filter still holds the old one's key.
   */
  @Test
  void aDeletedWorkflowIsForgottenByTheTerminatedFilters() {
    Cluster rv = new Cluster(new Wf("ns", "wf", "1", false, 0));
    ResourceVersionCacheStore<Wf> cached = new ResourceVersionCacheStore<>(passThrough(rv, StoreMetrics.NONE), ACCESS,
        StoreMetrics.NONE, 1000);
    Cluster tt = new Cluster(new Wf("ns", "wf", "1", false, 0));
    TrackTerminatedStore<Wf> tracked = new TrackTerminatedStore<>(passThrough(tt, StoreMetrics.NONE), ACCESS, 1000);
    for (var store : List.<WorkflowStore<Wf>>of(cached, tracked)) {
      store.update(store.get("ns", "wf").orElseThrow().next(true));
      assertThatThrownBy(() -> store.get("ns", "wf")).isInstanceOf(WorkflowStore.WorkflowTerminatedException.class);
    }
    // deleted, and a workflow of the same name created afterwards (the informer serves it)
    Wf again = new Wf("ns", "wf", "9", false, 0);
    rv.informer = again;
    tt.informer = again;
    cached.forget("ns", "wf");
    tracked.forget("ns", "wf");
    assertThat(cached.get("ns", "wf")).contains(again);
    assertThat(tracked.get("ns", "wf")).contains(again);
    assertThat(cached.terminatedFilter().cache().estimatedSize()).isZero();
    assertThat(tracked.terminatedFilter().cache().estimatedSize()).isZero();
  }

  /** Under InMemory a deleted workflow leaves the store, which would otherwise hold every workflow ever run. */
  @Test
  void inMemoryDropsADeletedWorkflow() {
    Wf[] informer = {new Wf("ns", "wf", "1", false, 0)};
    InMemoryStore<Wf> store = new InMemoryStore<>(ACCESS, (w, rv) -> new Wf(w.namespace(), w.name(), rv,
        w.terminated(), w.step()), (ns, name) -> informer[0]);
    store.update(store.get("ns", "wf").orElseThrow().next(true));
    informer[0] = null; // labelled terminated, then deleted: the informer holds it no more
    assertThat(store.get("ns", "wf")).as("the store's own copy, before the deletion").isPresent();
    store.forget("ns", "wf");
    assertThat(store.size()).isZero();
    assertThat(store.get("ns", "wf")).as("a deleted workflow does not come back").isEmpty();
  }

  /** A workflow with a deletion mark, for the InMemory policy's view of TerminateExecution. */
  record Doc(String name, String rv, int step, boolean deleting) {}

  static final WorkflowAccess<Doc> DOCS = new WorkflowAccess<>() {
    @Override
    public String namespace(Doc d) {
      return "ns";
    }

    @Override
    public String name(Doc d) {
      return d.name();
    }

    @Override
    public String resourceVersion(Doc d) {
      return d.rv();
    }

    @Override
    public boolean isTerminated(Doc d) {
      return false;
    }

    @Override
    public boolean isDeleting(Doc d) {
      return d.deleting();
    }

    @Override
    public Doc withDeletionOf(Doc held, Doc seen) {
      return new Doc(held.name(), held.rv(), held.step(), seen.deleting());
    }
  };

  /** Reliability bug 7: under InMemory, a deletion (TerminateExecution) reaches the round, with the store's status. */
  @Test
  void inMemorySeesADeletionTheInformerShowsLater() {
    Doc[] informer = {new Doc("wf", "7", 0, false)};
    InMemoryStore<Doc> store = new InMemoryStore<>(DOCS, (d, rv) -> new Doc(d.name(), rv, d.step(), d.deleting()),
        (ns, name) -> informer[0]);
    Doc read = store.get("ns", "wf").orElseThrow();
    store.update(new Doc("wf", read.rv(), 3, false));

    informer[0] = new Doc("wf", "8", 0, true); // the API server's copy: deleted, its status never written there

    Doc after = store.get("ns", "wf").orElseThrow();
    assertThat(after.deleting()).isTrue();
    assertThat(after.step()).isEqualTo(3); // the status this store holds, not the informer's
  }
}
