package io.aloft.propeller.manager;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * In manager mode (application.properties switches it on by {@code aloft.propeller.mode}): ready once a scan
 * succeeded and while the last one did; a missing PodTemplate or refused calls say DOWN with the error. A hand-over
 * waiting for old pods is up (it is work in progress), and says so.
 */
@Readiness
@ApplicationScoped
public class ShardManagerHealthCheck implements HealthCheck {
  @Inject
  ShardManager manager;

  @Override
  public HealthCheckResponse call() {
    ShardManager.Status s = manager.status();
    HealthCheckResponseBuilder r = HealthCheckResponse.named("shard-manager");
    if (manager.layout() != null) {
      r.withData("layout", manager.layout().describe());
    }
    if (s == null) {
      return r.down().withData("error", "no scan yet").build();
    }
    r.withData("shards", s.shards()).withData("running", s.running())
        .withData("handOverWaiting", s.handOverWaiting()).withData("lastScan", s.at().toString());
    if (s.handOverWaiting()) {
      r.withData("waitingFor", String.join(",", s.waitingFor()));
    }
    return s.error() == null ? r.up().build() : r.down().withData("error", s.error()).build();
  }
}
