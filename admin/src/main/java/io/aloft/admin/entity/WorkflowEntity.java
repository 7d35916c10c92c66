package io.aloft.admin.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A row of {@code workflows}; the closure itself is in the blob store. */
@Entity
@Table(name = "workflows")
public class WorkflowEntity extends VersionedEntity {
  /** core.TypedInterface, serialized. */
  @Column(name = "typed_interface", nullable = false)
  public byte[] typedInterface;

  @Column(name = "remote_closure_identifier", nullable = false)
  public String remoteClosureIdentifier;
}
