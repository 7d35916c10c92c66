package io.aloft.propeller.shard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShardStrategyTest {

  @Test
  void hashShardsCoverTheKeyspaceOnceWithTheFirstShardsOneLarger() {
    for (int n = 1; n <= 32; n++) {
      ShardStrategy s = ShardStrategy.hash(n);
      List<Integer> all = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        List<Integer> keys = s.keysOf(i);
        assertThat(keys.size()).isIn(32 / n, 32 / n + 1);
        if (i > 0 && !all.isEmpty()) {
          assertThat(keys.get(0)).isEqualTo(all.get(all.size() - 1) + 1); // contiguous
        }
        all.addAll(keys);
      }
      assertThat(all).as("n=" + n).containsExactlyElementsOf(java.util.stream.IntStream.range(0, 32).boxed().toList());
    }
    // Flyte's example: 3 shards get 11, 11, 10 keys
    ShardStrategy three = ShardStrategy.hash(3);
    assertThat(three.keysOf(0)).hasSize(11).startsWith(0).endsWith(10);
    assertThat(three.keysOf(2)).hasSize(10).startsWith(22).endsWith(31);
    assertThat(three.shardConfig(1)).isEqualTo(Map.of("aloft.propeller.include-shard-key-label",
        "11,12,13,14,15,16,17,18,19,20,21"));
  }

  @Test
  void hashShardCountOutsideTheKeyspaceIsRefused() {
    assertThatThrownBy(() -> ShardStrategy.hash(0)).hasMessageContaining("between 1 and 32");
    assertThatThrownBy(() -> ShardStrategy.hash(33)).hasMessageContaining("between 1 and 32");
  }

  @Test
  void projectShardsIncludeTheirIdsAndTheWildcardExcludesEveryOther() {
    ShardStrategy s = ShardStrategy.byLabel(ShardStrategy.Type.PROJECT,
        List.of(List.of("flytesnacks"), List.of("a", "b"), List.of("*")));
    assertThat(s.shardCount()).isEqualTo(3);
    assertThat(s.shardConfig(0)).isEqualTo(Map.of("aloft.propeller.include-project-label", "flytesnacks"));
    assertThat(s.shardConfig(1)).isEqualTo(Map.of("aloft.propeller.include-project-label", "a,b"));
    assertThat(s.shardConfig(2)).isEqualTo(Map.of("aloft.propeller.exclude-project-label", "flytesnacks,a,b"));
    assertThat(ShardStrategy.byLabel(ShardStrategy.Type.DOMAIN, List.of(List.of("production"), List.of("*")))
        .shardConfig(1)).isEqualTo(Map.of("aloft.propeller.exclude-domain-label", "production"));
  }

  @Test
  void badMappingsAreRefused() {
    assertThatThrownBy(() -> ShardStrategy.byLabel(ShardStrategy.Type.PROJECT, List.of(List.of("*", "a"))))
        .hasMessageContaining("only id");
    assertThatThrownBy(() -> ShardStrategy.byLabel(ShardStrategy.Type.PROJECT, List.of(List.of("*"), List.of("*"))))
        .hasMessageContaining("at most one");
    assertThatThrownBy(() -> ShardStrategy.byLabel(ShardStrategy.Type.DOMAIN, List.of(List.of("a"), List.of("a"))))
        .hasMessageContaining("two per-shard-mapping");
    assertThatThrownBy(() -> ShardStrategy.byLabel(ShardStrategy.Type.DOMAIN, List.of()))
        .hasMessageContaining("at least one");
  }

  @Test
  void selectorsAlwaysLeaveTerminatedWorkflowsOut() {
    var reqs = ShardSelector.requirements(List.of(0, 1, 2), List.of(), List.of(), List.of("x", "y"), List.of(),
        List.of());
    assertThat(ShardSelector.toSelector(reqs))
        .isEqualTo("termination-status notin (terminated),shard-key in (0,1,2),project notin (x,y)");
    assertThat(ShardSelector.toSelector(ShardSelector.requirements(List.of(), List.of(), List.of(), List.of(),
        List.of(), List.of()))).isEqualTo("termination-status notin (terminated)");
    assertThatThrownBy(() -> ShardSelector.requirements(List.of(1), List.of(2), List.of(), List.of(), List.of(),
        List.of())).hasMessageContaining("cannot both");
  }
}
