package io.aloft.propeller.controller;

import io.aloft.propeller.threads.DaemonThreads;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The workflow work queue (client-go's workqueue as flytepropeller uses it): a FIFO of workflow keys where a key is
 * queued at most once, a key being processed is not handed to a second worker (an add during processing re-queues
 * it once the worker is done), delayed adds, and per-key exponential back-off after failed rounds. At most
 * {@code maxItems} keys wait; further adds are dropped and counted (the workflow comes back with the next resync).
 *
 * <p>A key backing off comes back only when its back-off ends: other adds meanwhile (the informer's event for the
 * status the failed round wrote, a resync) are absorbed, as flytepropeller enqueues every event rate-limited. Without
 * that, a failed round's own status write re-queued the workflow at once, and an outage of seconds (S3, PostgreSQL
 * behind admin) used up {@code max-workflow-retries} in a second and aborted the workflow.
 */
public final class WorkQueue implements AutoCloseable {
  private final int maxItems;
  private final Duration baseDelay;
  private final Duration maxDelay;
  private final ArrayDeque<String> queue = new ArrayDeque<>();
  private final Set<String> queued = new HashSet<>();
  private final Set<String> processing = new HashSet<>();
  private final Set<String> dirty = new HashSet<>();
  private final Map<String, Integer> failures = new HashMap<>();
  private final Set<String> backingOff = new HashSet<>();
  private final ScheduledExecutorService delays = DaemonThreads.scheduler("aloft-workqueue-delay");
  private final AtomicLong adds = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private boolean shutdown;

  public WorkQueue(int maxItems, Duration baseDelay, Duration maxDelay) {
    this.maxItems = Math.max(1, maxItems);
    this.baseDelay = baseDelay;
    this.maxDelay = maxDelay;
  }

  /** Queues {@code key} unless it is queued already or backing off. */
  public void add(String key) {
    enqueue(key, false);
  }

  private synchronized void enqueue(String key, boolean backOffEnded) {
    if (shutdown) {
      return;
    }
    adds.incrementAndGet();
    if (backOffEnded) {
      backingOff.remove(key);
    } else if (backingOff.contains(key)) {
      return;
    }
    if (processing.contains(key)) {
      dirty.add(key);
      return;
    }
    if (queued.contains(key)) {
      return;
    }
    if (queue.size() >= maxItems) {
      dropped.incrementAndGet();
      return;
    }
    queued.add(key);
    queue.addLast(key);
    notifyAll();
  }

  /** Queues {@code key} after {@code delay}. */
  public void addAfter(String key, Duration delay) {
    if (delay.isZero() || delay.isNegative()) {
      add(key);
      return;
    }
    synchronized (this) {
      if (shutdown) {
        return;
      }
    }
    delays.schedule(() -> add(key), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Queues {@code key} after its failure back-off (base-delay doubled per consecutive failure, capped) and returns
   * that back-off, so that callers and tests see the delay chosen rather than having to time it.
   */
  public Duration addRateLimited(String key) {
    int n;
    synchronized (this) {
      if (shutdown) {
        return Duration.ZERO;
      }
      n = failures.merge(key, 1, Integer::sum);
      backingOff.add(key);
    }
    long millis = baseDelay.toMillis() << Math.min(n - 1, 30);
    if (millis < 0 || millis > maxDelay.toMillis()) {
      millis = maxDelay.toMillis();
    }
    Duration delay = Duration.ofMillis(millis);
    delays.schedule(() -> enqueue(key, true), millis, TimeUnit.MILLISECONDS);
    return delay;
  }

  /** Clears {@code key}'s failure count after a good round. */
  public synchronized void forget(String key) {
    failures.remove(key);
    backingOff.remove(key);
  }

  /** The next key, blocking; null once shut down. The caller must call {@link #done} with it. */
  public synchronized String take() throws InterruptedException {
    while (queue.isEmpty() && !shutdown) {
      wait();
    }
    if (shutdown) {
      return null;
    }
    String key = queue.removeFirst();
    queued.remove(key);
    processing.add(key);
    return key;
  }

  /** Ends processing of {@code key}; if it was added meanwhile it is queued again. */
  public synchronized void done(String key) {
    processing.remove(key);
    if (dirty.remove(key) && !backingOff.contains(key)) {
      if (!queued.contains(key)) {
        queued.add(key);
        queue.addLast(key);
        notifyAll();
      }
    }
  }

  /** Keys waiting (the queue depth). */
  public synchronized int depth() {
    return queue.size();
  }

  /** Keys being processed. */
  public synchronized int inProcess() {
    return processing.size();
  }

  /** Adds so far (including those that found the key queued). */
  public long adds() {
    return adds.get();
  }

  /** Adds dropped because the queue held max-items keys. */
  public long dropped() {
    return dropped.get();
  }

  @Override
  public void close() {
    synchronized (this) {
      shutdown = true;
      notifyAll();
    }
    delays.shutdownNow();
  }
}
