package io.aloft.admin.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code aloft_admin_auth_requests_total{result}}: calls checked (ok, unauthenticated, public), and
 * {@code aloft_admin_auth_tokens_total{result}}: token requests to Self mode's token endpoint (issued,
 * invalid_client, invalid_request, invalid_scope, unsupported_grant_type).
 */
public final class AuthMetrics {
  private final MeterRegistry registry;

  public AuthMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** A call that needed a token (ok, unauthenticated) or did not (public). */
  public void request(String result) {
    Counter.builder("aloft.admin.auth.requests").description("Calls checked for a bearer token, by outcome")
        .tag("result", result).register(registry).increment();
  }

  /** A token request, by outcome ({@code issued} or the OAuth2 error code). */
  public void token(String result) {
    Counter.builder("aloft.admin.auth.tokens").description("Token requests to the token endpoint, by outcome")
        .tag("result", result).register(registry).increment();
  }
}
