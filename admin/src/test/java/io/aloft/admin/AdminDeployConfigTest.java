package io.aloft.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.testkit.config.DeployedConfigCheck;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** deploy/base/admin/application.properties, admin's ConfigMap: its keys are admin's, its values the defaults. */
class AdminDeployConfigTest {

  @Test
  void theConfigMapCarriesAdminsKeysWithTheirDefaults() {
    // the placeholder database and the authentication settings differ from the code's on purpose, as the file says
    assertThat(DeployedConfigCheck.forService(Path.of("target/classes")).deliberately("quarkus.datasource.jdbc.url",
        // authentication is on in the overlays, with the dev key's location and propeller's client
        "aloft.admin.auth.enabled", "aloft.admin.auth.public-url",
        "aloft.admin.auth.app-auth.self-auth-server.signing-key-location",
        "aloft.admin.auth.app-auth.self-auth-server.static-clients.flytepropeller.secret",
        "aloft.admin.auth.app-auth.self-auth-server.static-clients.flytepropeller.scopes")
        .problems(Path.of("../deploy/base/admin/application.properties"))).isEmpty();
  }
}
