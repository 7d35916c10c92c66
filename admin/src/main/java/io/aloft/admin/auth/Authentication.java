package io.aloft.admin.auth;

import io.aloft.admin.auth.AuthConfig.AuthServerType;
import io.aloft.admin.auth.AuthConfig.SelfAuthServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Startup;
import io.smallrye.jwt.auth.principal.JWTParser;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Admin's authentication, assembled from {@link AuthConfig} at start (so that a missing key or a malformed secret
 * hash stops the replica rather than the first call): the verifier every call goes through and, in Self mode, the
 * token issuer and its clients.
 */
@ApplicationScoped
@Startup
public class Authentication {
  private static final Logger LOG = Logger.getLogger(Authentication.class);

  @Inject
  AuthConfig config;

  @Inject
  JWTParser parser;

  @Inject
  MeterRegistry registry;

  private TokenVerifier verifier;
  private SigningKeys keys;
  private TokenIssuer issuer;
  private StaticClients clients;
  private AuthMetrics metrics;

  @PostConstruct
  void init() {
    metrics = new AuthMetrics(registry);
    if (!config.enabled()) {
      LOG.info("authentication is off (aloft.admin.auth.enabled=false): every call is served without a token");
      return;
    }
    if (config.appAuth().authServerType() == AuthServerType.Self) {
      SelfAuthServer self = config.appAuth().selfAuthServer();
      keys = SigningKeys.load(self.signingKeyLocation().orElseThrow(() -> new IllegalStateException(
              "aloft.admin.auth.app-auth.self-auth-server.signing-key-location is required in Self mode")),
          self.verificationKeyLocations().orElse(List.of()));
      issuer = new TokenIssuer(keys, self.issuer(), self.audience(), self.accessTokenLifespan());
      clients = new StaticClients(self.staticClients());
    }
    verifier = TokenVerifier.of(parser, config, keys);
    LOG.infof("authentication is on: %s authorization server, tokens in gRPC metadata %s",
        config.appAuth().authServerType(), config.grpcAuthorizationHeader());
  }

  /** Whether calls need a token. */
  public boolean enabled() {
    return config.enabled();
  }

  public AuthConfig config() {
    return config;
  }

  /** The token verifier; only when enabled. */
  public TokenVerifier verifier() {
    return verifier;
  }

  /** Self mode's issuer, keys and clients; empty when off or External. */
  public Optional<SelfServer> self() {
    return issuer == null ? Optional.empty() : Optional.of(new SelfServer(issuer, keys, clients));
  }

  public AuthMetrics metrics() {
    return metrics;
  }

  /** The URL clients reach admin's HTTP port at: {@code public-url}, else this replica's HTTP port on 127.0.0.1. */
  public String publicUrl() {
    return config.publicUrl().map(u -> u.replaceAll("/+$", "")).orElseGet(() -> {
      String key = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
      int port = ConfigProvider.getConfig().getOptionalValue(key, Integer.class).orElse(8088);
      return "http://127.0.0.1:" + port;
    });
  }

  /** Self mode's authorization server. */
  public record SelfServer(TokenIssuer issuer, SigningKeys keys, StaticClients clients) {}
}
