package io.aloft.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL server (binaries shipped through Maven by io.zonky.test) on 127.0.0.1. With a data directory
 * its databases survive restarts; without one it starts empty in a temp directory that is removed on close.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {
  public static final String USER = "postgres";
  public static final String PASSWORD = "postgres";

  private volatile EmbeddedPostgres postgres;
  private final Path dataDir;
  private final String address;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDir, String address) {
    this.postgres = postgres;
    this.dataDir = dataDir;
    this.address = address;
  }

  /** Starts a throw-away server on a free port. */
  public static EmbeddedPostgresServer start() {
    return start(null, 0);
  }

  /**
   * @param dataDir persistent data directory, or null for a temporary one
   * @param port port on 127.0.0.1, or 0 for a free one
   */
  public static EmbeddedPostgresServer start(Path dataDir, int port) {
    return start(dataDir, port, null, null);
  }

  /**
   * A server that also listens on {@code address} and accepts password logins from {@code clientCidr}: a database
   * that pods of a cluster on this host reach as their "external" PostgreSQL (e.g. the node bridge's address and the
   * pod network). Null for both: loopback only.
   */
  public static EmbeddedPostgresServer start(Path dataDir, int port, String address, String clientCidr) {
    EmbeddedPostgresServer server = new EmbeddedPostgresServer(boot(dataDir, port, address), dataDir, address);
    server.execute("ALTER USER " + USER + " WITH PASSWORD '" + PASSWORD + "'");
    if (clientCidr != null) {
      server.allowPasswordLogins(clientCidr);
    }
    return server;
  }

  private static EmbeddedPostgres boot(Path dataDir, int port, String address) {
    try {
      EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
          .setServerConfig("listen_addresses", address == null ? "127.0.0.1" : "127.0.0.1," + address)
          // admin and datacatalog replicas each hold a pool; the default 100 is tight for multi-replica tests.
          .setServerConfig("max_connections", "300");
      if (dataDir != null) {
        b.setDataDirectory(Files.createDirectories(dataDir)).setCleanDataDirectory(false);
      }
      if (port > 0) {
        b.setPort(port);
      }
      return b.start();
    } catch (IOException e) {
      throw new UncheckedIOException("embedded PostgreSQL failed to start", e);
    }
  }

  /**
   * Stops the server (a fast shutdown: every client connection is cut), keeps it down for {@code down}, then starts
   * it again on the same port and data directory: what a database restart or fail-over looks like to its clients.
   * Only for a server with a data directory (a temporary one is removed when it stops).
   */
  public synchronized void restart(java.time.Duration down) throws InterruptedException {
    if (dataDir == null) {
      throw new IllegalStateException("a server without a data directory loses its data when it stops");
    }
    int port = port();
    close();
    Thread.sleep(down.toMillis());
    postgres = boot(dataDir, port, address);
  }

  public int port() {
    return postgres.getPort();
  }

  /** JDBC URL of {@code database} on this server. */
  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
  }

  /** JDBC URL of {@code database} on this server, reached at {@code host} (an address it listens on). */
  public String jdbcUrl(String host, String database) {
    return "jdbc:postgresql://" + host + ":" + port() + "/" + database;
  }

  // initdb's pg_hba.conf trusts loopback only; other clients log in with the password.
  private void allowPasswordLogins(String cidr) {
    if (!cidr.matches("[0-9a-fA-F.:]+/[0-9]+")) {
      throw new IllegalArgumentException("not a CIDR: " + cidr);
    }
    try {
      String dataDir = query("SHOW data_directory");
      Files.writeString(Path.of(dataDir, "pg_hba.conf"), "host all all " + cidr + " scram-sha-256\n",
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extend pg_hba.conf", e);
    }
    query("SELECT pg_reload_conf()");
  }

  private String query(String sql) {
    try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** Creates {@code database} unless it exists. */
  public void createDatabase(String database) {
    if (!database.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("database name must be a lower-case SQL identifier: " + database);
    }
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
      if (!rs.next()) {
        s.execute("CREATE DATABASE " + database);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + database, e);
    }
  }

  private void execute(String sql) {
    try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  @Override
  public void close() {
    try {
      postgres.close();
    } catch (IOException e) {
      // best effort
    }
  }
}
