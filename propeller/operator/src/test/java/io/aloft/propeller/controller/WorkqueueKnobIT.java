package io.aloft.propeller.controller;

import static io.aloft.propeller.controller.KnobWorkflows.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aloft.testkit.quarkus.KubeApiServerResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code aloft.propeller.workqueue.max-items} as a user sets it: with 2, a resync that queues eight running workflows
 * at once leaves at most two waiting and drops the other adds (they return with the next resync), counted in
 * {@code aloft_propeller_workqueue_dropped_total}.
 */
@QuarkusTest
@QuarkusTestResource(value = KubeApiServerResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = WorkflowCrdResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = S3Resource.class, restrictToAnnotatedClass = false)
@TestProfile(WorkqueueKnobIT.TwoItems.class)
class WorkqueueKnobIT {
  static final String NS = "knob-workqueue";
  static final int WORKFLOWS = 8;

  public static class TwoItems implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("aloft.propeller.workqueue.max-items", "2", "aloft.propeller.workers", "1",
          "aloft.propeller.workflow-reeval-duration", "300ms", "aloft.propeller.event.type", "log");
    }
  }

  @Inject
  KubernetesClient kube;

  @AfterEach
  void cleanUp() {
    KnobWorkflows.deleteAll(kube, NS);
  }

  @Test
  void beyondMaxItemsQueuedKeysAreDroppedAndCounted() throws Exception {
    KnobWorkflows.namespace(kube, NS);
    for (int i = 0; i < WORKFLOWS; i++) {
      // a pod task: no kubelet runs the pod, so the workflow stays running and every resync queues it again
      KnobWorkflows.create(kube, KnobWorkflows.podTask(NS, "queued-" + i));
    }
    AtomicReference<Double> deepest = new AtomicReference<>(0.0);
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      deepest.accumulateAndGet(metric("aloft_propeller_workqueue_depth"), Math::max);
      assertThat(metric("aloft_propeller_workqueue_dropped_total")).isGreaterThanOrEqualTo(WORKFLOWS - 3);
    });
    assertThat(deepest.get()).isLessThanOrEqualTo(2.0);
  }
}
