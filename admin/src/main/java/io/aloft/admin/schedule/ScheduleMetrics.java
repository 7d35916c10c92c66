package io.aloft.admin.schedule;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;

/**
 * The scheduler's meters: {@code aloft_admin_schedule_fired_total} (executions created),
 * {@code aloft_admin_schedule_lateness_seconds} (scheduled time to fire, a histogram),
 * {@code aloft_admin_schedule_late_total} (fires at least {@code late-threshold} late),
 * {@code aloft_admin_schedule_failed_total{reason}} (a time that could not fire: the gRPC code of the refusal, e.g.
 * {@code invalid_argument}, {@code error} for a fault retried at the next poll, {@code invalid_schedule}) and
 * {@code aloft_admin_schedule_skipped_total} (missed times beyond {@code max-catch-up-runs}).
 */
@ApplicationScoped
public class ScheduleMetrics {
  @Inject
  MeterRegistry registry;

  @Inject
  SchedulerConfig config;

  void fired(Duration lateness) {
    registry.counter("aloft.admin.schedule.fired").increment();
    Timer.builder("aloft.admin.schedule.lateness").description("time from a schedule's time to its execution")
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10))
        .maximumExpectedValue(Duration.ofHours(1)).register(registry).record(lateness);
    if (lateness.compareTo(config.lateThreshold()) >= 0) {
      registry.counter("aloft.admin.schedule.late").increment();
    }
  }

  void failed(String reason) {
    Counter.builder("aloft.admin.schedule.failed").tag("reason", reason).register(registry).increment();
  }

  void skipped(long n) {
    registry.counter("aloft.admin.schedule.skipped").increment(n);
  }
}
