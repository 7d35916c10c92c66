package io.aloft.propeller.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The last {@code capacity} workflow keys seen terminated (workflowstore/terminated_tracking.go's LRU filter, 1000
 * entries): a Caffeine cache of that many keys, whose statistics the operator exports.
 */
public final class TerminatedFilter {
  private final Cache<String, Boolean> keys;

  TerminatedFilter(int capacity) {
    // eviction on the calling thread, not the common ForkJoinPool, which a blocked task elsewhere may starve
    keys = Caffeine.newBuilder().maximumSize(Math.max(1, capacity)).executor(Runnable::run).recordStats().build();
  }

  boolean contains(String key) {
    return keys.getIfPresent(key) != null;
  }

  void add(String key) {
    keys.put(key, Boolean.TRUE);
  }

  void remove(String key) {
    keys.invalidate(key);
  }

  /** The cache itself, for its statistics (a hit is a read refused because the workflow terminated). */
  public Cache<String, Boolean> cache() {
    return keys;
  }
}
