package io.aloft.admin.manager;

import static io.aloft.admin.list.ValueKind.DURATION_NANOS;
import static io.aloft.admin.list.ValueKind.ENUM_NAME;
import static io.aloft.admin.list.ValueKind.INT;
import static io.aloft.admin.list.ValueKind.STRING;
import static io.aloft.admin.list.ValueKind.TIMESTAMP;

import flyteidl.admin.Common.FlyteURLs;
import flyteidl.admin.Event.TaskExecutionEventRequest;
import flyteidl.admin.TaskExecutionOuterClass.TaskExecution;
import flyteidl.admin.TaskExecutionOuterClass.TaskExecutionClosure;
import flyteidl.admin.TaskExecutionOuterClass.TaskExecutionGetDataResponse;
import flyteidl.admin.TaskExecutionOuterClass.TaskExecutionList;
import flyteidl.admin.TaskExecutionOuterClass.TaskExecutionListRequest;
import flyteidl.core.Execution.NodeExecution;
import flyteidl.core.Execution.WorkflowExecution;
import flyteidl.core.IdentifierOuterClass.NodeExecutionIdentifier;
import flyteidl.core.IdentifierOuterClass.TaskExecutionIdentifier;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.event.Event.TaskExecutionEvent;
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
import io.aloft.admin.storage.RemoteData;
import io.aloft.admin.transformer.TaskExecutionTransformer;
import io.aloft.admin.validation.ExecutionIds;
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
 * Task executions (flyteadmin/pkg/manager/impl/task_execution_manager.go): one row per attempt of a task in a node
 * execution, created by its first event and updated by later ones; read by clients. Every request is one
 * transaction; an event that loses the race to create its row is re-run against the winner's row.
 */
@ApplicationScoped
public class TaskExecutionManager {
  /** What ListTaskExecutions filters and sorts on (FlyteAdmin's TaskExecutionColumns and its joins). */
  static final FieldCatalog TASK_EXECUTIONS = FieldCatalog.builder(Entity.TASK_EXECUTION)
      .field("id", "t.id", INT)
      .field("project", "t.task_project", STRING)
      .field("domain", "t.task_domain", STRING)
      .field("name", "t.task_name", STRING)
      .field("version", "t.task_version", STRING)
      .field("retry_attempt", "t.retry_attempt", INT)
      .field("phase", "t.phase", ENUM_NAME(flyteidl.core.Execution.TaskExecution.Phase.class))
      .field("phase_version", "t.phase_version", INT)
      .field("input_uri", "t.input_uri", STRING)
      .field("started_at", "t.started_at", TIMESTAMP)
      .field("task_execution_created_at", "t.task_execution_created_at", TIMESTAMP)
      .field("task_execution_updated_at", "t.task_execution_updated_at", TIMESTAMP)
      .field("duration", "t.duration_ns", DURATION_NANOS)
      .field("created_at", "t.created_at", TIMESTAMP)
      .field("updated_at", "t.updated_at", TIMESTAMP)
      .field(Entity.TASK, "project", "t.task_project", STRING)
      .field(Entity.TASK, "domain", "t.task_domain", STRING)
      .field(Entity.TASK, "name", "t.task_name", STRING)
      .field(Entity.TASK, "version", "t.task_version", STRING)
      .field(Entity.NODE_EXECUTION, "node_id", "n.node_id", STRING)
      .field(Entity.NODE_EXECUTION, "phase", "n.phase", ENUM_NAME(NodeExecution.Phase.class))
      .field(Entity.EXECUTION, "project", "e.project", STRING)
      .field(Entity.EXECUTION, "domain", "e.domain", STRING)
      .field(Entity.EXECUTION, "name", "e.name", STRING)
      .field(Entity.EXECUTION, "phase", "e.phase", ENUM_NAME(WorkflowExecution.Phase.class))
      .tiebreaker("t.id")
      .build();
  private static final String SELECT = "SELECT t.* FROM task_executions t"
      + " JOIN node_executions n ON n.id = t.node_execution_id JOIN executions e ON e.id = n.execution_id";

  @Inject
  EntityManager em;

  @Inject
  NativeList db;

  @Inject
  EventRepository events;

  @Inject
  RemoteData data;

  Clock clock = Clock.systemUTC();

  // ---- events -------------------------------------------------------------------------------------------------

