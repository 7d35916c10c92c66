package io.aloft.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import flyteidl.service.DataProxyServiceGrpc;
import flyteidl.service.Dataproxy.CreateUploadLocationRequest;
import flyteidl.service.Dataproxy.CreateUploadLocationResponse;
import io.aloft.testkit.quarkus.FreeGrpcPortResource;
import io.aloft.testkit.quarkus.PostgresResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.grpc.Status;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** CreateUploadLocation as pyflyte's fast registration uses it, uploading over plain HTTP to the real S3 API. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "admin_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
class DataProxyIT extends AdminGrpcTestBase {
  private final HttpClient http = HttpClient.newHttpClient();

  @jakarta.inject.Inject
  software.amazon.awssdk.services.s3.S3Client s3;

  private DataProxyServiceGrpc.DataProxyServiceBlockingStub proxy() {
    return DataProxyServiceGrpc.newBlockingStub(channel);
  }

  private static byte[] md5(byte[] b) throws Exception {
    return MessageDigest.getInstance("MD5").digest(b);
  }

  /** PUTs as flytekit's upload_file does: Content-MD5 plus every header the response asks for. */
  private int put(CreateUploadLocationResponse location, byte[] body, byte[] md5) throws Exception {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(location.getSignedUrl()))
        .header("Content-MD5", Base64.getEncoder().encodeToString(md5))
        .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
    location.getHeadersMap().forEach((k, v) -> {
      if (!k.equalsIgnoreCase("content-md5") && !k.equalsIgnoreCase("content-length")) {
        req.header(k, v);
      }
    });
    return http.send(req.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void fastRegistrationUploadLandsInTheBucket() throws Exception {
    byte[] tarball = "fast-registration tarball".getBytes(StandardCharsets.UTF_8);
    CreateUploadLocationResponse location = proxy().createUploadLocation(CreateUploadLocationRequest.newBuilder()
        .setProject("flytesnacks").setDomain("development").setFilename("fastabc.tar.gz")
        .setContentMd5(ByteString.copyFrom(md5(tarball))).setAddContentMd5Metadata(true).build());

    assertThat(location.getNativeUrl()).startsWith("s3://aloft/uploads/flytesnacks/development/")
        .endsWith("/fastabc.tar.gz");
    assertThat(location.getExpiresAt().getSeconds()).isGreaterThan(System.currentTimeMillis() / 1000);
    assertThat(put(location, tarball, md5(tarball))).isEqualTo(200);

    String key = location.getNativeUrl().substring("s3://aloft/".length());
    assertThat(s3.getObjectAsBytes(g -> g.bucket("aloft").key(key)).asByteArray()).isEqualTo(tarball);

    // Same URL and headers, other bytes: the signed MD5 no longer matches and S3 refuses the write.
    assertThat(put(location, "other bytes".getBytes(StandardCharsets.UTF_8), md5(tarball))).isEqualTo(400);
    assertThat(s3.getObjectAsBytes(g -> g.bucket("aloft").key(key)).asByteArray()).isEqualTo(tarball);
  }

  @Test
  void aNamedUploadWithDifferentContentIsAlreadyExists() throws Exception {
    byte[] first = "v1 of the code".getBytes(StandardCharsets.UTF_8);
    CreateUploadLocationRequest.Builder named = CreateUploadLocationRequest.newBuilder()
        .setProject("flytesnacks").setDomain("development").setFilenameRoot("pinned").setFilename("code.tar.gz")
        .setAddContentMd5Metadata(true);
    CreateUploadLocationResponse location = proxy().createUploadLocation(
        named.setContentMd5(ByteString.copyFrom(md5(first))).build());
    assertThat(put(location, first, md5(first))).isEqualTo(200);

    // The same content again is fine (pyflyte re-registers); different content under the same name is not.
    proxy().createUploadLocation(named.setContentMd5(ByteString.copyFrom(md5(first))).build());
    byte[] second = "v2 of the code".getBytes(StandardCharsets.UTF_8);
    assertStatus(() -> proxy().createUploadLocation(named.setContentMd5(ByteString.copyFrom(md5(second))).build()),
        Status.Code.ALREADY_EXISTS, "pinned/code.tar.gz");
  }

  @Test
  void badRequestsAreInvalidArgumentNamingTheField() throws Exception {
    byte[] md5 = md5(new byte[] {1});
    assertStatus(() -> proxy().createUploadLocation(CreateUploadLocationRequest.newBuilder().setDomain("development")
        .setContentMd5(ByteString.copyFrom(md5)).build()), Status.Code.INVALID_ARGUMENT, "missing project");
    assertStatus(() -> proxy().createUploadLocation(CreateUploadLocationRequest.newBuilder().setProject("p")
        .setDomain("development").build()), Status.Code.INVALID_ARGUMENT, "content_md5");
    assertStatus(() -> proxy().createUploadLocation(CreateUploadLocationRequest.newBuilder().setProject("p")
        .setDomain("development").setContentMd5(ByteString.copyFrom(md5))
        .setExpiresIn(com.google.protobuf.Duration.newBuilder().setSeconds(7200)).build()),
        Status.Code.INVALID_ARGUMENT, "expires_in");
  }

  @jakarta.inject.Inject
  jakarta.persistence.EntityManager em;

  @Test
  void downloadLinksSignTheDeckOfAFinishedNode() throws Exception {
    byte[] deck = "<html>deck</html>".getBytes(StandardCharsets.UTF_8);
    s3.putObject(b -> b.bucket("aloft").key("decks/dp-exec/n0/deck.html"),
        software.amazon.awssdk.core.sync.RequestBody.fromBytes(deck));
    ensureProject("dataproxy", "Data proxy");
    var exec = ExecutionRows.create(em, ExecutionRows.id("dataproxy", "dp-" + System.nanoTime() % 100000),
        Events.CLUSTER, flyteidl.core.Execution.WorkflowExecution.Phase.RUNNING);
    var node = Events.nodeId(exec, "n0");
    var link = flyteidl.service.Dataproxy.CreateDownloadLinkRequest.newBuilder()
        .setArtifactType(flyteidl.service.Dataproxy.ArtifactType.ARTIFACT_TYPE_DECK).setNodeExecutionId(node).build();
    assertStatus(() -> proxy().createDownloadLink(link), Status.Code.NOT_FOUND, "n0");

    admin.createNodeEvent(Events.request(Events.node(exec, "n0", flyteidl.core.Execution.NodeExecution.Phase.RUNNING,
        1)));
    assertStatus(() -> proxy().createDownloadLink(link), Status.Code.FAILED_PRECONDITION, "terminal");
    admin.createNodeEvent(Events.request(Events.node(exec, "n0",
        flyteidl.core.Execution.NodeExecution.Phase.SUCCEEDED, 2).setDeckUri("s3://aloft/decks/dp-exec/n0/deck.html")));

    var response = proxy().createDownloadLink(link);
    String url = response.getPreSignedUrls().getSignedUrl(0);
    assertThat(response.getSignedUrlList()).containsExactly(url);
    HttpResponse<byte[]> got = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body()).isEqualTo(deck);

    var location = proxy().createDownloadLocation(flyteidl.service.Dataproxy.CreateDownloadLocationRequest
        .newBuilder().setNativeUrl("s3://aloft/decks/dp-exec/n0/deck.html").build());
    assertThat(http.send(HttpRequest.newBuilder(URI.create(location.getSignedUrl())).GET().build(),
        HttpResponse.BodyHandlers.ofByteArray()).body()).isEqualTo(deck);
    assertStatus(() -> proxy().createDownloadLocation(flyteidl.service.Dataproxy.CreateDownloadLocationRequest
        .newBuilder().setNativeUrl("https://elsewhere/x").build()), Status.Code.INVALID_ARGUMENT, "s3://");
    assertStatus(() -> proxy().createDownloadLink(link.toBuilder().clearNodeExecutionId().build()),
        Status.Code.INVALID_ARGUMENT, "node_execution_id");
  }
}
