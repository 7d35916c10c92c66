package io.aloft.admin.manager;

import flyteidl.admin.ExecutionOuterClass.Execution;
import flyteidl.admin.NodeExecutionOuterClass.NodeExecution;
import flyteidl.admin.TaskExecutionOuterClass.TaskExecution;
import flyteidl.core.Compiler.CompiledWorkflowClosure;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.NodeExecutionIdentifier;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import io.aloft.admin.entity.NodeExecutionEntity;
import io.aloft.admin.entity.TaskExecutionEntity;
import io.aloft.admin.metrics.ExecutionRecords;
import io.aloft.admin.repository.EventRepository;
import io.aloft.admin.transformer.NodeExecutionTransformer;
import io.aloft.admin.transformer.TaskExecutionTransformer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@link ExecutionRecords} from admin's database and S3, for one GetExecutionMetrics call: each execution's node and
 * task executions are read once, in one transaction of two statements, and served from memory after; workflows
 * are read once each. Where FlyteAdmin pages through ListNodeExecutions per level and ListTaskExecutions per node,
 * this reads an execution's rows at once.
 */
final class StoredExecutionRecords implements ExecutionRecords {
  private final EventRepository events;
  private final ExecutionManager executions;
  private final WorkflowManager workflows;
  private final NodeExecutionManager nodeExecutions;
  private final Map<WorkflowExecutionIdentifier, Rows> rows = new HashMap<>();
  private final Map<Identifier, CompiledWorkflowClosure> compiled = new HashMap<>();

  StoredExecutionRecords(EventRepository events, ExecutionManager executions, WorkflowManager workflows,
      NodeExecutionManager nodeExecutions) {
    this.events = events;
    this.executions = executions;
    this.workflows = workflows;
    this.nodeExecutions = nodeExecutions;
  }

  /** How many executions' rows this call read. */
  int executionsRead() {
    return rows.size();
  }

  @Override
  public Execution execution(WorkflowExecutionIdentifier id) {
    return executions.get(id);
  }

  @Override
  public CompiledWorkflowClosure workflow(Identifier id) {
    return compiled.computeIfAbsent(id, w -> workflows.get(w).getClosure().getCompiledWorkflow());
  }

  @Override
  public List<NodeExecution> nodeExecutions(WorkflowExecutionIdentifier execution, String parentNodeId) {
    Rows r = rows(execution);
    Long parent = parentNodeId == null ? null : r.nodeRowIds.get(parentNodeId);
    if (parentNodeId != null && parent == null) {
      return List.of();
    }
    return r.nodes.stream()
        .filter(n -> parent == null ? n.parentId == null && n.parentTaskExecutionId == null
            : Objects.equals(n.parentId, parent))
        .map(n -> NodeExecutionTransformer.toProto(n, execution, r.nodeParents.contains(n.id), false))
        .toList();
  }

  @Override
  public List<TaskExecution> taskExecutions(NodeExecutionIdentifier node) {
    Rows r = rows(node.getExecutionId());
    Long nodeRow = r.nodeRowIds.get(node.getNodeId());
    return r.tasks.stream().filter(t -> t.nodeExecutionId.equals(nodeRow))
        .map(t -> TaskExecutionTransformer.toProto(t, node, r.taskParents.contains(t.id))).toList();
  }

  @Override
  public CompiledWorkflowClosure dynamicWorkflow(NodeExecutionIdentifier node) {
    return nodeExecutions.getDynamicWorkflow(true, node).getCompiledWorkflow();
  }

  /** One execution's node and task execution rows, with what tells parents. */
  private record Rows(List<NodeExecutionEntity> nodes, List<TaskExecutionEntity> tasks,
      Map<String, Long> nodeRowIds, Set<Long> nodeParents, Set<Long> taskParents) {}

  private Rows rows(WorkflowExecutionIdentifier execution) {
    return rows.computeIfAbsent(execution, id -> QuarkusTransaction.requiringNew().call(() -> {
      Long executionRow = events.execution(id).map(EventRepository.ExecutionRef::id).orElse(null);
      if (executionRow == null) {
        return new Rows(List.of(), List.of(), Map.of(), Set.of(), Set.of());
      }
      List<NodeExecutionEntity> nodes = events.nodeExecutions(executionRow);
      Map<String, Long> ids = new HashMap<>();
      Set<Long> nodeParents = new HashSet<>();
      Set<Long> taskParents = new HashSet<>();
      for (NodeExecutionEntity n : nodes) {
        ids.put(n.nodeId, n.id);
        if (n.parentId != null) {
          nodeParents.add(n.parentId);
        }
        if (n.parentTaskExecutionId != null) {
          taskParents.add(n.parentTaskExecutionId);
        }
      }
      return new Rows(nodes, events.taskExecutions(executionRow), ids, nodeParents, taskParents);
    }));
  }
}
