package io.aloft.engine.status;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code workflowNodeStatus} of a workflow node (v1alpha1 WorkflowNodeStatus): Undefined (0), Executing (1) or
 * Failing (2, with the error the node fails with once the sub-workflow's failure handling is done).
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
@JsonIgnoreProperties(ignoreUnknown = true)
public class WorkflowNodeStatus {
  public static final int UNDEFINED = 0;
  public static final int EXECUTING = 1;
  public static final int FAILING = 2;

  public int phase;
  @JsonProperty("executionError")
  public ExecutionErrorInfo executionError;

  public WorkflowNodeStatus() {}

  public WorkflowNodeStatus(int phase, ExecutionErrorInfo executionError) {
    this.phase = phase;
    this.executionError = executionError;
  }
}
