package io.aloft.datacatalog.repository;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/** Tags (Flyte: gormimpl/tag.go). Callers run inside a transaction. */
@ApplicationScoped
public class TagRepository {

  @Inject
  EntityManager em;

  /** What {@link #point} did. */
  public enum Outcome {
    /** The tag did not exist and now names the artifact. */
    CREATED,
    /** The tag named an older artifact and now names this one. */
    MOVED,
    /** The tag already named this artifact, or names a newer one and stays. */
    KEPT
  }

  /**
   * Points tag {@code name} of dataset {@code datasetPk} at artifact {@code artifactPk} unless it names an artifact
   * created later (creation time, then row id): one statement, so concurrent AddTags on a tag end with it on the
   * newest of their artifacts whatever their order. The conflicting row stays locked until the transaction ends.
   */
  public Outcome point(long datasetPk, String name, long artifactPk, Instant now) {
    return Sql.run(em, c -> {
      try (PreparedStatement ps = Sql.bind(c.prepareStatement("""
          INSERT INTO tags AS t (dataset_id, name, artifact_pk, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
          ON CONFLICT (dataset_id, name) DO UPDATE SET artifact_pk = EXCLUDED.artifact_pk,
              updated_at = EXCLUDED.updated_at
          WHERE EXISTS (SELECT 1 FROM artifacts held, artifacts offered
                        WHERE held.id = t.artifact_pk AND offered.id = EXCLUDED.artifact_pk
                          AND (held.created_at, held.id) < (offered.created_at, offered.id))
          RETURNING (xmax = 0)
          """), datasetPk, name, artifactPk, now, now); ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Outcome.KEPT;
        }
        return rs.getBoolean(1) ? Outcome.CREATED : Outcome.MOVED;
      }
    });
  }

  /** The artifact id tag {@code name} of dataset {@code datasetPk} names, or empty. */
  public Optional<String> artifactOf(long datasetPk, String name) {
    return Sql.run(em, c -> {
      try (PreparedStatement ps = Sql.bind(c.prepareStatement("SELECT a.artifact_id FROM tags t"
          + " JOIN artifacts a ON a.id = t.artifact_pk WHERE t.dataset_id = ? AND t.name = ?"), datasetPk, name);
          ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
      }
    });
  }
}
