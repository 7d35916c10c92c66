package io.aloft.admin.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A row of {@code launch_plans}. */
@Entity
@Table(name = "launch_plans")
public class LaunchPlanEntity extends VersionedEntity {
  /** admin.LaunchPlanSpec, serialized. */
  @Column(nullable = false)
  public byte[] spec;

  /** admin.LaunchPlanClosure, serialized (its state is refreshed from {@link #state} when read). */
  @Column(nullable = false)
  public byte[] closure;

  /** admin.LaunchPlanState number. */
  @Column(nullable = false)
  public int state;
}
