package io.aloft.admin;

import io.aloft.crd.FlyteWorkflowCrd;
import io.aloft.testkit.kube.Crds;
import io.fabric8.kubernetes.client.KubernetesClient;

/** Installs the FlyteWorkflow CRD (the generated one deploy/ holds) in the test's API server, once Established. */
final class KubeCrds {
  private KubeCrds() {}

  static void installFlyteOwnWorkflow(KubernetesClient kube) {
    Crds.install(kube, Crds.FLYTE_OWN_WORKFLOW);
  }

  static void installFlyteWorkflow(KubernetesClient kube) {
    Crds.install(kube, FlyteWorkflowCrd.yaml());
  }
}
