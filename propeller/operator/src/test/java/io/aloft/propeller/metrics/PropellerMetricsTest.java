package io.aloft.propeller.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
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
  void kubeClientMetersReadTheirSuppliersAfterAGarbageCollection() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AtomicLong requests = new AtomicLong();
    PropellerMetrics metrics = new PropellerMetrics(registry);
    metrics.kubeClient(requests::get, () -> 2, () -> 0.5, () -> 3);
    requests.addAndGet(4);
    System.gc();
    assertThat(registry.get("aloft.propeller.kube.client.requests").functionCounter().count()).isEqualTo(4.0);
    assertThat(registry.get("aloft.propeller.kube.client.waits").functionCounter().count()).isEqualTo(2.0);
    assertThat(registry.get("aloft.propeller.kube.client.throttled").timeGauge().value(TimeUnit.SECONDS))
        .isEqualTo(0.5);
    assertThat(registry.get("aloft.propeller.kube.client.tokens").gauge().value()).isEqualTo(3.0);
    java.lang.ref.Reference.reachabilityFence(metrics);
  }

  @Test
  void aCachesStatisticsAreCountersUnderItsNameAndTheCaffeineBindersSeries() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    PropellerMetrics metrics = new PropellerMetrics(registry);
    Cache<String, byte[]> cache = Caffeine.newBuilder().maximumWeight(10).<String, byte[]>weigher((k, v) -> v.length)
        .executor(Runnable::run).recordStats().build();
    metrics.cache("aloft.propeller.storage.cache", cache, "The storage cache");
    cache.put("a", new byte[4]);
    cache.getIfPresent("a");
    cache.getIfPresent("b");
    cache.put("c", new byte[8]);
    System.gc();
    assertThat(registry.get("aloft.propeller.storage.cache").tag("result", "hit").functionCounter().count())
        .isEqualTo(1.0);
    assertThat(registry.get("aloft.propeller.storage.cache").tag("result", "miss").functionCounter().count())
        .isEqualTo(1.0);
    assertThat(registry.get("aloft.propeller.storage.cache.evictions").functionCounter().count()).isEqualTo(1.0);
    assertThat(registry.get("aloft.propeller.storage.cache.size").gauge().value()).isEqualTo(1.0);
    assertThat(registry.get("aloft.propeller.storage.cache.bytes").gauge().value()).isEqualTo(8.0);
    assertThat(registry.get("cache.gets").tag("cache", "aloft_propeller_storage_cache").tag("result", "hit")
        .functionCounter().count()).isEqualTo(1.0);
    java.lang.ref.Reference.reachabilityFence(metrics);
  }
}
