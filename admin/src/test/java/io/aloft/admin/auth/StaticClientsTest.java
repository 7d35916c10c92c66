package io.aloft.admin.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.admin.auth.AuthConfig.StaticClient;
import io.aloft.embedded.DevAuth;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StaticClientsTest {

  record Client(String secret, List<String> scopes) implements StaticClient {}

  @Test
  void aHashMadeByFlyteAdminsHasherChecksItsSecret() {
    // fosite's bcrypt hash of "foobar" from flyteadmin/auth/config/testdata/secret.yaml (config_test.go TestFromYaml)
    StaticClients clients = new StaticClients(Map.of("flytepropeller",
        new Client("$2a$06$pxs1AkG81Kvrhpml1QiLSOQaTk9eePrU/7Yab9y07h3x0TglbaoT6", List.of("all", "offline"))));
    assertThat(clients.authenticate("flytepropeller", "foobar")).contains(List.of("all", "offline"));
    assertThat(clients.authenticate("flytepropeller", "foobaz")).isEmpty();
    assertThat(clients.authenticate("someone-else", "foobar")).isEmpty();
  }

  @Test
  void aHashFromAnotherBcryptToolIsAccepted() {
    String hash = DevAuth.bcrypt("s3cret:with/odd+chars").replaceFirst("^\\$2a\\$", "\\$2b\\$");
    StaticClients clients = new StaticClients(Map.of("c", new Client(hash, List.of("all"))));
    assertThat(clients.authenticate("c", "s3cret:with/odd+chars")).isPresent();
  }

  @Test
  void aPlainSecretInConfigStopsTheStart() {
    assertThatThrownBy(() -> new StaticClients(Map.of("c", new Client("plain-text", List.of("all")))))
        .hasMessageContaining("static client c").hasMessageContaining("bcrypt");
  }
}
