package io.aloft.admin.repository;

import static io.aloft.admin.repository.Sql.orNull;

import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.NodeExecutionIdentifier;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import io.aloft.admin.entity.ExecutionEntity;
import io.aloft.admin.entity.NodeExecutionEntity;
import io.aloft.admin.entity.TaskExecutionEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rows propeller's events read and write ({@code executions}, {@code node_executions}, {@code
 * task_executions}), in plain SQL: events are admin's most frequent writes, and through Hibernate each one
 * paid for entity hydration of the whole execution row, an auto-flush before every native query and dirty checking
 * at commit, several times what its three or four statements cost. The rows are the same entity classes, filled
 * and written column by column. Every method needs a transaction.
 */
@ApplicationScoped
public class EventRepository {

  @Inject
  EntityManager em;

  /** What an event needs of its workflow execution: the row id and the cluster it runs in. */
  public record ExecutionRef(long id, String cluster) {}

  /** The execution {@code id} names, or empty. */
  public Optional<ExecutionRef> execution(WorkflowExecutionIdentifier id) {
    return Sql.run(em, c -> {
      try (PreparedStatement ps = Sql.bind(c.prepareStatement("SELECT id, cluster FROM executions"
          + " WHERE project = ? AND domain = ? AND name = ? AND org = ?"), id.getProject(), id.getDomain(),
          id.getName(), id.getOrg()); ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new ExecutionRef(rs.getLong(1), rs.getString(2))) : Optional.empty();
      }
    });
  }

  /**
   * The execution {@code id} names, locked until the transaction ends ({@code FOR NO KEY UPDATE}), with the columns
   * a workflow event reads and writes filled (id, identity, phase, cluster, spec, closure, abort cause, error,
   * times) and the others left unset; null if there is none. Write it back with {@link #updateAfterEvent}.
   */
  public ExecutionEntity lockExecution(WorkflowExecutionIdentifier id) {
    return Sql.run(em, c -> {
      try (PreparedStatement ps = Sql.bind(c.prepareStatement("SELECT id, phase, cluster, spec, closure, abort_cause,"
          + " error_kind, error_code, started_at, execution_updated_at, duration_ns, updated_at FROM executions"
          + " WHERE project = ? AND domain = ? AND name = ? AND org = ? FOR NO KEY UPDATE"), id.getProject(),
          id.getDomain(), id.getName(), id.getOrg()); ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        ExecutionEntity e = new ExecutionEntity();
        e.id = rs.getLong(1);
        e.project = id.getProject();
        e.domain = id.getDomain();
        e.name = id.getName();
        e.org = id.getOrg();
        e.phase = rs.getString(2);
        e.cluster = rs.getString(3);
        e.spec = rs.getBytes(4);
        e.closure = rs.getBytes(5);
        e.abortCause = rs.getString(6);
        e.errorKind = rs.getString(7);
        e.errorCode = rs.getString(8);
        e.startedAt = Sql.instant(rs, 9);
        e.executionUpdatedAt = Sql.instant(rs, 10);
        e.durationNs = rs.getLong(11);
        e.updatedAt = Sql.instant(rs, 12);
        return e;
      }
    });
  }

  /** Writes back the columns of {@code e} a workflow event changes (see {@link #lockExecution}). */
  public void updateAfterEvent(ExecutionEntity e) {
    Sql.run(em, c -> {
      try (PreparedStatement ps = Sql.bind(c.prepareStatement("UPDATE executions SET phase = ?, cluster = ?,"
              + " spec = ?, closure = ?, error_kind = ?, error_code = ?, started_at = ?, execution_updated_at = ?,"
              + " duration_ns = ?, updated_at = ? WHERE id = ?"), e.phase, e.cluster, e.spec, e.closure,
          orNull(e.errorKind), orNull(e.errorCode), orNull(e.startedAt), e.executionUpdatedAt, e.durationNs,
          e.updatedAt, e.id)) {
        return ps.executeUpdate();
      }
    });
  }

  // ---- node executions ----------------------------------------------------------------------------------------

  private static final String NODE_COLUMNS = "id, execution_id, node_id, phase, input_uri, closure, metadata,"
      + " started_at, node_execution_created_at, node_execution_updated_at, duration_ns, parent_id,"
      + " parent_task_execution_id, error_kind, error_code, cache_status,"
      + " dynamic_workflow_remote_closure_reference, event_version, created_at, updated_at";

  /** The id of node execution {@code nodeId} of execution row {@code executionId}, or null. */
  public Long nodeExecutionId(long executionId, String nodeId) {
    return Sql.run(em, c -> {
      try (PreparedStatement ps = Sql.bind(c.prepareStatement("SELECT id FROM node_executions"
          + " WHERE execution_id = ? AND node_id = ?"), executionId, nodeId); ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    });
  }

  /** A row an event updates, locked, with the cluster of its execution. */
  public record Locked<T>(T row, String cluster) {}

  /**
   * Node execution {@code nodeId} of {@code execution}, locked until the transaction ends ({@code FOR NO KEY
   * UPDATE}, which still lets children reference it), with the execution's cluster, in one statement; null if there
   * is no such row (nor, perhaps, such an execution: {@link #execution} tells).
   */
  public Locked<NodeExecutionEntity> lockNode(WorkflowExecutionIdentifier execution, String nodeId) {
    return Sql.run(em, c -> {
      try (PreparedStatement ps = Sql.bind(c.prepareStatement("SELECT " + NODE_COLUMNS + ", " + CLUSTER
              + " FROM node_executions n WHERE n.execution_id = (" + EXECUTION_ID + ") AND n.node_id = ?"
              + " FOR NO KEY UPDATE"), execution.getProject(), execution.getDomain(), execution.getName(),
          execution.getOrg(), nodeId); ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new Locked<>(node(rs), rs.getString(21)) : null;
      }
    });
  }

  /*
   * The statements below name a row by its execution's key through scalar subqueries, never a join: each lookup is
   * then an equality on a unique key whatever the planner knows. A join's generic plan, made while the tables were
   * new and their statistics empty, scanned every node execution per event (860 ms at 2,550 rows).
   */

  /** The id of the execution named by the next four parameters (project, domain, name, org). */
  private static final String EXECUTION_ID =
      "SELECT id FROM executions WHERE project = ? AND domain = ? AND name = ? AND org = ?";

  /** The cluster of node execution {@code n}'s execution. */
  private static final String CLUSTER = "(SELECT cluster FROM executions x WHERE x.id = n.execution_id)";

  private static NodeExecutionEntity node(ResultSet rs) throws SQLException {
    NodeExecutionEntity n = new NodeExecutionEntity();
    n.id = rs.getLong(1);
    n.executionId = rs.getLong(2);
    n.nodeId = rs.getString(3);
    n.phase = rs.getString(4);
    n.inputUri = rs.getString(5);
    n.closure = rs.getBytes(6);
    n.metadata = rs.getBytes(7);
    n.startedAt = Sql.instant(rs, 8);
    n.nodeExecutionCreatedAt = Sql.instant(rs, 9);
    n.nodeExecutionUpdatedAt = Sql.instant(rs, 10);
    n.durationNs = rs.getLong(11);
    n.parentId = Sql.longOrNull(rs, 12);
    n.parentTaskExecutionId = Sql.longOrNull(rs, 13);
    n.errorKind = rs.getString(14);
    n.errorCode = rs.getString(15);
    n.cacheStatus = rs.getString(16);
    n.dynamicWorkflowRemoteClosureReference = rs.getString(17);
    n.eventVersion = rs.getInt(18);
    n.createdAt = Sql.instant(rs, 19);
    n.updatedAt = Sql.instant(rs, 20);
    return n;
  }

  /** Every node execution of execution row {@code executionId}, at every level, oldest first. */
  public List<NodeExecutionEntity> nodeExecutions(long executionId) {
    return list("SELECT " + NODE_COLUMNS + " FROM node_executions WHERE execution_id = ? ORDER BY id",
        EventRepository::node, executionId);
  }

  /** Reads one row of a result. */
  private interface Row<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** Every row {@code sql} with {@code values} selects, read by {@code row}. */
  private <T> List<T> list(String sql, Row<T> row, Object... values) {
    return Sql.run(em, c -> {
      try (PreparedStatement ps = Sql.bind(c.prepareStatement(sql), values); ResultSet rs = ps.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (rs.next()) {
          out.add(row.read(rs));
        }
        return out;
      }
    });
  }

  /**
   * Inserts {@code n} and sets its id. A concurrent first event for the same node execution makes this fail with
   * a unique violation, which the caller's retry turns into an update.
   */
  public void insert(NodeExecutionEntity n) {
    n.id = Sql.run(em, c -> {
      try (PreparedStatement ps = Sql.bind(c.prepareStatement("INSERT INTO node_executions (" + NODE_COLUMNS
              .substring("id, ".length()) + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
              + " RETURNING id"), n.executionId, n.nodeId, n.phase, n.inputUri, n.closure, n.metadata,
          orNull(n.startedAt), n.nodeExecutionCreatedAt, n.nodeExecutionUpdatedAt, n.durationNs, orNull(n.parentId),
          orNull(n.parentTaskExecutionId), orNull(n.errorKind), orNull(n.errorCode), orNull(n.cacheStatus),
          n.dynamicWorkflowRemoteClosureReference, n.eventVersion, n.createdAt, n.updatedAt);
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  /** Writes every column of {@code n} but its key to its row. */
  public void update(NodeExecutionEntity n) {
    Sql.run(em, c -> {
      try (PreparedStatement ps = Sql.bind(c.prepareStatement("UPDATE node_executions SET phase = ?, input_uri = ?,"
              + " closure = ?, metadata = ?, started_at = ?, node_execution_created_at = ?,"
              + " node_execution_updated_at = ?, duration_ns = ?, parent_id = ?, parent_task_execution_id = ?,"
              + " error_kind = ?, error_code = ?, cache_status = ?, dynamic_workflow_remote_closure_reference = ?,"
              + " event_version = ?, updated_at = ? WHERE id = ?"), n.phase, n.inputUri, n.closure, n.metadata,
          orNull(n.startedAt), n.nodeExecutionCreatedAt, n.nodeExecutionUpdatedAt, n.durationNs, orNull(n.parentId),
          orNull(n.parentTaskExecutionId), orNull(n.errorKind), orNull(n.errorCode), orNull(n.cacheStatus),
          n.dynamicWorkflowRemoteClosureReference, n.eventVersion, n.updatedAt, n.id)) {
        return ps.executeUpdate();
      }
    });
  }

  // ---- task executions ----------------------------------------------------------------------------------------

  private static final String TASK_COLUMNS = "id, node_execution_id, task_project, task_domain, task_name,"
      + " task_version, task_org, retry_attempt, phase, phase_version, input_uri, closure, started_at,"
      + " task_execution_created_at, task_execution_updated_at, duration_ns, created_at, updated_at";

  /**
   * Attempt {@code retryAttempt} of task {@code taskId} in node execution {@code node}, locked until the
   * transaction ends, with the execution's cluster, in one statement; null if there is no such row (nor, perhaps,
   * such a node execution: {@link #node} tells).
   */
  public Locked<TaskExecutionEntity> lockTask(NodeExecutionIdentifier node, Identifier taskId, long retryAttempt) {
    WorkflowExecutionIdentifier e = node.getExecutionId();
    return Sql.run(em, c -> {
      try (PreparedStatement ps = Sql.bind(c.prepareStatement("SELECT " + TASK_COLUMNS + ", (SELECT " + CLUSTER
              + " FROM node_executions n WHERE n.id = t.node_execution_id) FROM task_executions t"
              + " WHERE t.node_execution_id = (SELECT n.id FROM node_executions n WHERE n.execution_id = ("
              + EXECUTION_ID + ") AND n.node_id = ?) AND t.task_project = ? AND t.task_domain = ?"
              + " AND t.task_name = ? AND t.task_version = ? AND t.task_org = ? AND t.retry_attempt = ?"
              + " FOR NO KEY UPDATE"), e.getProject(), e.getDomain(), e.getName(), e.getOrg(), node.getNodeId(),
          taskId.getProject(), taskId.getDomain(), taskId.getName(), taskId.getVersion(), taskId.getOrg(),
          retryAttempt); ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new Locked<>(task(rs), rs.getString(19)) : null;
      }
    });
  }

  /** An execution's row id and cluster, and the row id of one of its node executions (null if none). */
  public record NodeRef(ExecutionRef execution, Long nodeExecutionId) {}

  /** The execution {@code node} belongs to and the node execution's row id, in one statement; empty if no execution. */
  public Optional<NodeRef> node(NodeExecutionIdentifier node) {
    WorkflowExecutionIdentifier e = node.getExecutionId();
    return Sql.run(em, c -> {
      try (PreparedStatement ps = Sql.bind(c.prepareStatement("SELECT e.id, e.cluster, (SELECT n.id"
              + " FROM node_executions n WHERE n.execution_id = e.id AND n.node_id = ?) FROM executions e"
              + " WHERE e.project = ? AND e.domain = ? AND e.name = ? AND e.org = ?"), node.getNodeId(),
          e.getProject(), e.getDomain(), e.getName(), e.getOrg()); ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new NodeRef(new ExecutionRef(rs.getLong(1), rs.getString(2)),
            Sql.longOrNull(rs, 3))) : Optional.empty();
      }
    });
  }

  private static TaskExecutionEntity task(ResultSet rs) throws SQLException {
    TaskExecutionEntity t = new TaskExecutionEntity();
    t.id = rs.getLong(1);
    t.nodeExecutionId = rs.getLong(2);
    t.taskProject = rs.getString(3);
    t.taskDomain = rs.getString(4);
    t.taskName = rs.getString(5);
    t.taskVersion = rs.getString(6);
    t.taskOrg = rs.getString(7);
    t.retryAttempt = rs.getLong(8);
    t.phase = rs.getString(9);
    t.phaseVersion = rs.getLong(10);
    t.inputUri = rs.getString(11);
    t.closure = rs.getBytes(12);
    t.startedAt = Sql.instant(rs, 13);
    t.taskExecutionCreatedAt = Sql.instant(rs, 14);
    t.taskExecutionUpdatedAt = Sql.instant(rs, 15);
    t.durationNs = rs.getLong(16);
    t.createdAt = Sql.instant(rs, 17);
    t.updatedAt = Sql.instant(rs, 18);
    return t;
  }

  /** Every task execution of the node executions of execution row {@code executionId}, oldest first. */
  public List<TaskExecutionEntity> taskExecutions(long executionId) {
    return list("SELECT " + TASK_COLUMNS + " FROM task_executions t WHERE t.node_execution_id IN"
        + " (SELECT n.id FROM node_executions n WHERE n.execution_id = ?) ORDER BY t.id", EventRepository::task,
        executionId);
  }

  /**
   * Inserts {@code t} and sets its id. A concurrent first event for the same attempt makes this fail with a unique
   * violation, which the caller's retry turns into an update.
   */
  public void insert(TaskExecutionEntity t) {
    t.id = Sql.run(em, c -> {
      try (PreparedStatement ps = Sql.bind(c.prepareStatement("INSERT INTO task_executions (" + TASK_COLUMNS
              .substring("id, ".length()) + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
              + " RETURNING id"), t.nodeExecutionId, t.taskProject, t.taskDomain, t.taskName, t.taskVersion,
          t.taskOrg, t.retryAttempt, t.phase, t.phaseVersion, t.inputUri, t.closure, orNull(t.startedAt),
          t.taskExecutionCreatedAt, t.taskExecutionUpdatedAt, t.durationNs, t.createdAt, t.updatedAt);
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  /** Writes every column of {@code t} but its key to its row. */
  public void update(TaskExecutionEntity t) {
    Sql.run(em, c -> {
      try (PreparedStatement ps = Sql.bind(c.prepareStatement("UPDATE task_executions SET phase = ?,"
              + " phase_version = ?, input_uri = ?, closure = ?, started_at = ?, task_execution_created_at = ?,"
              + " task_execution_updated_at = ?, duration_ns = ?, updated_at = ? WHERE id = ?"), t.phase,
          t.phaseVersion, t.inputUri, t.closure, orNull(t.startedAt), t.taskExecutionCreatedAt,
          t.taskExecutionUpdatedAt, t.durationNs, t.updatedAt, t.id)) {
        return ps.executeUpdate();
      }
    });
  }
}
