package io.aloft.propeller.controller;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Client-go's token bucket for propeller's requests to the API server ({@code kube-client-config.qps} and
 * {@code .burst}): up to {@code burst} requests at once, refilled at {@code qps} per second. Every write propeller
 * makes (status, finalizer, pods) takes a token first; the time spent waiting is counted, because a growing wait is
 * the sign the guide describes ("the Kube API server tends to throttle requests transparently"), and so are the
 * requests themselves: their rate is propeller's share of the API server's write load.
 */
public final class KubeRateLimiter {
  private final double qps;
  private final double burst;
  private double tokens;
  private long last;
  private final AtomicLong waitedNanos = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();

  /** {@code qps <= 0} disables limiting. */
  public KubeRateLimiter(double qps, int burst) {
    this.qps = qps;
    this.burst = Math.max(1, burst);
    this.tokens = this.burst;
    this.last = System.nanoTime();
  }

  /** Takes a token, waiting for one if the bucket is empty. */
  public void acquire() {
    requests.incrementAndGet();
    if (qps <= 0) {
      return;
    }
    long waitNanos;
    synchronized (this) {
      long now = System.nanoTime();
      tokens = Math.min(burst, tokens + (now - last) / 1e9 * qps);
      last = now;
      tokens -= 1;
      waitNanos = tokens >= 0 ? 0 : (long) (-tokens / qps * 1e9);
    }
    if (waitNanos > 0) {
      waitedNanos.addAndGet(waitNanos);
      try {
        TimeUnit.NANOSECONDS.sleep(waitNanos);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Requests that took a token (or would have, with limiting off): every request propeller sends. */
  public long requests() {
    return requests.get();
  }

  /** Total time callers waited for tokens. */
  public double waitedSeconds() {
    return waitedNanos.get() / 1e9;
  }
}
