package io.aloft.propeller.controller;

import static io.aloft.propeller.controller.KnobWorkflows.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aloft.testkit.quarkus.KubeApiServerResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.api.model.ResourceQuotaStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code aloft.propeller.tasks.backoff.base-second} and {@code .max-duration} as a user sets them: a namespace whose
 * ResourceQuota is used up refuses the pod again and again; the waits double from 1 s and stop at the 2 s cap, read
 * from the back-off's own timer of computed waits ({@code aloft_propeller_tasks_backoff_delay_seconds}), not from the
 * wall clock.
 */
@QuarkusTest
@QuarkusTestResource(value = KubeApiServerResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = WorkflowCrdResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = S3Resource.class, restrictToAnnotatedClass = false)
@TestProfile(TaskBackOffKnobIT.TwoSecondCap.class)
class TaskBackOffKnobIT {
  static final String NS = "knob-task-backoff";

  public static class TwoSecondCap implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("aloft.propeller.tasks.backoff.base-second", "1",
          "aloft.propeller.tasks.backoff.max-duration", "2s",
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
  void refusedPodsBackOffNoLongerThanMaxDuration() throws Exception {
    KnobWorkflows.namespace(kube, NS);
    kube.resourceQuotas().inNamespace(NS).resource(new ResourceQuotaBuilder().withNewMetadata().withName("pods")
        .endMetadata().withNewSpec().withHard(Map.of("pods", new Quantity("1"))).endSpec().build())
        .serverSideApply();
    // No controller-manager computes usage: say the quota is used up, as its controller would.
    ResourceQuota q = kube.resourceQuotas().inNamespace(NS).withName("pods").get();
    q.setStatus(new ResourceQuotaStatus(Map.of("pods", new Quantity("1")), Map.of("pods", new Quantity("1"))));
    kube.resourceQuotas().inNamespace(NS).resource(q).updateStatus();

    KnobWorkflows.create(kube, KnobWorkflows.podTask(NS, "refused"));
    // waits of 1, 2, 2, 2 s: the fourth refusal comes after the cap was reached twice
    await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(
        metric("aloft_propeller_tasks_backoff_refusals_total{reason=\"quota\"}")).isGreaterThanOrEqualTo(4));
    String metrics = KnobWorkflows.scrape();
    assertThat(WorkflowLoopIT.counter(metrics, "aloft_propeller_tasks_backoff_delay_seconds_max")).isEqualTo(2.0);
    assertThat(WorkflowLoopIT.counter(metrics, "aloft_propeller_tasks_backoff_delay_seconds_count"))
        .isGreaterThanOrEqualTo(4);
    assertThat(WorkflowLoopIT.counter(metrics, "aloft_propeller_tasks_backoff_deferred_total")).isPositive();
    assertThat(kube.pods().inNamespace(NS).list().getItems()).isEmpty();
  }
}
