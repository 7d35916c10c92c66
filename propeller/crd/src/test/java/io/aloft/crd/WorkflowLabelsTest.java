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
  void shardKeysOfTheGoldenExecutionsAreFlytes() {
    // Flyte's BuildFlyteWorkflow labelled these executions so (expected-flyteworkflow.json of the gates and chain
    // bundles).
    assertThat(WorkflowLabels.shardKey("ex-gates")).isEqualTo(17);
  }

  @Test
  void sanitizesLikeFlyte() {
    // Runs of anything but [-a-z0-9] become one '-'; '.' and '_' included.
    assertThat(WorkflowLabels.sanitizeLabelValue("my_pkg.workflows.Hello_World"))
        .isEqualTo("my-pkg-workflows-hello-world");
    assertThat(WorkflowLabels.sanitizeLabelValue("__x  y__")).isEqualTo("x-y");
    assertThat(WorkflowLabels.sanitizeLabelValue("--a--")).isEqualTo("a");
    assertThat(WorkflowLabels.sanitizeLabelValue("a".repeat(80))).hasSize(63);
    // Cut first, then trimmed: a '-' at position 63 disappears.
    assertThat(WorkflowLabels.sanitizeLabelValue("a".repeat(62) + "._b")).isEqualTo("a".repeat(62));
  }

  @Test
  void workflowNameLabelIsTheSanitizedThirdPartOfTheId() {
    assertThat(WorkflowLabels.workflowNameLabel("flytesnacks:development:workflows.gates_wf"))
        .isEqualTo("workflows-gates-wf");
    assertThat(WorkflowLabels.workflowNameLabel("a:b")).isEmpty();
    assertThat(WorkflowLabels.workflowNameLabel("a:b:c:d")).isEmpty();
    assertThat(WorkflowLabels.workflowNameLabel("a:b:")).isEmpty();
  }
}
