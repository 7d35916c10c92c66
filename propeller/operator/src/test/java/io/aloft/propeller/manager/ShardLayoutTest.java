package io.aloft.propeller.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShardLayoutTest {

  /** A plain stand-in for the mapping (the house style's stub of a @ConfigMapping). */
  record Shard(String type, int shardCount, List<ManagerConfig.Shard.Mapping> perShardMapping)
      implements ManagerConfig.Shard {}

  static ManagerConfig.Shard shard(String type, int count, List<List<String>> mappings) {
    return new Shard(type, count, mappings.stream().<ManagerConfig.Shard.Mapping>map(ids -> () -> ids).toList());
  }

  @Test
  void hashShardsGetTheirKeysAndALeaseOfTheirOwnAsEnvironment() {
    ShardLayout layout = ShardLayout.of(shard("hash", 3, List.of()));
    assertThat(layout.shardCount()).isEqualTo(3);
    assertThat(layout.env(2)).isEqualTo(Map.of(
        "ALOFT_PROPELLER_INCLUDE_SHARD_KEY_LABEL", "22,23,24,25,26,27,28,29,30,31",
        "ALOFT_PROPELLER_LEADER_ELECTION_LOCK_CONFIG_MAP_NAME", "propeller-leader-2"));
  }

  @Test
  void theHashTellsLayoutsApart() {
    String three = ShardLayout.of(shard("hash", 3, List.of())).hash();
    assertThat(ShardLayout.of(shard("Hash", 3, List.of())).hash()).isEqualTo(three);
    assertThat(ShardLayout.of(shard("hash", 4, List.of())).hash()).isNotEqualTo(three);
    String projects = ShardLayout.of(shard("project", 0, List.of(List.of("a"), List.of("*")))).hash();
    assertThat(ShardLayout.of(shard("project", 0, List.of(List.of("b"), List.of("*")))).hash())
        .isNotEqualTo(projects);
    assertThat(ShardLayout.of(shard("domain", 0, List.of(List.of("a"), List.of("*")))).hash())
        .isNotEqualTo(projects);
  }

  @Test
  void invalidLayoutsNameTheKeyAndTheRule() {
    assertThatThrownBy(() -> ShardLayout.of(shard("hash", 33, List.of())))
        .hasMessageStartingWith("aloft.propeller.manager.shard.shard-count: shard-count must be between 1 and 32");
    assertThatThrownBy(() -> ShardLayout.of(shard("project", 0, List.of(List.of("*"), List.of("*")))))
        .hasMessageStartingWith("aloft.propeller.manager.shard.per-shard-mapping: at most one per-shard-mapping"
            + " entry may be '*'");
    assertThatThrownBy(() -> ShardLayout.of(shard("project", 0, List.of(List.of("a", "*")))))
        .hasMessageContaining("'*' must be the only id");
    assertThatThrownBy(() -> ShardLayout.of(shard("domain", 0, List.of(List.of("a"), List.of("a")))))
        .hasMessageContaining("'a' appears in two per-shard-mapping entries");
    assertThatThrownBy(() -> ShardLayout.of(shard("project", 0, List.of())))
        .hasMessageContaining("per-shard-mapping must name at least one shard");
    assertThatThrownBy(() -> ShardLayout.of(shard("tenant", 3, List.of())))
        .hasMessageStartingWith("aloft.propeller.manager.shard.type: unknown shard type [tenant]");
  }
}
