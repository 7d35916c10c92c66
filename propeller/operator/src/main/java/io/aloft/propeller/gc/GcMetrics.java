package io.aloft.propeller.gc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The garbage collector's metrics (flytepropeller's {@code gc_success}, {@code gc_failure} and {@code gc_latency}):
 * {@code aloft_propeller_gc_rounds_total{result="success"|"failure"}}, {@code aloft_propeller_gc_round_time_seconds}
 * and {@code aloft_propeller_gc_deleted_total}. Flyte counts success and failure per namespace; Aloft counts rounds,
 * a round failing when any of its namespaces failed.
 */
final class GcMetrics {
  private final Counter success;
  private final Counter failure;
  private final Counter deleted;
  private final Timer time;

  GcMetrics(MeterRegistry registry) {
    success = rounds(registry, "success");
    failure = rounds(registry, "failure");
    deleted = Counter.builder("aloft.propeller.gc.deleted")
        .description("Terminated workflows the garbage collector deleted (max-ttl-hours)").register(registry);
    time = Timer.builder("aloft.propeller.gc.round.time")
        .description("Time of one garbage collection round: the namespaces listed and the deletes issued")
        .register(registry);
  }

  private static Counter rounds(MeterRegistry registry, String result) {
    return Counter.builder("aloft.propeller.gc.rounds").tag("result", result)
        .description("Garbage collection rounds, by result (failure: a namespace could not be collected)")
        .register(registry);
  }

  void round(boolean succeeded, int deletedWorkflows, Duration took) {
    (succeeded ? success : failure).increment();
    deleted.increment(deletedWorkflows);
    time.record(took);
  }
}
