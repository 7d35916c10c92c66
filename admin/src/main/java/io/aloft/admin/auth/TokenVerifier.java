package io.aloft.admin.auth;

import io.aloft.admin.auth.AuthConfig.AuthServerType;
import io.aloft.admin.auth.AuthConfig.ExternalAuthServer;
import io.aloft.admin.auth.AuthConfig.SelfAuthServer;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Checks a bearer token with SmallRye JWT (ADR 0014): an RS256 signature by one of the keys (Self mode: our key set;
 * External mode: the provider's JWKS URL, fetched and cached by SmallRye), the issuer, an accepted audience and the
 * expiry (no clock skew beyond SmallRye's default).
 */
public final class TokenVerifier {
  private final JWTParser parser;
  private final JWTAuthContextInfo context;

  private TokenVerifier(JWTParser parser, JWTAuthContextInfo context) {
    this.parser = parser;
    this.context = context;
  }

  /** The verifier for {@code config}'s mode; Self mode verifies against {@code keys}. */
  static TokenVerifier of(JWTParser parser, AuthConfig config, SigningKeys keys) {
    JWTAuthContextInfo info = new JWTAuthContextInfo();
    if (config.appAuth().authServerType() == AuthServerType.Self) {
      SelfAuthServer self = config.appAuth().selfAuthServer();
      info.setPublicKeyContent(keys.jwks());
      info.setIssuedBy(self.issuer());
      info.setExpectedAudience(Set.of(self.audience()));
    } else {
      ExternalAuthServer external = config.appAuth().externalAuthServer();
      info.setPublicKeyLocation(external.jwksUrl().orElseThrow(() -> new IllegalStateException(
          "aloft.admin.auth.app-auth.external-auth-server.jwks-url is required in External mode")));
      info.setIssuedBy(external.issuer().or(external::baseUrl).orElseThrow(() -> new IllegalStateException(
          "aloft.admin.auth.app-auth.external-auth-server.base-url is required in External mode")));
      info.setExpectedAudience(new HashSet<>(external.allowedAudience().orElseThrow(() -> new IllegalStateException(
          "aloft.admin.auth.app-auth.external-auth-server.allowed-audience is required in External mode"))));
    }
    info.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256));
    info.setClockSkew(0);
    info.setExpGracePeriodSecs(0);
    return new TokenVerifier(parser, info);
  }

  /** The verified token, or a {@link ParseException} saying why it is not acceptable. */
  public JsonWebToken verify(String token) throws ParseException {
    return parser.parse(token, context);
  }
}
