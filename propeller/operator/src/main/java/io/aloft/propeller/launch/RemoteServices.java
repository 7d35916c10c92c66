package io.aloft.propeller.launch;

import flyteidl.service.AdminServiceGrpc.AdminServiceBlockingStub;
import flyteidl.service.SignalServiceGrpc.SignalServiceBlockingStub;
import io.aloft.engine.data.BlobStore;
import io.aloft.engine.remote.Launcher;
import io.aloft.engine.remote.Signals;
import io.aloft.propeller.config.PropellerConfig.AdminLauncherConfig;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * What launch-plan and gate nodes call in admin: the engine's {@link Launcher} and {@link Signals}, sharing one
 * rate limiter ({@code admin-launcher.tps}, {@code .burst}).
 */
public record RemoteServices(Launcher launcher, Signals signals) implements AutoCloseable {
  /** Deadline of each call to admin (as the event sink's). */
  public static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);

  /** Services without admin: every call fails with a SYSTEM error. */
  public static final RemoteServices NONE = new RemoteServices(Launcher.NONE, Signals.NONE);

  /**
   * The launcher and signals over admin's gRPC API.
   *
   * @param blobs where a child's outputs are read from when admin does not return them inline
   * @param enqueueWorkflow queues a parent workflow by its {@code namespace/name} when a child of it ends
   */
  public static RemoteServices admin(AdminServiceBlockingStub admin, SignalServiceBlockingStub signals,
      AdminLauncherConfig config, BlobStore blobs, Consumer<String> enqueueWorkflow, LauncherMetrics metrics) {
    AdminRateLimiter limiter = new AdminRateLimiter(config.tps(), config.burst());
    metrics.limiter(limiter);
    return new RemoteServices(new AdminLauncher(admin, config, limiter, blobs, enqueueWorkflow, metrics,
        CALL_TIMEOUT), new AdminSignals(signals, limiter, CALL_TIMEOUT));
  }

  /** Stops the launcher's status cache. */
  @Override
  public void close() {
    if (launcher instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing the launcher failed", e);
      }
    }
  }
}
