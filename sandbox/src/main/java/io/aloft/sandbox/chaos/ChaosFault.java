package io.aloft.sandbox.chaos;

import io.aloft.sandbox.LocalStack;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The faults of the chaos scenarios, each injected into a running {@link LocalStack} while executions run. {@link
 * #inject} returns how many times the fault struck.
 */
public enum ChaosFault {
  /**
   * Propeller SIGKILLed, started again on the same ports and SIGKILLed again {@code every} after it is ready, until
   * every execution is terminal or it was killed {@code strikes} times.
   */
  PROPELLER_KILL("propeller-kill") {
    @Override
    int inject(LocalStack stack, Duration every, int strikes, BooleanSupplier done) throws InterruptedException {
      int kills = 0;
      while (!done.getAsBoolean() && (strikes <= 0 || kills < strikes)) {
        stack.restart("propeller");
        kills++;
        Thread.sleep(every.toMillis());
      }
      return kills;
    }
  },
  /**
   * One of two admin replicas (the first, the one the balancer hands every other connection to) SIGKILLed while it
   * serves launches and propeller's events, then started again, as its Deployment would.
   */
  ADMIN_KILL("admin-kill") {
    @Override
    int inject(LocalStack stack, Duration every, int strikes, BooleanSupplier done) {
      if (!stack.endpoints().containsKey("admin-2")) {
        throw new IllegalStateException("admin-kill needs a stack with --admin-replicas 2");
      }
      stack.restart("admin");
      return 1;
    }
  },
  /** PostgreSQL stopped (every connection cut), down for {@code every}, then started on the same port and data. */
  POSTGRES_RESTART("postgres-restart") {
    @Override
    int inject(LocalStack stack, Duration every, int strikes, BooleanSupplier done) throws InterruptedException {
      stack.postgres().restart(every);
      return 1;
    }
  },
  /** S3 unreachable (connections refused) for {@code every}, then serving the same objects on the same port. */
  S3_OUTAGE("s3-outage") {
    @Override
    int inject(LocalStack stack, Duration every, int strikes, BooleanSupplier done) throws InterruptedException {
      stack.s3().outage(every);
      return 1;
    }
  },
  /** kube-apiserver SIGKILLed and started again on the same port and etcd: every watch and request is cut. */
  APISERVER_RESTART("apiserver-restart") {
    @Override
    int inject(LocalStack stack, Duration every, int strikes, BooleanSupplier done) {
      stack.kube().restartApiServer();
      return 1;
    }
  };

  private final String label;

  ChaosFault(String label) {
    this.label = label;
  }

  /** The scenario's name on the command line and in the counts table. */
  public String label() {
    return label;
  }

  /** The fault named {@code label}. */
  public static ChaosFault of(String label) {
    for (ChaosFault f : values()) {
      if (f.label.equals(label)) {
        return f;
      }
    }
    throw new IllegalArgumentException("no chaos scenario " + label);
  }

  /**
   * Strikes: {@code every} is the interval between kills (propeller) or how long the component stays down (PostgreSQL,
   * S3); {@code strikes} caps the repeated ones (0: no cap); {@code done} says every execution is terminal.
   */
  abstract int inject(LocalStack stack, Duration every, int strikes, BooleanSupplier done) throws InterruptedException;
}
