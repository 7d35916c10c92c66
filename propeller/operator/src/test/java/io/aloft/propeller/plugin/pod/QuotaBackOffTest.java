package io.aloft.propeller.plugin.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The back-off of refused pod creations: which answers of the API server start it (flytepropeller
 * nodes/task/backoff/handler.go {@code IsBackoffError}), and the waits it computes, as its metrics see them.
 */
class QuotaBackOffTest {

  private static KubernetesClientException answer(int code, String reason) {
    return new KubernetesClientException(new StatusBuilder().withCode(code).withReason(reason)
        .withMessage("refused").build());
  }

  @Test
  void throttlingAndServerTimeoutsBackOffOtherErrorsDoNot() {
    assertThat(PodPlugin.throttledOrTimedOut(answer(429, "TooManyRequests")))
        .isEqualTo(QuotaBackOff.Reason.THROTTLED);
    assertThat(PodPlugin.throttledOrTimedOut(answer(500, "ServerTimeout"))).isEqualTo(QuotaBackOff.Reason.TIMEOUT);
    assertThat(PodPlugin.throttledOrTimedOut(answer(504, "Timeout"))).isEqualTo(QuotaBackOff.Reason.TIMEOUT);
    assertThat(PodPlugin.throttledOrTimedOut(answer(403, "Forbidden"))).isNull();
    assertThat(PodPlugin.throttledOrTimedOut(answer(500, "InternalError"))).isNull();
  }

  @Test
  void waitsDoubleUpToTheCapAndAreReportedWithTheirReason() {
    QuotaBackOff backOff = new QuotaBackOff(Duration.ofSeconds(1), Duration.ofSeconds(3));
    List<String> reported = new ArrayList<>();
    backOff.onRefusal((reason, wait) -> reported.add(reason.tag() + " " + wait.toSeconds()));
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    backOff.refused("ns,pod", now);
    backOff.refused("ns,pod", now, QuotaBackOff.Reason.THROTTLED);
    backOff.refused("ns,pod", now, QuotaBackOff.Reason.TIMEOUT);
    assertThat(reported).containsExactly("quota 1", "throttled 2", "timeout 3");
    assertThat(backOff.refusals()).isEqualTo(3);
    assertThat(backOff.refusals(QuotaBackOff.Reason.THROTTLED)).isEqualTo(1);
    assertThat(backOff.waitingUntil("ns,pod", now.plusSeconds(2))).isEqualTo(now.plusSeconds(3));
    assertThat(backOff.deferred()).isEqualTo(1);
    backOff.admitted("ns,pod");
    assertThat(backOff.backingOff(now)).isZero();
  }
}
