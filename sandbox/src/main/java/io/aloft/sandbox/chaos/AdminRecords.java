package io.aloft.sandbox.chaos;

import io.aloft.embedded.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What admin recorded about a scenario's executions (those named {@code prefix-...}), read from its tables: one query
 * each, where asking admin's API would take a call per execution.
 */
final class AdminRecords {
  private static final String SCENARIO = "e.project = '" + ChaosWorkflow.PROJECT + "' AND e.domain = '"
      + ChaosWorkflow.DOMAIN + "' AND e.name LIKE ?";
  private final EmbeddedPostgresServer postgres;

  AdminRecords(EmbeddedPostgresServer postgres) {
    this.postgres = postgres;
  }

  /** Executions in a terminal phase. */
  int terminal(String prefix) throws SQLException {
    return single("SELECT count(*) FROM executions e WHERE " + SCENARIO
        + " AND e.phase IN ('SUCCEEDED', 'FAILED', 'ABORTED', 'TIMED_OUT')", prefix);
  }

  /** Every execution admin holds, by name, with its phase. */
  Map<String, String> phases(String prefix) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    try (Connection c = connect();
        PreparedStatement s = c.prepareStatement("SELECT e.name, e.phase FROM executions e WHERE " + SCENARIO)) {
      s.setString(1, prefix + "-%");
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return out;
  }

  /** Task attempts beyond attempt 0: the workflow has no retries, so each is a task launched again. */
  int extraAttempts(String prefix) throws SQLException {
    return single("SELECT count(*) FROM task_executions t JOIN node_executions n ON t.node_execution_id = n.id"
        + " JOIN executions e ON n.execution_id = e.id WHERE " + SCENARIO + " AND t.retry_attempt > 0", prefix);
  }

  /**
   * Succeeded executions whose records disagree: not both task nodes SUCCEEDED, or not exactly one SUCCEEDED attempt
   * of the pod's task. An event lost (or applied out of order) on the way to admin shows here.
   */
  int stale(String prefix) throws SQLException {
    return single("SELECT count(*) FROM executions e WHERE " + SCENARIO + " AND e.phase = 'SUCCEEDED' AND ("
        + "(SELECT count(*) FROM node_executions n WHERE n.execution_id = e.id AND n.node_id IN ('n0', 'n1')"
        + " AND n.phase = 'SUCCEEDED') <> 2"
        + " OR (SELECT count(*) FROM task_executions t JOIN node_executions n ON t.node_execution_id = n.id"
        + " WHERE n.execution_id = e.id AND n.node_id = 'n0' AND t.phase = 'SUCCEEDED') <> 1)", prefix);
  }

  private int single(String sql, String prefix) throws SQLException {
    try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, prefix + "-%");
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(postgres.jdbcUrl("aloft_admin"), EmbeddedPostgresServer.USER,
        EmbeddedPostgresServer.PASSWORD);
  }
}
