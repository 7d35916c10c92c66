package io.aloft.propeller.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code aloft.propeller.kube-client-config.qps}, {@code .burst} and {@code .timeout} as a user sets them, against
 * the real API server: the limiter's bucket holds {@code burst} tokens, a workflow's burst of status writes beyond
 * it waits for tokens at {@code qps}, and the client propeller sends its requests with times out after
 * {@code timeout}.
 */
@QuarkusTest
@TestProfile(KubeClientKnobsIT.Slow.class)
class KubeClientKnobsIT extends KnobTesting {
  static final double QPS = 2;
  static final int BURST = 3;

  public static class Slow extends Knobs {
    @Override
    Map<String, String> knobs() {
      return Map.of("aloft.propeller.kube-client-config.qps", String.valueOf(QPS),
          "aloft.propeller.kube-client-config.burst", String.valueOf(BURST),
          "aloft.propeller.kube-client-config.timeout", "7s");
    }
  }

  @Override
  String namespace() {
    return "knob-kube-client";
  }

  @Test
  void anIdleBucketHoldsBurstTokens() {
    await().atMost(Duration.ofSeconds(30)).untilAsserted(
        () -> assertThat(metric("aloft_propeller_kube_client_tokens")).isEqualTo(BURST));
  }

  @Test
  void writesBeyondTheBurstWaitAndTheirRateStaysWithinQps() throws Exception {
    double requestsBefore = metric("aloft_propeller_kube_client_requests_total");
    double waitsBefore = metric("aloft_propeller_kube_client_waits_total");
    long t0 = System.nanoTime();
    // a streak of rounds, each writing the status: more writes, sooner, than the bucket holds
    create(echoChain("paced", 8));
    awaitTerminated("paced");
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
