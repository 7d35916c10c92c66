package io.aloft.admin.rest;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Arrays;

/**
 * Histogram buckets for per-RPC latency, so that quantiles can be computed and aggregated across replicas: the
 * gRPC server's {@code grpc.server.processing.duration} (Quarkus's Micrometer binder publishes only count, sum and
 * max) and the REST gateway's {@code aloft.admin.rest.requests}.
 */
@Singleton
public class LatencyBuckets {
  /** Upper bounds of the buckets, from a cached read to a slow list. */
  static final Duration[] BOUNDARIES = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
      Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

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
