package io.aloft.propeller.controller;

import io.aloft.crd.FlyteWorkflowCrd;
import io.aloft.testkit.SharedComponents;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Installs the workflow CRD from deploy/ in the shared API server before the operator starts its informer. */
public class WorkflowCrdResource implements QuarkusTestResourceLifecycleManager {
  @Override
  public Map<String, String> start() {
    KubernetesClient kube = SharedComponents.kubernetesClient();
    CustomResourceDefinition crd = kube.apiextensions().v1().customResourceDefinitions()
        .load(new ByteArrayInputStream(FlyteWorkflowCrd.yaml().getBytes(StandardCharsets.UTF_8))).item();
    kube.apiextensions().v1().customResourceDefinitions().resource(crd).forceConflicts().serverSideApply();
    kube.apiextensions().v1().customResourceDefinitions().withName(FlyteWorkflowCrd.NAME).waitUntilCondition(
        c -> c != null && c.getStatus() != null && c.getStatus().getConditions().stream()
            .anyMatch(x -> x.getType().equals("Established") && x.getStatus().equals("True")),
        30, TimeUnit.SECONDS);
    return Map.of();
  }

  @Override
  public void stop() {}
}
