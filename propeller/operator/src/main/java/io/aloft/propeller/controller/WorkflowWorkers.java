package io.aloft.propeller.controller;

import io.aloft.crd.FlyteWorkflow;
import io.aloft.propeller.config.PropellerConfig;
import io.aloft.propeller.leader.Leadership;
import io.aloft.propeller.metrics.PropellerMetrics;
import io.aloft.propeller.operator.RunMode;
import io.aloft.propeller.threads.DaemonThreads;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Propeller's worker pool over its work queue ({@link WorkerPool}): {@code workers} threads take workflow keys and
 * run {@link WorkflowHandler#handle} on them; every {@code workflow-reeval-duration} each non-terminal workflow in the
 * informer is queued again (Flyte's informer resync), so waiting workflows are looked at without an event. All of it
 * only while this replica leads ({@link Leadership}), and only in propeller mode ({@link RunMode}).
 */
@ApplicationScoped
public class WorkflowWorkers {
  private static final Logger LOG = Logger.getLogger(WorkflowWorkers.class);

  @Inject
  PropellerConfig config;

  @Inject
  PropellerRuntime runtime;

  @Inject
  Leadership leadership;

  @Inject
  RunMode mode;

  private final AtomicReference<IndexedResourceCache<FlyteWorkflow>> cache = new AtomicReference<>();
  private WorkerPool pool;
  private ScheduledExecutorService resync;
  private final AtomicLong resyncs = new AtomicLong();

  void start(@Observes StartupEvent ev) {
    if (!mode.evaluates()) {
      return; // the shard manager: no queue, no workers, no plugins (PropellerRuntime is never built)
    }
    WorkQueue queue = new WorkQueue(config.workqueue().maxItems(), config.workqueue().baseDelay(),
        config.workqueue().maxDelay());
    pool = new WorkerPool(queue, config.workers(), leadership, runtime.handler()::handle);
    PropellerMetrics metrics = runtime.metrics();
    metrics.queueGauges(queue::depth, pool::busy, () -> config.workers() - pool.busy(), queue::dropped);
    runtime.onWorkflowChange(this::enqueue);
    pool.start();
    resync = DaemonThreads.scheduler("aloft-resync");
    long period = Math.max(100, config.workflowReevalDuration().toMillis());
    resync.scheduleAtFixedRate(this::resync, period, period, TimeUnit.MILLISECONDS);
    metrics.resync("workflows", Duration.ofMillis(period), resyncs::get);
  }

  void stop(@Observes ShutdownEvent ev) {
    if (resync != null) {
      resync.shutdownNow();
    }
    if (pool != null) {
      pool.queue().close();
    }
  }

  /** The informer cache the workflow store reads from (the operator SDK's primary cache). */
  void attach(IndexedResourceCache<FlyteWorkflow> primary) {
    if (cache.get() == null && cache.compareAndSet(null, primary)) {
      runtime.attachCache(primary);
    }
  }

  /** Queues the workflow {@code namespace/name} (nothing while this replica does not lead). */
  public void enqueue(String namespace, String name) {
    if (pool != null) {
      pool.enqueue(namespace, name);
    }
  }

  /** The work queue (tests and benchmarks read its depth). */
  public WorkQueue queue() {
    return pool == null ? null : pool.queue();
  }

  private void resync() {
    IndexedResourceCache<FlyteWorkflow> c = cache.get();
    if (c == null || !leadership.isLeading()) {
      return;
    }
    resyncs.incrementAndGet();
    try {
      c.list().forEach(wf -> {
        if (wf.getMetadata().getDeletionTimestamp() != null
            || !PropellerRuntime.isTerminal(wf.status)) {
          enqueue(wf.getMetadata().getNamespace(), wf.getMetadata().getName());
        }
      });
    } catch (RuntimeException e) {
      LOG.warnf("resync failed: %s", e.getMessage());
    }
  }
}
