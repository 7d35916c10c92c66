package io.aloft.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A flytekit configuration file (the {@code ~/.flyte/config.yaml} format that pyflyte, FlyteRemote and flytectl
 * read) for an Aloft admin and an S3 server: admin's gRPC endpoint (insecure), and the S3 endpoint and keys flytekit
 * uploads code and reads data with.
 */
public final class FlytekitConfig {
  private FlytekitConfig() {}

  /** Writes the file; {@code comment} becomes its first line (a {@code #} comment). Returns {@code file}. */
  public static Path write(Path file, String comment, String adminHost, int adminGrpcPort, EmbeddedS3Server s3) {
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
        """.formatted(comment, adminHost, adminGrpcPort, s3.endpoint(), s3.accessKey(), s3.secretKey());
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      return Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
