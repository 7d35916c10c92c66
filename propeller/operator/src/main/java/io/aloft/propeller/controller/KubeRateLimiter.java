package io.aloft.propeller.controller;

import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Client-go's token bucket for propeller's requests to the API server ({@code kube-client-config.qps} and
 * {@code .burst}; flytepropeller's {@code kubeClientConfig} as {@code rest.Config.QPS/Burst}): up to {@code burst}
 * requests at once, refilled at {@code qps} per second. A Bucket4j bucket. Every write propeller makes (status,
 * finalizer, pods) takes a token first; the requests, the ones that had to wait and the time spent waiting are
 * counted, because a growing wait is the sign the guide describes ("the Kube API server tends to throttle requests
 * transparently"), and the request rate is propeller's share of the API server's write load.
 */
public final class KubeRateLimiter {
  private final Bucket bucket;
  private final AtomicLong waitedNanos = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong waits = new AtomicLong();

  /** {@code qps <= 0} disables limiting. */
  public KubeRateLimiter(double qps, int burst) {
    // one token every 1/qps: a greedy refill adds it continuously, so a fractional qps needs no rounding
    this.bucket = qps <= 0 ? null : Bucket.builder().addLimit(limit -> limit.capacity(Math.max(1, burst))
        .refillGreedy(1, Duration.ofNanos(Math.max(1, (long) (1e9 / qps))))).build();
  }

  /** Takes a token, waiting for one if the bucket is empty. */
  public void acquire() {
    requests.incrementAndGet();
    if (bucket == null || bucket.tryConsume(1)) {
      return;
    }
    waits.incrementAndGet();
    long t0 = System.nanoTime();
    try {
      bucket.asBlocking().consume(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      waitedNanos.addAndGet(System.nanoTime() - t0);
    }
  }

  /** Requests that took a token (or would have, with limiting off): every request propeller sends. */
  public long requests() {
    return requests.get();
  }

  /** Requests that found the bucket empty and waited for a token. */
  public long waits() {
    return waits.get();
  }

  /** Total time callers waited for tokens. */
  public double waitedSeconds() {
    return waitedNanos.get() / 1e9;
  }

  /** Tokens in the bucket now: {@code burst} when idle; 0 with limiting off (there is no bucket). */
  public long availableTokens() {
    return bucket == null ? 0 : bucket.getAvailableTokens();
  }
}
