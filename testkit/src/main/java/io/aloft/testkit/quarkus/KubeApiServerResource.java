package io.aloft.testkit.quarkus;

import io.aloft.embedded.EmbeddedKubeApiServer;
import io.aloft.testkit.SharedComponents;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** Points quarkus-kubernetes-client (and so the operator SDK) at the shared real kube-apiserver. */
public class KubeApiServerResource implements QuarkusTestResourceLifecycleManager {

  @Override
  public Map<String, String> start() {
    EmbeddedKubeApiServer kube = SharedComponents.kubeApiServer();
    return Map.of(
        "quarkus.kubernetes-client.api-server-url", kube.url(),
        "quarkus.kubernetes-client.token", kube.token(),
        "quarkus.kubernetes-client.ca-cert-data",
        Base64.getEncoder().encodeToString(kube.caCertificatePem().getBytes(StandardCharsets.UTF_8)),
        "quarkus.kubernetes-client.trust-certs", "false",
        "quarkus.kubernetes-client.namespace", "default");
  }

  @Override
  public void stop() {
    // shared for the whole test JVM; stopped at exit
  }
}
