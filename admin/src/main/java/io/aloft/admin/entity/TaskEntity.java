package io.aloft.admin.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A row of {@code tasks}. */
@Entity
@Table(name = "tasks")
public class TaskEntity extends VersionedEntity {
  @Column(nullable = false)
  public String type;

  /** admin.TaskClosure, serialized. */
  @Column(nullable = false)
  public byte[] closure;
}
