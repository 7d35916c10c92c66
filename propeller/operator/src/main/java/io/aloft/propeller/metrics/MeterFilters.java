package io.aloft.propeller.metrics;

import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Keeps the operator SDK's metrics bounded: the SDK tags its reconcile timers per resource (name and namespace),
 * one series per workflow execution. Propeller's own metrics carry no per-workflow tags; these two are dropped.
 */
public final class MeterFilters {
  @Produces
  @Singleton
  MeterFilter dropPerResourceTags() {
    return MeterFilter.ignoreTags("resource_name", "resource_namespace", "resource.name", "resource.namespace");
  }
}
