package io.aloft.datacatalog.auth;

import io.aloft.api.grpc.BearerTokenInterceptor;
import io.grpc.Context;
import io.grpc.MethodDescriptor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.grpc.GlobalInterceptor;
import io.quarkus.runtime.Startup;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * With authentication on, every DataCatalog call needs a token admin's authorization server issued, verified with
 * SmallRye JWT against the JWKS at {@code jwks-url} (fetched and cached by SmallRye): RS256, issuer, audience,
 * expiry. Counted in {@code aloft_datacatalog_auth_requests_total{result}}.
 */
@GlobalInterceptor
@ApplicationScoped
@Startup
public class CatalogAuthInterceptor extends BearerTokenInterceptor<JsonWebToken> {
  static final Context.Key<JsonWebToken> CALLER = Context.key("aloft-datacatalog-caller");

  @Inject
  CatalogAuthConfig config;

  @Inject
  JWTParser parser;

  @Inject
  MeterRegistry registry;

  private JWTAuthContextInfo context;

  @PostConstruct
  void init() {
    if (!config.enabled()) {
      return;
    }
    context = new JWTAuthContextInfo();
    context.setPublicKeyLocation(config.jwksUrl().orElseThrow(() -> new IllegalStateException(
        "aloft.datacatalog.auth.jwks-url is required with aloft.datacatalog.auth.enabled=true")));
    context.setIssuedBy(config.issuer());
    context.setExpectedAudience(Set.of(config.audience()));
    context.setSignatureAlgorithm(Set.of(SignatureAlgorithm.RS256));
    context.setClockSkew(0);
    context.setExpGracePeriodSecs(0);
  }

  @Override
  protected boolean enabled() {
    return config.enabled();
  }

  @Override
  protected String headerKey() {
    return config.authorizationHeader();
  }

  @Override
  protected boolean isPublic(MethodDescriptor<?, ?> method) {
    return false;
  }

  @Override
  protected JsonWebToken verify(String token) throws Exception {
    return parser.parse(token, context);
  }

  @Override
  protected Context.Key<JsonWebToken> principal() {
    return CALLER;
  }

  @Override
  protected void record(String result) {
    Counter.builder("aloft.datacatalog.auth.requests").description("Calls checked for a bearer token, by outcome")
        .tag("result", result).register(registry).increment();
  }
}
