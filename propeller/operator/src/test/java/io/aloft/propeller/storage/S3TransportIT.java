package io.aloft.propeller.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.embedded.EmbeddedS3Server;
import io.aloft.engine.EngineException;
import io.aloft.testkit.SharedComponents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Both S3 transports of {@code aloft.storage.transport} against a real S3 API (s3proxy, which checks SigV4
 * signatures): the same objects at the same addresses, missing objects, awkward keys, and a wrong key refused.
 */
class S3TransportIT {
  private static final String BUCKET = "transport";
  private static EmbeddedS3Server server;
  private static S3Client sdk;

  @BeforeAll
  static void start() {
    server = SharedComponents.s3();
    server.createBucket(BUCKET);
    sdk = S3Client.builder().endpointOverride(server.endpoint()).region(Region.of(EmbeddedS3Server.REGION))
        .credentialsProvider(credentials(server.secretKey()))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
  }

  @AfterAll
  static void stop() {
    sdk.close();
  }

  private static StaticCredentialsProvider credentials(String secret) {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(server.accessKey(), secret));
  }

  private static S3BlobStore signedHttp(String secret) {
    return new S3BlobStore(new SignedHttpS3Transport(server.endpoint(), true, EmbeddedS3Server.REGION,
        credentials(secret), Duration.ofSeconds(10)), null);
  }

  @Test
  void signedHttpAndTheSdkReadEachOthersObjectsAtTheSameKeys() {
    S3BlobStore signed = signedHttp(server.secretKey());
    S3BlobStore viaSdk = new S3BlobStore(sdk);
    for (String key : List.of("metadata/propeller/p-d-e1/n0/data/0/outputs.pb", "a b/c+d/ü~é/x=y&z;1,2@(3)*!'.pb",
        "deep/" + "x/".repeat(20) + "inputs.pb")) {
      byte[] one = ("from signed-http " + key).getBytes(StandardCharsets.UTF_8);
      signed.write("s3://" + BUCKET + "/" + key, one);
      assertThat(viaSdk.read("s3://" + BUCKET + "/" + key).orElseThrow()).isEqualTo(one);

      byte[] two = ("from the sdk " + key).getBytes(StandardCharsets.UTF_8);
      viaSdk.write("s3://" + BUCKET + "/" + key, two);
      assertThat(signed.read("s3://" + BUCKET + "/" + key).orElseThrow()).isEqualTo(two);
      assertThat(signed.exists("s3://" + BUCKET + "/" + key)).isTrue();
    }
    signed.write("s3://" + BUCKET + "/empty.pb", new byte[0]);
    assertThat(viaSdk.read("s3://" + BUCKET + "/empty.pb").orElseThrow()).isEqualTo(new byte[0]);
  }

  @Test
  void aMissingObjectIsEmptyAndDoesNotExist() {
    S3BlobStore signed = signedHttp(server.secretKey());

    assertThat(signed.read("s3://" + BUCKET + "/never/written.pb")).isEmpty();
    assertThat(signed.exists("s3://" + BUCKET + "/never/written.pb")).isFalse();
  }

  @Test
  void aWrongSecretIsRefusedBySignatureCheckAndFailsTheRound() {
    S3BlobStore wrong = signedHttp("not-the-secret");

    assertThatThrownBy(() -> wrong.write("s3://" + BUCKET + "/refused.pb", new byte[] {1}))
        .isInstanceOf(EngineException.class).hasMessageContaining("HTTP 403");
    assertThat(new S3BlobStore(sdk).read("s3://" + BUCKET + "/refused.pb")).isEmpty();
  }
}
