package io.aloft.admin.entity;

import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
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
 * A row of {@code task_executions}: one attempt of a task in a node execution, keyed by (node execution, task id,
 * retry attempt) as in FlyteAdmin (flyteadmin/pkg/repositories/models/task_execution.go).
 */
@Entity
@Table(name = "task_executions")
public class TaskExecutionEntity extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "node_execution_id", nullable = false)
  public Long nodeExecutionId;

  @Column(name = "task_project", nullable = false)
  public String taskProject;

  @Column(name = "task_domain", nullable = false)
  public String taskDomain;

  @Column(name = "task_name", nullable = false)
  public String taskName;

  @Column(name = "task_version", nullable = false)
  public String taskVersion;

  @Column(name = "task_org", nullable = false)
  public String taskOrg = "";

  @Column(name = "retry_attempt", nullable = false)
  public long retryAttempt;

  /** core.TaskExecution.Phase name. */
  @Column(nullable = false)
  public String phase;

  @Column(name = "phase_version", nullable = false)
  public long phaseVersion;

  @Column(name = "input_uri", nullable = false)
  public String inputUri = "";

  /** admin.TaskExecutionClosure, serialized. */
  @Column(nullable = false)
  public byte[] closure;

  @Column(name = "started_at")
  public Instant startedAt;

  @Column(name = "task_execution_created_at", nullable = false)
  public Instant taskExecutionCreatedAt;

  @Column(name = "task_execution_updated_at", nullable = false)
  public Instant taskExecutionUpdatedAt;

  @Column(name = "duration_ns", nullable = false)
  public long durationNs;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;

  /** The task this attempt ran. */
  public Identifier taskId() {
    return Identifier.newBuilder().setResourceType(ResourceType.TASK).setProject(taskProject).setDomain(taskDomain)
        .setName(taskName).setVersion(taskVersion).setOrg(taskOrg).build();
  }

  /**
   * The attempt {@code retryAttempt} of task {@code taskId} in node execution row {@code nodeExecutionId}, or null;
   * with {@code lock} the row is locked until the transaction ends.
   */
  public static TaskExecutionEntity find(EntityManager em, long nodeExecutionId, Identifier taskId,
      long retryAttempt, boolean lock) {
    return ((java.util.List<?>) em.createNativeQuery("SELECT * FROM task_executions WHERE node_execution_id = ?1 AND task_project = ?2"
            + " AND task_domain = ?3 AND task_name = ?4 AND task_version = ?5 AND task_org = ?6"
            + " AND retry_attempt = ?7" + (lock ? " FOR NO KEY UPDATE" : ""), TaskExecutionEntity.class)
        .setParameter(1, nodeExecutionId).setParameter(2, taskId.getProject()).setParameter(3, taskId.getDomain())
        .setParameter(4, taskId.getName()).setParameter(5, taskId.getVersion()).setParameter(6, taskId.getOrg())
        .setParameter(7, retryAttempt)
        .getResultList()).stream().findFirst().map(TaskExecutionEntity.class::cast).orElse(null);
  }
}
