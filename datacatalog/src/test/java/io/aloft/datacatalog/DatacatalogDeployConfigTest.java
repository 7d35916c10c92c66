package io.aloft.datacatalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.testkit.config.DeployedConfigCheck;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** deploy/base/datacatalog/application.properties: its keys are datacatalog's, its values the defaults. */
class DatacatalogDeployConfigTest {

  @Test
  void theConfigMapCarriesDatacatalogsKeysWithTheirDefaults() {
    // the placeholder database differs from the code's on purpose, as the file says
    assertThat(DeployedConfigCheck.forService(Path.of("target/classes")).deliberately("quarkus.datasource.jdbc.url",
        // authentication is on in the overlays, with admin's key set
        "aloft.datacatalog.auth.enabled", "aloft.datacatalog.auth.jwks-url")
        .problems(Path.of("../deploy/base/datacatalog/application.properties"))).isEmpty();
  }
}
