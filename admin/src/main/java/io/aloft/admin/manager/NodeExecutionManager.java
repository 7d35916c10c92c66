package io.aloft.admin.manager;

import static io.aloft.admin.list.ValueKind.DURATION_NANOS;
import static io.aloft.admin.list.ValueKind.ENUM_NAME;
import static io.aloft.admin.list.ValueKind.INT;
import static io.aloft.admin.list.ValueKind.STRING;
import static io.aloft.admin.list.ValueKind.TIMESTAMP;

import com.google.protobuf.InvalidProtocolBufferException;
import flyteidl.admin.Common.FlyteURLs;
import flyteidl.admin.Event.NodeExecutionEventRequest;
import flyteidl.admin.NodeExecutionOuterClass.DynamicNodeWorkflowResponse;
import flyteidl.admin.NodeExecutionOuterClass.DynamicWorkflowNodeMetadata;
import flyteidl.admin.NodeExecutionOuterClass.NodeExecution;
import flyteidl.admin.NodeExecutionOuterClass.NodeExecutionClosure;
import flyteidl.admin.NodeExecutionOuterClass.NodeExecutionForTaskListRequest;
import flyteidl.admin.NodeExecutionOuterClass.NodeExecutionGetDataResponse;
import flyteidl.admin.NodeExecutionOuterClass.NodeExecutionList;
import flyteidl.admin.NodeExecutionOuterClass.NodeExecutionListRequest;
import flyteidl.core.Compiler.CompiledWorkflowClosure;
import flyteidl.core.Execution.WorkflowExecution;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.NodeExecutionIdentifier;
import flyteidl.core.IdentifierOuterClass.TaskExecutionIdentifier;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.event.Event.NodeExecutionEvent;
import io.aloft.admin.AdminException;
import io.aloft.admin.entity.ExecutionEntity;
import io.aloft.admin.entity.NodeExecutionEntity;
import io.aloft.admin.entity.TaskExecutionEntity;
import io.aloft.admin.event.EventErrors;
import io.aloft.admin.event.EventRules;
import io.aloft.admin.list.Entity;
import io.aloft.admin.list.FieldCatalog;
import io.aloft.admin.list.ListQuery;
import io.aloft.admin.list.Sort;
import io.aloft.admin.list.SqlWhere;
import io.aloft.admin.repository.EventRepository;
import io.aloft.admin.repository.NativeList;
import io.aloft.admin.storage.BlobStore;
import io.aloft.admin.storage.RemoteData;
import io.aloft.admin.transformer.NodeExecutionTransformer;
import io.aloft.admin.transformer.NodeExecutionTransformer.Resolved;
import io.aloft.admin.validation.ExecutionIds;
import io.aloft.admin.validation.Validation;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Node executions (flyteadmin/pkg/manager/impl/node_execution_manager.go): created and updated by propeller's node
 * events, read by clients. Every request is one transaction; an event that loses the race to create its row is
 * re-run against the winner's row.
 */
