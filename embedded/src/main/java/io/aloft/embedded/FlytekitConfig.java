package io.aloft.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A flytekit configuration file (the {@code ~/.flyte/config.yaml} format that pyflyte, FlyteRemote and flytectl
 * read) for an Aloft admin and an S3 server: admin's gRPC endpoint (insecure), with client credentials when admin
 * has authentication on, and the S3 endpoint and keys flytekit uploads code and reads data with; optionally the
 * console's address ({@code console.endpoint}), from which flytekit prints
 * {@code <it>/console/projects/<p>/domains/<d>/executions/<name>} for each execution it launches.
 */
public final class FlytekitConfig {
  private FlytekitConfig() {}

  /** flytekit's {@code authType: ClientSecret}: the client id and the file holding its secret. */
  public record ClientSecret(String clientId, Path secretFile) {}

  /** Writes the file for an admin without authentication and without a console address. */
  public static Path write(Path file, String comment, String adminHost, int adminGrpcPort, EmbeddedS3Server s3) {
    return write(file, comment, adminHost, adminGrpcPort, s3, null, null);
  }

  /**
   * Writes the file; {@code comment} becomes its first line (a {@code #} comment); {@code credentials} (null: none)
   * make flytekit fetch a token with the client_credentials grant from the endpoint admin's metadata names;
   * {@code console} (null: none; e.g. admin's HTTP address {@code http://127.0.0.1:8088}, where admin serves the
   * console) becomes flytekit's console endpoint. Returns {@code file}.
   */
  public static Path write(Path file, String comment, String adminHost, int adminGrpcPort, EmbeddedS3Server s3,
      ClientSecret credentials, String console) {
    String auth = credentials == null ? "" : """
          authType: ClientSecret
          clientId: %s
          clientSecretLocation: %s
        """.formatted(credentials.clientId(), credentials.secretFile().toAbsolutePath());
    String yaml = """
        # %s
        admin:
          endpoint: dns:///%s:%d
          insecure: true
        %sstorage:
          connection:
            endpoint: %s
            access-key: %s
            secret-key: %s
        """.formatted(comment, adminHost, adminGrpcPort, auth, s3.endpoint(), s3.accessKey(), s3.secretKey())
        + (console == null ? "" : "console:\n  endpoint: " + console + "\n");
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      return Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
