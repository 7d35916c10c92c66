package io.aloft.datacatalog.repository;

import datacatalog.Datacatalog.DatasetID;
import io.aloft.datacatalog.entity.ArtifactEntity;
import io.aloft.datacatalog.repository.Rows.ArtifactRow;
import io.aloft.datacatalog.repository.Rows.DatasetRef;
import io.aloft.datacatalog.repository.Rows.PartitionValue;
import io.aloft.datacatalog.repository.Rows.StoredData;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Artifacts with their data, partitions and tags (Flyte: gormimpl/artifact.go). The artifact row goes through
 * Panache; its child rows and the reads that join datasets, tags and artifacts are SQL on the same transaction.
 * Callers run inside a transaction.
 */
@ApplicationScoped
public class ArtifactRepository implements PanacheRepository<ArtifactEntity> {

  @Inject
  EntityManager em;

  /** A filter of ListArtifacts. */
  public sealed interface ArtifactFilter permits PartitionFilter, TagFilter {}

  /** The artifact has partition {@code key} with {@code value}. */
  public record PartitionFilter(String key, String value) implements ArtifactFilter {}

  /** Tag {@code name} of the artifact's dataset names the artifact. */
  public record TagFilter(String name) implements ArtifactFilter {}

  private static final String COLUMNS = "a.id, a.artifact_id, a.metadata, a.created_at,"
      + " d.id, d.project, d.name, d.domain, d.version, d.org, d.uuid";

  /** The WHERE fragment that matches a dataset by its DatasetID (the UUID only when given), and its values. */
  private record DatasetMatch(String sql, List<Object> values) {
    static Optional<DatasetMatch> of(DatasetID id) {
      List<Object> values = new ArrayList<>(List.of(id.getProject(), id.getName(), id.getDomain(), id.getVersion(),
          id.getOrg()));
      String sql = "d.project = ? AND d.name = ? AND d.domain = ? AND d.version = ? AND d.org = ?";
      if (!id.getUUID().isEmpty()) {
        try {
          values.add(UUID.fromString(id.getUUID()));
        } catch (IllegalArgumentException e) {
          return Optional.empty();
        }
        sql += " AND d.uuid = ?";
      }
      return Optional.of(new DatasetMatch(sql, values));
    }
  }

