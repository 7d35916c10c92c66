package io.aloft.propeller.storage;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;

/**
 * Get, put and head as single HTTP requests signed with the AWS SDK's own SigV4 signer ({@link AwsV4HttpSigner}) and
 * sent by the JDK's HTTP client ({@code aloft.storage.transport=signed-http}, the default). The endpoint, region,
 * addressing style and credentials are the Quarkus-configured S3 client's ({@code quarkus.s3.*}), so both transports
 * reach the same bucket the same way; what this one leaves out is the SDK's per-request pipeline (interceptors,
 * endpoint rules, marshalling, checksums, metrics), which profiles showed to be the larger part of propeller's CPU
 * for an echo node. Flyte's propeller likewise signs and sends through stow's leaner client.
 */
public final class SignedHttpS3Transport implements S3Transport {
  /** Headers the JDK client sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10)).build();
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
  private final URI endpoint;
  private final boolean pathStyle;
  private final String region;
  private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;
  private final Duration timeout;

  /**
   * @param endpoint the S3 endpoint ({@code https://s3.<region>.amazonaws.com} for AWS itself)
   * @param pathStyle {@code endpoint/bucket/key} instead of {@code bucket.endpoint/key}
   */
  public SignedHttpS3Transport(URI endpoint, boolean pathStyle, String region,
      IdentityProvider<? extends AwsCredentialsIdentity> credentials, Duration timeout) {
    this.endpoint = endpoint;
    this.pathStyle = pathStyle;
    this.region = region;
    this.credentials = credentials;
    this.timeout = timeout;
  }

  @Override
  public Optional<byte[]> get(String bucket, String key) throws IOException {
    HttpResponse<byte[]> r = send(SdkHttpMethod.GET, bucket, key, null, HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() == 404) {
      return Optional.empty();
    }
    check(r, "GET", bucket, key);
    return Optional.of(r.body());
  }

  @Override
  public void put(String bucket, String key, byte[] bytes) throws IOException {
    check(send(SdkHttpMethod.PUT, bucket, key, bytes, HttpResponse.BodyHandlers.ofByteArray()), "PUT", bucket, key);
  }

  @Override
  public boolean head(String bucket, String key) throws IOException {
    HttpResponse<byte[]> r = send(SdkHttpMethod.HEAD, bucket, key, null, HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() == 404) {
      return false;
    }
    check(r, "HEAD", bucket, key);
    return true;
  }

  private <T> HttpResponse<T> send(SdkHttpMethod method, String bucket, String key, byte[] body,
      HttpResponse.BodyHandler<T> handler) throws IOException {
    URI uri = uri(bucket, key);
    SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().method(method).uri(uri);
    if (body != null) {
      unsigned.putHeader("Content-Length", Integer.toString(body.length));
    }
    AwsCredentialsIdentity identity = credentials.resolveIdentity().join();
    SignedRequest signed = signer.sign(r -> r.identity(identity).request(unsigned.build())
        .payload(body == null ? null : ContentStreamProvider.fromByteArray(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
        // S3's canonical request: the path encoded once and not normalised
        .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false));
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
        .method(method.name(), body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    for (Map.Entry<String, List<String>> h : signed.request().headers().entrySet()) {
      if (!RESTRICTED.contains(h.getKey().toLowerCase(java.util.Locale.ROOT))) {
        h.getValue().forEach(v -> request.header(h.getKey(), v));
      }
    }
    try {
      return http.send(request.build(), handler);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private URI uri(String bucket, String key) {
    String path = encodePath(key);
    String base = endpoint.toString().replaceAll("/+$", "");
    if (pathStyle) {
      return URI.create(base + "/" + encodeSegment(bucket) + "/" + path);
    }
    return URI.create(endpoint.getScheme() + "://" + bucket + "." + endpoint.getRawAuthority() + "/" + path);
  }

  /** Each segment of the key percent-encoded as S3 expects (RFC 3986 unreserved characters kept), slashes kept. */
  static String encodePath(String key) {
    return java.util.Arrays.stream(key.split("/", -1)).map(SignedHttpS3Transport::encodeSegment)
        .collect(java.util.stream.Collectors.joining("/"));
  }

  private static String encodeSegment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
        .replace("%7E", "~");
  }

  private static void check(HttpResponse<?> r, String method, String bucket, String key) {
    if (r.statusCode() / 100 != 2) {
      Object body = r.body();
      String detail = body instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : "";
      throw new S3Failure(method + " s3://" + bucket + "/" + key + ": HTTP " + r.statusCode()
          + (detail.isBlank() ? "" : " " + detail.substring(0, Math.min(300, detail.length()))), null);
    }
  }
}
