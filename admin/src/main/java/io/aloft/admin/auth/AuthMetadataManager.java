package io.aloft.admin.auth;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import flyteidl.service.Auth.OAuth2MetadataResponse;
import flyteidl.service.Auth.PublicClientAuthConfigResponse;
import flyteidl.service.Identity.UserInfoResponse;
import io.aloft.admin.AdminException;
import io.aloft.admin.auth.AuthConfig.ExternalAuthServer;
import io.aloft.admin.auth.AuthConfig.FlyteClient;
import io.grpc.Status;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * What AuthMetadataService and IdentityService answer (FlyteAdmin's auth/authzserver/metadata.go and
 * identity.go): the authorization server's metadata (ours in Self mode; the external server's document in External
 * mode, fetched once), the public client config flytekit reads before it authenticates, and the caller's identity.
 * With authentication off there is no authorization server: FAILED_PRECONDITION.
 */
@ApplicationScoped
public class AuthMetadataManager {
  private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);

  @Inject
  Authentication auth;

  private final AtomicReference<OAuth2MetadataResponse> external = new AtomicReference<>();

  /** The authorization server's metadata (RFC 8414). */
  public OAuth2MetadataResponse oauth2Metadata() {
    requireOn();
    return auth.self().map(self -> selfMetadata()).orElseGet(this::externalMetadata);
  }

  /** The config flytekit and flytectl authenticate with. */
  public PublicClientAuthConfigResponse publicClientConfig() {
    requireOn();
    FlyteClient client = auth.config().appAuth().thirdPartyConfig().flyteClient();
    return PublicClientAuthConfigResponse.newBuilder().setClientId(client.clientId())
        .setRedirectUri(client.redirectUri()).addAllScopes(client.scopes())
        .setAuthorizationMetadataKey(auth.config().grpcAuthorizationHeader())
        .setServiceHttpEndpoint(auth.publicUrl()).setAudience(client.audience().orElse("")).build();
  }

  /** The caller: the token's subject, its name claims, and every claim in additional_claims. */
  public UserInfoResponse userInfo() {
    requireOn();
    JsonWebToken token = Caller.current().orElseThrow(() -> new AdminException(Status.Code.UNAUTHENTICATED,
        "no verified token on this call"));
    UserInfoResponse.Builder b = UserInfoResponse.newBuilder().setSubject(token.getSubject());
    claim(token, "name").ifPresent(b::setName);
    claim(token, "preferred_username").ifPresent(b::setPreferredUsername);
    claim(token, "given_name").ifPresent(b::setGivenName);
    claim(token, "family_name").ifPresent(b::setFamilyName);
    claim(token, "email").ifPresent(b::setEmail);
    claim(token, "picture").ifPresent(b::setPicture);
    Struct.Builder claims = Struct.newBuilder();
    for (String name : token.getClaimNames()) {
      if (!"raw_token".equals(name)) {
        claims.putFields(name, value(token.getClaim(name)));
      }
    }
    return b.setAdditionalClaims(claims).build();
  }

  private OAuth2MetadataResponse selfMetadata() {
    String base = auth.publicUrl();
    Set<String> scopes = new LinkedHashSet<>(auth.config().appAuth().thirdPartyConfig().flyteClient().scopes());
    auth.config().appAuth().selfAuthServer().staticClients().values().forEach(c -> scopes.addAll(c.scopes()));
    return OAuth2MetadataResponse.newBuilder().setIssuer(auth.config().appAuth().selfAuthServer().issuer())
        .setTokenEndpoint(base + TokenEndpoint.TOKEN_PATH).setJwksUri(base + TokenEndpoint.JWKS_PATH)
        .addGrantTypesSupported("client_credentials").addResponseTypesSupported("token")
        .addAllScopesSupported(scopes).addTokenEndpointAuthMethodsSupported("client_secret_basic")
        .addTokenEndpointAuthMethodsSupported("client_secret_post").build();
  }

  private OAuth2MetadataResponse externalMetadata() {
    OAuth2MetadataResponse cached = external.get();
    if (cached != null) {
      return cached;
    }
    ExternalAuthServer server = auth.config().appAuth().externalAuthServer();
    String base = server.baseUrl().orElseThrow(() -> new AdminException(Status.Code.FAILED_PRECONDITION,
        "aloft.admin.auth.app-auth.external-auth-server.base-url is not set"));
    URI uri = URI.create(base.endsWith("/") ? base : base + "/").resolve(server.metadataUrl());
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(FETCH_TIMEOUT).build()) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(FETCH_TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new AdminException(Status.Code.UNAVAILABLE, "the authorization server's metadata " + uri
            + " answered HTTP " + r.statusCode());
      }
      OAuth2MetadataResponse.Builder b = OAuth2MetadataResponse.newBuilder();
      JsonFormat.parser().ignoringUnknownFields().merge(r.body(), b);
      external.set(b.build());
      return b.build();
    } catch (IOException e) {
      throw new AdminException(Status.Code.UNAVAILABLE, "cannot read the authorization server's metadata " + uri
          + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AdminException(Status.Code.UNAVAILABLE, "interrupted reading " + uri, e);
    }
  }

  private void requireOn() {
    if (!auth.enabled()) {
      throw new AdminException(Status.Code.FAILED_PRECONDITION,
          "authentication is off (aloft.admin.auth.enabled=false): there is no authorization server");
    }
  }

  private static java.util.Optional<String> claim(JsonWebToken token, String name) {
    Object v = token.getClaim(name);
    return v == null ? java.util.Optional.empty() : java.util.Optional.of(plain(v));
  }

  private static Value value(Object v) {
    if (v instanceof Number n) {
      return Value.newBuilder().setNumberValue(n.doubleValue()).build();
    }
    if (v instanceof Boolean bool) {
      return Value.newBuilder().setBoolValue(bool).build();
    }
    if (v instanceof Collection<?> c) {
      ListValue.Builder list = ListValue.newBuilder();
      c.forEach(e -> list.addValues(value(e)));
      return Value.newBuilder().setListValue(list).build();
    }
    return Value.newBuilder().setStringValue(plain(v)).build();
  }

  /** A claim's text: JSON strings without their quotes (SmallRye gives them as JsonString). */
  private static String plain(Object v) {
    return v instanceof jakarta.json.JsonString s ? s.getString() : v.toString();
  }
}
