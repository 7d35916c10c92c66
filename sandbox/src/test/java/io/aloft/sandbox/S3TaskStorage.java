package io.aloft.sandbox;

import io.aloft.embedded.EmbeddedS3Server;
import io.aloft.testkit.kube.TaskStorage;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** The local stack's S3 as the test pod controller's task runtime sees it (inputs read, outputs written). */
final class S3TaskStorage implements TaskStorage, AutoCloseable {
  private final S3Client s3;

  S3TaskStorage(EmbeddedS3Server server) {
    s3 = S3Client.builder().endpointOverride(server.endpoint()).region(Region.of(EmbeddedS3Server.REGION))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(server.accessKey(),
            server.secretKey())))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
  }

  @Override
  public byte[] read(String uri) {
    URI u = URI.create(uri);
    try {
      return s3.getObjectAsBytes(b -> b.bucket(u.getHost()).key(u.getPath().substring(1))).asByteArray();
    } catch (NoSuchKeyException e) {
      return null;
    }
  }

  @Override
  public void write(String uri, byte[] bytes) {
    URI u = URI.create(uri);
    s3.putObject(b -> b.bucket(u.getHost()).key(u.getPath().substring(1)), RequestBody.fromBytes(bytes));
  }

  @Override
  public void close() {
    s3.close();
  }
}
