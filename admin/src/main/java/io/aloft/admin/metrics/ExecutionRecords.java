package io.aloft.admin.metrics;

import flyteidl.admin.ExecutionOuterClass.Execution;
import flyteidl.admin.NodeExecutionOuterClass.NodeExecution;
import flyteidl.admin.TaskExecutionOuterClass.TaskExecution;
import flyteidl.core.Compiler.CompiledWorkflowClosure;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.NodeExecutionIdentifier;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import java.util.List;

/**
 * What the span tree is built from: admin's records of an execution, as its read RPCs return them. The manager reads
 * them from the database and S3; tests give fixed ones.
 */
public interface ExecutionRecords {
  /** The execution {@code id} names (a launch-plan node's child execution); fails if there is none. */
  Execution execution(WorkflowExecutionIdentifier id);

  /** The compiled closure of registered workflow {@code id}; fails if there is none. */
  CompiledWorkflowClosure workflow(Identifier id);

  /**
   * The node executions of {@code execution} directly under node execution {@code parentNodeId} (null: the
   * top-level ones), in any order.
   */
  List<NodeExecution> nodeExecutions(WorkflowExecutionIdentifier execution, String parentNodeId);

  /** The task executions (attempts) of node execution {@code node}, in any order. */
  List<TaskExecution> taskExecutions(NodeExecutionIdentifier node);

  /** The compiled workflow dynamic node execution {@code node} yielded; fails if it yielded none. */
  CompiledWorkflowClosure dynamicWorkflow(NodeExecutionIdentifier node);
}
