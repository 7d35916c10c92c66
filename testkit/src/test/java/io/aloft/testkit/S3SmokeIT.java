package io.aloft.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.embedded.EmbeddedS3Server;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The real S3 API of the test kit: SDK put/get, and presigned PUT and GET over plain HTTP, path-style. */
class S3SmokeIT {
  private static final String BUCKET = "smoke";
  private static EmbeddedS3Server s3;
  private static S3Client client;
  private static S3Presigner presigner;
  private static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    s3 = SharedComponents.s3();
    s3.createBucket(BUCKET);
    var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey()));
    var pathStyle = S3Configuration.builder().pathStyleAccessEnabled(true).build();
    client = S3Client.builder()
        .endpointOverride(s3.endpoint())
        .region(Region.of(EmbeddedS3Server.REGION))
        .credentialsProvider(creds)
        .serviceConfiguration(pathStyle)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
    presigner = S3Presigner.builder()
        .endpointOverride(s3.endpoint())
        .region(Region.of(EmbeddedS3Server.REGION))
        .credentialsProvider(creds)
        .serviceConfiguration(pathStyle)
        .build();
  }

  @AfterAll
  static void stop() {
    client.close();
    presigner.close();
  }

  @Test
  void putAndGetThroughTheSdk() {
    client.putObject(PutObjectRequest.builder().bucket(BUCKET).key("metadata/a/inputs.pb").build(),
        RequestBody.fromBytes(new byte[] {1, 2, 3, 4}));

    byte[] got = client.getObjectAsBytes(GetObjectRequest.builder().bucket(BUCKET).key("metadata/a/inputs.pb").build())
        .asByteArray();

    assertThat(got).containsExactly(1, 2, 3, 4);
    assertThat(client.headObject(b -> b.bucket(BUCKET).key("metadata/a/inputs.pb")).contentLength()).isEqualTo(4);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> client.getObjectAsBytes(b -> b.bucket(BUCKET).key("metadata/a/missing.pb")))
        .isInstanceOf(NoSuchKeyException.class);
  }

  @Test
  void presignedPutAndGetOverPlainHttp() throws Exception {
    byte[] body = "fast-registration tarball".getBytes(StandardCharsets.UTF_8);
    String md5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(body));

    // As flytekit uploads to CreateUploadLocation's URL: a PUT carrying Content-MD5, which the signature covers.
    URI putUrl = presigner.presignPutObject(r -> r.signatureDuration(Duration.ofMinutes(5))
            .putObjectRequest(p -> p.bucket(BUCKET).key("uploads/fast123.tar.gz").contentMD5(md5)))
        .url().toURI();
    assertThat(putUrl.getPath()).startsWith("/" + BUCKET + "/");
    HttpResponse<String> put = http.send(HttpRequest.newBuilder(putUrl)
        .header("Content-MD5", md5)
        .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

    byte[] stored = client.getObjectAsBytes(b -> b.bucket(BUCKET).key("uploads/fast123.tar.gz")).asByteArray();
    assertThat(stored).isEqualTo(body);

    URI getUrl = presigner.presignGetObject(r -> r.signatureDuration(Duration.ofMinutes(5))
        .getObjectRequest(g -> g.bucket(BUCKET).key("uploads/fast123.tar.gz"))).url().toURI();
    HttpResponse<byte[]> get = http.send(HttpRequest.newBuilder(getUrl).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).isEqualTo(body);

    // A body that does not match the signed Content-MD5 is refused.
    HttpResponse<String> tampered = http.send(HttpRequest.newBuilder(putUrl)
        .header("Content-MD5", md5)
        .PUT(HttpRequest.BodyPublishers.ofString("something else")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(tampered.statusCode()).isEqualTo(400);

    // An unsigned request is refused: the server really checks signatures.
    HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(
            URI.create(s3.endpoint() + "/" + BUCKET + "/uploads/fast123.tar.gz")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(403);
  }
}
