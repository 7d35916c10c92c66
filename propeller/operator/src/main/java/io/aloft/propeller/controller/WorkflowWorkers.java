package io.aloft.propeller.controller;

import io.aloft.crd.FlyteWorkflow;
import io.aloft.propeller.config.PropellerConfig;
import io.aloft.propeller.metrics.PropellerMetrics;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Propeller's worker pool over its work queue: {@code workers} threads take workflow keys and run
 * {@link WorkflowHandler#handle} on them; every {@code workflow-reeval-duration} each non-terminal workflow in the
 * informer is queued again (Flyte's informer resync), so waiting workflows are looked at without an event.
 */
@ApplicationScoped
public class WorkflowWorkers {
  private static final Logger LOG = Logger.getLogger(WorkflowWorkers.class);

  @Inject
  PropellerConfig config;

  @Inject
  PropellerRuntime runtime;

  private final AtomicReference<IndexedResourceCache<FlyteWorkflow>> cache = new AtomicReference<>();
  private final AtomicInteger busy = new AtomicInteger();
  private final List<Thread> threads = new ArrayList<>();
  private WorkQueue queue;
  private ScheduledExecutorService resync;

  void start(@Observes StartupEvent ev) {
    queue = new WorkQueue(config.workqueue().maxItems(), config.workqueue().baseDelay(),
        config.workqueue().maxDelay());
    PropellerMetrics metrics = runtime.metrics();
    metrics.queueGauges(queue::depth, busy::get, () -> config.workers() - busy.get(), queue::dropped);
    runtime.onWorkflowChange(this::enqueue);
    for (int i = 0; i < config.workers(); i++) {
      Thread t = new Thread(this::work, "aloft-worker-" + i);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
    resync = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "aloft-resync");
      t.setDaemon(true);
      return t;
    });
    long period = Math.max(100, config.workflowReevalDuration().toMillis());
    resync.scheduleAtFixedRate(this::resync, period, period, TimeUnit.MILLISECONDS);
  }

  void stop(@Observes ShutdownEvent ev) {
    if (resync != null) {
      resync.shutdownNow();
    }
    if (queue != null) {
      queue.close();
    }
  }

  /** The informer cache the workflow store reads from (the operator SDK's primary cache). */
  void attach(IndexedResourceCache<FlyteWorkflow> primary) {
    if (cache.get() == null && cache.compareAndSet(null, primary)) {
      runtime.attachCache(primary);
    }
  }

  /** Queues the workflow {@code namespace/name}. */
  public void enqueue(String namespace, String name) {
    if (queue != null) {
      queue.add(namespace + "/" + name);
    }
  }

  /** The work queue (tests and benchmarks read its depth). */
  public WorkQueue queue() {
    return queue;
  }

  private void work() {
    while (true) {
      String key;
      try {
        key = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (key == null) {
        return;
      }
      busy.incrementAndGet();
      try {
        int slash = key.indexOf('/');
        WorkflowHandler.Next next = runtime.handler().handle(key.substring(0, slash), key.substring(slash + 1));
        switch (next) {
          case WAIT -> queue.forget(key);
          case AGAIN -> {
            queue.forget(key);
            queue.add(key);
          }
          case BACK_OFF -> queue.addRateLimited(key);
        }
      } catch (RuntimeException | Error e) {
        LOG.errorf(e, "worker failed on %s", key);
        queue.addRateLimited(key);
      } finally {
        busy.decrementAndGet();
        queue.done(key);
      }
    }
  }

  private void resync() {
    IndexedResourceCache<FlyteWorkflow> c = cache.get();
    if (c == null) {
      return;
    }
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
