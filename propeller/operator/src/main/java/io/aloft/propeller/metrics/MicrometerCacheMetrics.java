package io.aloft.propeller.metrics;

import io.aloft.engine.cache.CacheMetrics;
import io.micrometer.core.instrument.Counter;

/**
 * The task cache's counters (Flyte's {@code node:discovery_*_count} and {@code reservation_*_count}) as
 * {@code aloft_propeller_discovery_total{result}} and {@code aloft_propeller_reservation_total{op,result}}.
 */
public final class MicrometerCacheMetrics implements CacheMetrics {
  private final Counter hit;
  private final Counter miss;
  private final Counter skip;
  private final Counter putSuccess;
  private final Counter putFailure;
  private final Counter getFailure;
  private final Counter reservationGetSuccess;
  private final Counter reservationGetFailure;
  private final Counter reservationReleaseSuccess;
  private final Counter reservationReleaseFailure;

  public MicrometerCacheMetrics(PropellerMetrics metrics) {
    String d = "Task cache lookups and writes by result";
    hit = metrics.counter("aloft.propeller.discovery", d, "result", "hit");
    miss = metrics.counter("aloft.propeller.discovery", d, "result", "miss");
    skip = metrics.counter("aloft.propeller.discovery", d, "result", "skip");
    putSuccess = metrics.counter("aloft.propeller.discovery", d, "result", "put_success");
    putFailure = metrics.counter("aloft.propeller.discovery", d, "result", "put_failure");
    getFailure = metrics.counter("aloft.propeller.discovery", d, "result", "get_failure");
    String r = "Cache reservations by operation and result";
    reservationGetSuccess = metrics.counter("aloft.propeller.reservation", r, "op", "get", "result", "success");
    reservationGetFailure = metrics.counter("aloft.propeller.reservation", r, "op", "get", "result", "failure");
    reservationReleaseSuccess = metrics.counter("aloft.propeller.reservation", r, "op", "release", "result",
        "success");
    reservationReleaseFailure = metrics.counter("aloft.propeller.reservation", r, "op", "release", "result",
        "failure");
  }

  @Override
  public void hit() {
    hit.increment();
  }

  @Override
  public void miss() {
    miss.increment();
  }

  @Override
  public void skip() {
    skip.increment();
  }

  @Override
  public void putSuccess() {
    putSuccess.increment();
  }

  @Override
  public void putFailure() {
    putFailure.increment();
  }

  @Override
  public void getFailure() {
    getFailure.increment();
  }

  @Override
  public void reservationGetSuccess() {
    reservationGetSuccess.increment();
  }

  @Override
  public void reservationGetFailure() {
    reservationGetFailure.increment();
  }

  @Override
  public void reservationReleaseSuccess() {
    reservationReleaseSuccess.increment();
  }

  @Override
  public void reservationReleaseFailure() {
    reservationReleaseFailure.increment();
  }
}
