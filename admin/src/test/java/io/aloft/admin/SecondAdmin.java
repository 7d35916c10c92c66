package io.aloft.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.embedded.LocalProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Another admin replica: the packaged application (as replicas run behind a load balancer) started as a child JVM
 * on the test instance's PostgreSQL, S3 and API server, with every {@code aloft.*} setting of the test instance.
 */
final class SecondAdmin implements AutoCloseable {
  private final String logName;
  private final int grpcPort = LocalProcess.freePort();
  private final int fixedHttpPort;
  private final Map<String, String> overrides;
  private LocalProcess process;
  private int httpPort;

  private SecondAdmin(String logName, int fixedHttpPort, Map<String, String> overrides) {
    this.logName = logName;
    this.fixedHttpPort = fixedHttpPort;
    this.overrides = Map.copyOf(overrides);
  }

  /** Starts it and waits for its readiness; its log is {@code target/two-instances/<logName>}. */
  static SecondAdmin start(String logName) throws Exception {
    return start(logName, 0, Map.of());
  }

  /**
   * As {@link #start(String)}, on HTTP port {@code httpPort} (0: any free one, a new one at each restart) and with
   * {@code overrides} in place of the test instance's settings of the same keys.
   */
  static SecondAdmin start(String logName, int httpPort, Map<String, String> overrides) throws Exception {
    SecondAdmin admin = new SecondAdmin(logName, httpPort, overrides);
    admin.launch();
    return admin;
  }

  int grpcPort() {
    return grpcPort;
  }

  /** Its HTTP port (health, metrics); unless fixed at start, a new one after each restart. */
  int httpPort() {
    return httpPort;
  }

  /** Stops the process (SIGTERM, as a rolling restart does) and starts it again on the same ports and data. */
  void restart() throws Exception {
    process.close();
    launch();
  }

  private void launch() throws Exception {
    Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
    assertThat(jar).as("the packaged admin (failsafe runs after package)").exists();
    Config config = ConfigProvider.getConfig();
    int http = fixedHttpPort != 0 ? fixedHttpPort : LocalProcess.freePort();
    httpPort = http;
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-Xmx384m", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "-Dquarkus.http.port=" + http, "-Dquarkus.grpc.server.port=" + grpcPort));
    for (String key : config.getPropertyNames()) {
      if (key.startsWith("quarkus.datasource.") || key.startsWith("quarkus.s3.")
          || key.startsWith("quarkus.kubernetes-client.") || key.startsWith("aloft.")) {
        if (!overrides.containsKey(key)) {
          config.getOptionalValue(key, String.class).ifPresent(v -> cmd.add("-D" + key + "=" + v));
        }
      }
    }
    overrides.forEach((key, v) -> cmd.add("-D" + key + "=" + v));
    cmd.addAll(List.of("-jar", jar.toString()));
    Path log = Files.createDirectories(Path.of("target/two-instances")).resolve(logName);
    process = LocalProcess.start(logName, cmd, log);
    HttpClient client = HttpClient.newHttpClient();
    URI ready = URI.create("http://127.0.0.1:" + http + "/q/health/ready");
    process.awaitReady(logName + " readiness", Instant.now().plus(Duration.ofSeconds(90)),
        () -> LocalProcess.httpOk(client, ready, null));
  }

  @Override
  public void close() {
    if (process != null) {
      process.close();
      process = null;
    }
  }
}
