package io.aloft.datacatalog.repository;

import io.aloft.datacatalog.repository.Rows.ReservationRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/** Reservations (Flyte: gormimpl/reservation.go). Callers run inside a transaction. */
@ApplicationScoped
public class ReservationRepository {

  @Inject
  EntityManager em;

  /** The fields of a ReservationID: the dataset id's and the tag's. */
  public record Key(String project, String name, String domain, String version, String org, String tagName) {}

  /**
   * Gives the reservation {@code key} to {@code owner} until {@code expiresAt} if nobody holds it, its holder's
   * time ran out by {@code now}, or {@code owner} holds it already; returns the reservation as it then stands, or
   * empty if another owner still holds it. One statement: of any number of owners racing, across replicas,
   * exactly one wins, and the row it did not win stays locked until this transaction ends.
   */
  public Optional<ReservationRow> acquire(Key key, String owner, Instant expiresAt, Instant now) {
    return Sql.run(em, c -> {
      try (PreparedStatement ps = Sql.bind(c.prepareStatement("""
          INSERT INTO reservations AS r (project, name, domain, version, org, tag_name, owner_id, expires_at,
              created_at, updated_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT (project, name, domain, version, org, tag_name) DO UPDATE
              SET owner_id = EXCLUDED.owner_id, expires_at = EXCLUDED.expires_at, updated_at = EXCLUDED.updated_at
              WHERE r.expires_at <= EXCLUDED.updated_at OR r.owner_id = EXCLUDED.owner_id
          RETURNING owner_id, expires_at
          """), key.project(), key.name(), key.domain(), key.version(), key.org(), key.tagName(), owner,
          expiresAt, now, now); ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new ReservationRow(rs.getString(1), Sql.instant(rs, 2))) : Optional.empty();
      }
    });
  }

  /** The reservation {@code key} as stored, or empty. */
  public Optional<ReservationRow> get(Key key) {
    return Sql.run(em, c -> {
      try (PreparedStatement ps = Sql.bind(c.prepareStatement("SELECT owner_id, expires_at FROM reservations"
          + " WHERE project = ? AND name = ? AND domain = ? AND version = ? AND org = ? AND tag_name = ?"),
          key.project(), key.name(), key.domain(), key.version(), key.org(), key.tagName());
          ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new ReservationRow(rs.getString(1), Sql.instant(rs, 2))) : Optional.empty();
      }
    });
  }

  /** Deletes reservation {@code key} if {@code owner} holds it; whether it did. */
  public boolean release(Key key, String owner) {
    return Sql.run(em, c -> {
      try (PreparedStatement ps = Sql.bind(c.prepareStatement("DELETE FROM reservations WHERE project = ?"
          + " AND name = ? AND domain = ? AND version = ? AND org = ? AND tag_name = ? AND owner_id = ?"),
          key.project(), key.name(), key.domain(), key.version(), key.org(), key.tagName(), owner)) {
        return ps.executeUpdate() > 0;
      }
    });
  }
}
