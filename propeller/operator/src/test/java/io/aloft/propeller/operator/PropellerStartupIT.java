package io.aloft.propeller.operator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.aloft.testkit.quarkus.KubeApiServerResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The operator app boots against the real kube-apiserver and reports it in its readiness. */
@QuarkusTest
@QuarkusTestResource(KubeApiServerResource.class)
class PropellerStartupIT {

  @Inject
  KubernetesClient client;

  @Test
  void talksToTheRealApiServer() {
    assertThat(client.getMasterUrl().toString()).startsWith("https://127.0.0.1:");
    assertThat(client.namespaces().withName("default").get()).isNotNull();
  }

  @Test
  void readinessReportsTheApiServerAndMetricsAreExported() {
    given().get("/q/health/ready").then().log().ifValidationFails().statusCode(200).body("status", equalTo("UP"))
        .body("checks.find { it.name == 'kube-apiserver' }.data.version", equalTo("v1.34.4"));
    given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_threads_live_threads"));
  }
}
