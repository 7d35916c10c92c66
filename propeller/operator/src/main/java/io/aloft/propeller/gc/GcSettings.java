package io.aloft.propeller.gc;

import io.aloft.propeller.config.PropellerConfig;
import io.aloft.propeller.shard.ShardSelector;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The garbage collector's settings, read and checked once at startup from {@code aloft.propeller.gc-interval},
 * {@code max-ttl-hours}, {@code limit-namespace} and the shard's label settings.
 *
 * @param ttlHours hours a terminated workflow is kept; 0 or less: no garbage collection
 * @param interval time between two rounds
 * @param namespace the one namespace collected ({@code limit-namespace}), or empty for every namespace
 * @param shard the shard's own label requirements (none when not sharded)
 */
record GcSettings(int ttlHours, Duration interval, Optional<String> namespace,
    List<ShardSelector.Requirement> shard) {
  static final String TTL_KEY = ShardSelector.PREFIX + "max-ttl-hours";
  static final String INTERVAL_KEY = ShardSelector.PREFIX + "gc-interval";
  /**
   * Flyte's bound: its selectors were built for at most one day of hourly buckets. Flyte lowers a larger value to 23
   * with a warning; Aloft refuses to start, so that a configuration never means something else than it says.
   */
  static final int MAX_TTL_HOURS = 23;

  /** The settings of {@code config}; an {@link IllegalArgumentException} naming the key for a value out of range. */
  static GcSettings from(PropellerConfig config) {
    int ttl = config.maxTtlHours();
    if (ttl > MAX_TTL_HOURS) {
      throw new IllegalArgumentException(TTL_KEY + " is " + ttl + ": it must be at most " + MAX_TTL_HOURS
          + " (hours a terminated workflow is kept, as in Flyte); 0 turns garbage collection off");
    }
    Duration interval = config.gcInterval();
    if (ttl > 0 && (interval.isNegative() || interval.isZero())) {
      throw new IllegalArgumentException(INTERVAL_KEY + " is " + interval + ": it must be positive while "
          + TTL_KEY + " is above 0 (set that to 0 to turn garbage collection off)");
    }
    String limit = config.limitNamespace().trim();
    Optional<String> namespace = limit.isEmpty() || "all".equals(limit) ? Optional.empty() : Optional.of(limit);
    List<ShardSelector.Requirement> shard = ShardSelector.shardRequirements(
        ints(config.includeShardKeyLabel()), ints(config.excludeShardKeyLabel()),
        strings(config.includeProjectLabel()), strings(config.excludeProjectLabel()),
        strings(config.includeDomainLabel()), strings(config.excludeDomainLabel()));
    return new GcSettings(ttl, interval, namespace, shard);
  }

  /** Whether garbage collection runs at all (Flyte: a TTL of 0 or less disables it). */
  boolean enabled() {
    return ttlHours > 0;
  }

  private static List<String> strings(Optional<List<String>> values) {
    return values.orElse(List.of()).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static List<Integer> ints(Optional<List<String>> values) {
    return strings(values).stream().map(Integer::valueOf).toList();
  }
}
