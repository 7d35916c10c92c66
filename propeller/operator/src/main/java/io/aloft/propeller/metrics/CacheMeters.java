package io.aloft.propeller.metrics;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.util.function.ToDoubleFunction;

/**
 * A Caffeine cache's statistics as propeller names its metrics: {@code <name>_total{result="hit"|"miss"}},
 * {@code <name>_evictions_total}, {@code <name>_size} (entries) and, for a cache bounded by weight,
 * {@code <name>_bytes}; and Micrometer's Caffeine binder besides ({@code cache_gets_total}, {@code cache_puts_total},
 * {@code cache_evictions_total}, {@code cache_eviction_weight_total}, {@code cache_size}, tagged
 * {@code cache="<name>"}), the series generic cache dashboards read. The cache must record statistics.
 */
public final class CacheMeters {
  private CacheMeters() {}

  /**
   * Registers {@code cache}'s meters under {@code name} (dotted, e.g. {@code aloft.propeller.storage.cache}); the
   * caller keeps {@code cache} reachable, as Micrometer holds function meters' state weakly.
   *
   * @param what the cache in words, for the descriptions
   */
  public static void register(MeterRegistry registry, String name, Cache<?, ?> cache, String what) {
    stat(registry, name, cache, "hit", CacheStats::hitCount, what);
    stat(registry, name, cache, "miss", CacheStats::missCount, what);
    FunctionCounter.builder(name + ".evictions", cache, c -> c.stats().evictionCount())
        .description(what + ": entries evicted by its bound").register(registry);
    Gauge.builder(name + ".size", cache, Cache::estimatedSize).description(what + ": entries held")
        .register(registry);
    if (cache.policy().eviction().map(e -> e.isWeighted()).orElse(false)) {
      Gauge.builder(name + ".bytes", cache, c -> c.policy().eviction().orElseThrow().weightedSize().orElse(0))
          .description(what + ": bytes held").register(registry);
    }
    CaffeineCacheMetrics.monitor(registry, cache, name.replace('.', '_'));
  }

  private static void stat(MeterRegistry registry, String name, Cache<?, ?> cache, String result,
      ToDoubleFunction<CacheStats> value, String what) {
    FunctionCounter.builder(name, cache, c -> value.applyAsDouble(c.stats())).tag("result", result)
        .description(what + ": lookups by result").register(registry);
  }
}
