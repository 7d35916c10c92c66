package io.aloft.admin.schedule;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Runs {@link ScheduleTicker#tick()} every {@code aloft.admin.scheduler.poll-interval} on a daemon thread of its
 * own, {@code aloft-scheduler}, from startup to shutdown, in every replica where {@code enabled}.
 */
@ApplicationScoped
public class SchedulerLoop {
  private static final Logger LOG = Logger.getLogger(SchedulerLoop.class);

  @Inject
  ScheduleTicker ticker;

  @Inject
  SchedulerConfig config;

  private volatile boolean running;
  private Thread thread;

  void start(@Observes StartupEvent event) {
    if (!config.enabled()) {
      LOG.info("scheduler disabled (aloft.admin.scheduler.enabled=false)");
      return;
    }
    running = true;
    thread = Thread.ofPlatform().daemon().name("aloft-scheduler").start(this::run);
  }

  void stop(@Observes ShutdownEvent event) throws InterruptedException {
    running = false;
    if (thread != null) {
      thread.interrupt();
      thread.join(5_000);
    }
  }

  private void run() {
    long pause = config.pollInterval().toMillis();
    while (running) {
      try {
        ticker.tick();
      } catch (RuntimeException e) {
        LOG.warnf(e, "scheduler poll failed; retried in %d ms", pause);
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
