package io.aloft.propeller.store;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Flyte's default policy (workflowstore/resource_version_caching.go): after a write that changed the resource, the
 * version it replaced is remembered; a later read that still gets that version from the informer cache is stale, so
 * the round is skipped instead of redoing work (and re-sending events) on an old copy whose write would only fail
 * with a conflict. The worker carries on with its in-memory copy within a streak and is woken again when the
 * informer delivers the new version. Terminated workflows leave the version cache and are refused afterwards.
 */
public final class ResourceVersionCacheStore<W> implements WorkflowStore<W> {
  private final WorkflowStore<W> delegate;
  private final WorkflowAccess<W> access;
  private final StoreMetrics metrics;
  private final ConcurrentHashMap<String, String> replacedVersion = new ConcurrentHashMap<>();
  private final TerminatedFilter terminated;

  public ResourceVersionCacheStore(WorkflowStore<W> delegate, WorkflowAccess<W> access, StoreMetrics metrics,
      int terminatedCapacity) {
    this.delegate = delegate;
    this.access = access;
    this.metrics = metrics;
    this.terminated = new TerminatedFilter(terminatedCapacity);
  }

  /** The workflows this store saw terminated (their reads are refused), for its metrics. */
  public TerminatedFilter terminatedFilter() {
    return terminated;
  }

  @Override
  public Optional<W> get(String namespace, String name) {
    String key = namespace + "/" + name;
    if (terminated.contains(key)) {
      throw new WorkflowTerminatedException(key);
    }
    Optional<W> w = delegate.get(namespace, name);
    if (w.isPresent() && Objects.equals(replacedVersion.get(key), access.resourceVersion(w.get()))) {
      metrics.stale();
      throw new StaleWorkflowException(key);
    }
    return w;
  }

  @Override
  public W update(W workflow) {
    String key = access.key(workflow);
    String before = access.resourceVersion(workflow);
    W stored = delegate.update(workflow);
    if (stored == null) {
      return null;
    }
    if (!Objects.equals(access.resourceVersion(stored), before)) {
      if (access.isTerminated(workflow)) {
        metrics.evicted();
        replacedVersion.remove(key);
      } else {
        replacedVersion.put(key, before);
      }
    } else {
      metrics.redundantUpdate();
    }
    if (access.isTerminated(stored)) {
      terminated.add(key);
    }
    return stored;
  }

  /** Forgets the deleted workflow's replaced version and its terminated mark. */
  @Override
  public void forget(String namespace, String name) {
    String key = namespace + "/" + name;
    replacedVersion.remove(key);
    terminated.remove(key);
    delegate.forget(namespace, name);
  }

  /** How many workflows have a replaced version remembered. */
  public int size() {
    return replacedVersion.size();
  }
}
