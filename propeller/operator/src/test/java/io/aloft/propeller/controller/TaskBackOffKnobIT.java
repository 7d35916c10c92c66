package io.aloft.propeller.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.ResourceQuotaStatus;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code aloft.propeller.tasks.backoff.base-second} and {@code .max-duration} as a user sets them: a namespace whose
 * ResourceQuota is used up refuses the pod again and again; the waits double from 1 s and stop at the 2 s cap, read
 * from the back-off's own timer of computed waits ({@code aloft_propeller_tasks_backoff_delay_seconds}), not from the
 * wall clock.
 */
@QuarkusTest
@TestProfile(TaskBackOffKnobIT.TwoSecondCap.class)
class TaskBackOffKnobIT extends KnobTesting {
  public static class TwoSecondCap extends Knobs {
    @Override
    Map<String, String> knobs() {
      return Map.of("aloft.propeller.tasks.backoff.base-second", "1",
          "aloft.propeller.tasks.backoff.max-duration", "2s", "aloft.propeller.workflow-reeval-duration", "300ms");
    }
  }

  @Override
  String namespace() {
    return "knob-task-backoff";
  }

  @Test
  void refusedPodsBackOffNoLongerThanMaxDuration() throws Exception {
    kube.resourceQuotas().inNamespace(namespace()).resource(new ResourceQuotaBuilder().withNewMetadata()
        .withName("pods").endMetadata().withNewSpec().withHard(Map.of("pods", new Quantity("1"))).endSpec().build())
        .serverSideApply();
    // No controller-manager computes usage: say the quota is used up, as its controller would.
    ResourceQuota q = kube.resourceQuotas().inNamespace(namespace()).withName("pods").get();
    q.setStatus(new ResourceQuotaStatus(Map.of("pods", new Quantity("1")), Map.of("pods", new Quantity("1"))));
    kube.resourceQuotas().inNamespace(namespace()).resource(q).updateStatus();

    create(podTask("refused"));
    // waits of 1, 2, 2, 2 s: the fourth refusal comes after the cap was reached twice
    await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(
        metric("aloft_propeller_tasks_backoff_refusals_total{reason=\"quota\"}")).isGreaterThanOrEqualTo(4));
    String metrics = scrape();
    assertThat(WorkflowLoopIT.counter(metrics, "aloft_propeller_tasks_backoff_delay_seconds_max")).isEqualTo(2.0);
    assertThat(WorkflowLoopIT.counter(metrics, "aloft_propeller_tasks_backoff_delay_seconds_count"))
        .isGreaterThanOrEqualTo(4);
    assertThat(WorkflowLoopIT.counter(metrics, "aloft_propeller_tasks_backoff_deferred_total")).isPositive();
    assertThat(kube.pods().inNamespace(namespace()).list().getItems()).isEmpty();
  }
}
