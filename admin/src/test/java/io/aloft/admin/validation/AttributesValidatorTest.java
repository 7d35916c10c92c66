package io.aloft.admin.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import flyteidl.admin.ClusterAssignmentOuterClass.ClusterAssignment;
import flyteidl.admin.MatchableResourceOuterClass.ClusterResourceAttributes;
import flyteidl.admin.MatchableResourceOuterClass.ExecutionClusterLabel;
import flyteidl.admin.MatchableResourceOuterClass.ExecutionQueueAttributes;
import flyteidl.admin.MatchableResourceOuterClass.MatchableResource;
import flyteidl.admin.MatchableResourceOuterClass.MatchingAttributes;
import flyteidl.admin.MatchableResourceOuterClass.PluginOverrides;
import flyteidl.admin.MatchableResourceOuterClass.TaskResourceAttributes;
import flyteidl.admin.MatchableResourceOuterClass.WorkflowExecutionConfig;
import flyteidl.core.Execution.QualityOfService;
import io.aloft.admin.AdminException;
import io.grpc.Status;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The kind of a MatchingAttributes and resource_type checks (attributes_validator.go). */
class AttributesValidatorTest {

  @Test
  void everyMemberOfTheOneofNamesItsKind() {
    Map<MatchingAttributes, MatchableResource> cases = Map.of(
        MatchingAttributes.newBuilder().setTaskResourceAttributes(TaskResourceAttributes.getDefaultInstance())
            .build(), MatchableResource.TASK_RESOURCE,
        MatchingAttributes.newBuilder().setClusterResourceAttributes(ClusterResourceAttributes.getDefaultInstance())
            .build(), MatchableResource.CLUSTER_RESOURCE,
        MatchingAttributes.newBuilder().setExecutionQueueAttributes(ExecutionQueueAttributes.getDefaultInstance())
            .build(), MatchableResource.EXECUTION_QUEUE,
        MatchingAttributes.newBuilder().setExecutionClusterLabel(ExecutionClusterLabel.newBuilder().setValue("gpu"))
            .build(), MatchableResource.EXECUTION_CLUSTER_LABEL,
        MatchingAttributes.newBuilder().setQualityOfService(QualityOfService.getDefaultInstance()).build(),
        MatchableResource.QUALITY_OF_SERVICE_SPECIFICATION,
        MatchingAttributes.newBuilder().setPluginOverrides(PluginOverrides.getDefaultInstance()).build(),
        MatchableResource.PLUGIN_OVERRIDE,
        MatchingAttributes.newBuilder().setWorkflowExecutionConfig(WorkflowExecutionConfig.getDefaultInstance())
            .build(), MatchableResource.WORKFLOW_EXECUTION_CONFIG,
        MatchingAttributes.newBuilder().setClusterAssignment(ClusterAssignment.getDefaultInstance()).build(),
        MatchableResource.CLUSTER_ASSIGNMENT);
    cases.forEach((attributes, kind) ->
        assertThat(AttributesValidator.resourceOf(attributes, "attributes.matching_attributes")).isEqualTo(kind));
    // Every kind of the enum can be stored.
    assertThat(cases.values()).containsExactlyInAnyOrder(java.util.Arrays.stream(MatchableResource.values())
        .filter(r -> r != MatchableResource.UNRECOGNIZED).toArray(MatchableResource[]::new));
  }

  @Test
  void noAttributeSetIsInvalidArgumentNamingTheField() {
    assertThatThrownBy(() -> AttributesValidator.resourceOf(MatchingAttributes.getDefaultInstance(),
            "attributes.matching_attributes"))
        .isInstanceOfSatisfying(AdminException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getMessage()).contains("attributes.matching_attributes");
        });
  }

  @Test
  void unknownResourceTypeNumberIsInvalidArgument() {
    assertThat(AttributesValidator.resourceType(MatchableResource.CLUSTER_ASSIGNMENT, "resource_type"))
        .isEqualTo(MatchableResource.CLUSTER_ASSIGNMENT);
    assertThatThrownBy(() -> AttributesValidator.resourceType(MatchableResource.UNRECOGNIZED, "resource_type"))
        .isInstanceOfSatisfying(AdminException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getMessage()).contains("resource_type");
        });
  }

  @Test
  void workflowExecutionConfigLabelsMustBeKubernetesLabels() {
    MatchingAttributes bad = MatchingAttributes.newBuilder().setWorkflowExecutionConfig(WorkflowExecutionConfig
        .newBuilder().setLabels(flyteidl.admin.Common.Labels.newBuilder().putValues("team", "\uD83D\uDE00"))).build();
    assertThatThrownBy(() -> AttributesValidator.resourceOf(bad, "attributes.matching_attributes"))
        .isInstanceOf(AdminException.class).hasMessageContaining(
            "invalid attributes.matching_attributes.workflow_execution_config.labels value");
  }
}
