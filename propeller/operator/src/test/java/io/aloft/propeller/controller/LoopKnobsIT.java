package io.aloft.propeller.controller;

import static io.aloft.propeller.controller.WorkflowLoopIT.counter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aloft.crd.FlyteWorkflow;
import io.aloft.engine.status.StatusJson;
import io.aloft.engine.status.WorkflowPhase;
import io.aloft.testkit.quarkus.KubeApiServerResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The evaluation loop's knobs of Flyte's guide, each set as a user sets it (a non-default value of its key) and seen
 * where an operator sees it, on {@code /q/metrics}: {@code workers} bounds the rounds running at once,
 * {@code max-streak-length} the rounds of one dequeue, and {@code workflow-reeval-duration} and
 * {@code downstream-eval-duration} are the periods the workflow and pod informers are resynced with.
 */
@QuarkusTest
@QuarkusTestResource(value = KubeApiServerResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = WorkflowCrdResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = S3Resource.class, restrictToAnnotatedClass = false)
@TestProfile(LoopKnobsIT.Knobs.class)
class LoopKnobsIT {
  static final String NS = "loop-knobs";

  /** Every knob away from its default (workers 10, streak 8, re-evaluation 10s, downstream 5s). */
  public static class Knobs implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("aloft.propeller.event.type", "log",
          "aloft.propeller.workers", "3",
          "aloft.propeller.max-streak-length", "3",
          "aloft.propeller.workflow-reeval-duration", "1500ms",
          "aloft.propeller.downstream-eval-duration", "700ms");
    }
  }

  @Inject
  KubernetesClient kube;

  @Inject
  GatedPlugin gated;

  @BeforeEach
  void namespace() {
    if (kube.namespaces().withName(NS).get() == null) {
      kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
          .create();
    }
  }

  static String metrics() {
    return RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
  }

  private FlyteWorkflow create(FlyteWorkflow wf) {
    wf.getMetadata().setNamespace(NS);
    return kube.resources(FlyteWorkflow.class).inNamespace(NS).resource(wf).create();
  }

  private void awaitSuccess(String name) {
    FlyteWorkflow done = await().atMost(Duration.ofSeconds(60)).until(
        () -> kube.resources(FlyteWorkflow.class).inNamespace(NS).withName(name).get(),
        w -> w.status != null && StatusJson.fromNode(w.status).phase.isTerminal());
    assertThat(StatusJson.fromNode(done.status).phase).as(name).isEqualTo(WorkflowPhase.SUCCESS);
  }

  @Test
  void workersBoundTheRoundsRunningAtOnce() throws Exception {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      FlyteWorkflow wf = WorkflowLoopIT.chain("gated-" + i, 1);
      wf.tasks.values().forEach(t -> ((ObjectNode) t).put("type", GatedPlugin.TYPE));
      names.add(create(wf).getMetadata().getName());
    }
    // every workflow has reached the gate or waits in the queue for a worker
    await().atMost(Duration.ofSeconds(60)).until(
        () -> gated.inside() + counter(metrics(), "aloft_propeller_workqueue_depth") >= names.size());
    String held = metrics();
    assertThat(gated.inside()).as("rounds held at the gate").isEqualTo(3);
    assertThat(counter(held, "aloft_propeller_workers_busy")).isEqualTo(3);
    assertThat(counter(held, "aloft_propeller_free_workers_count")).isZero();
    assertThat(counter(held, "aloft_propeller_workqueue_depth")).as("workflows waiting for a worker")
        .isGreaterThanOrEqualTo(2);

    gated.open();
    names.forEach(this::awaitSuccess);
    assertThat(gated.mostInside()).as("rounds ever running at once").isEqualTo(3);
  }

  @Test
  void maxStreakLengthEndsADequeueAfterThatManyRounds() throws Exception {
    String name = create(WorkflowLoopIT.chain("streaks", 8)).getMetadata().getName();
    awaitSuccess(name);
    String m = metrics();
    double streaks = counter(m, "aloft_propeller_round_streak_length_count");
    double upToTwo = counter(m, "aloft_propeller_round_streak_length_bucket{le=\"2.0\"}");
    double upToThree = counter(m, "aloft_propeller_round_streak_length_bucket{le=\"3.0\"}");
    assertThat(streaks).isPositive();
    assertThat(upToThree).as("no streak longer than 3 rounds").isEqualTo(streaks);
    assertThat(upToThree - upToTwo).as("streaks of exactly 3 rounds, re-queued at the limit").isPositive();
  }

  @Test
  void reEvaluationPeriodsAreTheInformersResyncPeriods() {
    // a task pod nobody runs: the pod informer hands it over again at every resync
    Pod pod = kube.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName("resynced")
        .addToLabels("aloft.io/task-plugin", "pod").endMetadata()
        .withNewSpec().addNewContainer().withName("c").withImage("never:pulled").endContainer().endSpec().build())
        .create();
    try {
      String m = metrics();
      assertThat(counter(m, "aloft_propeller_resync_period_seconds{informer=\"workflows\"}")).isEqualTo(1.5);
      assertThat(counter(m, "aloft_propeller_resync_period_seconds{informer=\"pods\"}")).isEqualTo(0.7);
      // and the resyncs happen (their rate is 1 / period; counting two of each needs no clock)
      double workflows = counter(m, "aloft_propeller_resyncs_total{informer=\"workflows\"}");
      double pods = counter(m, "aloft_propeller_resyncs_total{informer=\"pods\"}");
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        String now = metrics();
        return counter(now, "aloft_propeller_resyncs_total{informer=\"workflows\"}") >= workflows + 2
            && counter(now, "aloft_propeller_resyncs_total{informer=\"pods\"}") >= pods + 2;
      });
    } finally {
      kube.resource(pod).withGracePeriod(0).delete();
    }
  }
}
