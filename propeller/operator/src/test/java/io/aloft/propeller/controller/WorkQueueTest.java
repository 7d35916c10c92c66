package io.aloft.propeller.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    // The delays are read from what the queue chose, not timed: base 50 ms doubling per failure, capped at 400 ms.
    try (WorkQueue q = new WorkQueue(10, Duration.ofMillis(50), Duration.ofMillis(400))) {
      List<Long> delays = new ArrayList<>();
      for (int failure = 0; failure < 5; failure++) {
        delays.add(q.addRateLimited("a").toMillis());
        assertThat(q.take()).as("the key comes back after its back-off").isEqualTo("a");
        q.done("a");
      }
      assertThat(delays).containsExactly(50L, 100L, 200L, 400L, 400L);
      // another key's failures are counted apart
      assertThat(q.addRateLimited("b")).isEqualTo(Duration.ofMillis(50));
      assertThat(q.take()).isEqualTo("b");
      q.done("b");

      q.forget("a");
      assertThat(q.addRateLimited("a")).as("after forget the next failure starts again at the base delay")
          .isEqualTo(Duration.ofMillis(50));
      assertThat(q.addRateLimited("a")).isEqualTo(Duration.ofMillis(100));
    }
  }

  @Test
  void aFailedKeyWaitsForItsBackOffBeforeItIsQueued() {
    // an hour's back-off: the key cannot be in the queue right after, however slow this machine is
    try (WorkQueue q = new WorkQueue(10, Duration.ofHours(1), Duration.ofHours(2))) {
      assertThat(q.addRateLimited("a")).isEqualTo(Duration.ofHours(1));
      assertThat(q.depth()).isZero();
      q.add("b");
      assertThat(q.depth()).isEqualTo(1);
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
  void theRateLimiterLetsABurstThroughAndThenHoldsTheNextRequest() throws Exception {
    // a token every 1000 s: nothing refills while the test runs, however slow the machine
    KubeRateLimiter limiter = new KubeRateLimiter(0.001, 3);
    for (int i = 0; i < 3; i++) {
      limiter.acquire();
    }
    assertThat(limiter.waits()).isZero();
    assertThat(limiter.availableTokens()).isZero();
    Thread fourth = Thread.ofVirtual().start(limiter::acquire);
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> limiter.waits() == 1);
    fourth.join(300);
    assertThat(fourth.isAlive()).as("the request beyond the burst waits for a token").isTrue();
    fourth.interrupt();
    fourth.join();
    assertThat(limiter.requests()).isEqualTo(4);
    KubeRateLimiter off = new KubeRateLimiter(0, 1);
    for (int i = 0; i < 1000; i++) {
      off.acquire();
    }
    assertThat(off.waits()).isZero();
    assertThat(off.waitedSeconds()).isZero();
  }
}
