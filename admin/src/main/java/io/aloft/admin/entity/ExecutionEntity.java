package io.aloft.admin.entity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A row of {@code executions}: one workflow execution (or single-task execution). {@link #spec} and
 * {@link #closure} are the protobuf messages; {@link #phase} and the timestamps are kept in columns for filters,
 * sorts and the event rules, and are the truth the closure is refreshed from when read.
 */
@Entity
@Table(name = "executions")
public class ExecutionEntity extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(nullable = false)
  public String project;

  @Column(nullable = false)
  public String domain;

  @Column(nullable = false)
  public String name;

  @Column(nullable = false)
  public String org = "";

  @Column(name = "launch_plan_id")
  public Long launchPlanId;

  @Column(name = "workflow_id")
  public Long workflowId;

  @Column(name = "task_id")
  public Long taskId;

  /** core.WorkflowExecution.Phase name, e.g. {@code RUNNING}. */
  @Column(nullable = false)
  public String phase;

  /** admin.ExecutionMetadata.ExecutionMode number. */
  @Column(nullable = false)
  public int mode;

  /** admin.ExecutionState number (0 ACTIVE, 1 ARCHIVED). */
  @Column(nullable = false)
  public int state;

  /** admin.ExecutionSpec, serialized. */
  @Column(nullable = false)
  public byte[] spec;

  /** admin.ExecutionClosure, serialized. */
  @Column(nullable = false)
  public byte[] closure;

  @Column(name = "inputs_uri", nullable = false)
  public String inputsUri = "";

  @Column(name = "user_inputs_uri", nullable = false)
  public String userInputsUri = "";

  /** The cluster the workflow custom resource was created in. */
  @Column(nullable = false)
  public String cluster = "";

  /** The namespace of the workflow custom resource. */
  @Column(nullable = false)
  public String namespace = "";

  @Column(nullable = false)
  public String principal = "";

  @Column(name = "error_kind")
  public String errorKind;

  @Column(name = "error_code")
  public String errorCode;

  @Column(name = "abort_cause")
  public String abortCause;

  @Column(name = "parent_node_execution_id")
  public Long parentNodeExecutionId;

  @Column(name = "source_execution_id")
  public Long sourceExecutionId;

  /** Whether the workflow resource was created (false between recording the launch and creating it). */
  @Column(name = "resource_created", nullable = false)
  public boolean resourceCreated;

  @Column(name = "event_version", nullable = false)
  public int eventVersion = 2;

  @Column(name = "started_at")
  public Instant startedAt;

  /** When the execution was created (as the closure reports it). */
  @Column(name = "execution_created_at", nullable = false)
  public Instant executionCreatedAt;

  /** When the execution's phase last changed. */
  @Column(name = "execution_updated_at", nullable = false)
  public Instant executionUpdatedAt;

  @Column(name = "duration_ns", nullable = false)
  public long durationNs;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;

  /** This row's execution identifier. */
  public flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier identifier() {
    return flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier.newBuilder().setProject(project)
        .setDomain(domain).setName(name).setOrg(org).build();
  }

  /** The row with {@code id}, or null (needs a transaction). */
  public static ExecutionEntity find(jakarta.persistence.EntityManager em,
      flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier id) {
    return em.createQuery("FROM ExecutionEntity e WHERE e.project = ?1 AND e.domain = ?2 AND e.name = ?3"
            + " AND e.org = ?4", ExecutionEntity.class)
        .setParameter(1, id.getProject()).setParameter(2, id.getDomain()).setParameter(3, id.getName())
        .setParameter(4, id.getOrg()).getResultStream().findFirst().orElse(null);
  }
}
