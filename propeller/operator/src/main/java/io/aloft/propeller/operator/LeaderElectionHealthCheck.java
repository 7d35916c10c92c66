package io.aloft.propeller.operator;

import io.aloft.propeller.leader.LeaderElectionProducer;
import io.aloft.propeller.leader.Leadership;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Says whether this replica leads. Always up: a follower is as ready as the leader (it keeps its informers warm and
 * takes over when the lease frees), and a Deployment of two replicas must roll out.
 */
@Readiness
@ApplicationScoped
public class LeaderElectionHealthCheck implements HealthCheck {

  @Inject
  Leadership leadership;

  @Inject
  LeaderElectionProducer election;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response = HealthCheckResponse.named("leader-election").up()
        .withData("enabled", leadership.isElected())
        .withData("leading", leadership.isLeading());
    election.lease().ifPresent(lease -> response.withData("lease", lease.describe())
        .withData("identity", lease.identity())
        .withData("leader", leadership.leader()));
    return response.build();
  }
}
