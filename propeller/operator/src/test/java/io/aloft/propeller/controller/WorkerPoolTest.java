package io.aloft.propeller.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aloft.propeller.leader.Leadership;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The workers evaluate only while the replica leads, and a lost lease stops what was queued before. */
class WorkerPoolTest {
  private final List<String> handled = new CopyOnWriteArrayList<>();
  private final WorkQueue queue = new WorkQueue(100, Duration.ofMillis(150), Duration.ofSeconds(1));

  @AfterEach
  void close() {
    queue.close();
  }

  private WorkerPool pool(Leadership leadership, WorkflowHandler.Next next) {
    WorkerPool pool = new WorkerPool(queue, 2, leadership, (ns, name) -> {
      handled.add(ns + "/" + name);
      return next;
    });
    pool.start();
    return pool;
  }

  @Test
  void aFollowerQueuesAndEvaluatesNothing() throws Exception {
    Leadership follower = Leadership.elected("b_1");
    WorkerPool pool = pool(follower, WorkflowHandler.Next.WAIT);
    pool.enqueue("ns", "wf-1");
    queue.add("ns/wf-2"); // queued by any other path: still not evaluated
    Thread.sleep(300);
    assertThat(handled).isEmpty();
    assertThat(queue.depth()).isZero();

    follower.startLeading();
    pool.enqueue("ns", "wf-3");
    await().atMost(Duration.ofSeconds(30)).until(() -> handled.contains("ns/wf-3"));
    assertThat(handled).containsExactly("ns/wf-3");
  }

  @Test
  void withElectionOffEveryKeyIsEvaluated() {
    WorkerPool pool = pool(Leadership.always(), WorkflowHandler.Next.WAIT);
    pool.enqueue("ns", "wf-1");
    await().atMost(Duration.ofSeconds(30)).until(() -> handled.contains("ns/wf-1"));
  }

  @Test
  void aBackedOffKeyIsNotEvaluatedAfterTheLeaseIsLost() throws Exception {
    Leadership leader = Leadership.elected("a_1");
    leader.startLeading();
    WorkerPool pool = pool(leader, WorkflowHandler.Next.BACK_OFF);
    pool.enqueue("ns", "wf-1");
    await().atMost(Duration.ofSeconds(30)).until(() -> handled.size() == 1);
    leader.stopLeading(); // the key comes back from its 150 ms back-off after this
    Thread.sleep(600);
    assertThat(handled).containsExactly("ns/wf-1");
  }

  @Test
  void resigningWaitsForTheRoundInFlight() throws Exception {
    Leadership leader = Leadership.elected("a_1");
    leader.startLeading();
    CountDownLatch inRound = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    WorkerPool pool = new WorkerPool(queue, 1, leader, (ns, name) -> {
      inRound.countDown();
      try {
        finish.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return WorkflowHandler.Next.WAIT;
    });
    pool.start();
    pool.enqueue("ns", "slow");
    assertThat(inRound.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(leader.resign(Duration.ofMillis(200))).as("the round still runs").isFalse();
    finish.countDown();
    assertThat(leader.resign(Duration.ofSeconds(5))).isTrue();
    assertThat(pool.busy()).isZero();
  }
}
