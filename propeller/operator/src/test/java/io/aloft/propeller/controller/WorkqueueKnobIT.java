package io.aloft.propeller.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@code aloft.propeller.workqueue.max-items} as a user sets it: with 2, a resync that queues eight running workflows
 * at once leaves at most two waiting and drops the other adds (they return with the next resync), counted in
 * {@code aloft_propeller_workqueue_dropped_total}.
 */
@QuarkusTest
@TestProfile(WorkqueueKnobIT.TwoItems.class)
class WorkqueueKnobIT extends KnobTesting {
  static final int WORKFLOWS = 8;

  public static class TwoItems extends Knobs {
    @Override
    Map<String, String> knobs() {
      return Map.of("aloft.propeller.workqueue.max-items", "2", "aloft.propeller.workers", "1",
          "aloft.propeller.workflow-reeval-duration", "300ms");
    }
  }

  @Override
  String namespace() {
    return "knob-workqueue";
  }

  @Test
  void beyondMaxItemsQueuedKeysAreDroppedAndCounted() throws Exception {
    for (int i = 0; i < WORKFLOWS; i++) {
      // a pod task: no kubelet runs the pod, so the workflow stays running and every resync queues it again
      create(podTask("queued-" + i));
    }
    AtomicReference<Double> deepest = new AtomicReference<>(0.0);
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      deepest.accumulateAndGet(metric("aloft_propeller_workqueue_depth"), Math::max);
      assertThat(metric("aloft_propeller_workqueue_dropped_total")).isGreaterThanOrEqualTo(WORKFLOWS - 3);
    });
    assertThat(deepest.get()).isLessThanOrEqualTo(2.0);
  }
}
