package io.aloft.propeller.gc;

import io.aloft.propeller.config.PropellerConfig;
import io.aloft.propeller.controller.PropellerRuntime;
import io.aloft.propeller.leader.Leadership;
import io.aloft.propeller.operator.RunMode;
import io.aloft.propeller.threads.DaemonThreads;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Deletes the terminated workflow resources past {@code max-ttl-hours}, every {@code gc-interval} (flytepropeller
 * {@code controller/garbage_collector.go}), so that etcd does not grow with every execution ever run. A round builds
 * the selector of {@link CompletedWorkflows} (within the shard's own labels), and in each namespace collected (the
 * {@code limit-namespace}, or all) deletes what it selects in one delete-collection request.
 *
 * <p>Only the leader collects: a round passes the {@link Leadership} gate as a workflow round does, so a follower
 * sends nothing and a graceful shutdown waits for a round in flight before it releases the lease. No round starts once
 * the shutdown has begun. The first round runs one interval after startup, as Flyte's ticker first fires.
 *
 * <p>The workflow store forgets each deleted workflow ({@code WorkflowStore.forget}), so that its terminated filter
 * and the InMemory policy's copies hold nothing of workflows that no longer exist.
 */
@ApplicationScoped
public class GarbageCollector {
  private static final Logger LOG = Logger.getLogger(GarbageCollector.class);

  @Inject
  PropellerConfig config;

  @Inject
  KubernetesClient client;

  @Inject
  Leadership leadership;

  @Inject
  PropellerRuntime runtime;

  @Inject
  MeterRegistry registry;

  @Inject
  RunMode mode;

  private final Clock clock = Clock.systemUTC();
  private volatile boolean stopping;
  private GcSettings settings;
  private GcMetrics metrics;
  private CompletedWorkflowDeleter deleter;
  private ScheduledExecutorService timer;

  /** Checks the settings (a value out of range stops the startup, naming its key) and schedules the rounds. */
  void start(@Observes StartupEvent event) {
    if (!mode.evaluates()) {
      return; // the shard manager collects nothing: its shards do, each within its own selector
    }
    settings = GcSettings.from(config);
    if (!settings.enabled()) {
      LOG.warnf("garbage collection is off: %s is %d", GcSettings.TTL_KEY, settings.ttlHours());
      return;
    }
    metrics = new GcMetrics(registry);
    deleter = new CompletedWorkflowDeleter(client, () -> runtime.limiter().acquire());
    timer = DaemonThreads.scheduler("aloft-gc");
    long period = settings.interval().toMillis();
    timer.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    LOG.infof("garbage collection every %s of the workflows terminated more than %d hours ago, in %s",
        settings.interval(), settings.ttlHours(), settings.namespace().orElse("every namespace"));
  }

  /**
   * Before the lease is handed over ({@code LeaseRelease}, which waits for the rounds the gate counts): no further
   * round starts; one in flight finishes its current request.
   */
  void stop(@Observes @Priority(Interceptor.Priority.APPLICATION - 1) ShutdownEvent event) {
    stopping = true;
    if (timer != null) {
      timer.shutdown();
    }
  }

  private void tick() {
    if (stopping || !leadership.begin()) {
      return;
    }
    try {
      collect(clock.instant());
    } catch (RuntimeException e) {
      LOG.errorf(e, "garbage collection round failed");
    } finally {
      leadership.end();
    }
  }

  /** One round at {@code now}: returns the number of workflows deleted. */
  int collect(Instant now) {
    long t0 = System.nanoTime();
    String selector = CompletedWorkflows.outsideRetention(settings.ttlHours(), now, settings.shard());
    int deleted = 0;
    boolean succeeded = true;
    List<String> namespaces;
    try {
      namespaces = deleter.namespaces(settings.namespace());
    } catch (RuntimeException e) {
      LOG.errorf("garbage collection could not list the namespaces: %s", e.getMessage());
      namespaces = List.of();
      succeeded = false;
    }
    for (String namespace : namespaces) {
      if (stopping) {
        break;
      }
      try {
        List<String> names = deleter.delete(namespace, selector);
        names.forEach(name -> runtime.store().forget(namespace, name));
        deleted += names.size();
        LOG.debugf("garbage collection deleted %d workflows in %s", names.size(), namespace);
      } catch (RuntimeException e) {
        succeeded = false;
        LOG.errorf("garbage collection failed in namespace %s: %s", namespace, e.getMessage());
      }
    }
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    metrics.round(succeeded, deleted, took);
    LOG.infof("garbage collection %s: deleted %d workflows completed before %s in %d namespaces (%d ms)",
        succeeded ? "done" : "partly failed", deleted,
        now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(settings.ttlHours())), namespaces.size(),
        took.toMillis());
    return deleted;
  }
}