@ApplicationScoped
public class NodeExecutionManager {
  /** What ListNodeExecutions and ListNodeExecutionsForTask filter and sort on (FlyteAdmin's NodeExecutionColumns). */
  static final FieldCatalog NODE_EXECUTIONS = FieldCatalog.builder(Entity.NODE_EXECUTION)
      .field("id", "n.id", INT)
      .field("node_id", "n.node_id", STRING)
      .field("phase", "n.phase", ENUM_NAME(flyteidl.core.Execution.NodeExecution.Phase.class))
      .field("input_uri", "n.input_uri", STRING)
      .field("started_at", "n.started_at", TIMESTAMP)
      .field("node_execution_created_at", "n.node_execution_created_at", TIMESTAMP)
      .field("node_execution_updated_at", "n.node_execution_updated_at", TIMESTAMP)
      .field("duration", "n.duration_ns", DURATION_NANOS)
      .field("parent_id", "n.parent_id", INT)
      .field("parent_task_execution_id", "n.parent_task_execution_id", INT)
      .field("error_kind", "n.error_kind", STRING)
      .field("error_code", "n.error_code", STRING)
      .field("cache_status", "n.cache_status", STRING)
      .field("created_at", "n.created_at", TIMESTAMP)
      .field("updated_at", "n.updated_at", TIMESTAMP)
      .field(Entity.EXECUTION, "project", "e.project", STRING)
      .field(Entity.EXECUTION, "domain", "e.domain", STRING)
      .field(Entity.EXECUTION, "name", "e.name", STRING)
      .field(Entity.EXECUTION, "phase", "e.phase", ENUM_NAME(WorkflowExecution.Phase.class))
      .field(Entity.EXECUTION, "cluster", "e.cluster", STRING)
      .field(Entity.EXECUTION, "created_at", "e.created_at", TIMESTAMP)
      .tiebreaker("n.id")
      .build();
  private static final String SELECT = "SELECT n.* FROM node_executions n JOIN executions e ON e.id = n.execution_id";

  @Inject
  EntityManager em;

  @Inject
  NativeList db;

  @Inject
  EventRepository events;

  @Inject
  BlobStore blobs;

  @Inject
  RemoteData data;

  Clock clock = Clock.systemUTC();

  // ---- events -------------------------------------------------------------------------------------------------

  /**
   * Records a node execution event: the first event of a node execution (whatever its phase) creates it, later
   * ones update it. NOT_FOUND for an unknown execution, parent node or parent task execution; ALREADY_EXISTS for a
   * phase already recorded; FAILED_PRECONDITION after a terminal phase or from another cluster.
   */
  public void createEvent(NodeExecutionEventRequest request) {
    if (!request.hasEvent()) {
      throw AdminException.invalid("missing event");
    }
    NodeExecutionEvent ev = request.getEvent();
    validate(ev);
    if (ev.hasOutputData()) {
      data.checkOutputSize(ev.getOutputData());
    }
    Races.retrying(() -> QuarkusTransaction.requiringNew().call(() -> {
      apply(ev);
      return null;
    }));
  }

  private static void validate(NodeExecutionEvent ev) {
    ExecutionIds.node(ev.hasId(), ev.getId(), "event.id");
    if (!ev.hasOccurredAt()) {
      throw AdminException.invalid("missing event.occurred_at");
    }
    if (ev.hasParentTaskMetadata()) {
      ExecutionIds.task(ev.getParentTaskMetadata().hasId(), ev.getParentTaskMetadata().getId(),
          "event.parent_task_metadata.id");
    }
    if (ev.hasParentNodeMetadata()) {
      Validation.required(ev.getParentNodeMetadata().getNodeId(),
          "event.parent_node_metadata.node_id");
    }
    if (ev.hasWorkflowNodeMetadata()) {
      ExecutionIds.workflow(ev.getWorkflowNodeMetadata().hasExecutionId(),
          ev.getWorkflowNodeMetadata().getExecutionId(), "event.workflow_node_metadata.execution_id");
    }
    if (ev.hasTaskNodeMetadata() && ev.getTaskNodeMetadata().hasDynamicWorkflow()) {
      // ValidateNodeExecutionEventRequest: a dynamic workflow must come compiled, with its primary template id.
      flyteidl.event.Event.DynamicWorkflowNodeMetadata dynamic = ev.getTaskNodeMetadata().getDynamicWorkflow();
      String field = "event.task_node_metadata.dynamic_workflow";
      workflowId(dynamic.hasId(), dynamic.getId(), field + ".id");
      if (!dynamic.hasCompiledWorkflow()) {
        throw AdminException.invalid("missing " + field + ".compiled_workflow");
      }
      if (!dynamic.getCompiledWorkflow().hasPrimary() || !dynamic.getCompiledWorkflow().getPrimary().hasTemplate()) {
        throw AdminException.invalid("missing " + field + ".compiled_workflow.primary.template");
      }
      var template = dynamic.getCompiledWorkflow().getPrimary().getTemplate();
      workflowId(template.hasId(), template.getId(), field + ".compiled_workflow.primary.template.id");
    }
  }

