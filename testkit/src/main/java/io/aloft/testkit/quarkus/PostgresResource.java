package io.aloft.testkit.quarkus;

import io.aloft.embedded.EmbeddedPostgresServer;
import io.aloft.embedded.QuarkusConfig;
import io.aloft.testkit.SharedComponents;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a service's default datasource at a database of its own on the shared real PostgreSQL.
 * Init arg {@code database} (default {@code aloft}) names it.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {
  private String database = "aloft";

  @Override
  public void init(Map<String, String> initArgs) {
    database = initArgs.getOrDefault("database", database);
  }

  @Override
  public Map<String, String> start() {
    EmbeddedPostgresServer pg = SharedComponents.postgres();
    pg.createDatabase(database);
    return QuarkusConfig.datasource(pg, database);
  }

  @Override
  public void stop() {
    // shared for the whole test JVM; stopped at exit
  }
}
