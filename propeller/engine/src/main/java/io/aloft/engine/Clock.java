package io.aloft.engine;

import java.time.Instant;

/** The engine's source of time; tests drive a manual one. */
@FunctionalInterface
public interface Clock {
  /** Now. */
  Instant now();

  /** The system clock. */
  static Clock system() {
    return Instant::now;
  }
}