  private static void workflowId(boolean present, Identifier id, String field) {
    if (!present) {
      throw AdminException.invalid("missing " + field);
    }
    Validation.required(id.getProject(), field + ".project");
    Validation.required(id.getDomain(), field + ".domain");
    Validation.required(id.getName(), field + ".name");
    Validation.required(id.getVersion(), field + ".version");
  }

  private void apply(NodeExecutionEvent ev) {
    NodeExecutionIdentifier id = ev.getId();
    Instant now = Instant.now(clock);
    // An existing node execution (every event but the first) comes locked, with its execution's cluster, in one
    // statement; only a first event looks the execution up on its own.
    EventRepository.Locked<NodeExecutionEntity> locked = events.lockNode(id.getExecutionId(), id.getNodeId());
    String cluster = locked != null ? locked.cluster() : null;
    EventRepository.ExecutionRef execution = null;
    if (locked == null) {
      execution = events.execution(id.getExecutionId()).orElseThrow(() ->
          AdminException.notFound("execution " + ExecutionIds.display(id.getExecutionId()) + " not found"));
      cluster = execution.cluster();
    }
    // FlyteAdmin checks the cluster of every node event, before anything else.
    EventRules.cluster(cluster, ev.getProducerId()).ifPresent(r -> {
      throw EventErrors.toStatus(r);
    });
    if (locked == null) {
      Long parentTaskExecutionId = null;
      if (ev.hasParentTaskMetadata()) {
        TaskExecutionIdentifier parentTask = ev.getParentTaskMetadata().getId();
        parentTaskExecutionId = requireTaskExecution(parentTask).id;
      }
      Long parentId = null;
      if (ev.hasParentNodeMetadata()) {
        parentId = events.nodeExecutionId(execution.id(), ev.getParentNodeMetadata().getNodeId());
        if (parentId == null) {
          throw AdminException.notFound("parent node execution " + ExecutionIds.display(NodeExecutionIdentifier
              .newBuilder().setExecutionId(id.getExecutionId()).setNodeId(ev.getParentNodeMetadata().getNodeId())
              .build()) + " not found");
        }
      }
      // Two first events racing: the unique key refuses the second insert here, and Races re-runs it as an update.
      events.insert(NodeExecutionTransformer.create(execution.id(), parentId, parentTaskExecutionId, ev,
          resolve(ev, null), now));
      return;
    }
    NodeExecutionEntity row = locked.row();
    flyteidl.core.Execution.NodeExecution.Phase current =
        flyteidl.core.Execution.NodeExecution.Phase.valueOf(row.phase);
    EventRules.node(current, ev.getPhase(), ExecutionIds.display(id)).ifPresent(r -> {
      throw EventErrors.toStatus(r);
    });
    NodeExecutionTransformer.update(row, ev, resolve(ev, row), now);
    events.update(row);
  }

