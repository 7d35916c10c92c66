package io.aloft.propeller.manager;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shard manager's metrics (flytepropeller manager.go's {@code round_time}, {@code pods_created_count},
 * {@code pods_deleted_count}, {@code pods_running_count}, under Aloft names), plus the desired shards, deletions by
 * reason, failed scans, and whether a hand-over waits for old pods.
 */
final class ManagerMetrics {
  private final Timer round;
  private final Counter created;
  private final Counter roundErrors;
  private final Map<ShardPlan.Reason, Counter> deleted = new EnumMap<>(ShardPlan.Reason.class);
  private final AtomicInteger shards = new AtomicInteger();
  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger handOver = new AtomicInteger();

  ManagerMetrics(MeterRegistry registry) {
    round = Timer.builder("aloft.propeller.manager.round.time")
        .description("Time of one scan: read the PodTemplate and the pods, delete and create").register(registry);
    created = Counter.builder("aloft.propeller.manager.pods.created").description("Shard pods created")
        .register(registry);
    roundErrors = Counter.builder("aloft.propeller.manager.round.errors")
        .description("Scans that failed (PodTemplate unreadable, API server refused a call)").register(registry);
    for (ShardPlan.Reason r : ShardPlan.Reason.values()) {
      deleted.put(r, Counter.builder("aloft.propeller.manager.pods.deleted").tag("reason", r.tag())
          .description("Shard pods deleted, by reason").register(registry));
    }
    Gauge.builder("aloft.propeller.manager.shards", shards, AtomicInteger::get)
        .description("Shards of the configured layout (desired pods)").register(registry);
    Gauge.builder("aloft.propeller.manager.pods.running", running, AtomicInteger::get)
        .description("Desired pods of the current layout and template that are Running").register(registry);
    Gauge.builder("aloft.propeller.manager.handover.waiting", handOver, AtomicInteger::get)
        .description("1 while the current layout's pods wait for pods of another layout to be gone")
        .register(registry);
  }

  Timer round() {
    return round;
  }

  void shards(int n) {
    shards.set(n);
  }

  void observed(ShardPlan plan) {
    running.set(plan.running());
    handOver.set(plan.handOverWaiting() ? 1 : 0);
  }

  void created() {
    created.increment();
  }

  void deleted(ShardPlan.Reason reason) {
    deleted.get(reason).increment();
  }

  void roundFailed() {
    roundErrors.increment();
  }
}
