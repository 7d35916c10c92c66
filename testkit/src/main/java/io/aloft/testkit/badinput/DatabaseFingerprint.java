package io.aloft.testkit.badinput;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * A digest of every row of every table of a PostgreSQL schema (Flyway's history aside): equal digests mean the
 * database is byte-identical, as far as a client could tell.
 */
public final class DatabaseFingerprint implements Supplier<String> {
  private final DataSource dataSource;
  private String query;

  public DatabaseFingerprint(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public String get() {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      if (query == null) {
        query = query(s);
      }
      try (ResultSet r = s.executeQuery(query)) {
        r.next();
        return r.getString(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot fingerprint the database", e);
    }
  }

  private static String query(Statement s) throws SQLException {
    List<String> parts = new ArrayList<>();
    try (ResultSet r = s.executeQuery("select table_name from information_schema.tables where table_schema ="
        + " current_schema() and table_type = 'BASE TABLE' and table_name <> 'flyway_schema_history'"
        + " order by table_name")) {
      while (r.next()) {
        String t = "\"" + r.getString(1) + "\"";
        parts.add("'" + r.getString(1) + ":' || (select count(*) from " + t + ") || ':' || coalesce((select"
            + " md5(string_agg(x::text, '|' order by x::text)) from " + t + " x), '')");
      }
    }
    return "select md5(" + String.join(" || ';' || ", parts) + ")";
  }
}
