package io.aloft.propeller.controller;

import io.aloft.crd.FlyteWorkflowCrd;
import io.aloft.testkit.SharedComponents;
import io.aloft.testkit.kube.Crds;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Installs the workflow CRD from deploy/ in the shared API server before the operator starts its informer. */
public class WorkflowCrdResource implements QuarkusTestResourceLifecycleManager {
  @Override
  public Map<String, String> start() {
    Crds.install(SharedComponents.kubernetesClient(), FlyteWorkflowCrd.yaml());
    return Map.of();
  }

  @Override
  public void stop() {}
}
