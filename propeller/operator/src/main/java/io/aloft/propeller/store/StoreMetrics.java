package io.aloft.propeller.store;

/** What the stores count (Flyte's wf_stale, wf_evict, wf_redundant, wf_update_conflict); no-op by default. */
public interface StoreMetrics {
  StoreMetrics NONE = new StoreMetrics() {};

  /** A round skipped because the cache served a replaced version. */
  default void stale() {}

  /** A terminated workflow dropped from the version cache. */
  default void evicted() {}

  /** A write the API server took without changing the resource version (nothing changed). */
  default void redundantUpdate() {}

  /** A write refused with 409. */
  default void conflict() {}
}
