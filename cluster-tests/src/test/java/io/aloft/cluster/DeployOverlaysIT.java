package io.aloft.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.embedded.cluster.Commands;
import io.aloft.testkit.GoModuleFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every kustomization in deploy/ is accepted by the real cluster's API server ({@code kubectl apply
 * --dry-run=server}): both overlays, the monitoring one (with the prometheus-operator's own ServiceMonitor CRD
 * installed, as a cluster running it has) and the installation example. Admission (Pod Security "restricted" on
 * namespace aloft) must pass without warnings.
 */
@ExtendWith(AloftOnCluster.Extension.class)
class DeployOverlaysIT {

  @Test
  void everyKustomizationPassesServerSideDryRunWithoutWarnings(AloftOnCluster aloft) {
    aloft.cluster().kubectl("apply", "--server-side", "-f", GoModuleFile.serviceMonitorCrd().toString());
    aloft.cluster().kubectl("wait", "--for=condition=Established", "--timeout=60s",
        "crd/servicemonitors.monitoring.coreos.com");
    for (String dir : new String[] {"overlays/single", "overlays/ha", "monitoring", "examples/my-aloft"}) {
      Commands.Result r = aloft.cluster().kubectlResult("apply", "--dry-run=server", "-k",
          Flytekit.REPO.resolve("deploy").resolve(dir).toString());
      assertThat(r.exitCode()).as("deploy/%s:%n%s", dir, r.output()).isZero();
      assertThat(r.output()).as(dir).contains("(server dry run)").doesNotContain("Warning");
    }
  }
}
