package io.aloft.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A flytekit configuration file (the {@code ~/.flyte/config.yaml} format that pyflyte, FlyteRemote and flytectl
 * read) for an Aloft admin and an S3 server: admin's gRPC endpoint (insecure), and the S3 endpoint and keys flytekit
 * uploads code and reads data with; optionally the console's address ({@code console.endpoint}), from which
 * flytekit prints {@code <it>/console/projects/<p>/domains/<d>/executions/<name>} for each execution it launches.
 */
public final class FlytekitConfig {
  private FlytekitConfig() {}

  /** Writes the file; {@code comment} becomes its first line (a {@code #} comment). Returns {@code file}. */
  public static Path write(Path file, String comment, String adminHost, int adminGrpcPort, EmbeddedS3Server s3) {
    return write(file, comment, adminHost, adminGrpcPort, s3, null);
  }

  /**
   * As {@link #write(Path, String, String, int, EmbeddedS3Server)}, with {@code console} (e.g. admin's HTTP address
   * {@code http://127.0.0.1:8088}, where admin serves the console) as flytekit's console endpoint when not null.
   */
  public static Path write(Path file, String comment, String adminHost, int adminGrpcPort, EmbeddedS3Server s3,
      String console) {
    String yaml = """
        # %s
        admin:
          endpoint: dns:///%s:%d
          insecure: true
        storage:
          connection:
            endpoint: %s
            access-key: %s
            secret-key: %s
        """.formatted(comment, adminHost, adminGrpcPort, s3.endpoint(), s3.accessKey(), s3.secretKey())
        + (console == null ? "" : "console:\n  endpoint: " + console + "\n");
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      return Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
