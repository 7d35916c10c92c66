package io.aloft.testkit.kube;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Installs a CRD manifest in a test API server (server-side apply, as {@code kubectl apply --server-side}). */
public final class Crds {
  private Crds() {}

  /** Applies the CRD in {@code yaml} and waits until it is Established (served). */
  public static void install(KubernetesClient kube, String yaml) {
    CustomResourceDefinition crd = kube.apiextensions().v1().customResourceDefinitions()
        .load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).item();
    kube.apiextensions().v1().customResourceDefinitions().resource(crd).forceConflicts().serverSideApply();
    kube.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName()).waitUntilCondition(
        // The API server may publish a status before its conditions.
        c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null
            && c.getStatus().getConditions().stream()
                .anyMatch(x -> x.getType().equals("Established") && x.getStatus().equals("True")),
        30, TimeUnit.SECONDS);
  }
}
