package io.aloft.datacatalog.grpc;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Arrays;

/**
 * Histogram buckets for the gRPC server's per-RPC timer {@code grpc.server.processing.duration} (Quarkus's binder
 * publishes only count, sum and max), so p50/p99 per RPC can be computed and summed across replicas. The bounds
 * start lower than admin's: a cache lookup answers in about a millisecond.
 */
@Singleton
public class LatencyBuckets {
  static final Duration[] BOUNDARIES = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
      Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
      Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
      Duration.ofSeconds(5)};

  private static final String GRPC_SERVER_TIMER = "grpc.server.processing.duration";

  @Produces
  @Singleton
  MeterFilter grpcServerLatencyBuckets() {
    double[] nanos = Arrays.stream(BOUNDARIES).mapToDouble(d -> (double) d.toNanos()).toArray();
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (!id.getName().equals(GRPC_SERVER_TIMER)) {
          return config;
        }
        return DistributionStatisticConfig.builder().serviceLevelObjectives(nanos).build().merge(config);
      }
    };
  }
}
