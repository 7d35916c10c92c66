package io.aloft.propeller.leader;

import io.aloft.propeller.operator.OperatorLifecycle;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.jboss.logging.Logger;

/**
 * On a graceful shutdown (SIGTERM: pod deletion, rolling update, scale-down), hands the lease over at once, as
 * client-go's {@code ReleaseOnCancel} does for flytepropeller, so another replica takes over after about one
 * retry-period instead of waiting for the lease to expire. The order is what makes that safe:
 * <ol>
 *   <li>resign: no round starts any more, and the ones running finish (waiting at most renew-deadline; the lease is
 *       still renewed meanwhile);
 *   <li>stop the operator SDK, and with it the lease's elector, so that nothing renews the lease after the release;
 *   <li>release: if this replica still holds the lease, empty its holder (a write conditional on the version read).
 * </ol>
 * The SDK's own stop cancels its elector without releasing (it needs the stop callback to fire), hence this step.
 * It observes the shutdown before quarkus-operator-sdk does (which would stop the SDK first, while rounds still run).
 * If rounds are still running after the wait, the lease is left to expire.
 */
@ApplicationScoped
public class LeaseRelease {
  private static final Logger LOG = Logger.getLogger(LeaseRelease.class);

  @Inject
  LeaderElectionProducer election;

  @Inject
  Leadership leadership;

  @Inject
  OperatorLifecycle operator;

  /** Still open after the SDK stopped: {@code quarkus.operator-sdk.close-client-on-stop=false}. */
  @Inject
  KubernetesClient client;

  void onShutdown(@Observes @Priority(Interceptor.Priority.APPLICATION) ShutdownEvent event) {
    election.lease().ifPresent(this::handOver);
  }

  private void handOver(LeaderLease lease) {
    boolean idle;
    try {
      idle = leadership.resign(lease.renewDeadline());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      idle = false;
    }
    operator.stop();
    if (!idle) {
      LOG.warnf("rounds still running after %s; the Lease %s is left to expire", lease.renewDeadline(),
          lease.describe());
      return;
    }
    try {
      if (release(lease)) {
        LOG.infof("%s released the Lease %s", lease.identity(), lease.describe());
      }
    } catch (KubernetesClientException e) {
      // 409: another replica took it meanwhile. Anything else: it expires after lease-duration.
      LOG.warnf("could not release the Lease %s (%s); it expires after %s", lease.describe(), e.getMessage(),
          lease.leaseDuration());
    }
  }

  /** Empties the lease's holder if it is this replica (client-go's {@code release}); false if it was not. */
  private boolean release(LeaderLease lease) {
    LeaseLock lock = new LeaseLock(lease.namespace(), lease.name(), lease.identity());
    LeaderElectionRecord current = lock.get(client);
    if (current == null || !lease.identity().equals(current.getHolderIdentity())) {
      return false;
    }
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
    lock.update(client, new LeaderElectionRecord("", Duration.ofSeconds(1), now, now,
        current.getLeaderTransitions()));
    return true;
  }
}
