package io.aloft.admin.validation;

import flyteidl.admin.MatchableResourceOuterClass.MatchableResource;
import flyteidl.admin.MatchableResourceOuterClass.MatchingAttributes;
import io.aloft.admin.AdminException;

/**
 * The request checks of the matchable-attribute RPCs that need no database
 * (flyteadmin/pkg/manager/impl/validation/attributes_validator.go). Each names the field.
 */
public final class AttributesValidator {
  private AttributesValidator() {}

  /**
   * The kind of attribute {@code attributes} sets, from the member of its {@code target} oneof; INVALID_ARGUMENT if
   * none is set. FlyteAdmin's {@code validateMatchingAttributes} also refuses {@code quality_of_service}, which its
   * own QoS allocator then looks up; here every kind of the enum can be stored.
   */
  public static MatchableResource resourceOf(MatchingAttributes attributes, String field) {
    return switch (attributes.getTargetCase()) {
      case TASK_RESOURCE_ATTRIBUTES -> MatchableResource.TASK_RESOURCE;
      case CLUSTER_RESOURCE_ATTRIBUTES -> MatchableResource.CLUSTER_RESOURCE;
      case EXECUTION_QUEUE_ATTRIBUTES -> MatchableResource.EXECUTION_QUEUE;
      case EXECUTION_CLUSTER_LABEL -> MatchableResource.EXECUTION_CLUSTER_LABEL;
      case QUALITY_OF_SERVICE -> MatchableResource.QUALITY_OF_SERVICE_SPECIFICATION;
      case PLUGIN_OVERRIDES -> MatchableResource.PLUGIN_OVERRIDE;
      case WORKFLOW_EXECUTION_CONFIG -> {
        // stored labels go on every later execution in scope: one Kubernetes refuses would fail them all
        Validation.labels(attributes.getWorkflowExecutionConfig().getLabels(),
            field + ".workflow_execution_config.labels");
        yield MatchableResource.WORKFLOW_EXECUTION_CONFIG;
      }
      case CLUSTER_ASSIGNMENT -> MatchableResource.CLUSTER_ASSIGNMENT;
      case TARGET_NOT_SET -> throw AdminException.invalid("missing " + field + ": no attribute is set");
    };
  }

  /** Throws INVALID_ARGUMENT unless {@code type} is a value of MatchableResource this server knows. */
  public static MatchableResource resourceType(MatchableResource type, String field) {
    if (type == MatchableResource.UNRECOGNIZED) {
      throw AdminException.invalid("invalid " + field + ": not a MatchableResource");
    }
    return type;
  }
}
