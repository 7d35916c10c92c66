package io.aloft.bench.peer;

import io.aloft.bench.MetricsText;
import io.aloft.embedded.LocalProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Flyte v1's own flytepropeller (v1.13.0, built from the Go module proxy by bench/flyte-peer/build.sh), run as a
 * process beside Aloft's stack: same API server, same S3 bucket, events to the same admin. It runs the executions
 * admin creates in Flyte's group ({@code flyte.lyft.com}), through admin's execution cluster "flyte".
 */
public final class FlytePropeller implements AutoCloseable {
  /** The summary flytestdlib's stop watch exports for one streak round of one workflow, in whole milliseconds. */
  static final String ROUND_SUMMARY = "flyte:propeller:all:round:round_time_unlabeled_ms";

  private final LocalProcess process;
  private final int metricsPort;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private FlytePropeller(LocalProcess process, int metricsPort) {
    this.process = process;
    this.metricsPort = metricsPort;
  }

  /** The settings both propellers get alike. */
  public record Settings(int workers, int kubeQps, int kubeBurst) {}

  /** Where the stack's services are, for Flyte's config. */
  public record Stack(Path kubeconfig, URI s3Endpoint, String bucket, String s3Region, String accessKey,
      String secretKey, int adminGrpcPort) {}

  /** Starts {@code binary} with a config written into {@code workDir}; returns once its metrics endpoint answers. */
  public static FlytePropeller start(Path binary, Path workDir, Stack stack, Settings settings) throws IOException {
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException("Flyte's flytepropeller is not built at " + binary
          + ": run bench/flyte-peer/build.sh (./aloft bench propeller --peer flyte runs it first)");
    }
    Files.createDirectories(workDir);
    int port = LocalProcess.freePort();
    Path config = workDir.resolve("flytepropeller.yaml");
    Files.writeString(config, config(stack, settings, port));
    LocalProcess p = LocalProcess.start("flytepropeller", List.of(binary.toString(), "--config", config.toString()),
        workDir.resolve("flytepropeller.log"));
    FlytePropeller peer = new FlytePropeller(p, port);
    URI metrics = peer.metricsUri();
    p.awaitReady("flytepropeller metrics (" + metrics + ")", Instant.now().plusSeconds(60),
        () -> LocalProcess.httpOk(peer.http, metrics, null));
    return peer;
  }

  /**
   * Flyte's propeller config: Flyte's defaults except what must point at the stack and the settings both systems
   * share (workers, kube client qps/burst, the evaluation periods Aloft's bench uses). Echo tasks run in Flyte's
   * echo plugin, container tasks in its pod plugin; events go to admin over gRPC (Flyte's default sink).
   */
  static String config(Stack s, Settings settings, int metricsPort) {
    return """
        propeller:
          kube-config: %s
          workers: %d
          max-streak-length: 8
          workflow-reeval-duration: 10s
          downstream-eval-duration: 5s
          limit-namespace: all
          prof-port: %d
          metadata-prefix: metadata/flytepropeller
          rawoutput-prefix: s3://%s/flyte-raw
          enable-admin-launcher: false
          create-flyteworkflow-crd: true
          kube-client-config:
            qps: %d
            burst: %d
            timeout: 30s
        tasks:
          task-plugins:
            enabled-plugins: [container, echo]
            default-for-task-types:
              container: container
              echo: echo
        storage:
          type: stow
          container: %s
          stow:
            kind: s3
            config:
              auth_type: accesskey
              access_key_id: %s
              secret_key: %s
              endpoint: %s
              disable_ssl: "true"
              region: %s
        event:
          type: admin
        admin:
          endpoint: dns:///127.0.0.1:%d
          insecure: true
        catalog-cache:
          type: noop
        logger:
          level: 2
        """.formatted(s.kubeconfig(), settings.workers(), metricsPort, s.bucket(), settings.kubeQps(),
        settings.kubeBurst(), s.bucket(), s.accessKey(), s.secretKey(), s.s3Endpoint(), s.s3Region(),
        s.adminGrpcPort());
  }

  public long pid() {
    return process.pid();
  }

  public Path log() {
    return process.log();
  }

  /** The quantile {@code q} (0.5, 0.9, 0.99) of its round-time summary, in seconds. */
  public double roundQuantile(double q) throws IOException, InterruptedException {
    String quantile = Double.toString(q);
    return metrics().first(ROUND_SUMMARY, s -> s.label("quantile").equals(quantile)) / 1000.0;
  }

  /** Rounds so far. */
  public double rounds() throws IOException, InterruptedException {
    return metrics().first(ROUND_SUMMARY + "_count", s -> true);
  }

  private MetricsText metrics() throws IOException, InterruptedException {
    process.requireAlive();
    return MetricsText.parse(http.send(HttpRequest.newBuilder(metricsUri()).build(),
        HttpResponse.BodyHandlers.ofString()).body());
  }

  private URI metricsUri() {
    return URI.create("http://127.0.0.1:" + metricsPort + "/metrics");
  }

  @Override
  public void close() {
    process.close();
  }
}
