package io.aloft.crd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkflowLabelsTest {

  @Test
  void fnv32aMatchesGoHashFnv() {
    // Reference values of Go's hash/fnv New32a.
    assertThat(Integer.toUnsignedLong(WorkflowLabels.fnv32a(""))).isEqualTo(0x811c9dc5L);
    assertThat(Integer.toUnsignedLong(WorkflowLabels.fnv32a("a"))).isEqualTo(0xe40c292cL);
    assertThat(Integer.toUnsignedLong(WorkflowLabels.fnv32a("foobar"))).isEqualTo(0xbf9cf968L);
  }

  @Test
  void shardKeyIsInKeyspaceAndStable() {
    assertThat(WorkflowLabels.shardKey("foobar")).isEqualTo((int) (0xbf9cf968L % 32));
    for (int i = 0; i < 1000; i++) {
      assertThat(WorkflowLabels.shardKey("exec-" + i)).isBetween(0, 31);
    }
  }

  @Test
  void sanitizesWorkflowNames() {
    assertThat(WorkflowLabels.sanitizeLabelValue("my_pkg.workflows.Hello_World")).isEqualTo("my_pkg.workflows.hello_world");
    assertThat(WorkflowLabels.sanitizeLabelValue("__x y__")).isEqualTo("x-y");
    assertThat(WorkflowLabels.sanitizeLabelValue("a".repeat(80))).hasSize(63);
  }
}
