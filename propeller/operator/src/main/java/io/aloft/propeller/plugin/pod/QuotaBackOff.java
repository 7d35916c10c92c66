package io.aloft.propeller.plugin.pod;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Exponential back-off after the API server refused a pod (flytepropeller nodes/task/backoff/handler.go
 * {@code IsBackoffError}): for an exceeded resource quota (403 "exceeded quota"), for throttling (429
 * TooManyRequests) and for a server timeout (reason ServerTimeout, or 504). Per key (namespace and resource kind),
 * each refusal doubles the wait from {@code base} up to {@code max} ({@code tasks.backoff.base-second},
 * {@code .max-duration}); while a key waits, launches under it are not tried; an admitted launch clears the key.
 */
public final class QuotaBackOff {
  /** Why the API server refused: the metrics' {@code reason} tag. */
  public enum Reason {
    QUOTA, THROTTLED, TIMEOUT;

    public String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private record Entry(int refusals, Instant retryAt) {}

  private final Duration base;
  private final Duration max;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Map<Reason, AtomicLong> refusals = new ConcurrentHashMap<>();
  private final AtomicLong deferred = new AtomicLong();
  private volatile BiConsumer<Reason, Duration> onRefusal = (reason, delay) -> { };

  public QuotaBackOff(Duration base, Duration max) {
    this.base = base;
    this.max = max;
    for (Reason r : Reason.values()) {
      refusals.put(r, new AtomicLong());
    }
  }

  /** Calls {@code listener} with the reason and the computed wait of every refusal (the operator's metrics). */
  public void onRefusal(BiConsumer<Reason, Duration> listener) {
    this.onRefusal = listener;
  }

  /** When a launch under {@code key} may be tried again, or null when it may be tried now. */
  public Instant waitingUntil(String key, Instant now) {
    Entry e = entries.get(key);
    if (e == null || !now.isBefore(e.retryAt())) {
      return null;
    }
    deferred.incrementAndGet();
    return e.retryAt();
  }

  /** Records a quota refusal at {@code now}; returns when to try again. */
  public Instant refused(String key, Instant now) {
    return refused(key, now, Reason.QUOTA);
  }

  /** Records a refusal for {@code reason} at {@code now}; returns when to try again. */
  public Instant refused(String key, Instant now, Reason reason) {
    refusals.get(reason).incrementAndGet();
    Entry e = entries.compute(key, (k, old) -> {
      int n = old == null ? 1 : old.refusals() + 1;
      return new Entry(n, now.plus(delay(n)));
    });
    onRefusal.accept(reason, Duration.between(now, e.retryAt()));
    return e.retryAt();
  }

  /** The wait after the {@code n}th refusal in a row: base * 2^(n-1), at most max. */
  Duration delay(int n) {
    Duration d = base;
    for (int i = 1; i < n && d.compareTo(max) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(max) > 0 ? max : d;
  }

  /** A launch under {@code key} was admitted: the quota has room again. */
  public void admitted(String key) {
    entries.remove(key);
  }

  /** Refusals of every reason seen since start (a monotonic counter for metrics). */
  public long refusals() {
    return refusals.values().stream().mapToLong(AtomicLong::get).sum();
  }

  /** Refusals for {@code reason} seen since start (a monotonic counter for metrics). */
  public long refusals(Reason reason) {
    return refusals.get(reason).get();
  }

  /** Launches not tried because their key was backing off (a monotonic counter for metrics). */
  public long deferred() {
    return deferred.get();
  }

  /** Keys backing off now (a gauge for metrics). */
  public int backingOff(Instant now) {
    return (int) entries.values().stream().filter(e -> now.isBefore(e.retryAt())).count();
  }
}
