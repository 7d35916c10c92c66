package io.aloft.engine;

import java.time.Duration;
import java.time.Instant;

/** A clock the test moves. */
final class ManualClock implements Clock {
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");

  @Override
  public Instant now() {
    return now;
  }

  void advance(Duration d) {
    now = now.plus(d);
  }
}
