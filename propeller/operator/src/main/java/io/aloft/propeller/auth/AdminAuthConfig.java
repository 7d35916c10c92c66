package io.aloft.propeller.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * How propeller authenticates to admin and datacatalog ({@code aloft.propeller.admin.*}), after flytepropeller's
 * {@code admin} client section (flyteidl/clients/go/admin/config.go): {@code authType: ClientSecret} with
 * {@code clientId} and {@code clientSecretLocation}; the token endpoint and the metadata key are discovered from
 * admin's AuthMetadataService unless set.
 */
@ConfigMapping(prefix = "aloft.propeller.admin")
public interface AdminAuthConfig {

  /** {@code None}: calls carry no token (admin with authentication off); {@code ClientSecret}: client_credentials. */
  @WithDefault("None")
  AuthType authType();

  /** The client id propeller gets tokens as. Required with ClientSecret. */
  Optional<String> clientId();

  /** A file holding the client secret (a mounted Secret). Required with ClientSecret. */
  Optional<String> clientSecretLocation();

  /** The token endpoint; default: the token_endpoint admin's GetOAuth2Metadata names. */
  Optional<String> tokenUrl();

  /** The scopes asked for; default: none, so the server grants the client's. */
  Optional<List<String>> scopes();

  /** The audience asked for; default: none. */
  Optional<String> audience();

  /** The gRPC metadata key the token goes in; default: admin's GetPublicClientConfig authorization_metadata_key. */
  Optional<String> authorizationHeader();

  /** Flytepropeller's admin.authType values propeller supports. */
  enum AuthType { None, ClientSecret }
}
