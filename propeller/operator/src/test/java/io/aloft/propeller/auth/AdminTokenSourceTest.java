package io.aloft.propeller.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.OidcClients;
import io.quarkus.oidc.client.Tokens;
import io.quarkus.oidc.client.runtime.OidcClientConfig;
import io.smallrye.mutiny.Uni;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenSourceTest {

  /** Hands out tokens expiring {@code lifetimeSeconds} from now, numbered, and records the client it was built as. */
  static final class FakeClients implements OidcClients {
    final List<OidcClientConfig> built = new ArrayList<>();
    long lifetimeSeconds = 3600;
    int fetched;

    @Override
    public OidcClient getClient() {
      throw new UnsupportedOperationException();
    }

    @Override
    public OidcClient getClient(String id) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Uni<OidcClient> newClient(OidcClientConfig config) {
      built.add(config);
      return Uni.createFrom().item(new OidcClient() {
        @Override
        public Uni<Tokens> getTokens(Map<String, String> params) {
          fetched++;
          return Uni.createFrom().item(new Tokens("token-" + fetched,
              Instant.now().getEpochSecond() + lifetimeSeconds, null, null, null, null, null));
        }

        @Override
        public Uni<Tokens> refreshTokens(String refreshToken, Map<String, String> params) {
          throw new UnsupportedOperationException("client_credentials has no refresh token");
        }

        @Override
        public Uni<Boolean> revokeAccessToken(String token, Map<String, String> params) {
          throw new UnsupportedOperationException();
        }

        @Override
        public void close() {}
      });
    }

    @Override
    public void close() {}
  }

  static AdminAuthConfig config(Path secret) {
    return new AdminAuthConfig() {
      public AuthType authType() {
        return AuthType.ClientSecret;
      }

      public Optional<String> clientId() {
        return Optional.of("flytepropeller");
      }

      public Optional<String> clientSecretLocation() {
        return Optional.of(secret.toString());
      }

      public Optional<String> tokenUrl() {
        return Optional.of("http://admin.example:8088/oauth2/token");
      }

      public Optional<List<String>> scopes() {
        return Optional.empty();
      }

      public Optional<String> audience() {
        return Optional.empty();
      }

      public Optional<String> authorizationHeader() {
        return Optional.of("flyte-authorization");
      }
    };
  }

  @Test
  void aTokenIsKeptUntilAMinuteBeforeItExpires(@TempDir Path dir) throws Exception {
    Path secret = Files.writeString(dir.resolve("client_secret"), "s3cret\n");
    FakeClients clients = new FakeClients();
    // configured endpoint and key: no discovery call, so no channel
    AdminTokenSource source = new AdminTokenSource(config(secret), clients, null);

    assertThat(source.token()).isEqualTo("token-1");
    assertThat(source.token()).isEqualTo("token-1");
    assertThat(clients.fetched).isEqualTo(1);
    assertThat(source.header()).isEqualTo("flyte-authorization");
    OidcClientConfig built = clients.built.get(0);
    assertThat(built.clientId()).contains("flytepropeller");
    assertThat(built.tokenPath()).contains("http://admin.example:8088/oauth2/token");
    assertThat(built.credentials().clientSecret().value()).contains("s3cret");

    clients.lifetimeSeconds = 30; // the next token is within a minute of its expiry as soon as it arrives
    clients.fetched = 10;
    source = new AdminTokenSource(config(secret), clients, null);
    assertThat(source.token()).isEqualTo("token-11");
    assertThat(source.token()).isEqualTo("token-12");
  }
}
