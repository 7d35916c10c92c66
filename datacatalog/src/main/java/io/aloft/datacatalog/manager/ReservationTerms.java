package io.aloft.datacatalog.manager;

import java.time.Duration;
import java.time.Instant;

/**
 * How long a reservation lasts (Flyte: reservation_manager.go): the heartbeat interval granted is the one asked
 * for, at most {@code maxHeartbeat}; the reservation expires {@code multiplier} intervals after the last call of its
 * owner. Pure, so the rules are tested with any clock.
 */
public record ReservationTerms(Duration maxHeartbeat, int multiplier) {

  /** The interval granted for {@code requested}. */
  public Duration heartbeat(Duration requested) {
    return requested.compareTo(maxHeartbeat) < 0 ? requested : maxHeartbeat;
  }

  /** When a reservation taken or extended at {@code now} with {@code heartbeat} expires. */
  public Instant expiry(Instant now, Duration heartbeat) {
    return now.plus(heartbeat.multipliedBy(multiplier));
  }
}
