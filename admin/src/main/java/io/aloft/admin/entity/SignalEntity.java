package io.aloft.admin.entity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code signals}: one signal of a workflow execution, its type and (once set) its value. */
@Entity
@Table(name = "signals")
public class SignalEntity extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "execution_project", nullable = false)
  public String executionProject;

  @Column(name = "execution_domain", nullable = false)
  public String executionDomain;

  @Column(name = "execution_name", nullable = false)
  public String executionName;

  @Column(name = "execution_org", nullable = false)
  public String executionOrg;

  @Column(name = "signal_id", nullable = false)
  public String signalId;

  /** core.LiteralType, serialized. */
  @Column(nullable = false)
  public byte[] type;

  /** core.Literal, serialized; null until the signal is set. */
  public byte[] value;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;
}
