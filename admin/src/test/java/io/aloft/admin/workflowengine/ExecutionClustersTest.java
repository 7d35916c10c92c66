package io.aloft.admin.workflowengine;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExecutionClustersTest {

  @Test
  void aResourceGroupIsAloftsOrFlytes() {
    assertThatCode(() -> ExecutionClusters.checkGroup("k", "aloft.io")).doesNotThrowAnyException();
    assertThatCode(() -> ExecutionClusters.checkGroup("k", "flyte.lyft.com")).doesNotThrowAnyException();
    assertThatThrownBy(() -> ExecutionClusters.checkGroup("aloft.admin.executions.resource-group", "example.com"))
        .hasMessageContaining("aloft.admin.executions.resource-group is [example.com]")
        .hasMessageContaining("aloft.io").hasMessageContaining("flyte.lyft.com");
  }
}
