package io.aloft.propeller.store;

import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * Reads from the informer's cache and writes straight to the API server, remembering nothing (Flyte's
 * PassThrough). A stale cache makes a round work on an old version, whose write then fails with a conflict.
 */
public final class PassThroughStore<W> implements WorkflowStore<W> {
  private final BiFunction<String, String, W> lister;
  private final UnaryOperator<W> writer;
  private final StoreMetrics metrics;

  /**
   * @param lister reads {@code (namespace, name)} from the informer cache (null if absent)
   * @param writer writes to the API server, throwing {@link WriteConflictException} on 409
   */
  public PassThroughStore(BiFunction<String, String, W> lister, UnaryOperator<W> writer, StoreMetrics metrics) {
    this.lister = lister;
    this.writer = writer;
    this.metrics = metrics;
  }

  @Override
  public Optional<W> get(String namespace, String name) {
    return Optional.ofNullable(lister.apply(namespace, name));
  }

  @Override
  public W update(W workflow) {
    try {
      return writer.apply(workflow);
    } catch (WriteConflictException e) {
      metrics.conflict();
      throw e;
    }
  }
}
