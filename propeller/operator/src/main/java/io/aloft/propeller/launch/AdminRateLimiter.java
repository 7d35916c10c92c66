package io.aloft.propeller.launch;

import io.aloft.engine.remote.RemoteException;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The token bucket every call of the launcher and the signals to admin goes through ({@code admin-launcher.tps} and
 * {@code .burst}; flytepropeller's {@code rate.NewLimiter(tps, burst)} in launchplan/admin.go): up to {@code burst}
 * calls at once, refilled at {@code tps} per second. A Bucket4j bucket; the time callers waited is counted, because
 * a growing wait says {@code tps} is too low for the children propeller follows.
 */
public final class AdminRateLimiter {
  private final Bucket bucket;
  private final AtomicLong waitedNanos = new AtomicLong();
  private final AtomicLong calls = new AtomicLong();

  /** {@code tps <= 0} disables limiting. */
  public AdminRateLimiter(int tps, int burst) {
    this.bucket = tps <= 0 ? null : Bucket.builder()
        .addLimit(limit -> limit.capacity(Math.max(1, burst)).refillGreedy(tps, Duration.ofSeconds(1))).build();
  }

  /**
   * Runs {@code call} once a token is available.
   *
   * @throws RemoteException SYSTEM when the thread is interrupted while waiting
   */
  public <T> T call(Supplier<T> call) throws RemoteException {
    acquire();
    return call.get();
  }

  private void acquire() throws RemoteException {
    calls.incrementAndGet();
    if (bucket == null || bucket.tryConsume(1)) {
      return;
    }
    long t0 = System.nanoTime();
    try {
      bucket.asBlocking().consume(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteException(RemoteException.Kind.SYSTEM, "interrupted while waiting for admin's rate limiter");
    } finally {
      waitedNanos.addAndGet(System.nanoTime() - t0);
    }
  }

  /** Calls made (or waiting) so far. */
  public long calls() {
    return calls.get();
  }

  /** Total time callers waited for a token. */
  public double waitedSeconds() {
    return waitedNanos.get() / 1e9;
  }
}
