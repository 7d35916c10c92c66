package io.aloft.testkit.kube;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Installs a CRD manifest in a test API server (server-side apply, as {@code kubectl apply --server-side}). */
public final class Crds {
  /**
   * Flyte v1's own FlyteWorkflow CRD, as its propeller installs it ({@code create-flyteworkflow-crd}): group
   * flyte.lyft.com, short name fly, no schema and no status subresource.
   */
  public static final String FLYTE_OWN_WORKFLOW = """
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata:
        name: flyteworkflows.flyte.lyft.com
      spec:
        group: flyte.lyft.com
        names: {kind: FlyteWorkflow, plural: flyteworkflows, singular: flyteworkflow, shortNames: [fly]}
        scope: Namespaced
        versions:
          - name: v1alpha1
            served: true
            storage: true
            schema:
              openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
      """;

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
    awaitServed(kube, crd);
  }

  /**
   * Waits until the API server serves the CRD's resource: for a moment after Established, requests for a new group
   * can still answer 404, and a create there would fail.
   */
  private static void awaitServed(KubernetesClient kube, CustomResourceDefinition crd) {
    var spec = crd.getSpec();
    String version = spec.getVersions().stream().filter(v -> Boolean.TRUE.equals(v.getServed())).findFirst()
        .orElseThrow().getName();
    ResourceDefinitionContext ctx = new ResourceDefinitionContext.Builder().withGroup(spec.getGroup())
        .withVersion(version).withKind(spec.getNames().getKind()).withPlural(spec.getNames().getPlural())
        .withNamespaced("Namespaced".equals(spec.getScope())).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        kube.genericKubernetesResources(ctx).inAnyNamespace().list(new ListOptionsBuilder().withLimit(1L).build());
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 404 || System.nanoTime() > deadline) {
          throw e;
        }
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + crd.getMetadata().getName(), e);
      }
    }
  }
}
