package io.aloft.admin.transformer;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.admin.MatchableResourceOuterClass.ExecutionClusterLabel;
import flyteidl.admin.MatchableResourceOuterClass.MatchingAttributes;
import flyteidl.admin.MatchableResourceOuterClass.PluginOverride;
import flyteidl.admin.MatchableResourceOuterClass.PluginOverrides;
import flyteidl.admin.MatchableResourceOuterClass.WorkflowExecutionConfig;
import io.aloft.admin.entity.ResourceEntity;
import org.junit.jupiter.api.Test;

/** Resource rows to protos, plugin-override merging, platform defaults (transformers/resource.go). */
class ResourceTransformerTest {

  private static PluginOverride override(String taskType, String... plugins) {
    return PluginOverride.newBuilder().setTaskType(taskType).addAllPluginId(java.util.List.of(plugins)).build();
  }

  private static MatchingAttributes overrides(PluginOverride... o) {
    return MatchingAttributes.newBuilder().setPluginOverrides(PluginOverrides.newBuilder()
        .addAllOverrides(java.util.List.of(o))).build();
  }

  @Test
  void pluginOverridesMergePerTaskType() {
    MatchingAttributes stored = overrides(override("python", "a"), override("spark", "s1"));
    MatchingAttributes incoming = overrides(override("spark", "s2"), override("ray", "r"));
    assertThat(ResourceTransformer.mergePluginOverrides(stored, incoming).getPluginOverrides().getOverridesList())
        .containsExactly(override("python", "a"), override("spark", "s2"), override("ray", "r"));
  }

  @Test
  void platformDefaultsFillOnlyWhatIsUnset() {
    WorkflowExecutionConfig unset = WorkflowExecutionConfig.newBuilder().setOverwriteCache(true).build();
    assertThat(ResourceTransformer.withPlatformDefaults(unset, 25))
        .isEqualTo(unset.toBuilder().setMaxParallelism(25).build());
    WorkflowExecutionConfig set = WorkflowExecutionConfig.newBuilder().setMaxParallelism(3).build();
    assertThat(ResourceTransformer.withPlatformDefaults(set, 25)).isEqualTo(set);
  }

  @Test
  void rowsBecomeEachResponseShape() {
    ResourceEntity row = new ResourceEntity();
    row.project = "p";
    row.domain = "d";
    row.workflow = "";
    row.launchPlan = "";
    row.org = "o";
    MatchingAttributes a = MatchingAttributes.newBuilder()
        .setExecutionClusterLabel(ExecutionClusterLabel.newBuilder().setValue("gpu")).build();
    row.attributes = a.toByteArray();

    var wf = ResourceTransformer.toWorkflowAttributes(row);
    assertThat(wf.getProject()).isEqualTo("p");
    assertThat(wf.getDomain()).isEqualTo("d");
    assertThat(wf.getWorkflow()).isEmpty();           // a project-domain row answering for a workflow
    assertThat(wf.getOrg()).isEqualTo("o");
    assertThat(wf.getMatchingAttributes()).isEqualTo(a);
    assertThat(ResourceTransformer.toProjectDomainAttributes(row).getMatchingAttributes()).isEqualTo(a);
    assertThat(ResourceTransformer.toProjectAttributes(row).getProject()).isEqualTo("p");
    var c = ResourceTransformer.toConfiguration(row);
    assertThat(c.getDomain()).isEqualTo("d");
    assertThat(c.getLaunchPlan()).isEmpty();
    assertThat(c.getAttributes()).isEqualTo(a);
  }
}
