package io.aloft.engine.status;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code dynamicNodeStatus} of a task node that may turn dynamic (v1alpha1 DynamicNodeStatus): None (0) while its
 * task runs, ParentFinalizing (3) once the task wrote futures, ParentFinalized (4) once its pod was released, Executing
 * (1) while the compiled workflow runs, Failing (2).
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
@JsonIgnoreProperties(ignoreUnknown = true)
public class DynamicNodeStatus extends Tracked {
  public static final int NONE = 0;
  public static final int EXECUTING = 1;
  public static final int FAILING = 2;
  public static final int PARENT_FINALIZING = 3;
  public static final int PARENT_FINALIZED = 4;

  public int phase;
  public String reason;
  public WorkflowNodeStatus.GoExecutionError error;
  @JsonProperty("permFailure")
  public boolean permanentFailure;

  /** Enters {@code p} for {@code why}. */
  public void enter(int p, String why) {
    if (phase != p || !java.util.Objects.equals(reason, why)) {
      phase = p;
      reason = why;
      markDirty();
    }
  }
}
