package io.aloft.admin.entity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code named_entity_metadata}: description and state of one task, workflow or launch plan name. */
@Entity
@Table(name = "named_entity_metadata")
public class NamedEntityMetadataEntity extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  /** core.ResourceType number: 1 TASK, 2 WORKFLOW, 3 LAUNCH_PLAN. */
  @Column(name = "resource_type", nullable = false)
  public int resourceType;

  @Column(nullable = false)
  public String project;

  @Column(nullable = false)
  public String domain;

  @Column(nullable = false)
  public String name;

  @Column(nullable = false)
  public String org;

  @Column(nullable = false)
  public String description;

  /** admin.NamedEntityState number. */
  @Column(nullable = false)
  public int state;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;
}