  /**
   * Inserts artifact {@code artifactId} of dataset {@code datasetPk} with its data and partitions; returns its row
   * id. A second artifact with the same id in the dataset violates {@code artifacts_key} (SQL state 23505).
   */
  public long insert(long datasetPk, String artifactId, byte[] metadata, Instant now, List<StoredData> data,
      List<PartitionValue> partitions) {
    ArtifactEntity row = new ArtifactEntity();
    row.datasetId = datasetPk;
    row.artifactId = artifactId;
    row.metadata = metadata;
    row.createdAt = now;
    row.updatedAt = now;
    persist(row);
    long pk = row.id;
    Sql.run(em, c -> {
      insertData(c, pk, data);
      if (!partitions.isEmpty()) {
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO partitions (artifact_pk, key, value, position) VALUES (?, ?, ?, ?)")) {
          for (int i = 0; i < partitions.size(); i++) {
            Sql.bind(ps, pk, partitions.get(i).key(), partitions.get(i).value(), i).addBatch();
          }
          ps.executeBatch();
        }
      }
      return null;
    });
    return pk;
  }

  /**
   * The artifact {@code artifactId}: within {@code dataset} when given, otherwise the newest artifact of that id in
   * any dataset (Flyte lets a GetArtifact by id leave the dataset out).
   */
  public Optional<ArtifactRow> byId(DatasetID dataset, String artifactId) {
    if (dataset == null) {
      return one("SELECT " + COLUMNS + " FROM artifacts a JOIN datasets d ON d.id = a.dataset_id"
          + " WHERE a.artifact_id = ? ORDER BY a.created_at DESC, a.id DESC LIMIT 1", List.of(artifactId));
    }
    return DatasetMatch.of(dataset).flatMap(m -> {
      List<Object> values = new ArrayList<>(m.values());
      values.add(artifactId);
      return one("SELECT " + COLUMNS + " FROM datasets d JOIN artifacts a ON a.dataset_id = d.id WHERE " + m.sql()
          + " AND a.artifact_id = ?", values);
    });
  }

  /** The artifact tag {@code tagName} of {@code dataset} names. */
  public Optional<ArtifactRow> byTag(DatasetID dataset, String tagName) {
    return DatasetMatch.of(dataset).flatMap(m -> {
      List<Object> values = new ArrayList<>(m.values());
      values.add(tagName);
      return one("SELECT " + COLUMNS + " FROM datasets d JOIN tags t ON t.dataset_id = d.id"
          + " JOIN artifacts a ON a.id = t.artifact_pk WHERE " + m.sql() + " AND t.name = ?", values);
    });
  }

  /** Locks the artifact with row id {@code pk} until the transaction ends and returns it, or empty if gone. */
  public Optional<ArtifactRow> lock(long pk) {
    return one("SELECT " + COLUMNS + " FROM artifacts a JOIN datasets d ON d.id = a.dataset_id WHERE a.id = ?"
        + " FOR UPDATE OF a", List.of(pk));
  }

  /** The row id and creation time of artifact {@code artifactId} in dataset {@code datasetPk}. */
  public Optional<ArtifactEntity> head(long datasetPk, String artifactId) {
    return find("datasetId = ?1 and artifactId = ?2", datasetPk, artifactId).firstResultOptional();
  }

  /** One page of the artifacts of dataset {@code datasetPk} matching every filter, by creation time. */
  public List<ArtifactRow> list(long datasetPk, List<ArtifactFilter> filters, long offset, int limit,
      boolean ascending) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS
        + " FROM artifacts a JOIN datasets d ON d.id = a.dataset_id WHERE a.dataset_id = ?");
    List<Object> values = new ArrayList<>(List.of(datasetPk));
    for (ArtifactFilter f : filters) {
      switch (f) {
        case PartitionFilter p -> {
          sql.append(" AND EXISTS (SELECT 1 FROM partitions p WHERE p.artifact_pk = a.id AND p.key = ?"
              + " AND p.value = ?)");
          values.add(p.key());
          values.add(p.value());
        }
        case TagFilter t -> {
          sql.append(" AND EXISTS (SELECT 1 FROM tags t WHERE t.dataset_id = a.dataset_id AND t.name = ?"
              + " AND t.artifact_pk = a.id)");
          values.add(t.name());
        }
      }
    }
    String direction = ascending ? "ASC" : "DESC";
    sql.append(" ORDER BY a.created_at ").append(direction).append(", a.id ").append(direction)
        .append(" OFFSET ? LIMIT ?");
    values.add(offset);
    values.add(limit);
    return many(sql.toString(), values);
  }

  /**
   * Replaces the artifact's metadata and all of its data: data named in {@code data} is written (inline or as a
   * reference), data not named is deleted. Returns the data as stored before, so the caller can delete blobs
   * nothing references any more once the transaction commits.
   */
  public List<StoredData> replaceData(long pk, byte[] metadata, Instant now, List<StoredData> data) {
    return Sql.run(em, c -> {
      List<StoredData> before = data(c, List.of(pk)).getOrDefault(pk, List.of());
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE artifacts SET metadata = ?, updated_at = ? WHERE id = ?")) {
        Sql.bind(ps, metadata, now, pk).executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM artifact_data WHERE artifact_pk = ?")) {
        Sql.bind(ps, pk).executeUpdate();
      }
      insertData(c, pk, data);
      return before;
    });
  }

  private static void insertData(Connection c, long pk, List<StoredData> data) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO artifact_data (artifact_pk, name, position, value, location) VALUES (?, ?, ?, ?, ?)")) {
      for (int i = 0; i < data.size(); i++) {
        StoredData d = data.get(i);
        ps.setLong(1, pk);
        ps.setString(2, d.name());
        ps.setInt(3, i);
        if (d.inline()) {
          ps.setBytes(4, d.value());
          ps.setNull(5, Types.VARCHAR);
        } else {
          ps.setNull(4, Types.BINARY);
          ps.setString(5, d.location());
        }
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private Optional<ArtifactRow> one(String sql, List<Object> values) {
    List<ArtifactRow> rows = many(sql, values);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  /** The artifacts {@code sql} selects (columns {@link #COLUMNS}), each with its data, partitions and tags. */
  private List<ArtifactRow> many(String sql, List<Object> values) {
    return Sql.run(em, c -> {
      record Head(long pk, String artifactId, byte[] metadata, Instant createdAt, DatasetRef dataset) {}
      List<Head> heads = new ArrayList<>();
      try (PreparedStatement ps = Sql.bind(c.prepareStatement(sql), values.toArray());
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          heads.add(new Head(rs.getLong(1), rs.getString(2), rs.getBytes(3), Sql.instant(rs, 4),
              new DatasetRef(rs.getLong(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                  rs.getString(10), rs.getObject(11, UUID.class))));
        }
      }
      if (heads.isEmpty()) {
        return List.of();
      }
      List<Long> pks = heads.stream().map(Head::pk).toList();
      Map<Long, List<StoredData>> data = new HashMap<>();
      Map<Long, List<PartitionValue>> partitions = new HashMap<>();
      Map<Long, List<String>> tags = new HashMap<>();
      // one round trip for all three child tables: kind, artifact, name, text, bytes, position
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT 0, artifact_pk, name, location, value, position FROM artifact_data WHERE artifact_pk = ANY (?)"
              + " UNION ALL SELECT 1, artifact_pk, key, value, NULL, position FROM partitions"
              + " WHERE artifact_pk = ANY (?)"
              + " UNION ALL SELECT 2, artifact_pk, name, NULL, NULL, 0 FROM tags WHERE artifact_pk = ANY (?)"
              + " ORDER BY 1, 2, 6, 3")) {
        var array = c.createArrayOf("bigint", pks.toArray());
        for (int i = 1; i <= 3; i++) {
          ps.setArray(i, array);
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            long pk = rs.getLong(2);
            switch (rs.getInt(1)) {
              case 0 -> data.computeIfAbsent(pk, k -> new ArrayList<>())
                  .add(new StoredData(rs.getString(3), rs.getBytes(5), rs.getString(4)));
              case 1 -> partitions.computeIfAbsent(pk, k -> new ArrayList<>())
                  .add(new PartitionValue(rs.getString(3), rs.getString(4)));
              default -> tags.computeIfAbsent(pk, k -> new ArrayList<>()).add(rs.getString(3));
            }
          }
        }
      }
      return heads.stream().map(h -> new ArtifactRow(h.pk(), h.dataset(), h.artifactId(), h.metadata(),
          h.createdAt(), data.getOrDefault(h.pk(), List.of()), partitions.getOrDefault(h.pk(), List.of()),
          tags.getOrDefault(h.pk(), List.of()))).toList();
    });
  }

  /** The stored data of the artifacts {@code pks}, each artifact's in the order it was given. */
  private static Map<Long, List<StoredData>> data(Connection c, List<Long> pks) throws SQLException {
    Map<Long, List<StoredData>> data = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT artifact_pk, name, value, location FROM artifact_data"
        + " WHERE artifact_pk = ANY (?) ORDER BY artifact_pk, position")) {
      ps.setArray(1, c.createArrayOf("bigint", pks.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          data.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
              .add(new StoredData(rs.getString(2), rs.getBytes(3), rs.getString(4)));
        }
      }
    }
    return data;
  }
}
