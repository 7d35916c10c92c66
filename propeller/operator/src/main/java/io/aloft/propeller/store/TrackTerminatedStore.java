package io.aloft.propeller.store;

import java.util.Optional;

/** Flyte's TrackTerminated: a delegate store that refuses reads of workflows it has written terminated. */
public final class TrackTerminatedStore<W> implements WorkflowStore<W> {
  private final WorkflowStore<W> delegate;
  private final WorkflowAccess<W> access;
  private final TerminatedFilter terminated;

  public TrackTerminatedStore(WorkflowStore<W> delegate, WorkflowAccess<W> access, int capacity) {
    this.delegate = delegate;
    this.access = access;
    this.terminated = new TerminatedFilter(capacity);
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
    return delegate.get(namespace, name);
  }

  @Override
  public W update(W workflow) {
    W stored = delegate.update(workflow);
    if (stored != null && access.isTerminated(stored)) {
      terminated.add(access.key(stored));
    }
    return stored;
  }

  /** Forgets the deleted workflow's terminated mark: a new workflow of its name is not refused. */
  @Override
  public void forget(String namespace, String name) {
    terminated.remove(namespace + "/" + name);
    delegate.forget(namespace, name);
  }
}
