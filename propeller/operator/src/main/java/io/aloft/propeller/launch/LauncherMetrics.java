package io.aloft.propeller.launch;

import io.aloft.propeller.metrics.CacheMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The admin launcher's metrics, {@code aloft_propeller_admin_launcher_*} (flytepropeller's {@code admin-launcher}
 * cache scope): launches by outcome, the status cache's size, lookups and evictions (Caffeine's statistics), syncs by
 * result, kills by outcome, and the time spent waiting for the rate limiter.
 */
public final class LauncherMetrics {
  private static final String PREFIX = "aloft.propeller.admin.launcher.";
  private static final String LAUNCHES = "launches";
  private static final String SYNCS = "syncs";
  private static final String KILLS = "kills";
  private static final Map<String, String> DESCRIPTIONS = Map.of(
      LAUNCHES, "Child executions launched, by outcome",
      SYNCS, "Status syncs of child executions with admin, by result",
      KILLS, "Child executions terminated, by outcome");
  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  /** What the function meters read: Micrometer holds it weakly, these metrics strongly. */
  private final List<Object> held = new CopyOnWriteArrayList<>();

  public LauncherMetrics(MeterRegistry registry) {
    this.registry = registry;
    // every outcome from the start, so that rates and ratios have both sides before the first launch
    List.of("created", "adopted", "user_error", "system_error").forEach(o -> counter(LAUNCHES, "outcome", o));
    List.of("success", "not_found", "failure").forEach(r -> counter(SYNCS, "result", r));
    List.of("terminated", "not_found", "already_terminal", "error").forEach(o -> counter(KILLS, "outcome", o));
  }

  /** The rate limiter's wait and calls. */
  void limiter(AdminRateLimiter limiter) {
    held.add(limiter);
    TimeGauge.builder(PREFIX + "throttled", limiter, TimeUnit.SECONDS, AdminRateLimiter::waitedSeconds)
        .description("Time spent waiting for the admin launcher's rate limiter (admin-launcher.tps, .burst)")
        .register(registry);
    FunctionCounter.builder(PREFIX + "calls", limiter, AdminRateLimiter::calls)
        .description("Calls to admin through the admin launcher's rate limiter (launcher and signals)")
        .register(registry);
  }

  /** The status cache's size, lookups (status) by result, and evictions (cacheSize reached). */
  void cache(ChildStatusCache cache) {
    held.add(cache);
    CacheMeters.register(registry, PREFIX + "cache", cache.cache(),
        "The admin launcher's status cache of child executions (a miss registers the child)");
    Gauge.builder(PREFIX + "workers.busy", cache, ChildStatusCache::busyWorkers)
        .description("Workers syncing a child with admin now (admin-launcher.workers at most)").register(registry);
  }

  /** A launch ended: {@code created}, {@code adopted}, {@code user_error} or {@code system_error}. */
  void launch(String outcome) {
    counter(LAUNCHES, "outcome", outcome).increment();
  }

  /** A sync with admin ended: {@code success}, {@code not_found} or {@code failure}. */
  void sync(String result) {
    counter(SYNCS, "result", result).increment();
  }

  /** A kill ended: {@code terminated}, {@code not_found}, {@code already_terminal} or {@code error}. */
  void kill(String outcome) {
    counter(KILLS, "outcome", outcome).increment();
  }

  private Counter counter(String name, String tag, String value) {
    return counters.computeIfAbsent(name + "/" + value, k -> Counter.builder(PREFIX + name).tag(tag, value)
        .description(DESCRIPTIONS.get(name)).register(registry));
  }

}
