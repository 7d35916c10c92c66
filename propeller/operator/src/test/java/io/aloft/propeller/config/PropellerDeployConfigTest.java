package io.aloft.propeller.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.testkit.config.DeployedConfigCheck;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * deploy/base/propeller/application.properties, propeller's ConfigMap: the guide's keys under propeller's names,
 * each one propeller declares, with the code's defaults except where the file says why not.
 */
class PropellerDeployConfigTest {
  static final String LEADER = "aloft.propeller.leader-election.";

  @Test
  void theConfigMapCarriesTheGuidesKeysWithTheirDefaults() {
    assertThat(DeployedConfigCheck.forService(Path.of("target/classes"))
        .deliberately("quarkus.grpc.clients.admin.host", "quarkus.grpc.clients.datacatalog.host",
            "aloft.propeller.catalog-cache.type", "aloft.propeller.rawoutput-prefix",
            "aloft.propeller.plugins.k8s.default-env-vars.FLYTE_AWS_ENDPOINT",
            "aloft.propeller.plugins.k8s.default-env-vars.FLYTE_AWS_ACCESS_KEY_ID",
            "aloft.propeller.plugins.k8s.default-env-vars.FLYTE_AWS_SECRET_ACCESS_KEY",
            "aloft.propeller.plugins.k8s.default-env-vars.FLYTE_PLATFORM_URL",
            "aloft.propeller.plugins.k8s.default-env-vars.FLYTE_PLATFORM_INSECURE",
            LEADER + "enabled", LEADER + "lock-config-map.namespace",
            // authentication to admin is on in the overlays (none by default)
            "aloft.propeller.admin.auth-type", "aloft.propeller.admin.client-id",
            "aloft.propeller.admin.client-secret-location", "aloft.propeller.admin.token-url")
        // what the Deployment's env gives the pod: the S3 Secret and the downward API
        .env(Map.of("QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_ACCESS_KEY_ID", "id",
            "QUARKUS_S3_AWS_CREDENTIALS_STATIC_PROVIDER_SECRET_ACCESS_KEY", "secret", "POD_NAMESPACE", "aloft"))
        .problems(Path.of("../../deploy/base/propeller/application.properties"))).isEmpty();
  }
}