  /**
   * Blob writes and lookups an accepted event needs: inputs sent inline, outputs sent inline (unless they stay
   * inline), the compiled dynamic workflow, and the existence of the child execution a launch-plan node reports.
   */
  private Resolved resolve(NodeExecutionEvent ev, NodeExecutionEntity existing) {
    WorkflowExecutionIdentifier exec = ev.getId().getExecutionId();
    String nodeId = ev.getId().getNodeId();
    String inputUri = null;
    if (existing == null || existing.inputUri.isEmpty()) {
      if (ev.hasInputUri() && !ev.getInputUri().isEmpty()) {
        inputUri = ev.getInputUri();
      } else if (ev.hasInputData()) {
        inputUri = data.offload(ev.getInputData(), exec.getProject(), exec.getDomain(), exec.getName(), nodeId,
            "offloaded_inputs");
      }
    }
    String outputUri = null;
    if (ev.hasOutputData() && EventRules.isTerminal(ev.getPhase()) && data.offloadsEventData()) {
      // Written after the checks, under the row lock: a refused event never overwrites accepted outputs.
      outputUri = data.offload(ev.getOutputData(), exec.getProject(), exec.getDomain(), exec.getName(), nodeId,
          "offloaded_outputs");
    }
    String dynamicRef = null;
    if (ev.hasTaskNodeMetadata() && ev.getTaskNodeMetadata().hasDynamicWorkflow()) {
      var dynamic = ev.getTaskNodeMetadata().getDynamicWorkflow();
      Identifier wf = dynamic.getId();
      // flyteadmin's uploadDynamicWorkflowClosure layout: metadata/admin/<p>/<d>/<exec>/<node>/<p>_<d>_<n>_<v>
      dynamicRef = blobs.put(String.join("/", "metadata", "admin", exec.getProject(), exec.getDomain(),
              exec.getName(), nodeId, wf.getProject() + "_" + wf.getDomain() + "_" + wf.getName() + "_"
                  + wf.getVersion()),
          dynamic.getCompiledWorkflow().toByteArray());
    }
    WorkflowExecutionIdentifier child = null;
    if (ev.hasWorkflowNodeMetadata()) {
      child = ev.getWorkflowNodeMetadata().getExecutionId();
      if (ExecutionEntity.find(em, child) == null) {
        throw AdminException.notFound("execution " + ExecutionIds.display(child) + " launched by node execution "
            + ExecutionIds.display(ev.getId()) + " not found");
      }
    }
    return new Resolved(inputUri, outputUri, dynamicRef, child);
  }

  /** The task execution row {@code id} names; NOT_FOUND naming it if none. */
  TaskExecutionEntity requireTaskExecution(TaskExecutionIdentifier id) {
    NodeExecutionEntity node = NodeExecutionEntity.find(em, id.getNodeExecutionId());
    TaskExecutionEntity task = node == null ? null
        : TaskExecutionEntity.find(em, node.id, id.getTaskId(), Integer.toUnsignedLong(id.getRetryAttempt()), false);
    if (task == null) {
      throw AdminException.notFound("task execution " + ExecutionIds.display(id) + " not found");
    }
    return task;
  }

  // ---- reads --------------------------------------------------------------------------------------------------

  /** GetNodeExecution; NOT_FOUND naming the id. */
  public NodeExecution get(boolean present, NodeExecutionIdentifier id) {
    ExecutionIds.node(present, id, "id");
    return QuarkusTransaction.requiringNew().call(() -> {
      Located found = require(id);
      return NodeExecutionTransformer.toProto(found.node, found.execution.identifier(),
          found.node.eventVersion == 0 && !childrenOf(List.of(found.node.id)).isEmpty(), false);
    });
  }

  /**
   * ListNodeExecutions: without {@code unique_parent_id} the top-level node executions of the execution (no parent
   * node, no parent task execution); with it the children of that node execution (NOT_FOUND if it does not exist).
   * An unknown execution lists nothing, as in FlyteAdmin. Default order: creation, oldest first.
   */
  public NodeExecutionList list(NodeExecutionListRequest r) {
    ExecutionIds.workflow(r.hasWorkflowExecutionId(), r.getWorkflowExecutionId(), "workflow_execution_id");
    ListQuery q = query(r.getLimit(), r.getToken(), r.getFilters(), r.hasSortBy() ? r.getSortBy() : null);
    return QuarkusTransaction.requiringNew().call(() -> {
      ExecutionEntity execution = ExecutionEntity.find(em, r.getWorkflowExecutionId());
      if (execution == null) {
        return NodeExecutionList.getDefaultInstance();
      }
      SqlWhere scope;
      if (r.getUniqueParentId().isEmpty()) {
        scope = SqlWhere.of("n.execution_id = ? AND n.parent_id IS NULL AND n.parent_task_execution_id IS NULL",
            execution.id);
      } else {
        NodeExecutionEntity parent = NodeExecutionEntity.find(em, execution.id, r.getUniqueParentId(), false);
        if (parent == null) {
          throw AdminException.notFound("node execution " + ExecutionIds.display(NodeExecutionIdentifier.newBuilder()
              .setExecutionId(r.getWorkflowExecutionId()).setNodeId(r.getUniqueParentId()).build())
              + " (unique_parent_id) not found");
        }
        scope = SqlWhere.of("n.execution_id = ? AND n.parent_id = ?", execution.id, parent.id);
      }
      return page(q.and(scope), execution.identifier());
    });
  }

