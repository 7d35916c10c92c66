package io.aloft.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UniqueIdsTest {

  @Test
  void shortIdsAreKept() {
    assertThat(UniqueIds.fixedLength("n0", 20)).isEqualTo("n0");
    assertThat(UniqueIds.fixedLength("x".repeat(20), 20)).isEqualTo("x".repeat(20));
  }

  @Test
  void longIdsHashAsFlyteDoes() {
    // Values printed by Go: "f" + base32(alphabet a-z1-6, no padding) of fnv32a.Sum(nil).
    assertThat(UniqueIds.fixedLength("coreworkflowsexample_task1", 20)).isEqualTo("fl6xihzi");
    assertThat(UniqueIds.fixedLength("a-very-long-execution-name-n0-0-1", 20)).isEqualTo("fz2kb5wi");
    assertThat(UniqueIds.fixedLength("myapphello_task", 10)).isEqualTo("fzdzhdgq");
  }

  @Test
  void limitBelowHashLengthIsRefused() {
    assertThatThrownBy(() -> UniqueIds.fixedLength("abcdefghij", 5)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Go's fnv.New64a + Flyte's base32 (encoding.Algorithm64), computed by a Go program for this input. */
  @Test
  void longIdsHashWithFnv64LikeFlytesAlgorithm64() {
    assertThat(UniqueIds.fixedLength64("f3a1b2c3d4e5f6a7b8c9-n0-0", 20)).isEqualTo("fnhdrkuo1c5p63");
    assertThat(UniqueIds.fixedLength64("short-n0-0", 20)).isEqualTo("short-n0-0");
  }
}
