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

/**
 * The operator app boots against the real kube-apiserver and reports it in its readiness, with leader election off
 * (the default).
 */
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
        .body("checks.find { it.name == 'kube-apiserver' }.data.version", equalTo("v1.34.4"))
        // leader election off (the default, the local stack): this replica evaluates from the start
        .body("checks.find { it.name == 'leader-election' }.data.enabled", equalTo(false))
        .body("checks.find { it.name == 'leader-election' }.data.leading", equalTo(true));
    given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_threads_live_threads"),
        containsString("aloft_propeller_leader 1.0"), containsString("aloft_propeller_leader_transitions_total 0.0"));
  }
}
