package io.aloft.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import flyteidl.core.IdentifierOuterClass.Identifier;

/** {@code workflow} of a workflow node (v1alpha1 {@code WorkflowNodeSpec}): exactly one of the two is set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WorkflowNodeSpec extends UnknownMembers {
  /** The launch plan to launch as a child execution (core.Identifier as jsonpb). */
  @JsonProperty("launchPlanRefId")
  @JsonSerialize(using = ProtoJson.MessageSerializer.class)
  @JsonDeserialize(using = ProtoJson.MessageDeserializer.class)
  public Identifier launchPlanRefId;
  /** Key of the sub-workflow in the resource's {@code subWorkflows} ({@link GoProtoText#identifier}). */
  @JsonProperty("subWorkflowRef")
  public String subWorkflowRef;

  public WorkflowNodeSpec() {}

  /** A launch-plan node. */
  public static WorkflowNodeSpec launchPlan(Identifier id) {
    WorkflowNodeSpec s = new WorkflowNodeSpec();
    s.launchPlanRefId = id;
    return s;
  }

  /** A sub-workflow node. */
  public static WorkflowNodeSpec subWorkflow(String ref) {
    WorkflowNodeSpec s = new WorkflowNodeSpec();
    s.subWorkflowRef = ref;
    return s;
  }
}
