package io.aloft.admin.repository;

import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.hibernate.Session;

/**
 * Plain SQL on the connection of the current transaction, for the hot paths where Hibernate's session work (entity
 * hydration, auto-flush before each native query, dirty checking at commit) costs more than the statements
 * themselves. The same helper as datacatalog's {@code repository.Sql}; entities and SQL share the transaction.
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

  /** The timestamptz in column {@code column} of the current row, or null. */
  static Instant instant(ResultSet rs, int column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  /** The bigint in column {@code column} of the current row, or null. */
  static Long longOrNull(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  /**
   * Binds {@code values} to {@code ps} in order: Instants as timestamptz, byte arrays as bytea, the rest as JDBC
   * objects; a null is bound with the type of the value class given for it ({@link Null}).
   */
  static PreparedStatement bind(PreparedStatement ps, Object... values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      Object v = values[i];
      if (v instanceof Instant t) {
        ps.setObject(i + 1, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
      } else if (v instanceof byte[] b) {
        ps.setBytes(i + 1, b);
      } else if (v instanceof Null n) {
        ps.setNull(i + 1, n.sqlType());
      } else {
        ps.setObject(i + 1, v);
      }
    }
    return ps;
  }

  /** A typed SQL NULL for {@link #bind}. */
  record Null(int sqlType) {
    static final Null BIGINT = new Null(Types.BIGINT);
    static final Null TEXT = new Null(Types.VARCHAR);
    static final Null TIMESTAMPTZ = new Null(Types.TIMESTAMP_WITH_TIMEZONE);
  }

  static Object orNull(Long v) {
    return v == null ? Null.BIGINT : v;
  }

  static Object orNull(String v) {
    return v == null ? Null.TEXT : v;
  }

  static Object orNull(Instant v) {
    return v == null ? Null.TIMESTAMPTZ : v;
  }
}
