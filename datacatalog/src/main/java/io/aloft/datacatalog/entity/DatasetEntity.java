package io.aloft.datacatalog.entity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A row of {@code datasets} (Flyte: models.Dataset with its partition keys). */
@Entity
@Table(name = "datasets")
public class DatasetEntity extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(nullable = false)
  public String project;

  @Column(nullable = false)
  public String name;

  @Column(nullable = false)
  public String domain;

  @Column(nullable = false)
  public String version;

  @Column(nullable = false)
  public String org = "";

  @Column(nullable = false)
  public UUID uuid;

  /** datacatalog.Metadata, serialized. */
  @Column(nullable = false)
  public byte[] metadata;

  /** The keys every artifact's partitions must give, in declaration order. */
  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(name = "partition_keys", nullable = false)
  public String[] partitionKeys = new String[0];

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;
}
