package io.aloft.propeller.launch;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import io.aloft.engine.remote.ChildStatus;
import io.aloft.engine.remote.RemoteException;
import io.aloft.propeller.threads.DaemonThreads;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * The child executions the launcher follows (flytestdlib's cache.AutoRefresh as launchplan/admin.go uses it): at most
 * {@code cacheSize} children in a Caffeine cache; every {@code cache-resync-duration} each non-terminal child is
 * handed to one of {@code workers} threads, which syncs it with admin and stores the result. When a sync finds the
 * child terminal, the result is stored first and its parent workflow is queued after, so the parent's round reads
 * the new status. Lookups never call admin; they register an unknown child, which the next resync fetches.
 */
final class ChildStatusCache implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ChildStatusCache.class);

  /**
   * One child as last synced.
   *
   * @param parentWorkflowKey the parent workflow's {@code namespace/name}, queued when the child ends
   * @param error the last sync's failure, null after a good sync
   */
  record Child(WorkflowExecutionIdentifier id, String parentWorkflowKey, ChildStatus status, RemoteException error) {
    static Child unknown(WorkflowExecutionIdentifier id, String parentWorkflowKey) {
      return new Child(id, parentWorkflowKey, ChildStatus.UNKNOWN, null);
    }

    /** The child with the status a good sync read. */
    Child synced(ChildStatus status) {
      return new Child(id, parentWorkflowKey, status, null);
    }

    /** The child whose last sync failed with {@code error}; its last status is kept. */
    Child failed(RemoteException error) {
      return new Child(id, parentWorkflowKey, status, error);
    }
  }

  private final Cache<String, Child> cache;
  private final UnaryOperator<Child> sync;
  private final Consumer<String> enqueueWorkflow;
  private final Set<String> queued = ConcurrentHashMap.newKeySet();
  private final ThreadPoolExecutor workers;
  private final ScheduledExecutorService ticker;

  /**
   * @param sync fetches a child's status from admin and returns the child updated (or {@link Child#failed}); it must
   *     not throw
   * @param enqueueWorkflow queues a parent workflow by its {@code namespace/name}
   */
  ChildStatusCache(int cacheSize, int workers, Duration resync, UnaryOperator<Child> sync,
      Consumer<String> enqueueWorkflow) {
    // maintenance (eviction) on the calling thread, not the common ForkJoinPool, which other code may starve
    this.cache = Caffeine.newBuilder().maximumSize(Math.max(1, cacheSize)).executor(Runnable::run).recordStats()
        .build();
    this.sync = sync;
    this.enqueueWorkflow = enqueueWorkflow;
    this.workers = (ThreadPoolExecutor) Executors.newFixedThreadPool(Math.max(1, workers),
        DaemonThreads.numbered("aloft-admin-launcher-"));
    this.ticker = DaemonThreads.scheduler("aloft-admin-launcher-resync");
    long period = Math.max(1, resync.toMillis());
    ticker.scheduleWithFixedDelay(this::resync, period, period, TimeUnit.MILLISECONDS);
  }

  /** The child's cache key: its id's org, project, domain and name. */
  static String key(WorkflowExecutionIdentifier id) {
    return id.getOrg() + "/" + id.getProject() + "/" + id.getDomain() + "/" + id.getName();
  }

  /** The cached child, registered as unknown when absent (a lookup: counted as a hit or a miss). */
  Child get(WorkflowExecutionIdentifier id, String parentWorkflowKey) {
    return cache.get(key(id), k -> Child.unknown(id, parentWorkflowKey));
  }

  /**
   * Registers a child admin has just created or adopted (not a lookup). Its last status is kept, but not its last
   * sync's error: admin has the child now, so an earlier NOT_FOUND is stale.
   */
  void register(WorkflowExecutionIdentifier id, String parentWorkflowKey) {
    cache.asMap().merge(key(id), Child.unknown(id, parentWorkflowKey), (old, fresh) -> new Child(old.id(),
        old.parentWorkflowKey() == null || old.parentWorkflowKey().isEmpty() ? fresh.parentWorkflowKey()
            : old.parentWorkflowKey(), old.status(), null));
  }

  /** Hands every non-terminal child not already waiting for a sync to the workers. */
  void resync() {
    try {
      for (Map.Entry<String, Child> e : cache.asMap().entrySet()) {
        if (!e.getValue().status().terminal() && queued.add(e.getKey())) {
          workers.execute(() -> refresh(e.getKey()));
        }
      }
    } catch (RuntimeException e) {
      // a rejected execution after close, or a bug: the next tick tries again
      LOG.warnf("admin launcher resync failed: %s", e.toString());
    }
  }

  private void refresh(String key) {
    try {
      Child current = cache.asMap().get(key);
      if (current == null || current.status().terminal()) {
        return;
      }
      Child updated = sync.apply(current);
      // evicted meanwhile: dropped; the parent's next lookup registers the child again
      Child stored = cache.asMap().computeIfPresent(key, (k, old) -> new Child(old.id(), old.parentWorkflowKey(),
          updated.status(), updated.error()));
      if (stored != null && stored.error() == null && stored.status().terminal()
          && stored.parentWorkflowKey() != null && !stored.parentWorkflowKey().isEmpty()) {
        enqueueWorkflow.accept(stored.parentWorkflowKey());
      }
    } catch (RuntimeException e) {
      LOG.warnf("admin launcher: syncing child %s failed: %s", key, e.toString());
    } finally {
      queued.remove(key);
    }
  }

  /** Children cached now. */
  long size() {
    return cache.estimatedSize();
  }

  /** Workers syncing a child with admin now (at most {@code workers}). */
  int busyWorkers() {
    return workers.getActiveCount();
  }

  /** The Caffeine cache itself, for its metrics. */
  Cache<String, Child> cache() {
    return cache;
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    workers.shutdownNow();
  }
}
