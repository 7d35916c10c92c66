package io.aloft.propeller.controller;

import static io.aloft.propeller.controller.KnobWorkflows.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aloft.testkit.quarkus.KubeApiServerResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code aloft.propeller.kube-client-config.qps}, {@code .burst} and {@code .timeout} as a user sets them, against
 * the real API server: the limiter's bucket holds {@code burst} tokens, a workflow's burst of status writes beyond
 * it waits for tokens at {@code qps}, and the client propeller sends its requests with times out after
 * {@code timeout}.
 */
@QuarkusTest
@QuarkusTestResource(value = KubeApiServerResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = WorkflowCrdResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = S3Resource.class, restrictToAnnotatedClass = false)
@TestProfile(KubeClientKnobsIT.Slow.class)
class KubeClientKnobsIT {
  static final String NS = "knob-kube-client";
  static final double QPS = 2;
  static final int BURST = 3;

  public static class Slow implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("aloft.propeller.kube-client-config.qps", String.valueOf(QPS),
          "aloft.propeller.kube-client-config.burst", String.valueOf(BURST),
          "aloft.propeller.kube-client-config.timeout", "7s", "aloft.propeller.event.type", "log");
    }
  }

  @Inject
  KubernetesClient kube;

  @AfterEach
  void cleanUp() {
    KnobWorkflows.deleteAll(kube, NS);
  }

  @Test
  void anIdleBucketHoldsBurstTokens() {
    await().atMost(Duration.ofSeconds(30)).untilAsserted(
        () -> assertThat(metric("aloft_propeller_kube_client_tokens")).isEqualTo(BURST));
  }

  @Test
  void writesBeyondTheBurstWaitAndTheirRateStaysWithinQps() throws Exception {
    KnobWorkflows.namespace(kube, NS);
    double requestsBefore = metric("aloft_propeller_kube_client_requests_total");
    double waitsBefore = metric("aloft_propeller_kube_client_waits_total");
    long t0 = System.nanoTime();
    // a streak of rounds, each writing the status: more writes, sooner, than the bucket holds
    KnobWorkflows.create(kube, KnobWorkflows.echoChain(NS, "paced", 8));
    KnobWorkflows.awaitTerminated(kube, NS, "paced");
    double elapsedSeconds = (System.nanoTime() - t0) / 1e9;
    double requests = metric("aloft_propeller_kube_client_requests_total") - requestsBefore;
    assertThat(requests).isGreaterThan(BURST + 2);
    assertThat(metric("aloft_propeller_kube_client_waits_total") - waitsBefore).isPositive();
    assertThat(metric("aloft_propeller_kube_client_throttled_seconds")).isPositive();
    // a bound slowness cannot break: the bucket lets through at most burst plus qps per second elapsed
    assertThat(requests).isLessThanOrEqualTo(BURST + QPS * elapsedSeconds + 1);
  }

  @Test
  void theTimeoutReachesTheClientPropellerSendsWith() {
    assertThat(kube.getConfiguration().getRequestTimeout()).isEqualTo(7000);
  }
}
