package io.aloft.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every overlay in deploy/ is accepted by a real cluster's API server ({@code kubectl apply --dry-run=server}). */
@ExtendWith(AloftOnCluster.Extension.class)
class DeployOverlaysIT {

  @Test
  void everyOverlayPassesServerSideDryRun(AloftOnCluster aloft) {
    for (String overlay : new String[] {"single", "ha"}) {
      String out = aloft.cluster().kubectl("apply", "--dry-run=server", "-k",
          Flytekit.REPO.resolve("deploy/overlays").resolve(overlay).toString());
      assertThat(out).as(overlay).contains("deployment.apps/aloft-admin", "deployment.apps/aloft-propeller",
          "deployment.apps/aloft-datacatalog");
    }
  }
}
