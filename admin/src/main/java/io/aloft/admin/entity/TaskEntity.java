package io.aloft.admin.entity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code tasks}. */
@Entity
@Table(name = "tasks")
public class TaskEntity extends PanacheEntityBase {
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
  public String version;

  @Column(nullable = false)
  public String org = "";

  @Column(nullable = false)
  public String type;

  /** admin.TaskClosure, serialized. */
  @Column(nullable = false)
  public byte[] closure;

  /** SHA-256 of the compiled task's deterministic serialization. */
  @Column(nullable = false)
  public byte[] digest;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;
}
