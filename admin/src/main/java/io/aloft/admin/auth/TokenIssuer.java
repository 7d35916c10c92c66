package io.aloft.admin.auth;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Self mode's access tokens: RS256 JWTs with {@code sub} and {@code client_id} the client, {@code scp} its scopes,
 * our issuer and audience, signed with SmallRye JWT's builder (FlyteAdmin's authzserver/provider.go issues the
 * same claims through fosite).
 */
public final class TokenIssuer {
  private final SigningKeys keys;
  private final String issuer;
  private final String audience;
  private final Duration lifespan;

  public TokenIssuer(SigningKeys keys, String issuer, String audience, Duration lifespan) {
    this.keys = keys;
    this.issuer = issuer;
    this.audience = audience;
    this.lifespan = lifespan;
  }

  /** A signed token for {@code clientId} with {@code scopes}, valid from now for the lifespan. */
  public String issue(String clientId, List<String> scopes, Instant now) {
    return Jwt.issuer(issuer).subject(clientId).audience(audience).claim("client_id", clientId)
        .claim("scp", scopes).claim("jti", UUID.randomUUID().toString())
        .issuedAt(now).expiresAt(now.plus(lifespan))
        .jws().keyId(keys.keyId()).algorithm(SignatureAlgorithm.RS256).sign(keys.signingKey());
  }

  /** How long issued tokens are valid. */
  public Duration lifespan() {
    return lifespan;
  }
}
