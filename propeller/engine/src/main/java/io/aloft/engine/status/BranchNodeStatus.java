package io.aloft.engine.status;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code branchStatus} of a branch node (v1alpha1 BranchNodeStatus): whether it was evaluated, and what it chose. */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
@JsonIgnoreProperties(ignoreUnknown = true)
public class BranchNodeStatus {
  /** Flyte's BranchNodeNotYetEvaluated. */
  public static final int NOT_YET_EVALUATED = 0;
  /** Flyte's BranchNodeSuccess: a node was chosen. */
  public static final int SUCCESS = 1;
  /** Flyte's BranchNodeError: evaluation failed. */
  public static final int ERROR = 2;

  public int phase;
  /** Id of the chosen node. */
  @JsonProperty("finalNodeId")
  public String finalNodeId;

  public BranchNodeStatus() {}

  public BranchNodeStatus(int phase, String finalNodeId) {
    this.phase = phase;
    this.finalNodeId = finalNodeId;
  }
}