  /**
   * Records a task execution event. NOT_FOUND for an unknown execution or node execution; ALREADY_EXISTS for a
   * phase (and phase_version) already recorded; FAILED_PRECONDITION after a terminal phase or from another cluster.
   */
  public void createEvent(TaskExecutionEventRequest request) {
    if (!request.hasEvent()) {
      throw AdminException.invalid("missing event");
    }
    TaskExecutionEvent ev = request.getEvent();
    ExecutionIds.node(ev.hasParentNodeExecutionId(), ev.getParentNodeExecutionId(), "event.parent_node_execution_id");
    ExecutionIds.taskId(ev.hasTaskId(), ev.getTaskId(), "event.task_id");
    if (!ev.hasOccurredAt()) {
      throw AdminException.invalid("missing event.occurred_at");
    }
    if (ev.hasOutputData()) {
      data.checkOutputSize(ev.getOutputData());
    }
    Races.retrying(() -> QuarkusTransaction.requiringNew().call(() -> {
      apply(ev);
      return null;
    }));
  }

  private void apply(TaskExecutionEvent ev) {
    TaskExecutionIdentifier id = ExecutionIds.of(ev);
    NodeExecutionIdentifier nodeId = ev.getParentNodeExecutionId();
    long attempt = Integer.toUnsignedLong(ev.getRetryAttempt());
    Instant now = Instant.now(clock);
    // An existing attempt (every event but the first) comes locked, with its execution's cluster, in one statement;
    // only a first event looks the execution and the node execution up.
    EventRepository.Locked<TaskExecutionEntity> locked = events.lockTask(nodeId, ev.getTaskId(), attempt);
    if (locked == null) {
      EventRepository.NodeRef ref = events.node(nodeId).orElseThrow(() ->
          AdminException.notFound("execution " + ExecutionIds.display(nodeId.getExecutionId()) + " not found"));
      EventRules.cluster(ref.execution().cluster(), ev.getProducerId()).ifPresent(r -> {
        throw EventErrors.toStatus(r);
      });
      if (ref.nodeExecutionId() == null) {
        throw AdminException.notFound("node execution " + ExecutionIds.display(nodeId) + " not found");
      }
      // Two first events racing: the unique key refuses the second insert here, and Races re-runs it as an update.
      events.insert(TaskExecutionTransformer.create(ref.nodeExecutionId(), ev, resolve(ev, null), now));
      return;
    }
    EventRules.cluster(locked.cluster(), ev.getProducerId()).ifPresent(r -> {
      throw EventErrors.toStatus(r);
    });
    TaskExecutionEntity row = locked.row();
    EventRules.task(flyteidl.core.Execution.TaskExecution.Phase.valueOf(row.phase), row.phaseVersion,
        ev.getPhase(), Integer.toUnsignedLong(ev.getPhaseVersion()), ExecutionIds.display(id)).ifPresent(r -> {
          throw EventErrors.toStatus(r);
        });
    TaskExecutionTransformer.update(row, ev, resolve(ev, row), now);
    events.update(row);
  }

  /** Offloads inputs and outputs sent inline, under FlyteAdmin's key layout for task attempts. */
  private TaskExecutionTransformer.Resolved resolve(TaskExecutionEvent ev, TaskExecutionEntity existing) {
    NodeExecutionIdentifier node = ev.getParentNodeExecutionId();
    WorkflowExecutionIdentifier exec = node.getExecutionId();
    var task = ev.getTaskId();
    String[] prefix = {exec.getProject(), exec.getDomain(), exec.getName(), node.getNodeId(), task.getProject(),
        task.getDomain(), task.getName(), task.getVersion(), Integer.toUnsignedString(ev.getRetryAttempt())};
    String inputUri = null;
    if (existing == null || existing.inputUri.isEmpty()) {
      if (ev.hasInputUri() && !ev.getInputUri().isEmpty()) {
        inputUri = ev.getInputUri();
      } else if (ev.hasInputData()) {
        inputUri = data.offload(ev.getInputData(), with(prefix, "offloaded_inputs"));
      }
    }
    String outputUri = null;
    if (ev.hasOutputData() && EventRules.isTerminal(ev.getPhase()) && data.offloadsEventData()) {
      outputUri = data.offload(ev.getOutputData(), with(prefix, "offloaded_outputs"));
    }
    return new TaskExecutionTransformer.Resolved(inputUri, outputUri);
  }

  private static String[] with(String[] prefix, String last) {
    String[] out = java.util.Arrays.copyOf(prefix, prefix.length + 1);
    out[prefix.length] = last;
    return out;
  }

  // ---- reads --------------------------------------------------------------------------------------------------

