package io.aloft.admin.list;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A parameterized SQL condition: {@code sql} with one {@code ?} per element of {@code params}, in order. Request
 * values only ever travel in {@code params}. Parameters are String, Long, Integer, Boolean, BigDecimal or
 * {@link Instant}.
 *
 * @param sql the condition without the WHERE keyword; empty when there is no condition
 * @param params the values for the {@code ?} placeholders, in order
 */
public record SqlWhere(String sql, List<Object> params) {
  /** No condition. */
  public static final SqlWhere EMPTY = new SqlWhere("", List.of());

  /** Copies params (which must not contain null: use IS NULL in the SQL instead). */
  public SqlWhere {
    Objects.requireNonNull(sql, "sql");
    params = List.copyOf(params);
  }

  /** A fixed condition written by a repository, e.g. {@code of("ne.parent_id IS NULL")}. */
  public static SqlWhere of(String sql, Object... params) {
    return new SqlWhere(sql, Arrays.asList(params));
  }

  /** Whether there is no condition. */
  public boolean isEmpty() {
    return sql.isEmpty();
  }

  /** This condition AND {@code other}; an empty side is dropped, non-empty sides are parenthesized when combined. */
  public SqlWhere and(SqlWhere other) {
    if (other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    List<Object> all = new ArrayList<>(params);
    all.addAll(other.params);
    return new SqlWhere("(" + sql + ") AND (" + other.sql + ")", all);
  }

  /** {@code "WHERE <sql>"}, or the empty string when there is no condition. */
  public String whereClause() {
    return isEmpty() ? "" : "WHERE " + sql;
  }

  /**
   * Binds the params to {@code ps} starting at {@code firstIndex} (1-based) and returns the next free index.
   * Instants are bound as UTC OffsetDateTime, which the PostgreSQL driver maps to timestamptz.
   */
  public int bindTo(PreparedStatement ps, int firstIndex) throws SQLException {
    int i = firstIndex;
    for (Object p : params) {
      ps.setObject(i++, jdbcValue(p));
    }
    return i;
  }

  /** The JDBC-friendly form of a param: Instant becomes a UTC OffsetDateTime, anything else is unchanged. */
  public static Object jdbcValue(Object param) {
    return param instanceof Instant instant ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC) : param;
  }
}
