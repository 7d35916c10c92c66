package io.aloft.datacatalog.entity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A row of {@code artifacts} (Flyte: models.Artifact). Its data, partitions and tags live in their own tables and
 * are read and written by {@code ArtifactRepository} in SQL.
 */
@Entity
@Table(name = "artifacts")
public class ArtifactEntity extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "dataset_id", nullable = false)
  public Long datasetId;

  @Column(name = "artifact_id", nullable = false)
  public String artifactId;

  /** datacatalog.Metadata, serialized. */
  @Column(nullable = false)
  public byte[] metadata;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "updated_at", nullable = false)
  public Instant updatedAt;
}