  /** GetTaskExecution; NOT_FOUND naming the id. */
  public TaskExecution get(boolean present, TaskExecutionIdentifier id) {
    ExecutionIds.task(present, id, "id");
    return QuarkusTransaction.requiringNew().call(() -> {
      TaskExecutionEntity row = require(id);
      return TaskExecutionTransformer.toProto(row, id.getNodeExecutionId(), !parents(List.of(row.id)).isEmpty());
    });
  }

  /**
   * ListTaskExecutions: the attempts of one node execution; an unknown node execution lists nothing, as in
   * FlyteAdmin. Default order: creation, oldest first.
   */
  public TaskExecutionList list(TaskExecutionListRequest r) {
    ExecutionIds.node(r.hasNodeExecutionId(), r.getNodeExecutionId(), "node_execution_id");
    ListQuery q = ListQuery.of(TASK_EXECUTIONS, r.getLimit(), r.getToken(), r.getFilters(),
        r.hasSortBy() ? r.getSortBy() : null, Sort.by(TASK_EXECUTIONS, "created_at", Sort.Direction.ASCENDING));
    return QuarkusTransaction.requiringNew().call(() -> {
      NodeExecutionEntity node = NodeExecutionEntity.find(em, r.getNodeExecutionId());
      if (node == null) {
        return TaskExecutionList.getDefaultInstance();
      }
      NodeExecutionIdentifier nodeId = r.getNodeExecutionId().toBuilder()
          .setExecutionId(ExecutionEntity.find(em, r.getNodeExecutionId().getExecutionId()).identifier()).build();
      List<TaskExecutionEntity> rows = db.rows(SELECT, q.and(SqlWhere.of("t.node_execution_id = ?", node.id)),
          TaskExecutionEntity.class);
      Set<Long> parents = rows.isEmpty() ? Set.of() : parents(rows.stream().map(t -> t.id).toList());
      TaskExecutionList.Builder out = TaskExecutionList.newBuilder().setToken(q.nextToken(rows.size()));
      rows.forEach(t -> out.addTaskExecutions(TaskExecutionTransformer.toProto(t, nodeId, parents.contains(t.id))));
      return out.build();
    });
  }

  /** GetTaskExecutionData: inputs and outputs (URL, size, inline when small) and the attempt's flyte:// URLs. */
  public TaskExecutionGetDataResponse getData(boolean present, TaskExecutionIdentifier id) {
    ExecutionIds.task(present, id, "id");
    TaskExecutionEntity row = QuarkusTransaction.requiringNew().call(() -> require(id));
    TaskExecutionClosure closure = TaskExecutionTransformer.parseClosure(row.closure);
    RemoteData.Data inputs = data.read(row.inputUri);
    RemoteData.Data outputs = closure.hasOutputData() ? data.inline(closure.getOutputData())
        : data.read(closure.getOutputUri());
    WorkflowExecutionIdentifier e = id.getNodeExecutionId().getExecutionId();
    String base = "flyte://v1/" + e.getProject() + "/" + e.getDomain() + "/" + e.getName() + "/"
        + id.getNodeExecutionId().getNodeId() + "/" + Integer.toUnsignedString(id.getRetryAttempt());
    return TaskExecutionGetDataResponse.newBuilder()
        .setInputs(inputs.blob()).setFullInputs(inputs.full())
        .setOutputs(outputs.blob()).setFullOutputs(outputs.full())
        .setFlyteUrls(FlyteURLs.newBuilder().setInputs(base + "/i").setOutputs(base + "/o"))
        .build();
  }

  /** The task execution row {@code id} names; NOT_FOUND naming the id (needs a transaction). */
  private TaskExecutionEntity require(TaskExecutionIdentifier id) {
    NodeExecutionEntity node = NodeExecutionEntity.find(em, id.getNodeExecutionId());
    TaskExecutionEntity row = node == null ? null
        : TaskExecutionEntity.find(em, node.id, id.getTaskId(), Integer.toUnsignedLong(id.getRetryAttempt()), false);
    if (row == null) {
      throw AdminException.notFound("task execution " + ExecutionIds.display(id) + " not found");
    }
    return row;
  }

  /** Which of the task execution rows {@code ids} launched node executions (needs a transaction). */
  private Set<Long> parents(List<Long> ids) {
    @SuppressWarnings("unchecked")
    List<Number> found = em.createNativeQuery("SELECT DISTINCT parent_task_execution_id FROM node_executions"
        + " WHERE parent_task_execution_id IN (:ids)").setParameter("ids", ids).getResultList();
    Set<Long> out = new HashSet<>();
    found.forEach(n -> out.add(n.longValue()));
    return out;
  }
}