  /** ListNodeExecutionsForTask: the node executions a task execution launched; NOT_FOUND if it does not exist. */
  public NodeExecutionList listForTask(NodeExecutionForTaskListRequest r) {
    ExecutionIds.task(r.hasTaskExecutionId(), r.getTaskExecutionId(), "task_execution_id");
    ListQuery q = query(r.getLimit(), r.getToken(), r.getFilters(), r.hasSortBy() ? r.getSortBy() : null);
    return QuarkusTransaction.requiringNew().call(() -> {
      TaskExecutionEntity task = requireTaskExecution(r.getTaskExecutionId());
      return page(q.and(SqlWhere.of("n.parent_task_execution_id = ?", task.id)),
          ExecutionEntity.find(em, r.getTaskExecutionId().getNodeExecutionId().getExecutionId()).identifier());
    });
  }

  /**
   * GetNodeExecutionData: the inputs and outputs (URL, size, and the literal map itself when small enough), the
   * compiled dynamic workflow a dynamic node yielded, and the node's flyte:// URLs.
   */
  public NodeExecutionGetDataResponse getData(boolean present, NodeExecutionIdentifier id) {
    ExecutionIds.node(present, id, "id");
    NodeExecutionEntity node = QuarkusTransaction.requiringNew().call(() -> require(id).node);
    NodeExecutionClosure closure = NodeExecutionTransformer.parseClosure(node.closure);
    RemoteData.Data inputs = data.read(node.inputUri);
    RemoteData.Data outputs = closure.hasOutputData() ? data.inline(closure.getOutputData())
        : data.read(closure.getOutputUri());
    NodeExecutionGetDataResponse.Builder out = NodeExecutionGetDataResponse.newBuilder()
        .setInputs(inputs.blob()).setFullInputs(inputs.full())
        .setOutputs(outputs.blob()).setFullOutputs(outputs.full())
        .setFlyteUrls(flyteUrls(id, !closure.getDeckUri().isEmpty()));
    if (!node.dynamicWorkflowRemoteClosureReference.isEmpty()) {
      CompiledWorkflowClosure compiled = dynamicWorkflow(node);
      out.setDynamicWorkflow(DynamicWorkflowNodeMetadata.newBuilder()
          .setId(compiled.getPrimary().getTemplate().getId())
          .setCompiledWorkflow(compiled)
          .setDynamicJobSpecUri(closure.getDynamicJobSpecUri()));
    }
    return out.build();
  }

  /** GetDynamicNodeWorkflow: NOT_FOUND if the node execution does not exist or yielded no dynamic workflow. */
  public DynamicNodeWorkflowResponse getDynamicWorkflow(boolean present, NodeExecutionIdentifier id) {
    ExecutionIds.node(present, id, "id");
    NodeExecutionEntity node = QuarkusTransaction.requiringNew().call(() -> require(id).node);
    if (node.dynamicWorkflowRemoteClosureReference.isEmpty()) {
      throw AdminException.notFound("node execution " + ExecutionIds.display(id)
          + " does not contain a dynamic workflow");
    }
    return DynamicNodeWorkflowResponse.newBuilder().setCompiledWorkflow(dynamicWorkflow(node)).build();
  }

