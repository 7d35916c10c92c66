package io.aloft.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/** Latencies of a batch of calls and the wall time they took together; the benches' one measuring tool. */
record Timings(long[] nanos, long wallNanos) {

  /** The {@code percentile}th latency in milliseconds. */
  double p(int percentile) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int idx = (int) Math.min(sorted.length - 1, Math.ceil(percentile / 100.0 * sorted.length) - 1);
    return sorted[Math.max(0, idx)] / 1e6;
  }

  /** Calls per second of wall time. */
  double perSecond() {
    return nanos.length / (wallNanos / 1e9);
  }

  /** Runs {@code call(0..n-1)} spread over {@code threads} threads and times each call. */
  static Timings of(int n, int threads, IntConsumer call) throws Exception {
    long[] nanos = new long[n];
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      AtomicInteger next = new AtomicInteger();
      long t0 = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
            long s = System.nanoTime();
            call.accept(i);
            nanos[i] = System.nanoTime() - s;
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      return new Timings(nanos, System.nanoTime() - t0);
    } finally {
      pool.shutdownNow();
    }
  }
}
