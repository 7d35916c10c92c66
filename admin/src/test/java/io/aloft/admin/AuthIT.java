package io.aloft.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import flyteidl.admin.ProjectOuterClass.ProjectListRequest;
import flyteidl.service.AdminServiceGrpc;
import flyteidl.service.Auth.OAuth2MetadataRequest;
import flyteidl.service.Auth.OAuth2MetadataResponse;
import flyteidl.service.Auth.PublicClientAuthConfigRequest;
import flyteidl.service.Auth.PublicClientAuthConfigResponse;
import flyteidl.service.AuthMetadataServiceGrpc;
import flyteidl.service.Identity.UserInfoRequest;
import flyteidl.service.Identity.UserInfoResponse;
import flyteidl.service.IdentityServiceGrpc;
import io.aloft.embedded.DevAuth;
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
import io.restassured.response.Response;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Admin with authentication on, Self mode: a client gets a token from /oauth2/token with its credentials as
 * flytekit sends them, and every gRPC and REST call needs one, but the metadata RPCs, the OAuth2 endpoints, health
 * and metrics. Tokens that are forged, expired, for another audience or another issuer are refused UNAUTHENTICATED.
 */
@QuarkusTest
@TestProfile(AuthIT.AuthOn.class)
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "admin_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
class AuthIT extends AdminGrpcTestBase {
  static final Path KEY = Path.of("target/auth-it/token_rsa_key.pem");
  static final String CLIENT = "it-client";
  /** With the characters flytekit form-encodes in the Basic header (quote_plus). */
  static final String SECRET = "it secret/with+odd:chars";