  /** FlyteAdmin's FlyteURLsFromNodeExecutionID: flyte://v1/<project>/<domain>/<execution>/<node>/{i,o,d}. */
  static FlyteURLs flyteUrls(NodeExecutionIdentifier id, boolean deck) {
    WorkflowExecutionIdentifier e = id.getExecutionId();
    String base = "flyte://v1/" + e.getProject() + "/" + e.getDomain() + "/" + e.getName() + "/" + id.getNodeId();
    FlyteURLs.Builder urls = FlyteURLs.newBuilder().setInputs(base + "/i").setOutputs(base + "/o");
    if (deck) {
      urls.setDeck(base + "/d");
    }
    return urls.build();
  }

  private CompiledWorkflowClosure dynamicWorkflow(NodeExecutionEntity node) {
    try {
      CompiledWorkflowClosure closure = CompiledWorkflowClosure.parseFrom(
          blobs.get(node.dynamicWorkflowRemoteClosureReference));
      if (!closure.hasPrimary() || !closure.getPrimary().hasTemplate()) {
        throw new AdminException(io.grpc.Status.Code.INTERNAL, "empty primary workflow in dynamic workflow at "
            + node.dynamicWorkflowRemoteClosureReference);
      }
      return closure;
    } catch (InvalidProtocolBufferException e) {
      throw new AdminException(io.grpc.Status.Code.INTERNAL, "unable to read the dynamic workflow at "
          + node.dynamicWorkflowRemoteClosureReference);
    }
  }

  private static ListQuery query(int limit, String token, String filters, flyteidl.admin.Common.Sort sortBy) {
    return ListQuery.of(NODE_EXECUTIONS, limit, token, filters, sortBy,
        Sort.by(NODE_EXECUTIONS, "created_at", Sort.Direction.ASCENDING));
  }

  private NodeExecutionList page(ListQuery q, WorkflowExecutionIdentifier executionId) {
    List<NodeExecutionEntity> rows = db.rows(SELECT, q, NodeExecutionEntity.class);
    List<Long> legacy = rows.stream().filter(n -> n.eventVersion == 0).map(n -> n.id).toList();
    Set<Long> parents = legacy.isEmpty() ? Set.of() : childrenOf(legacy);
    NodeExecutionList.Builder out = NodeExecutionList.newBuilder().setToken(q.nextToken(rows.size()));
    rows.forEach(n -> out.addNodeExecutions(NodeExecutionTransformer.toProto(n, executionId,
        parents.contains(n.id), true)));
    return out.build();
  }

  /** Which of {@code ids} other node executions name as parent (needs a transaction). */
  private Set<Long> childrenOf(List<Long> ids) {
    @SuppressWarnings("unchecked")
    List<Number> found = em.createNativeQuery("SELECT DISTINCT parent_id FROM node_executions"
        + " WHERE parent_id IN (:ids)").setParameter("ids", ids).getResultList();
    Set<Long> out = new HashSet<>();
    found.forEach(n -> out.add(n.longValue()));
    return out;
  }

  /** An execution row and one of its node execution rows. */
  private record Located(ExecutionEntity execution, NodeExecutionEntity node) {}

  /** The node execution {@code id} names, with its execution; NOT_FOUND naming the id (needs a transaction). */
  private Located require(NodeExecutionIdentifier id) {
    ExecutionEntity execution = ExecutionEntity.find(em, id.getExecutionId());
    NodeExecutionEntity node = execution == null ? null : NodeExecutionEntity.find(em, execution.id, id.getNodeId(),
        false);
    if (node == null) {
      throw AdminException.notFound("node execution " + ExecutionIds.display(id) + " not found");
    }
    return new Located(execution, node);
  }
}
