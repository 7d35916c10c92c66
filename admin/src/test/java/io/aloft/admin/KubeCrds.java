package io.aloft.admin;

import io.aloft.crd.FlyteWorkflowCrd;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Installs the FlyteWorkflow CRD (the generated one deploy/ holds) in the test's API server, once Established. */
final class KubeCrds {
  private KubeCrds() {}

  static void installFlyteWorkflow(KubernetesClient kube) {
    CustomResourceDefinition crd = kube.apiextensions().v1().customResourceDefinitions()
        .load(new ByteArrayInputStream(FlyteWorkflowCrd.yaml().getBytes(StandardCharsets.UTF_8))).item();
    kube.apiextensions().v1().customResourceDefinitions().resource(crd).forceConflicts().serverSideApply();
    kube.apiextensions().v1().customResourceDefinitions().withName(FlyteWorkflowCrd.NAME).waitUntilCondition(
        // The API server may publish a status before its conditions.
        c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null
            && c.getStatus().getConditions().stream()
                .anyMatch(x -> x.getType().equals("Established") && x.getStatus().equals("True")),
        30, TimeUnit.SECONDS);
  }
}
