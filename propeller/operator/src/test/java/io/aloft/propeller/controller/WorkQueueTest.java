package io.aloft.propeller.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

  @Test
  void aKeyIsQueuedOnceAndHandedToOneWorkerAtATime() throws Exception {
    try (WorkQueue q = new WorkQueue(10, Duration.ofMillis(5), Duration.ofSeconds(1))) {
      q.add("a");
      q.add("a");
      q.add("b");
      assertThat(q.depth()).isEqualTo(2);
      assertThat(q.take()).isEqualTo("a");
      // added while processing: not handed out again until done
      q.add("a");
      assertThat(q.take()).isEqualTo("b");
      assertThat(q.depth()).isZero();
      q.done("a");
      assertThat(q.depth()).isEqualTo(1);
      assertThat(q.take()).isEqualTo("a");
      q.done("a");
      q.done("b");
      assertThat(q.depth()).isZero();
      assertThat(q.inProcess()).isZero();
    }
  }

  @Test
  void beyondMaxItemsAddsAreDroppedAndCounted() {
    try (WorkQueue q = new WorkQueue(2, Duration.ofMillis(5), Duration.ofSeconds(1))) {
      q.add("a");
      q.add("b");
      q.add("c");
      assertThat(q.depth()).isEqualTo(2);
      assertThat(q.dropped()).isEqualTo(1);
    }
  }

  @Test
  void failedKeysComeBackAfterADoublingBackOffAndForgetResetsIt() throws Exception {
    try (WorkQueue q = new WorkQueue(10, Duration.ofMillis(200), Duration.ofMillis(300))) {
      long t0 = System.nanoTime();
      q.addRateLimited("a");
      assertThat(q.depth()).isZero();
      assertThat(q.take()).isEqualTo("a");
      long first = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertThat(first).isGreaterThanOrEqualTo(150);
      q.done("a");
      long t1 = System.nanoTime();
      q.addRateLimited("a"); // second failure: 400 ms, capped at 300
      assertThat(q.take()).isEqualTo("a");
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1)).isBetween(250L, 2_000L);
      q.done("a");
      q.forget("a");
    }
  }

  @Test
  void addsWhileAKeyBacksOffWaitForTheBackOff() throws Exception {
    try (WorkQueue q = new WorkQueue(10, Duration.ofMillis(300), Duration.ofSeconds(1))) {
      q.add("a");
      assertThat(q.take()).isEqualTo("a");
      q.add("a"); // the failed round's own status write, seen by the informer while the round runs
      long t0 = System.nanoTime();
      q.addRateLimited("a");
      q.done("a");
      q.add("a"); // a resync during the back-off
      assertThat(q.depth()).as("nothing queued before the back-off ends").isZero();
      assertThat(q.take()).isEqualTo("a");
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(250);
      assertThat(q.depth()).as("queued once").isZero();
      q.done("a");
      q.forget("a");
      q.add("a"); // after a good round adds queue at once again
      assertThat(q.depth()).isEqualTo(1);
    }
  }

  @Test
  void takeReturnsNullOnceClosed() throws Exception {
    WorkQueue q = new WorkQueue(10, Duration.ofMillis(5), Duration.ofSeconds(1));
    CompletableFuture<String> taken = CompletableFuture.supplyAsync(() -> {
      try {
        return q.take();
      } catch (InterruptedException e) {
        return "interrupted";
      }
    });
    q.close();
    assertThat(taken.get(5, TimeUnit.SECONDS)).isNull();
  }

  @Test
  void theRateLimiterLetsABurstThroughAndThenPacesToQps() {
    KubeRateLimiter limiter = new KubeRateLimiter(20, 3);
    for (int i = 0; i < 3; i++) {
      limiter.acquire();
    }
    assertThat(limiter.waitedSeconds()).isZero();
    long t0 = System.nanoTime();
    for (int i = 0; i < 4; i++) {
      limiter.acquire();
    }
    // four tokens at 20 per second: about 200 ms of waiting
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(150);
    assertThat(limiter.waitedSeconds()).isGreaterThan(0.15);
    KubeRateLimiter off = new KubeRateLimiter(0, 1);
    for (int i = 0; i < 1000; i++) {
      off.acquire();
    }
    assertThat(off.waitedSeconds()).isZero();
  }
}
