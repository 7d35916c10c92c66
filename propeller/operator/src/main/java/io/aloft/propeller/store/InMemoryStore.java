package io.aloft.propeller.store;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Flyte's InMemory policy: workflows kept in this process only, never written to the API server (for tests and
 * single-process runs). Each write bumps the resource version; a write of a replaced version is a conflict.
 */
public final class InMemoryStore<W> implements WorkflowStore<W> {
  private final ConcurrentHashMap<String, W> workflows = new ConcurrentHashMap<>();
  private final WorkflowAccess<W> access;
  private final BiFunction<W, String, W> withVersion;
  private final BiFunction<String, String, W> source;

  /** @param withVersion a copy of a workflow with the given resource version */
  public InMemoryStore(WorkflowAccess<W> access, BiFunction<W, String, W> withVersion) {
    this(access, withVersion, (ns, name) -> null);
  }

  /**
   * A store that takes a workflow it does not hold yet from {@code source} (the informer) at its first read, and from
   * then on keeps its state only in memory.
   */
  public InMemoryStore(WorkflowAccess<W> access, BiFunction<W, String, W> withVersion,
      BiFunction<String, String, W> source) {
    this.access = access;
    this.withVersion = withVersion;
    this.source = source;
  }

  /** Adds or replaces a workflow as the API server would hold it. */
  public void put(W workflow) {
    workflows.put(access.key(workflow), workflow);
  }

  /**
   * The workflow as this store holds it; taken from the source at its first read. Its status stays this store's, but
   * a deletion the source shows later (TerminateExecution deletes the resource) is carried over, so the round aborts
   * the workflow.
   */
  @Override
  public Optional<W> get(String namespace, String name) {
    String key = namespace + "/" + name;
    W held = workflows.get(key);
    W seen = held != null && access.isDeleting(held) ? null : source.apply(namespace, name);
    if (held == null) {
      if (seen != null) {
        held = workflows.computeIfAbsent(key, k -> seen);
      }
    } else if (seen != null && access.isDeleting(seen)) {
      held = workflows.computeIfPresent(key, (k, current) -> access.isDeleting(current) ? current
          : access.withDeletionOf(current, seen));
    }
    return Optional.ofNullable(held);
  }

  /**
   * Drops the deleted workflow: this store is the only place its status lived, and it would otherwise hold every
   * workflow ever run. The informer no longer has it, so a later read finds nothing.
   */
  @Override
  public void forget(String namespace, String name) {
    workflows.remove(namespace + "/" + name);
  }

  /** How many workflows this store holds. */
  public int size() {
    return workflows.size();
  }

  @Override
  public W update(W workflow) {
    String key = access.key(workflow);
    return workflows.compute(key, (k, current) -> {
      if (current != null && !access.resourceVersion(current).equals(access.resourceVersion(workflow))) {
        throw new WriteConflictException(key, null);
      }
      long next = current == null ? 1 : Long.parseLong(access.resourceVersion(current)) + 1;
      return withVersion.apply(workflow, Long.toString(next));
    });
  }
}
