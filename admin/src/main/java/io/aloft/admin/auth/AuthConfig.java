package io.aloft.admin.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Authentication of admin's gRPC and REST APIs ({@code aloft.admin.auth.*}); the names follow FlyteAdmin's
 * {@code auth} section (flyteadmin/auth/config/config.go) in kebab case. Off by default: the local stack runs without.
 */
@ConfigMapping(prefix = "aloft.admin.auth")
public interface AuthConfig {

  /** Whether every call (but health, metrics, AuthMetadataService and the OAuth2 endpoints) needs a bearer token. */
  @WithDefault("false")
  boolean enabled();

  /** The gRPC metadata key clients send {@code Bearer <token>} in (Flyte's grpcAuthorizationHeader); also read from
   *  {@code authorization}. Served to clients as authorization_metadata_key. */
  @WithDefault("flyte-authorization")
  String grpcAuthorizationHeader();

  /** The HTTP header the REST gateway reads the token from besides {@code Authorization} (httpAuthorizationHeader). */
  @WithDefault("flyte-authorization")
  String httpAuthorizationHeader();

  /** The URL clients reach admin's HTTP port at (Flyte's authorizedUris[0]): the token and JWKS endpoints served in
   *  the metadata are under it. Default {@code http://127.0.0.1:<http port>}. */
  Optional<String> publicUrl();

  /** Where tokens come from and what clients are told. */
  AppAuth appAuth();

  /** Flyte's appAuth. */
  interface AppAuth {
    /** {@code Self}: admin issues tokens itself (client_credentials); {@code External}: an OAuth2 server does. */
    @WithDefault("Self")
    AuthServerType authServerType();

    /** The Self mode authorization server. */
    SelfAuthServer selfAuthServer();

    /** The External mode authorization server. */
    ExternalAuthServer externalAuthServer();

    /** What GetPublicClientConfig tells flytekit and flytectl. */
    ThirdPartyConfig thirdPartyConfig();
  }

  /** Who issues the tokens admin accepts. */
  enum AuthServerType { Self, External }

  /** Admin as its own authorization server for the client_credentials grant. */
  interface SelfAuthServer {
    /** The {@code iss} of issued tokens, checked on every token. Every replica must use the same. */
    @WithDefault("aloft-admin")
    String issuer();

    /** The {@code aud} of issued tokens, checked on every token. */
    @WithDefault("aloft-admin")
    String audience();

    /** The RSA private key (PKCS#8 PEM; a file path, or {@code classpath:}) tokens are signed with (RS256). Required
     *  in Self mode; shared by every replica so that each accepts the others' tokens. */
    Optional<String> signingKeyLocation();

    /** Further RSA public keys (PEM) tokens may be signed with: the previous signing key while rotating. */
    Optional<List<String>> verificationKeyLocations();

    /** How long an issued token is valid (Flyte's accessTokenLifespan). */
    @WithDefault("30m")
    Duration accessTokenLifespan();

    /** The clients that may get tokens, by client id (Flyte's staticClients). */
    Map<String, StaticClient> staticClients();
  }

  /** One client of the client_credentials grant. */
  interface StaticClient {
    /** The client secret's bcrypt hash ({@code $2a$...}, as Flyte's static clients), never the secret itself. */
    String secret();

    /** The scopes the client may ask for, and gets when it asks for none. */
    @WithDefault("all,offline")
    List<String> scopes();
  }

  /** An external OAuth2 authorization server. */
  interface ExternalAuthServer {
    /** The server's base URL (its issuer, unless {@link #issuer()} says otherwise). */
    Optional<String> baseUrl();

    /** Its metadata document, relative to the base URL; GetOAuth2Metadata serves what it answers. */
    @WithDefault(".well-known/oauth-authorization-server")
    String metadataUrl();

    /** Its JSON Web Key Set, where token signatures are checked against. Required in External mode. */
    Optional<String> jwksUrl();

    /** The {@code iss} tokens must carry; default the base URL. */
    Optional<String> issuer();

    /** The {@code aud} values admin accepts (Flyte's allowedAudience). Required in External mode. */
    Optional<List<String>> allowedAudience();
  }

  /** Flyte's thirdPartyConfig. */
  interface ThirdPartyConfig {
    /** The client flytekit and flytectl use for interactive logins. */
    FlyteClient flyteClient();
  }

  /** Flyte's flyteClient. */
  interface FlyteClient {
    /** The public client id. */
    @WithDefault("flytectl")
    String clientId();

    /** Where the interactive login redirects to. */
    @WithDefault("http://localhost:53593/callback")
    String redirectUri();

    /** The scopes clients ask for. */
    @WithDefault("all,offline")
    List<String> scopes();

    /** The audience clients ask tokens for; empty: none. */
    Optional<String> audience();
  }
}
