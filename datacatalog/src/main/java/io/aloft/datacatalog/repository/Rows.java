package io.aloft.datacatalog.repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** What the repositories read, as plain values (the transformers turn them into protos). */
public final class Rows {
  private Rows() {}

  /** The dataset an artifact belongs to: its row id and the fields of its DatasetID. */
  public record DatasetRef(long pk, String project, String name, String domain, String version, String org,
      UUID uuid) {}

  /** One stored datum: the serialized core.Literal inline, or the blob store reference that holds it. */
  public record StoredData(String name, byte[] value, String location) {
    public boolean inline() {
      return value != null;
    }
  }

  /** One partition value of an artifact. */
  public record PartitionValue(String key, String value) {}

  /** An artifact with everything GetArtifact returns, data still as stored. */
  public record ArtifactRow(long pk, DatasetRef dataset, String artifactId, byte[] metadata, Instant createdAt,
      List<StoredData> data, List<PartitionValue> partitions, List<String> tags) {}

  /** A reservation as stored: who holds it and until when. */
  public record ReservationRow(String ownerId, Instant expiresAt) {}

  /** A timestamptz column value as the JDBC driver or Hibernate returns it. */
  static Instant instant(Object o) {
    if (o instanceof Instant i) {
      return i;
    }
    if (o instanceof OffsetDateTime t) {
      return t.toInstant();
    }
    if (o instanceof Timestamp t) {
      return t.toInstant();
    }
    if (o instanceof java.time.ZonedDateTime z) {
      return z.toInstant();
    }
    throw new IllegalStateException("unexpected timestamp type " + (o == null ? "null" : o.getClass()));
  }

  static long longValue(Object o) {
    return ((Number) o).longValue();
  }
}
