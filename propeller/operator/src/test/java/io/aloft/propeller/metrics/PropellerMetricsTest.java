package io.aloft.propeller.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The meters the dashboards read keep reporting: suppliers only the meter holds survive a GC. */
class PropellerMetricsTest {

  @Test
  void queueGaugesStillReadTheirSuppliersAfterAGarbageCollection() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AtomicInteger depth = new AtomicInteger(7);
    PropellerMetrics metrics = new PropellerMetrics(registry);
    // lambdas nobody but the meters holds, as WorkflowWorkers passes them
    metrics.queueGauges(() -> depth.get(), () -> 3, () -> 7, () -> 2);
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    assertThat(registry.get("aloft.propeller.workqueue.depth").gauge().value()).isEqualTo(7.0);
    assertThat(registry.get("aloft.propeller.workers.busy").gauge().value()).isEqualTo(3.0);
    assertThat(registry.get("aloft.propeller.free.workers.count").gauge().value()).isEqualTo(7.0);
    assertThat(registry.get("aloft.propeller.workqueue.dropped").functionCounter().count()).isEqualTo(2.0);
    // the metrics live as long as propeller (PropellerRuntime holds them), and so does what they hold
    java.lang.ref.Reference.reachabilityFence(metrics);
  }

  @Test
  void kubeClientRequestsAndStorageCacheLookupsAreCounters() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AtomicLong requests = new AtomicLong();
    PropellerMetrics metrics = new PropellerMetrics(registry);
    metrics.kubeClientRequests(requests::get);
    metrics.storageCache(() -> 5, () -> 1);
    requests.addAndGet(4);
    System.gc();
    assertThat(registry.get("aloft.propeller.kube.client.requests").functionCounter().count()).isEqualTo(4.0);
    assertThat(registry.get("aloft.propeller.storage.cache").tag("result", "hit").functionCounter().count())
        .isEqualTo(5.0);
    assertThat(registry.get("aloft.propeller.storage.cache").tag("result", "miss").functionCounter().count())
        .isEqualTo(1.0);
    java.lang.ref.Reference.reachabilityFence(metrics);
  }
}
