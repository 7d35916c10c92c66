package io.aloft.propeller.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Propeller is ready only while it can reach the kube-apiserver it evaluates workflows on. */
@Readiness
@ApplicationScoped
public class KubeApiServerHealthCheck implements HealthCheck {

  @Inject
  KubernetesClient client;

  @Override
  public HealthCheckResponse call() {
    try {
      var version = client.getKubernetesVersion();
      return HealthCheckResponse.named("kube-apiserver").up()
          .withData("url", client.getMasterUrl().toString())
          .withData("version", version.getGitVersion())
          .build();
    } catch (RuntimeException e) {
      return HealthCheckResponse.named("kube-apiserver").down()
          .withData("url", String.valueOf(client.getMasterUrl()))
          .withData("error", String.valueOf(e.getMessage()))
          .build();
    }
  }
}
