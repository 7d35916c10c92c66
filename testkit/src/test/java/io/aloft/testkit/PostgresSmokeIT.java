package io.aloft.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.embedded.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

/** The real PostgreSQL of the test kit: schema by Flyway, then real SQL, constraints and server version. */
class PostgresSmokeIT {

  @Test
  void flywayMigratesAndQueriesRun() throws SQLException {
    EmbeddedPostgresServer pg = SharedComponents.postgres();
    pg.createDatabase("smoke");
    String url = pg.jdbcUrl("smoke");

    MigrateResult result = Flyway.configure()
        .dataSource(url, EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD)
        .locations("classpath:db/smoke")
        .cleanDisabled(false)
        .load()
        .migrate();
    // The server is fresh for each test JVM, so both migrations run.
    assertThat(result.migrationsExecuted).isEqualTo(2);

    try (Connection c = DriverManager.getConnection(url, EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD)) {
      try (ResultSet rs = c.createStatement().executeQuery("SHOW server_version_num")) {
        rs.next();
        assertThat(Integer.parseInt(rs.getString(1))).isGreaterThanOrEqualTo(170000);
      }
      try (ResultSet rs = c.createStatement().executeQuery(
          "SELECT max(version) FROM flyway_schema_history WHERE success")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("2");
      }
      c.createStatement().execute("DELETE FROM smoke_executions");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO smoke_executions(name, phase) VALUES (?, ?)")) {
        for (String name : new String[] {"a1", "a2", "a3"}) {
          ps.setString(1, name);
          ps.setString(2, name.equals("a2") ? "RUNNING" : "SUCCEEDED");
          ps.executeUpdate();
        }
      }
      try (ResultSet rs = c.createStatement().executeQuery(
          "SELECT phase, count(*) FROM smoke_executions GROUP BY phase ORDER BY phase")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("RUNNING");
        assertThat(rs.getInt(2)).isEqualTo(1);
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("SUCCEEDED");
        assertThat(rs.getInt(2)).isEqualTo(2);
      }
      // A real server enforces the schema: the unique constraint rejects a duplicate name.
      assertThatThrownBy(() -> c.createStatement().execute(
          "INSERT INTO smoke_executions(name, phase) VALUES ('a1', 'QUEUED')"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("duplicate key");
    }
  }
}
