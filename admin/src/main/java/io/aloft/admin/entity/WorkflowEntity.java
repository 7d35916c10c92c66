package io.aloft.admin.entity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code workflows}; the closure itself is in the blob store. */
@Entity
@Table(name = "workflows")
public class WorkflowEntity extends PanacheEntityBase {
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

  /** core.TypedInterface, serialized. */
  @Column(name = "typed_interface", nullable = false)
  public byte[] typedInterface;

  @Column(name = "remote_closure_identifier", nullable = false)
  public String remoteClosureIdentifier;

  @Column(nullable = false)
  public byte[] digest;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;
}
