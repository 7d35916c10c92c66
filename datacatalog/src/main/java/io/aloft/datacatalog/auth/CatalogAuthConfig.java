package io.aloft.datacatalog.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * Authentication of datacatalog's gRPC API ({@code aloft.datacatalog.auth.*}): the tokens admin issues (or admin's
 * external provider), checked against the same keys, issuer and audience as admin checks them (docs/operations.md
 * "Authentication"). Off by default.
 */
@ConfigMapping(prefix = "aloft.datacatalog.auth")
public interface CatalogAuthConfig {

  /** Whether every gRPC call needs a bearer token. */
  @WithDefault("false")
  boolean enabled();

  /** The JSON Web Key Set tokens are verified against: admin's {@code /oauth2/jwks} in Self mode, the provider's in
   *  External mode. Required when enabled. */
  Optional<String> jwksUrl();

  /** The {@code iss} tokens must carry (admin's self-auth-server issuer). */
  @WithDefault("aloft-admin")
  String issuer();

  /** The {@code aud} tokens must carry (admin's self-auth-server audience). */
  @WithDefault("aloft-admin")
  String audience();

  /** The metadata key the token is read from first (then {@code authorization}). */
  @WithDefault("flyte-authorization")
  String authorizationHeader();
}
