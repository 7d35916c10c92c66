package io.aloft.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import flyteidl.admin.ProjectOuterClass.ProjectListRequest;
import flyteidl.service.AdminServiceGrpc;
import flyteidl.service.Auth.OAuth2MetadataRequest;
import flyteidl.service.Auth.OAuth2MetadataResponse;
import flyteidl.service.AuthMetadataServiceGrpc;
import io.aloft.embedded.DevAuth;
import io.aloft.embedded.LocalProcess;
import io.aloft.testkit.quarkus.FreeGrpcPortResource;
import io.aloft.testkit.quarkus.PostgresResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Admin in External mode ({@code aloft.admin.auth.app-auth.auth-server-type=External}): it issues nothing, and
 * accepts the tokens of an external OAuth2 authorization server, checked against that server's JWKS, and serves that
 * server's metadata to clients. The external server here is a real one: a second, packaged admin in Self mode on its
 * own HTTP port, issuing client_credentials tokens.
 */
@QuarkusTest
@TestProfile(ExternalAuthIT.External.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "admin_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
class ExternalAuthIT extends AdminGrpcTestBase {
  static final int PROVIDER_PORT = LocalProcess.freePort();
  static final String PROVIDER = "http://127.0.0.1:" + PROVIDER_PORT;
  static final Path KEY = Path.of("target/external-auth-it/provider_rsa_key.pem");
  static final String CLIENT = "external-client";
  static final String SECRET = "external-secret";
  static final String AUDIENCE = "aloft-external";
  static SecondAdmin provider;

  /** This admin trusts {@link #PROVIDER}'s tokens for audience {@link #AUDIENCE}. */
  public static class External implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("aloft.admin.auth.enabled", "true",
          "aloft.admin.auth.app-auth.auth-server-type", "External",
          "aloft.admin.auth.app-auth.external-auth-server.base-url", PROVIDER,
          "aloft.admin.auth.app-auth.external-auth-server.issuer", PROVIDER,
          "aloft.admin.auth.app-auth.external-auth-server.jwks-url", PROVIDER + "/oauth2/jwks",
          "aloft.admin.auth.app-auth.external-auth-server.allowed-audience", AUDIENCE);
    }
  }

  @BeforeAll
  static void startProvider() throws Exception {
    DevAuth.writePrivatePem(DevAuth.rsa(), KEY);
    String self = "aloft.admin.auth.app-auth.self-auth-server.";
    provider = SecondAdmin.start("external-provider.log", PROVIDER_PORT, Map.of(
        "aloft.admin.auth.app-auth.auth-server-type", "Self",
        self + "signing-key-location", KEY.toAbsolutePath().toString(),
        self + "issuer", PROVIDER,
        self + "audience", AUDIENCE,
        self + "static-clients." + CLIENT + ".secret", DevAuth.bcrypt(SECRET),
        self + "static-clients." + CLIENT + ".scopes", "all"));
  }

  @AfterAll
  static void stopProvider() {
    if (provider != null) {
      provider.close();
    }
  }

  @Test
  void theProvidersTokensOpenTheApiAndNothingElseDoes() {
    String token = given().baseUri(PROVIDER).contentType("application/x-www-form-urlencoded")
        .formParams(Map.of("grant_type", "client_credentials", "client_id", CLIENT, "client_secret", SECRET))
        .post("/oauth2/token").then().statusCode(200).extract().path("access_token");
    assertThat(withToken(token).listProjects(ProjectListRequest.getDefaultInstance())).isNotNull();

    assertUnauthenticated(admin);
    // the same claims, signed by a key the provider does not list
    String forged = Jwt.issuer(PROVIDER).subject(CLIENT).audience(AUDIENCE).issuedAt(Instant.now())
        .expiresAt(Instant.now().plusSeconds(300)).jws().algorithm(SignatureAlgorithm.RS256)
        .sign(DevAuth.rsa().getPrivate());
    assertUnauthenticated(withToken(forged));
    // admin issues nothing in External mode: it has no token endpoint
    int status = given().contentType("application/x-www-form-urlencoded")
        .formParams(Map.of("grant_type", "client_credentials", "client_id", CLIENT, "client_secret", SECRET))
        .post("/oauth2/token").statusCode();
    assertThat(status).isIn(404, 405);
  }

  @Test
  void theMetadataIsTheProvidersSoFlytekitAsksItForTokens() {
    OAuth2MetadataResponse metadata = AuthMetadataServiceGrpc.newBlockingStub(channel)
        .getOAuth2Metadata(OAuth2MetadataRequest.getDefaultInstance());
    assertThat(metadata.getTokenEndpoint()).isEqualTo(PROVIDER + "/oauth2/token");
    assertThat(metadata.getJwksUri()).isEqualTo(PROVIDER + "/oauth2/jwks");
  }

  private AdminServiceGrpc.AdminServiceBlockingStub withToken(String token) {
    Metadata m = new Metadata();
    m.put(Metadata.Key.of("flyte-authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    return admin.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(m));
  }

  private static void assertUnauthenticated(AdminServiceGrpc.AdminServiceBlockingStub stub) {
    assertThatThrownBy(() -> stub.listProjects(ProjectListRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
  }
}
