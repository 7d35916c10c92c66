package io.aloft.admin.manager;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.BoolValue;
import flyteidl.admin.Common.Labels;
import flyteidl.admin.Common.RawOutputDataConfig;
import flyteidl.admin.ExecutionOuterClass.ExecutionSpec;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanSpec;
import flyteidl.admin.MatchableResourceOuterClass.WorkflowExecutionConfig;
import org.junit.jupiter.api.Test;

class ExecutionConfigResolverTest {
  private static final WorkflowExecutionConfig PLATFORM = WorkflowExecutionConfig.newBuilder().setMaxParallelism(25)
      .setLabels(Labels.newBuilder().putValues("platform", "yes")).build();

  private static ExecutionSpec merge(ExecutionSpec req, LaunchPlanSpec lp, WorkflowExecutionConfig attr) {
    return ExecutionConfigResolver.merge(req, lp, java.util.List.of(attr, PLATFORM));
  }

  @Test
  void maxParallelismFirstPositiveOfRequestLaunchPlanAttributePlatform() {
    var attr = WorkflowExecutionConfig.newBuilder().setMaxParallelism(8).build();
    var lp = LaunchPlanSpec.newBuilder().setMaxParallelism(3).build();
    assertThat(merge(ExecutionSpec.newBuilder().setMaxParallelism(11).build(), lp, attr).getMaxParallelism())
        .isEqualTo(11);
    assertThat(merge(ExecutionSpec.getDefaultInstance(), lp, attr).getMaxParallelism()).isEqualTo(3);
    assertThat(merge(ExecutionSpec.getDefaultInstance(), LaunchPlanSpec.getDefaultInstance(), attr)
        .getMaxParallelism()).isEqualTo(8);
    assertThat(merge(ExecutionSpec.getDefaultInstance(), LaunchPlanSpec.getDefaultInstance(),
        WorkflowExecutionConfig.getDefaultInstance()).getMaxParallelism()).isEqualTo(25);
  }

  @Test
  void attributeLevelsFillWhatTheMoreSpecificLeftUnset() {
    var specific = WorkflowExecutionConfig.newBuilder().setLabels(Labels.newBuilder().putValues("wf", "1")).build();
    var project = WorkflowExecutionConfig.newBuilder().setMaxParallelism(6)
        .setLabels(Labels.newBuilder().putValues("project", "1")).build();
    ExecutionSpec out = ExecutionConfigResolver.merge(ExecutionSpec.getDefaultInstance(),
        LaunchPlanSpec.getDefaultInstance(), java.util.List.of(specific, project, PLATFORM));
    assertThat(out.getMaxParallelism()).isEqualTo(6);
    assertThat(out.getLabels().getValuesMap()).containsOnlyKeys("wf");
  }

  @Test
  void labelsAndRawOutputTakeTheFirstNonEmptyWhole() {
    var lp = LaunchPlanSpec.newBuilder().setLabels(Labels.newBuilder().putValues("lp", "1"))
        .setRawOutputDataConfig(RawOutputDataConfig.newBuilder().setOutputLocationPrefix("s3://lp")).build();
    ExecutionSpec out = merge(ExecutionSpec.newBuilder().setLabels(Labels.newBuilder().putValues("req", "1"))
        .build(), lp, WorkflowExecutionConfig.getDefaultInstance());
    assertThat(out.getLabels().getValuesMap()).containsOnlyKeys("req");
    assertThat(out.getRawOutputDataConfig().getOutputLocationPrefix()).isEqualTo("s3://lp");
    assertThat(merge(ExecutionSpec.getDefaultInstance(), LaunchPlanSpec.getDefaultInstance(),
        WorkflowExecutionConfig.getDefaultInstance()).getLabels().getValuesMap()).containsOnlyKeys("platform");
  }

  @Test
  void interruptibleWhenSetAndOverwriteCacheOred() {
    var lp = LaunchPlanSpec.newBuilder().setInterruptible(BoolValue.of(true)).setOverwriteCache(true).build();
    ExecutionSpec out = merge(ExecutionSpec.newBuilder().setInterruptible(BoolValue.of(false)).build(), lp,
        WorkflowExecutionConfig.getDefaultInstance());
    assertThat(out.getInterruptible().getValue()).isFalse();
    assertThat(out.getOverwriteCache()).isTrue();
    assertThat(merge(ExecutionSpec.getDefaultInstance(), lp, WorkflowExecutionConfig.getDefaultInstance())
        .getInterruptible().getValue()).isTrue();
    assertThat(merge(ExecutionSpec.getDefaultInstance(), LaunchPlanSpec.getDefaultInstance(),
        WorkflowExecutionConfig.getDefaultInstance()).hasInterruptible()).isFalse();
  }
}
