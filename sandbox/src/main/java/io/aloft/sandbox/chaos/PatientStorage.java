package io.aloft.sandbox.chaos;

import io.aloft.embedded.EmbeddedS3Server;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The chaos pods' view of the stack's S3: whole objects by URI, tried again for up to two minutes while S3 cannot be
 * reached. The pods stand in for task code, and the scenarios measure the control plane: a task that died of the S3
 * outage would be a failure of the stand-in, not of admin or propeller. The other tests' pods use it too (S3 up, it is
 * a plain client).
 */
public final class PatientStorage implements AutoCloseable {
  private static final Duration PATIENCE = Duration.ofMinutes(2);
  private final S3Client s3;

  public PatientStorage(EmbeddedS3Server server) {
    s3 = S3Client.builder().endpointOverride(server.endpoint()).region(Region.of(EmbeddedS3Server.REGION))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(server.accessKey(),
            server.secretKey())))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
  }

  /** The object at {@code uri}, or null when there is none. */
  public byte[] read(String uri) {
    URI u = URI.create(uri);
    return patiently(() -> {
      try {
        return s3.getObjectAsBytes(b -> b.bucket(u.getHost()).key(u.getPath().substring(1))).asByteArray();
      } catch (NoSuchKeyException e) {
        return null;
      }
    });
  }

  /** Writes (replaces) the object at {@code uri}. */
  public void write(String uri, byte[] bytes) {
    URI u = URI.create(uri);
    patiently(() -> s3.putObject(b -> b.bucket(u.getHost()).key(u.getPath().substring(1)),
        RequestBody.fromBytes(bytes)));
  }

  private static <T> T patiently(Supplier<T> call) {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (true) {
      try {
        return call.get();
      } catch (SdkClientException e) {
        if (Instant.now().isAfter(deadline)) {
          throw e;
        }
        try {
          Thread.sleep(500);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  @Override
  public void close() {
    s3.close();
  }
}
