package io.aloft.propeller.operator;

import io.javaoperatorsdk.operator.Operator;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Starts and stops the Java Operator SDK's {@link Operator} in propeller mode, and never in manager mode ({@link
 * RunMode}). quarkus-operator-sdk's own start ({@code quarkus.operator-sdk.start-operator}) is fixed at build time,
 * so the image could not be both; it is off, and this bean does what the extension's {@code AppEventListener} did,
 * at the same priority. Stopping twice is harmless: {@link io.aloft.propeller.leader.LeaseRelease} stops the
 * operator during its hand-over, before this bean's shutdown observer (default priority) runs.
 */
@ApplicationScoped
public class OperatorLifecycle {
  private static final Logger LOG = Logger.getLogger(OperatorLifecycle.class);
  /** quarkus-operator-sdk's AppEventListener starts the operator at this priority. */
  static final int START_PRIORITY = Interceptor.Priority.LIBRARY_AFTER + 123;

  @Inject
  Operator operator;

  @Inject
  RunMode mode;

  private final AtomicBoolean started = new AtomicBoolean();

  void onStart(@Observes @Priority(START_PRIORITY) StartupEvent event) {
    if (!mode.evaluates()) {
      LOG.infof("%s=%s: the operator SDK, the workers and the plugins do not start", RunMode.KEY,
          mode.mode().name().toLowerCase(java.util.Locale.ROOT));
      return;
    }
    if (operator.getRegisteredControllersNumber() == 0) {
      throw new IllegalStateException("no reconciler registered: the workflow reconciler is missing from the build");
    }
    started.set(true);
    operator.start();
  }

  void onShutdown(@Observes ShutdownEvent event) {
    stop();
  }

  /** Stops the operator if this bean started it and nobody stopped it yet. */
  public void stop() {
    if (started.compareAndSet(true, false)) {
      operator.stop();
    }
  }
}
