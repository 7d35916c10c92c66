package io.aloft.propeller.leader;

import io.aloft.propeller.config.PropellerConfig;
import io.aloft.propeller.operator.RunMode;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Quarkus;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Sets up leader election from {@code aloft.propeller.leader-election}: the {@link Leadership} gate the workers
 * consult, and, when election is on, the operator SDK's {@link LeaderElectionConfiguration}.
 *
 * <p>quarkus-operator-sdk hands a bean of that type to the Java Operator SDK, which then runs fabric8's
 * LeaderElector on the Lease and starts its event processing (the reconciler's intake) only once this replica leads.
 * Propeller's own evaluation (work queue, workers, resync, pod-change wake-ups) is outside the SDK, so the lease's
 * callbacks also drive the gate. On a lost lease the replica stops evaluating at once and exits with status 1, as
 * flytepropeller (client-go's leader election) does; Kubernetes restarts the container, and it comes back as a
 * follower. The SDK's own exit is turned off so that a graceful shutdown can release the lease ({@link
 * LeaseRelease}) instead of exiting from inside the shutdown.
 */
@Singleton
public class LeaderElectionProducer {
  private static final Logger LOG = Logger.getLogger(LeaderElectionProducer.class);

  @Inject
  PropellerConfig config;

  @Inject
  MeterRegistry registry;

  @Inject
  RunMode mode;

  private LeaderLease lease;
  private Leadership leadership;

  @PostConstruct
  void init() {
    if (!mode.evaluates()) {
      // the shard manager evaluates nothing and runs alone (its Deployment's strategy is Recreate): no lease, no
      // leadership metrics; each shard pod it creates gets a lease of its own
      leadership = Leadership.always();
      return;
    }
    if (config.leaderElection().enabled()) {
      lease = LeaderLease.resolve(config.leaderElection());
      leadership = Leadership.elected(lease.identity());
      LOG.infof("leader election on: %s competes for Lease %s (lease-duration %s, renew-deadline %s, retry-period"
          + " %s); it evaluates nothing until it holds it", lease.identity(), lease.describe(),
          lease.leaseDuration(), lease.renewDeadline(), lease.retryPeriod());
    } else {
      leadership = Leadership.always();
    }
    Gauge.builder("aloft.propeller.leader", leadership, l -> l.isLeading() ? 1 : 0)
        .description("1 while this replica evaluates workflows (holds the lease, or leader election is off)")
        .register(registry);
    FunctionCounter.builder("aloft.propeller.leader.transitions", leadership, Leadership::transitions)
        .description("Changes of the lease's holder this replica observed").register(registry);
  }

  /** The gate every round passes. */
  @Produces
  @Singleton
  Leadership leadership() {
    return leadership;
  }

  /**
   * The operator SDK's leader election, or no bean (null from a dependent producer) when election is off. The SDK
   * does not release the lease when it stops; {@link LeaseRelease} does.
   */
  @Produces
  @Dependent
  LeaderElectionConfiguration operatorLeaderElection() {
    if (lease == null) {
      return null;
    }
    return new LeaderElectionConfiguration(lease.name(), lease.namespace(), lease.leaseDuration(),
        lease.renewDeadline(), lease.retryPeriod(), lease.identity(),
        new LeaderCallbacks(this::startedLeading, this::stoppedLeading, this::newLeader), false);
  }

  /** The lease this replica competes for; empty when election is off. */
  public Optional<LeaderLease> lease() {
    return Optional.ofNullable(lease);
  }

  private void startedLeading() {
    leadership.startLeading();
    if (leadership.isLeading()) {
      LOG.infof("%s leads (Lease %s): evaluating workflows", lease.identity(), lease.describe());
    }
  }

  private void stoppedLeading() {
    if (leadership.stopLeading()) {
      LOG.errorf("%s lost the Lease %s: stopped evaluating; exiting so that the container restarts as a follower",
          lease.identity(), lease.describe());
      Quarkus.asyncExit(1);
    } else {
      LOG.infof("%s stopped leading (Lease %s): shutting down", lease.identity(), lease.describe());
    }
  }

  private void newLeader(String holder) {
    leadership.observeLeader(holder);
    LOG.infof("Lease %s: holder is now %s (this replica is %s)", lease.describe(),
        holder == null || holder.isEmpty() ? "nobody (released)" : holder, lease.identity());
  }
}
