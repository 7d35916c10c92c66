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
 * A row of {@code resources}: the matchable attributes of one kind at one level (project, project-domain, workflow
 * or launch plan), as FlyteAdmin keeps them (flyteadmin/pkg/repositories/models/resource.go). Unused levels are "".
 */
@Entity
@Table(name = "resources")
public class ResourceEntity extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(nullable = false)
  public String project;

  @Column(nullable = false)
  public String domain;

  @Column(nullable = false)
  public String workflow;

  @Column(name = "launch_plan", nullable = false)
  public String launchPlan;

  /** admin.MatchableResource name, e.g. {@code WORKFLOW_EXECUTION_CONFIG}. */
  @Column(name = "resource_type", nullable = false)
  public String resourceType;

  @Column(nullable = false)
  public String org;

  /** The level's priority (5 project, 10 project-domain, 100 workflow, 1000 launch plan); higher wins. */
  @Column(nullable = false)
  public int priority;

  /** admin.MatchingAttributes, serialized. */
  @Column(nullable = false)
  public byte[] attributes;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;
}
