package io.aloft.engine.cache;

/**
 * Counters of the task cache, named after flytepropeller's node executor metrics ({@code discovery_*_count},
 * {@code reservation_*_count}); each call is one increment. The operator backs it with its metrics registry;
 * {@link #NONE} counts nothing.
 */
public interface CacheMetrics {
  /** No counting. */
  CacheMetrics NONE = new CacheMetrics() {};

  /** {@code discovery_hit_count}: a lookup found the outputs. */
  default void hit() {}

  /** {@code discovery_miss_count}: a lookup found nothing. */
  default void miss() {}

  /** {@code discovery_skip_count}: overwrite-cache skipped the lookup. */
  default void skip() {}

  /** {@code discovery_put_success_count}. */
  default void putSuccess() {}

  /** {@code discovery_put_failure_count}. */
  default void putFailure() {}

  /** {@code discovery_get_failure_count}: the lookup failed. */
  default void getFailure() {}

  /** {@code reservation_get_success_count}. */
  default void reservationGetSuccess() {}

  /** {@code reservation_get_failure_count}. */
  default void reservationGetFailure() {}

  /** {@code reservation_release_success_count}. */
  default void reservationReleaseSuccess() {}

  /** {@code reservation_release_failure_count}. */
  default void reservationReleaseFailure() {}
}
