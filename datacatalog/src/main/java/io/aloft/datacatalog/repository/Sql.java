package io.aloft.datacatalog.repository;

import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.hibernate.Session;

/**
 * Plain SQL on the connection of the current transaction, for what JPA does not say well: upserts decided in one
 * statement, batched child rows, and the hot reads that join several tables. Entities and SQL share the
 * transaction, so an artifact persisted through Panache is visible to the SQL that adds its data.
 */
final class Sql {
  private Sql() {}

  /** A unit of JDBC work that returns a value. */
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  static <T> T run(EntityManager em, Work<T> work) {
    return em.unwrap(Session.class).doReturningWork(work::run);
  }

  /** The timestamptz in column {@code column} of the current row. */
  static Instant instant(ResultSet rs, int column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  /** Binds {@code values} to {@code ps} in order: Instants as timestamptz, the rest as JDBC objects. */
  static PreparedStatement bind(PreparedStatement ps, Object... values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      Object v = values[i];
      if (v instanceof Instant t) {
        ps.setObject(i + 1, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
      } else if (v instanceof byte[] b) {
        ps.setBytes(i + 1, b);
      } else {
        ps.setObject(i + 1, v);
      }
    }
    return ps;
  }
}
