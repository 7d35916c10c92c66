package io.aloft.admin.manager;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a launch spends its time, as the timer {@code aloft_admin_launch_stage_seconds{stage}}: {@code resolve}
 * (validation, launch plan, inputs, configuration, cluster choice), {@code record} (the row, the inputs in S3 and
 * building the resource) and {@code create_resource} (the API server call).
 */
@ApplicationScoped
public class LaunchStages {
  @Inject
  MeterRegistry registry;

  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  void record(String stage, long nanos) {
    timers.computeIfAbsent(stage, s -> Timer.builder("aloft.admin.launch.stage").tag("stage", s)
        .description("time a CreateExecution spends per stage").publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry)).record(Duration.ofNanos(nanos));
  }
}