  /** Self mode with a fresh signing key and one static client. */
  public static class AuthOn implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      DevAuth.writePrivatePem(DevAuth.rsa(), KEY);
      return Map.of("aloft.admin.auth.enabled", "true",
          "aloft.admin.auth.app-auth.self-auth-server.signing-key-location", KEY.toAbsolutePath().toString(),
          "aloft.admin.auth.app-auth.self-auth-server.static-clients." + CLIENT + ".secret",
          DevAuth.bcrypt(SECRET),
          "aloft.admin.auth.app-auth.self-auth-server.static-clients." + CLIENT + ".scopes", "all,offline");
    }
  }

  @Test
  void aCallWithoutATokenIsUnauthenticated() {
    assertThatThrownBy(() -> admin.listProjects(ProjectListRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
          assertThat(e.getStatus().getDescription()).contains("flyte-authorization");
        });
  }

  @Test
  void aTokenFromTheTokenEndpointOpensTheApi() throws Exception {
    // the deployed admin's root file system is read-only: the token endpoint must write nothing to disk (Vert.x's
    // body handler makes a file-uploads directory unless told not to, and then answers 500 there)
    Path uploads = Path.of("file-uploads");
    java.nio.file.Files.deleteIfExists(uploads);
    String token = token(basic(CLIENT, SECRET), Map.of("grant_type", "client_credentials", "scope", "all"))
        .then().statusCode(200).extract().path("access_token");
    assertThat(withToken("flyte-authorization", token).listProjects(ProjectListRequest.getDefaultInstance()))
        .isNotNull();
    // the standard key works too
    assertThat(withToken("authorization", token).listProjects(ProjectListRequest.getDefaultInstance())).isNotNull();
    // and so do form credentials
    String viaForm = token(null, Map.of("grant_type", "client_credentials", "client_id", CLIENT,
        "client_secret", SECRET)).then().statusCode(200).extract().path("access_token");
    assertThat(withToken("flyte-authorization", viaForm).listProjects(ProjectListRequest.getDefaultInstance()))
        .isNotNull();
    assertThat(uploads).doesNotExist();
  }

  @Test
  void aWrongSecretOrUnknownClientIsInvalidClient() {
    token(basic(CLIENT, "not-it"), Map.of("grant_type", "client_credentials")).then().statusCode(401)
        .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Basic"))
        .body("error", org.hamcrest.Matchers.equalTo("invalid_client"));
    token(basic("nobody", SECRET), Map.of("grant_type", "client_credentials")).then().statusCode(401)
        .body("error", org.hamcrest.Matchers.equalTo("invalid_client"));
    token(basic(CLIENT, SECRET), Map.of("grant_type", "password")).then().statusCode(400)
        .body("error", org.hamcrest.Matchers.equalTo("unsupported_grant_type"));
    token(basic(CLIENT, SECRET), Map.of("grant_type", "client_credentials", "scope", "admin")).then()
        .statusCode(400).body("error", org.hamcrest.Matchers.equalTo("invalid_scope"));
  }

  @Test
  void forgedExpiredAndForeignTokensAreUnauthenticated() throws Exception {
    PrivateKey ours = KeyUtils.decodePrivateKey(java.nio.file.Files.readString(KEY));
    String kid = given().get("/oauth2/jwks").then().statusCode(200).extract().path("keys[0].kid");
    Instant now = Instant.now();
    Map<String, String> tokens = Map.of(
        "signed by another key", sign(DevAuth.rsa().getPrivate(), kid, "aloft-admin", "aloft-admin", now, 600),
        "expired", sign(ours, kid, "aloft-admin", "aloft-admin", now.minusSeconds(3600), 600),
        "for another audience", sign(ours, kid, "aloft-admin", "someone-else", now, 600),
        "from another issuer", sign(ours, kid, "https://elsewhere", "aloft-admin", now, 600),
        "not a JWT", "abc.def.ghi");
    // the control: the same claims, signed with our key, pass
    assertThat(withToken("flyte-authorization", sign(ours, kid, "aloft-admin", "aloft-admin", now, 600))
        .listProjects(ProjectListRequest.getDefaultInstance())).isNotNull();
    tokens.forEach((what, token) -> assertThatThrownBy(
        () -> withToken("flyte-authorization", token).listProjects(ProjectListRequest.getDefaultInstance()))
        .as(what).isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED)));
  }

  @Test
  void userInfoReturnsTheCaller() {
    String token = clientToken();
    UserInfoResponse me = IdentityServiceGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer("flyte-authorization", token)))
        .userInfo(UserInfoRequest.getDefaultInstance());
    assertThat(me.getSubject()).isEqualTo(CLIENT);
    assertThat(me.getAdditionalClaims().getFieldsMap().get("client_id").getStringValue()).isEqualTo(CLIENT);
    assertThatThrownBy(() -> IdentityServiceGrpc.newBlockingStub(channel).userInfo(UserInfoRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    given().header("Authorization", "Bearer " + token).accept("application/json").get("/me").then().statusCode(200)
        .body("subject", org.hamcrest.Matchers.equalTo(CLIENT));
  }

  @Test
  void theMetadataAnswersWithoutATokenAndPointsAtTheTokenEndpoint() {
    var metadata = AuthMetadataServiceGrpc.newBlockingStub(channel);
    OAuth2MetadataResponse oauth = metadata.getOAuth2Metadata(OAuth2MetadataRequest.getDefaultInstance());
    int http = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    assertThat(oauth.getTokenEndpoint()).isEqualTo("http://127.0.0.1:" + http + "/oauth2/token");
    assertThat(oauth.getJwksUri()).isEqualTo("http://127.0.0.1:" + http + "/oauth2/jwks");
    assertThat(oauth.getGrantTypesSupportedList()).contains("client_credentials");
    PublicClientAuthConfigResponse client = metadata.getPublicClientConfig(
        PublicClientAuthConfigRequest.getDefaultInstance());
    assertThat(client.getAuthorizationMetadataKey()).isEqualTo("flyte-authorization");
    assertThat(client.getScopesList()).containsExactly("all", "offline");
    // the same over HTTP, as RFC 8414 clients read it
    given().accept("application/json").get("/.well-known/oauth-authorization-server").then().statusCode(200)
        .body("token_endpoint", org.hamcrest.Matchers.endsWith("/oauth2/token"));
    given().get("/oauth2/jwks").then().statusCode(200).body("keys[0].alg", org.hamcrest.Matchers.equalTo("RS256"));
  }

  @Test
  void theRestGatewayNeedsATokenHealthAndMetricsDoNot() {
    given().accept("application/json").get("/api/v1/projects").then().statusCode(401);
    given().accept("application/json").header("Authorization", "Bearer abc.def.ghi").get("/api/v1/projects").then()
        .statusCode(401);
    given().accept("application/json").header("Authorization", "Bearer " + clientToken()).get("/api/v1/projects")
        .then().statusCode(200);
    // writes go through the same check: no token, no project
    String project = "{\"project\": {\"id\": \"auth-rest-write\", \"name\": \"auth rest write\"}}";
    given().contentType("application/json").accept("application/json").body(project).post("/api/v1/projects")
        .then().statusCode(401);
    given().accept("application/json").header("Authorization", "Bearer " + clientToken())
        .get("/api/v1/projects/auth-rest-write").then().statusCode(404);
    given().contentType("application/json").accept("application/json")
        .header("Authorization", "Bearer " + clientToken()).body(project).post("/api/v1/projects").then()
        .statusCode(200);
    given().get("/q/health/ready").then().statusCode(200);
    String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics).contains("aloft_admin_auth_requests_total{result=\"unauthenticated\"}")
        .contains("aloft_admin_auth_requests_total{result=\"ok\"}")
        .contains("aloft_admin_auth_tokens_total{result=\"issued\"}");
  }

  private String clientToken() {
    return token(basic(CLIENT, SECRET), Map.of("grant_type", "client_credentials")).then().statusCode(200)
        .extract().path("access_token");
  }

  private static Response token(String authorization, Map<String, String> form) {
    var request = given().contentType("application/x-www-form-urlencoded").formParams(form);
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return request.post("/oauth2/token");
  }

  /** HTTP Basic as flytekit builds it (token_client.get_basic_authorization_header): the secret quote_plus'd. */
  private static String basic(String id, String secret) {
    String pair = id + ":" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  private AdminServiceGrpc.AdminServiceBlockingStub withToken(String key, String token) {
    return admin.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer(key, token)));
  }

  private static Metadata bearer(String key, String token) {
    Metadata m = new Metadata();
    m.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    return m;
  }

  private static String sign(PrivateKey key, String kid, String issuer, String audience, Instant issued, long life) {
    return Jwt.issuer(issuer).subject(CLIENT).audience(audience).claim("scp", List.of("all")).issuedAt(issued)
        .expiresAt(issued.plusSeconds(life)).jws().keyId(kid).algorithm(SignatureAlgorithm.RS256).sign(key);
  }
}
