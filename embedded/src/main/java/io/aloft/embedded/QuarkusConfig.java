package io.aloft.embedded;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Quarkus configuration that points a service at an embedded component. One place for these keys, shared
 * by the test kit's Quarkus test resources and the local stack's launcher.
 */
public final class QuarkusConfig {
  private QuarkusConfig() {}

  /** Default datasource on {@code database} of {@code pg}. */
  public static Map<String, String> datasource(EmbeddedPostgresServer pg, String database) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("quarkus.datasource.db-kind", "postgresql");
    c.put("quarkus.datasource.jdbc.url", pg.jdbcUrl(database));
    c.put("quarkus.datasource.username", EmbeddedPostgresServer.USER);
    c.put("quarkus.datasource.password", EmbeddedPostgresServer.PASSWORD);
    return c;
  }

  /** quarkus-amazon-s3 on {@code s3} (path-style, static credentials) and the bucket as {@code aloft.storage.bucket}. */
  public static Map<String, String> s3(EmbeddedS3Server s3, String bucket) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("quarkus.s3.endpoint-override", s3.endpoint().toString());
    c.put("quarkus.s3.path-style-access", "true");
    c.put("quarkus.s3.aws.region", EmbeddedS3Server.REGION);
    c.put("quarkus.s3.aws.credentials.type", "static");
    c.put("quarkus.s3.aws.credentials.static-provider.access-key-id", s3.accessKey());
    c.put("quarkus.s3.aws.credentials.static-provider.secret-access-key", s3.secretKey());
    c.put("aloft.storage.bucket", bucket);
    return c;
  }

  /** quarkus-kubernetes-client (and so the operator SDK) on {@code kube}, trusting its certificate. */
  public static Map<String, String> kubernetesClient(EmbeddedKubeApiServer kube) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("quarkus.kubernetes-client.api-server-url", kube.url());
    c.put("quarkus.kubernetes-client.token", kube.token());
    c.put("quarkus.kubernetes-client.ca-cert-data",
        Base64.getEncoder().encodeToString(kube.caCertificatePem().getBytes(StandardCharsets.UTF_8)));
    c.put("quarkus.kubernetes-client.trust-certs", "false");
    return c;
  }
}
