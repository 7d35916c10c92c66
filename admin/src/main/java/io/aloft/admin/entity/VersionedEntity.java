package io.aloft.admin.entity;

import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.EntityManager;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;

/**
 * The columns every versioned entity (task, workflow, launch plan) shares: its identifier, the digest that tells
 * an identical re-registration from a conflicting one, and its timestamps.
 */
@MappedSuperclass
public abstract class VersionedEntity extends PanacheEntityBase {
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
  public byte[] digest;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;

  /** Sets the identifier columns from {@code id} and both timestamps to {@code now}. */
  public void identify(Identifier id, Instant now) {
    project = id.getProject();
    domain = id.getDomain();
    name = id.getName();
    version = id.getVersion();
    org = id.getOrg();
    createdAt = now;
    updatedAt = now;
  }

  /** This row's identifier, as a {@code type} entity. */
  public Identifier identifier(ResourceType type) {
    return Identifier.newBuilder().setResourceType(type).setProject(project).setDomain(domain).setName(name)
        .setVersion(version).setOrg(org).build();
  }

  /** The row of {@code type} with {@code id}, or null. */
  public static <T extends VersionedEntity> T find(EntityManager em, Class<T> type, Identifier id) {
    return em.createQuery("FROM " + type.getSimpleName() + " e WHERE e.project = ?1 AND e.domain = ?2"
            + " AND e.name = ?3 AND e.version = ?4 AND e.org = ?5", type)
        .setParameter(1, id.getProject()).setParameter(2, id.getDomain()).setParameter(3, id.getName())
        .setParameter(4, id.getVersion()).setParameter(5, id.getOrg())
        .getResultStream().findFirst().orElse(null);
  }
}
