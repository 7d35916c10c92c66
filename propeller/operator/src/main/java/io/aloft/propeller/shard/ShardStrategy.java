package io.aloft.propeller.shard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How workflows are split among propeller shards (flytepropeller/manager/shardstrategy: hash.go, environment.go):
 * by the {@code shard-key} label (fnv32a of the execution name mod 32) into {@code shardCount} contiguous ranges, or
 * by project or domain into one shard per mapping, a mapping of {@code *} taking everything no other shard names.
 * Each shard is configured by the selector settings {@link #shardConfig(int)} returns.
 */
public final class ShardStrategy {
  /** Size of the shard-key keyspace (Flyte's ShardKeyspaceSize). */
  public static final int KEYSPACE = 32;
  static final String WILDCARD = "*";

  /** Flyte's shard types (enum values Domain=0, Project=1, Hash=2). */
  public enum Type { DOMAIN, PROJECT, HASH }

  private final Type type;
  private final int shardCount;
  private final List<List<String>> mappings;

  private ShardStrategy(Type type, int shardCount, List<List<String>> mappings) {
    this.type = type;
    this.shardCount = shardCount;
    this.mappings = mappings;
  }

  /** A hash strategy over {@code shardCount} shards; 1 to 32, as Flyte requires. */
  public static ShardStrategy hash(int shardCount) {
    if (shardCount < 1 || shardCount > KEYSPACE) {
      throw new IllegalArgumentException("shard-count must be between 1 and " + KEYSPACE + " for Hash sharding (got "
          + shardCount + ")");
    }
    return new ShardStrategy(Type.HASH, shardCount, List.of());
  }

  /**
   * A project or domain strategy: one shard per mapping (a list of ids). A {@code *} must stand alone in its
   * mapping and at most one mapping may use it; ids may not repeat across mappings.
   */
  public static ShardStrategy byLabel(Type type, List<List<String>> perShardMapping) {
    if (type == Type.HASH) {
      throw new IllegalArgumentException("use hash(shardCount) for Hash sharding");
    }
    if (perShardMapping.isEmpty()) {
      throw new IllegalArgumentException("per-shard-mapping must name at least one shard for " + type + " sharding");
    }
    int wildcards = 0;
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (List<String> ids : perShardMapping) {
      if (ids.isEmpty()) {
        throw new IllegalArgumentException("a per-shard-mapping entry names no " + type.name().toLowerCase());
      }
      if (ids.contains(WILDCARD)) {
        if (ids.size() != 1) {
          throw new IllegalArgumentException("'*' must be the only id of its per-shard-mapping entry");
        }
        wildcards++;
      }
      for (String id : ids) {
        if (!id.equals(WILDCARD) && !seen.add(id)) {
          throw new IllegalArgumentException("'" + id + "' appears in two per-shard-mapping entries");
        }
      }
    }
    if (wildcards > 1) {
      throw new IllegalArgumentException("at most one per-shard-mapping entry may be '*'");
    }
    return new ShardStrategy(type, perShardMapping.size(), List.copyOf(perShardMapping.stream().map(List::copyOf)
        .toList()));
  }

  public Type type() {
    return type;
  }

  /** How many propeller shards run. */
  public int shardCount() {
    return shardCount;
  }

  /** The shard-key values of shard {@code i} under Hash sharding: a contiguous range, the first shards one larger. */
  public List<Integer> keysOf(int i) {
    Objects.checkIndex(i, shardCount);
    int perShard = KEYSPACE / shardCount;
    int remainder = KEYSPACE - shardCount * perShard;
    int start = Math.min(i, remainder) * (perShard + 1) + Math.max(0, i - remainder) * perShard;
    int end = start + perShard + (i < remainder ? 1 : 0);
    List<Integer> keys = new ArrayList<>();
    for (int k = start; k < end; k++) {
      keys.add(k);
    }
    return keys;
  }

  /**
   * The selector settings of shard {@code i} ({@code aloft.propeller.include-shard-key-label}, or the include or
   * exclude project/domain label lists), as comma-separated values.
   */
  public Map<String, String> shardConfig(int i) {
    Objects.checkIndex(i, shardCount);
    Map<String, String> out = new LinkedHashMap<>();
    if (type == Type.HASH) {
      out.put(ShardSelector.PREFIX + "include-shard-key-label", String.join(",", keysOf(i).stream()
          .map(String::valueOf).toList()));
      return out;
    }
    String label = type == Type.PROJECT ? "project" : "domain";
    List<String> ids = mappings.get(i);
    if (ids.equals(List.of(WILDCARD))) {
      List<String> others = new ArrayList<>();
      for (int j = 0; j < mappings.size(); j++) {
        if (j != i) {
          others.addAll(mappings.get(j));
        }
      }
      out.put(ShardSelector.PREFIX + "exclude-" + label + "-label", String.join(",", others));
    } else {
      out.put(ShardSelector.PREFIX + "include-" + label + "-label", String.join(",", ids));
    }
    return out;
  }
}
