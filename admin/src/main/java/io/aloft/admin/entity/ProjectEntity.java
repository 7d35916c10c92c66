package io.aloft.admin.entity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code projects}. */
@Entity
@Table(name = "projects")
public class ProjectEntity extends PanacheEntityBase {
  @Id
  public String identifier;

  @Column(nullable = false)
  public String name;

  @Column(nullable = false)
  public String description = "";

  /** admin.Labels, serialized. */
  public byte[] labels;

  @Column(nullable = false)
  public int state;

  @Column(nullable = false)
  public String org = "";

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;
}
