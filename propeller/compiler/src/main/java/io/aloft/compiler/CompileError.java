package io.aloft.compiler;

/**
 * One problem found while compiling a workflow.
 *
 * @param code what kind of problem
 * @param nodeId the node it concerns ({@code start-node} for workflow-wide problems)
 * @param description a sentence naming the offending field, variable or reference
 */
public record CompileError(ErrorCode code, String nodeId, String description) {

  @Override
  public String toString() {
    return "Code: " + code.wireName() + ", Node Id: " + nodeId + ", Description: " + description;
  }
}
