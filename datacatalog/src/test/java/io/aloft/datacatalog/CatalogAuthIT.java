package io.aloft.datacatalog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import datacatalog.Datacatalog.GetDatasetRequest;
import io.aloft.embedded.DevAuth;
import io.aloft.testkit.quarkus.FreeGrpcPortResource;
import io.aloft.testkit.quarkus.PostgresResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

/**
 * Datacatalog with authentication on: tokens of admin's authorization server (here, a key set served over HTTP as
 * admin's /oauth2/jwks serves it) open the API; no token, a token signed with another key, or for another audience
 * is UNAUTHENTICATED; health stays open.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
    initArgs = @ResourceArg(name = "database", value = "datacatalog_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
@QuarkusTestResource(value = CatalogAuthIT.Jwks.class, restrictToAnnotatedClass = true)
class CatalogAuthIT extends CatalogTestBase {
  static final Path KEY = Path.of("target/catalog-auth-it/key.pk8");
  static final String KID = "catalog-auth-it";

  /** A JWKS endpoint with a fresh key, as admin's; the private key goes to {@link #KEY} for the test to sign with. */
  public static class Jwks implements QuarkusTestResourceLifecycleManager {
    private HttpServer server;

    @Override
    public Map<String, String> start() {
      try {
        KeyPair pair = DevAuth.rsa();
        Files.createDirectories(KEY.getParent());
        Files.write(KEY, pair.getPrivate().getEncoded());
        RsaJsonWebKey jwk = new RsaJsonWebKey((RSAPublicKey) pair.getPublic());
        jwk.setKeyId(KID);
        jwk.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
        byte[] body = new JsonWebKeySet(jwk).toJson().getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/oauth2/jwks", x -> {
          x.getResponseHeaders().add("Content-Type", "application/json");
          x.sendResponseHeaders(200, body.length);
          x.getResponseBody().write(body);
          x.close();
        });
        server.start();
        return Map.of("aloft.datacatalog.auth.enabled", "true", "aloft.datacatalog.auth.jwks-url",
            "http://127.0.0.1:" + server.getAddress().getPort() + "/oauth2/jwks");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void stop() {
      if (server != null) {
        server.stop(0);
      }
    }
  }

  @Test
  void callsNeedATokenOfAdminsIssuerAndAudience() throws Exception {
    GetDatasetRequest request = GetDatasetRequest.newBuilder().setDataset(datasetId("catalog-auth-it", "t", "v1"))
        .build();
    assertThatThrownBy(() -> catalog.getDataset(request)).isInstanceOfSatisfying(StatusRuntimeException.class,
        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));

    PrivateKey ours = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(KEY)));
    // a good token gets through to the service, which answers for the (absent) dataset
    assertThatThrownBy(() -> withToken(sign(ours, "aloft-admin")).getDataset(request))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    for (String bad : List.of(sign(DevAuth.rsa().getPrivate(), "aloft-admin"), sign(ours, "someone-else"))) {
      assertThatThrownBy(() -> withToken(bad).getDataset(request)).isInstanceOfSatisfying(
          StatusRuntimeException.class, e -> assertThat(e.getStatus().getCode())
              .isEqualTo(Status.Code.UNAUTHENTICATED));
    }
    given().get("/q/health/ready").then().statusCode(200);
    assertThat(given().get("/q/metrics").then().statusCode(200).extract().asString())
        .contains("aloft_datacatalog_auth_requests_total{result=\"unauthenticated\"}")
        .contains("aloft_datacatalog_auth_requests_total{result=\"ok\"}");
  }

  private datacatalog.DataCatalogGrpc.DataCatalogBlockingStub withToken(String token) {
    Metadata m = new Metadata();
    m.put(Metadata.Key.of("flyte-authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    return catalog.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(m));
  }

  /** A token as admin's Self mode issues it, signed with {@code key}, for {@code audience}. */
  private static String sign(PrivateKey key, String audience) throws Exception {
    JwtClaims claims = new JwtClaims();
    claims.setIssuer("aloft-admin");
    claims.setAudience(audience);
    claims.setSubject("flytepropeller");
    claims.setIssuedAtToNow();
    claims.setExpirationTimeMinutesInTheFuture(10);
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(key);
    jws.setKeyIdHeaderValue(KID);
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    return jws.getCompactSerialization();
  }
}
