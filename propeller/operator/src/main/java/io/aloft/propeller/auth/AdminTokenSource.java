package io.aloft.propeller.auth;

import flyteidl.service.Auth.OAuth2MetadataRequest;
import flyteidl.service.Auth.PublicClientAuthConfigRequest;
import flyteidl.service.AuthMetadataServiceGrpc;
import io.grpc.Channel;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.OidcClientConfigBuilder;
import io.quarkus.oidc.client.OidcClients;
import io.quarkus.oidc.client.Tokens;
import io.quarkus.oidc.common.runtime.config.OidcClientCommonConfig.Credentials.Secret.Method;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Propeller's access token for admin and datacatalog: fetched with the client_credentials grant by Quarkus's OIDC
 * client, kept until a minute before it expires, then fetched again. On first use it asks admin's AuthMetadataService
 * (which needs no token) for the token endpoint and the metadata key, unless they are configured, as flytepropeller's
 * admin client does (flyteidl/clients/go/admin/auth_interceptor.go).
 */
public final class AdminTokenSource {
  /** A token this close to its expiry is replaced before use. */
  static final Duration EARLY = Duration.ofMinutes(1);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);

  private final AdminAuthConfig config;
  private final OidcClients clients;
  private final Channel admin;
  private OidcClient client;
  private String header;
  private Tokens tokens;

  public AdminTokenSource(AdminAuthConfig config, OidcClients clients, Channel admin) {
    this.config = config;
    this.clients = clients;
    this.admin = admin;
  }

  /** The metadata key the token is sent in. */
  public synchronized String header() {
    ensureClient();
    return header;
  }

  /** A token valid for at least {@link #EARLY}. */
  public synchronized String token() {
    ensureClient();
    if (tokens == null || tokens.getAccessTokenExpiresAt() == null
        || Instant.ofEpochSecond(tokens.getAccessTokenExpiresAt()).minus(EARLY).isBefore(Instant.now())) {
      tokens = client.getTokens().await().atMost(CALL_TIMEOUT);
    }
    return tokens.getAccessToken();
  }

  private void ensureClient() {
    if (client != null) {
      return;
    }
    String tokenUrl = config.tokenUrl().orElseGet(() -> metadata()
        .getOAuth2Metadata(OAuth2MetadataRequest.getDefaultInstance()).getTokenEndpoint());
    header = config.authorizationHeader().orElseGet(() -> metadata()
        .getPublicClientConfig(PublicClientAuthConfigRequest.getDefaultInstance()).getAuthorizationMetadataKey());
    if (header.isEmpty()) {
      header = "authorization";
    }
    String id = config.clientId().orElseThrow(() -> new IllegalStateException(
        "aloft.propeller.admin.client-id is required with auth-type ClientSecret"));
    OidcClientConfigBuilder b = new OidcClientConfigBuilder().id("aloft-admin").clientId(id)
        .authServerUrl(origin(tokenUrl)).discoveryEnabled(false).tokenPath(tokenUrl)
        // form fields, which are form-encoded; Basic would send the secret without the encoding RFC 6749 asks for
        .credentials().clientSecret(secret(), Method.POST).end();
    config.scopes().ifPresent(b::scopes);
    config.audience().ifPresent(b::audience);
    client = clients.newClient(b.build()).await().atMost(CALL_TIMEOUT);
  }

  /** Admin's AuthMetadataService, which answers without a token. */
  private AuthMetadataServiceGrpc.AuthMetadataServiceBlockingStub metadata() {
    return AuthMetadataServiceGrpc.newBlockingStub(admin).withDeadlineAfter(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  private String secret() {
    Path file = Path.of(config.clientSecretLocation().orElseThrow(() -> new IllegalStateException(
        "aloft.propeller.admin.client-secret-location is required with auth-type ClientSecret")));
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the client secret at " + file, e);
    }
  }

  private static String origin(String url) {
    URI u = URI.create(url);
    return u.getScheme() + "://" + u.getAuthority();
  }
}
