package io.aloft.propeller.controller;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Every request is counted, whether or not the limiter makes it wait. */
class KubeRateLimiterTest {

  @Test
  void countsEveryRequestWithAndWithoutLimiting() {
    KubeRateLimiter unlimited = new KubeRateLimiter(0, 1);
    KubeRateLimiter limited = new KubeRateLimiter(1000, 2);
    for (int i = 0; i < 5; i++) {
      unlimited.acquire();
      limited.acquire();
    }
    assertThat(unlimited.requests()).isEqualTo(5);
    assertThat(limited.requests()).isEqualTo(5);
    // burst 2 at 1000/s: the last three waited about a millisecond each
    assertThat(limited.waitedSeconds()).isGreaterThan(0);
    assertThat(unlimited.waitedSeconds()).isZero();
    assertThat(limited.waits()).isPositive();
    assertThat(unlimited.waits()).isZero();
  }

  @Test
  void anIdleBucketHoldsBurstTokensAndNoBucketNone() {
    assertThat(new KubeRateLimiter(10, 4).availableTokens()).isEqualTo(4);
    assertThat(new KubeRateLimiter(0, 4).availableTokens()).isZero();
  }
}
