package io.aloft.propeller.manager;

import io.aloft.propeller.shard.ShardStrategy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The shards the manager keeps: the {@link ShardStrategy} the configuration describes, checked with Flyte's rules
 * ({@code manager/shardstrategy/shard_strategy.go NewShardStrategy}), and a hash of it that every shard pod carries,
 * so that a pod of another layout is recognised (Flyte's {@code shardConfigHash}).
 */
public final class ShardLayout {
  /** Leader election lock of shard i: {@value}{@code <i>} (Flyte injects the same name). */
  public static final String LEASE_PREFIX = "propeller-leader-";
  /** Propeller's lock name setting, which the shard's env overrides (PropellerConfig.LeaderElection). */
  static final String LEASE_KEY = "aloft.propeller.leader-election.lock-config-map.name";

  private final ShardStrategy strategy;
  private final List<List<String>> mappings;
  private final String hash;

  private ShardLayout(ShardStrategy strategy, List<List<String>> mappings) {
    this.strategy = strategy;
    this.mappings = mappings;
    this.hash = hashOf(strategy.type() + "|" + strategy.shardCount() + "|" + mappings);
  }

  /**
   * The layout of {@code shard}; a configuration Flyte would refuse is refused with the broken rule and the key
   * ({@code aloft.propeller.manager.shard.*}) in the message.
   */
  public static ShardLayout of(ManagerConfig.Shard shard) {
    String typeKey = ManagerConfig.PREFIX + "shard.type";
    ShardStrategy.Type type = switch (shard.type().trim().toLowerCase(Locale.ROOT)) {
      case "hash" -> ShardStrategy.Type.HASH;
      case "project" -> ShardStrategy.Type.PROJECT;
      case "domain" -> ShardStrategy.Type.DOMAIN;
      default -> throw new IllegalArgumentException(typeKey + ": unknown shard type [" + shard.type()
          + "]; use hash, project or domain");
    };
    List<List<String>> mappings = shard.perShardMapping().stream()
        .map(m -> m.ids().stream().map(String::trim).toList()).toList();
    try {
      if (type == ShardStrategy.Type.HASH) {
        return new ShardLayout(ShardStrategy.hash(shard.shardCount()), List.of());
      }
      return new ShardLayout(ShardStrategy.byLabel(type, mappings), mappings);
    } catch (IllegalArgumentException e) {
      String key = type == ShardStrategy.Type.HASH ? "shard.shard-count" : "shard.per-shard-mapping";
      throw new IllegalArgumentException(ManagerConfig.PREFIX + key + ": " + e.getMessage() + " (" + typeKey + "="
          + type.name().toLowerCase(Locale.ROOT) + ")", e);
    }
  }

  public ShardStrategy strategy() {
    return strategy;
  }

  public int shardCount() {
    return strategy.shardCount();
  }

  /** Identifies the type, the count and the mappings: equal for equal layouts, different otherwise. */
  public String hash() {
    return hash;
  }

  /**
   * The environment of shard {@code i}'s propeller container: its selector settings ({@link
   * ShardStrategy#shardConfig(int)}) and its own leader election lock, under Quarkus's environment names (a setting
   * in the environment wins over the ConfigMap's files).
   */
  public Map<String, String> env(int i) {
    Map<String, String> env = new LinkedHashMap<>();
    strategy.shardConfig(i).forEach((k, v) -> env.put(envName(k), v));
    env.put(envName(LEASE_KEY), LEASE_PREFIX + i);
    return env;
  }

  /** Quarkus's environment form of a key: every character but letters and digits becomes _, upper case. */
  static String envName(String key) {
    return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }

  /** What the log says about this layout. */
  public String describe() {
    return strategy.type().name().toLowerCase(Locale.ROOT) + ", " + shardCount() + " shard(s)"
        + (mappings.isEmpty() ? "" : " " + mappings) + ", layout " + hash;
  }

  private static String hashOf(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
