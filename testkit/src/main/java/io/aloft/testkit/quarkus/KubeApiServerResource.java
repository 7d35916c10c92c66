package io.aloft.testkit.quarkus;

import io.aloft.embedded.QuarkusConfig;
import io.aloft.testkit.SharedComponents;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points quarkus-kubernetes-client (and so the operator SDK) at the shared real kube-apiserver. */
public class KubeApiServerResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    Map<String, String> config = new java.util.HashMap<>(QuarkusConfig.kubernetesClient(SharedComponents.kubeApiServer()));
    config.put("quarkus.kubernetes-client.namespace", "default");
    return config;
  }

  @Override
  public void stop() {
    // shared for the whole test JVM; stopped at exit
  }
}
