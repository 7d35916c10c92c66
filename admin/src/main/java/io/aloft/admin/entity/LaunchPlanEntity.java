package io.aloft.admin.entity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code launch_plans}. */
@Entity
@Table(name = "launch_plans")
public class LaunchPlanEntity extends PanacheEntityBase {
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

  /** admin.LaunchPlanSpec, serialized. */
  @Column(nullable = false)
  public byte[] spec;

  /** admin.LaunchPlanClosure, serialized (its state is refreshed from {@link #state} when read). */
  @Column(nullable = false)
  public byte[] closure;

  /** admin.LaunchPlanState number. */
  @Column(nullable = false)
  public int state;

  @Column(nullable = false)
  public byte[] digest;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;
}
