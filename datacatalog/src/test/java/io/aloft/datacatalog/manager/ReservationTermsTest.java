package io.aloft.datacatalog.manager;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ReservationTermsTest {
  private final ReservationTerms terms = new ReservationTerms(Duration.ofSeconds(10), 3);

  @Test
  void theIntervalGrantedIsTheOneAskedForUpToTheMaximum() {
    assertThat(terms.heartbeat(Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
    assertThat(terms.heartbeat(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(10));
    assertThat(terms.heartbeat(Duration.ofMinutes(10))).isEqualTo(Duration.ofSeconds(10));
    assertThat(terms.heartbeat(Duration.ZERO)).isEqualTo(Duration.ZERO);
  }

  @Test
  void aReservationExpiresThreeIntervalsAfterEachCallAsTheClockMoves() {
    Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
    Clock clock = Clock.fixed(t0, ZoneOffset.UTC);
    assertThat(terms.expiry(clock.instant(), Duration.ofSeconds(2))).isEqualTo(t0.plusSeconds(6));
    clock = Clock.offset(clock, Duration.ofMillis(1500));
    assertThat(terms.expiry(clock.instant(), Duration.ofSeconds(2))).isEqualTo(t0.plusMillis(7500));
    assertThat(new ReservationTerms(Duration.ofSeconds(10), 5).expiry(t0, Duration.ofMillis(300)))
        .isEqualTo(t0.plusMillis(1500));
  }
}
