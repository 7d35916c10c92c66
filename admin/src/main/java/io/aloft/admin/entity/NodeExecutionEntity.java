package io.aloft.admin.entity;

import flyteidl.core.IdentifierOuterClass.NodeExecutionIdentifier;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A row of {@code node_executions}: one node execution of a workflow execution, created by its first event
 * (flyteadmin/pkg/repositories/models/node_execution.go). {@link #closure} and {@link #metadata} are the protobuf
 * messages; the columns mirror what filters, sorts and the event rules need.
 */
@Entity
@Table(name = "node_executions")
public class NodeExecutionEntity extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  /** The {@code executions} row this node execution belongs to. */
  @Column(name = "execution_id", nullable = false)
  public Long executionId;

  @Column(name = "node_id", nullable = false)
  public String nodeId;

  /** core.NodeExecution.Phase name. */
  @Column(nullable = false)
  public String phase;

  @Column(name = "input_uri", nullable = false)
  public String inputUri = "";

  /** admin.NodeExecutionClosure, serialized. */
  @Column(nullable = false)
  public byte[] closure;

  /** admin.NodeExecutionMetaData, serialized. */
  @Column(nullable = false)
  public byte[] metadata;

  @Column(name = "started_at")
  public Instant startedAt;

  @Column(name = "node_execution_created_at", nullable = false)
  public Instant nodeExecutionCreatedAt;

  @Column(name = "node_execution_updated_at", nullable = false)
  public Instant nodeExecutionUpdatedAt;

  @Column(name = "duration_ns", nullable = false)
  public long durationNs;

  /** The parent node execution (parent_node_metadata), or null at the top level. */
  @Column(name = "parent_id")
  public Long parentId;

  /** The task execution that launched this node (parent_task_metadata), or null. */
  @Column(name = "parent_task_execution_id")
  public Long parentTaskExecutionId;

  @Column(name = "error_kind")
  public String errorKind;

  @Column(name = "error_code")
  public String errorCode;

  @Column(name = "cache_status")
  public String cacheStatus;

  /** Where the compiled dynamic workflow this node yielded is stored, or "". */
  @Column(name = "dynamic_workflow_remote_closure_reference", nullable = false)
  public String dynamicWorkflowRemoteClosureReference = "";

  /** The event_version of the event that created the row (FlyteAdmin's NodeExecutionInternalData). */
  @Column(name = "event_version", nullable = false)
  public int eventVersion;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;

  /**
   * The node execution {@code nodeId} of execution row {@code executionId}, or null; with {@code lock} the row is
   * locked until the transaction ends ({@code FOR NO KEY UPDATE}, which still lets children reference it).
   */
  public static NodeExecutionEntity find(EntityManager em, long executionId, String nodeId, boolean lock) {
    return ((java.util.List<?>) em.createNativeQuery("SELECT * FROM node_executions WHERE execution_id = ?1 AND node_id = ?2"
            + (lock ? " FOR NO KEY UPDATE" : ""), NodeExecutionEntity.class)
        .setParameter(1, executionId).setParameter(2, nodeId)
        .getResultList()).stream().findFirst().map(NodeExecutionEntity.class::cast).orElse(null);
  }

  /** The node execution {@code id} names, or null (needs a transaction); for callers holding only the identifier. */
  public static NodeExecutionEntity find(EntityManager em, NodeExecutionIdentifier id) {
    ExecutionEntity execution = ExecutionEntity.find(em, id.getExecutionId());
    return execution == null ? null : find(em, execution.id, id.getNodeId(), false);
  }
}
