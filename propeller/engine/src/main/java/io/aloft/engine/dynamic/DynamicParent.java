package io.aloft.engine.dynamic;

import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Tasks.TaskTemplate;

/**
 * The node whose task produced a futures file: what Flyte's dynamic handler reads from its node execution context
 * to build the dynamic workflow.
 *
 * @param execution the workflow execution the node belongs to; its project and domain are the dynamic workflow's
 * @param nodeId the node's id as its events carry it (Flyte's {@code NodeExecutionID.NodeId}: inside a branch,
 *     sub-workflow or dynamic workflow, the unique id that includes the parents); the dynamic workflow is named
 *     {@code dynamic_<nodeId>}
 * @param attempt the attempt whose output dir holds the futures file
 * @param task the parent task: the dynamic workflow takes its outputs, and child container tasks its container
 *     config
 */
public record DynamicParent(WorkflowExecutionIdentifier execution, String nodeId, int attempt, TaskTemplate task) {}
