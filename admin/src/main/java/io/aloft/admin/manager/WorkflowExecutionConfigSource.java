package io.aloft.admin.manager;

import flyteidl.admin.MatchableResourceOuterClass.WorkflowExecutionConfig;
import java.util.Optional;

/** Where the WORKFLOW_EXECUTION_CONFIG matchable attribute of a launch comes from. */
public interface WorkflowExecutionConfigSource {
  /** The most specific WORKFLOW_EXECUTION_CONFIG for the launch, if any. */
  Optional<WorkflowExecutionConfig> find(String org, String project, String domain, String workflowName,
      String launchPlanName);
}
