package io.aloft.propeller.operator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.aloft.engine.remote.Launcher;
import io.aloft.engine.remote.Signals;
import io.aloft.propeller.controller.PropellerRuntime;
import io.aloft.propeller.launch.AdminLauncher;
import io.aloft.propeller.launch.AdminSignals;
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

  @Inject
  Launcher launcher;

  @Inject
  Signals signals;

  @Inject
  PropellerRuntime runtime;

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
        .body("checks.find { it.name == 'leader-election' }.data.leading", equalTo(true))
        // propeller mode (the default): the operator SDK's own check runs, the shard manager's does not
        .body("checks.find { it.name == 'Quarkus Operator SDK health check' }.status", equalTo("UP"))
        .body("checks.name", not(hasItem("shard-manager")));
    given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_threads_live_threads"),
        containsString("aloft_propeller_leader 1.0"), containsString("aloft_propeller_leader_transitions_total 0.0"));
  }

  @Test
  void theLauncherAndSignalsOverAdminAreBeansForTheNodeHandlers() {
    assertThat(launcher).isInstanceOf(AdminLauncher.class).isSameAs(runtime.remote().launcher());
    assertThat(signals).isInstanceOf(AdminSignals.class).isSameAs(runtime.remote().signals());
    given().get("/q/metrics").then().statusCode(200).body(
        containsString("aloft_propeller_admin_launcher_cache_size 0.0"),
        containsString("aloft_propeller_admin_launcher_launches_total{outcome=\"created\"} 0.0"),
        containsString("aloft_propeller_admin_launcher_throttled_seconds 0.0"));
  }
}
