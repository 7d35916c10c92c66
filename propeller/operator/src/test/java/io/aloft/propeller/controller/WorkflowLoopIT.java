package io.aloft.propeller.controller;

import static io.aloft.engine.TestWorkflows.INT;
import static io.aloft.engine.TestWorkflows.intLit;
import static io.aloft.engine.TestWorkflows.promise;
import static io.aloft.engine.TestWorkflows.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Tasks;
import flyteidl.core.Tasks.TaskTemplate;
import io.aloft.crd.FlyteWorkflow;
import io.aloft.engine.TestWorkflows;
import io.aloft.engine.data.BlobStore;
import io.aloft.engine.status.NodePhase;
import io.aloft.engine.status.StatusJson;
import io.aloft.engine.status.WorkflowPhase;
import io.aloft.engine.status.WorkflowStatus;
import io.aloft.testkit.quarkus.KubeApiServerResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator drives workflow resources on a real API server to completion: echo tasks (no pods), the status
 * written through the status subresource with the display fields, the finalizer removed and the termination label
 * set at the end, outputs in S3 in Flyte's layout; and a deleted running workflow (a pod task) is aborted, its pod
 * killed, before its finalizer is released. Events are only logged here (no admin in this JVM), and counted.
 */
@QuarkusTest
@QuarkusTestResource(value = KubeApiServerResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = WorkflowCrdResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = S3Resource.class, restrictToAnnotatedClass = false)
@TestProfile(WorkflowLoopIT.LogEvents.class)
public class WorkflowLoopIT {
  public static final String NS = "proj-dev";

  /** No admin in this JVM: events go to the log. */
  public static class LogEvents implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("aloft.propeller.event.type", "log", "aloft.propeller.workflow-reeval-duration", "1s");
    }
  }

  @Inject
  KubernetesClient kube;

  @Inject
  PropellerRuntime runtime;

  @Inject
  io.aloft.propeller.config.PropellerConfig config;

  @BeforeEach
  void namespace() {
    if (kube.namespaces().withName(NS).get() == null) {
      kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
          .create();
    }
  }

  /** An echo chain of {@code length} nodes (no pods) in {@link #NS}, with admin's finalizer. */
  public static FlyteWorkflow chain(String name, int length) throws Exception {
    return chain(name, length, task("inc", "echo", Map.of("x", INT), 0));
  }

  /** A chain of {@code length} nodes running task {@code t} (input and output {@code x}) in {@link #NS}. */
  static FlyteWorkflow chain(String name, int length, TaskTemplate t) throws Exception {
    TestWorkflows.Wf wf = new TestWorkflows.Wf("chain").input("x", INT);
    String prev = null;
    for (int i = 0; i < length; i++) {
      String id = "n" + i;
      wf.node(id, t, Map.of("x", prev == null
          ? flyteidl.core.Literals.BindingData.newBuilder().setPromise(flyteidl.core.Types.OutputReference
              .newBuilder().setNodeId("start-node").setVar("x")).build()
          : promise(prev, "x")));
      prev = id;
    }
    wf.output("y", INT, promise(prev, "x"));
    FlyteWorkflow resource = wf.resource(name, LiteralMap.newBuilder().putLiterals("x", intLit(41)).build());
    resource.getMetadata().setNamespace(NS);
    resource.getMetadata().setFinalizers(List.of(FlyteWorkflow.FINALIZER));
    resource.executionId = new FlyteWorkflow.ExecutionId(TestWorkflows.PROJECT, TestWorkflows.DOMAIN, name, null);
    return resource;
  }

  @Test
  void anEchoChainRunsToSuccessAndIsFinished() throws Exception {
    String before = scrape();
    kube.resources(FlyteWorkflow.class).inNamespace(NS).resource(chain("loop-a", 5)).create();
    FlyteWorkflow done = await().atMost(Duration.ofSeconds(30)).until(
        () -> kube.resources(FlyteWorkflow.class).inNamespace(NS).withName("loop-a").get(),
        w -> w != null && w.getMetadata().getLabels() != null
            && "terminated".equals(w.getMetadata().getLabels().get(WorkflowWriter.TERMINATION_LABEL)));
    WorkflowStatus status = StatusJson.fromNode(done.status);
    assertThat(status.phase).isEqualTo(WorkflowPhase.SUCCESS);
    assertThat(done.status.get("phaseName").asText()).isEqualTo("Success");
    assertThat(done.status.get("progress").asText()).isEqualTo("5/5");
    assertThat(done.getMetadata().getFinalizers()).doesNotContain(FlyteWorkflow.FINALIZER);
    BlobStore blobs = runtime.blobs();
    LiteralMap out = blobs.readProto(status.outputRef, LiteralMap.parser()).orElseThrow();
    assertThat(out.getLiteralsOrThrow("y").getScalar().getPrimitive().getInteger()).isEqualTo(41);
    assertThat(status.dataDir).isEqualTo("s3://aloft/metadata/propeller/proj-dev-loop-a");

    // The loop's metrics on the Prometheus endpoint, as differences over this run (the other test shares the
    // process): each must have moved by what one 5-node workflow does, which a registered meter nobody updates
    // would not. The series the run does not drive (discovery: no catalog; storage cache: off) must still exist.
    String after = scrape();
    assertThat(after).contains("aloft_propeller_round_time_seconds_bucket{le=", "aloft_propeller_workqueue_depth ",
        "aloft_propeller_workers_busy ", "aloft_propeller_free_workers_count ",
        "aloft_propeller_wf_update_conflict_total ", "aloft_propeller_wf_stale_total ",
        "aloft_propeller_discovery_total{result=\"hit\"}", "aloft_propeller_discovery_total{result=\"miss\"}",
        "aloft_propeller_storage_cache_total{result=\"hit\"}",
        "aloft_propeller_storage_cache_total{result=\"miss\"}");
    // exactly this workflow succeeded, and each of its five nodes once
    assertThat(delta(before, after, "aloft_propeller_workflow_transitions_total{phase=\"SUCCEEDED\"}"))
        .isEqualTo(1);
    assertThat(delta(before, after, "aloft_propeller_node_transitions_total{phase=\"SUCCEEDED\"}"))
        .isGreaterThanOrEqualTo(5);
    // every event counted as a transition was timed once
    assertThat(delta(before, after, "aloft_propeller_event_recording_seconds_count{entity=\"node\"}"))
        .isEqualTo(sumOf(after, "aloft_propeller_node_transitions_total{") - sumOf(before,
            "aloft_propeller_node_transitions_total{"));
    // rounds: at least one per node, each timed, each ran in a streak, each completed without a system error
    double rounds = delta(before, after, "aloft_propeller_round_time_seconds_count");
    assertThat(rounds).isGreaterThanOrEqualTo(1);
    assertThat(delta(before, after, "aloft_propeller_round_success_total")).isEqualTo(rounds);
    assertThat(delta(before, after, "aloft_propeller_round_error_total")).isZero();
    assertThat(delta(before, after, "aloft_propeller_round_time_seconds_sum")).isPositive();
    assertThat(delta(before, after, "aloft_propeller_round_streak_length_sum")).isGreaterThanOrEqualTo(rounds);
    assertThat(delta(before, after, "aloft_propeller_round_streak_length_count")).isGreaterThanOrEqualTo(1);
    // status writes: each accepted one timed; they, and the finishing patch, went through the rate limiter
    double writes = delta(before, after, "aloft_propeller_wf_updated_total");
    assertThat(writes).isGreaterThanOrEqualTo(1);
    assertThat(delta(before, after, "aloft_propeller_wf_update_latency_seconds_count")).isEqualTo(writes);
    assertThat(delta(before, after, "aloft_propeller_kube_client_requests_total"))
        .isGreaterThanOrEqualTo(writes + 1);
    // outputs written to S3: each node's outputs.pb at least
    assertThat(delta(before, after, "aloft_propeller_storage_latency_seconds_count{op=\"write\"}"))
        .isGreaterThanOrEqualTo(5);
    // idle again: nothing queued, every worker free
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      String idle = scrape();
      assertThat(value(idle, "aloft_propeller_workqueue_depth")).isZero();
      assertThat(value(idle, "aloft_propeller_workers_busy")).isZero();
      assertThat(value(idle, "aloft_propeller_free_workers_count")).isEqualTo(config.workers());
    });
  }

  private static String scrape() {
    return io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
  }

  private static double delta(String before, String after, String series) {
    return counter(after, series) - counter(before, series);
  }

  /** The sum of every sample whose series starts with {@code prefix}. */
  private static double sumOf(String metrics, String prefix) {
    return metrics.lines().filter(l -> l.startsWith(prefix)).mapToDouble(l -> Double.parseDouble(
        l.substring(l.lastIndexOf(' ') + 1).trim())).sum();
  }

  /** The value of {@code series}, which must be exported. */
  private static double value(String metrics, String series) {
    assertThat(metrics).contains(series + " ");
    return counter(metrics, series);
  }

  /** The sum of the Prometheus {@code series} in {@code metrics} (0 if absent). */
  public static double counter(String metrics, String series) {
    return metrics.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(
        l.substring(series.length() + 1).trim())).sum();
  }

  @Test
  void deletingARunningWorkflowAbortsItAndReleasesTheFinalizer() throws Exception {
    // A pod task: this API server has no scheduler or kubelet, so the pod stays Pending and the workflow runs for as
    // long as the test leaves it, until the deletion (admin's TerminateExecution) aborts it.
    TaskTemplate sleeper = task("sleeper", "container", Map.of("x", INT), 0).toBuilder()
        .setContainer(Tasks.Container.newBuilder().setImage("busybox:1.36").addArgs("sleep").addArgs("3600"))
        .build();
    String name = "loop-b";
    List<Watcher.Action> actions = new CopyOnWriteArrayList<>();
    List<FlyteWorkflow> seen = new CopyOnWriteArrayList<>();
    try (Watch watch = kube.resources(FlyteWorkflow.class).inNamespace(NS).withName(name).watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, FlyteWorkflow resource) {
        actions.add(action);
        seen.add(resource);
      }

      @Override
      public void onClose(WatcherException cause) {}
    })) {
      kube.resources(FlyteWorkflow.class).inNamespace(NS).resource(chain(name, 2, sleeper)).create();
      var pods = kube.pods().inNamespace(NS).withLabel("execution-id", name);
      await("the task pod").atMost(Duration.ofSeconds(30)).until(() -> pods.list().getItems().size() == 1);
      FlyteWorkflow running = await("the workflow running n0").atMost(Duration.ofSeconds(30)).until(
          () -> kube.resources(FlyteWorkflow.class).inNamespace(NS).withName(name).get(),
          w -> w.status != null && StatusJson.fromNode(w.status).phase == WorkflowPhase.RUNNING
              && StatusJson.fromNode(w.status).nodeStatus.get("n0") != null
              && !StatusJson.fromNode(w.status).nodeStatus.get("n0").phase.isTerminal());
      assertThat(running.getMetadata().getFinalizers()).contains(FlyteWorkflow.FINALIZER);
      String before = scrape();

      kube.resources(FlyteWorkflow.class).inNamespace(NS).withName(name).delete();
      await("the deleted workflow aborted and gone").atMost(Duration.ofSeconds(60)).until(
          () -> kube.resources(FlyteWorkflow.class).inNamespace(NS).withName(name).get() == null);
      // the pod was killed by the abort (no garbage collector runs here to do it for us)
      await("the task pod killed").atMost(Duration.ofSeconds(30)).until(() -> pods.list().getItems().isEmpty());
      await().atMost(Duration.ofSeconds(30)).until(() -> actions.contains(Watcher.Action.DELETED));

      // The finalizer held the deleted resource until the workers had aborted it: the API server kept it, marked
      // for deletion, and its last state is the aborted one. (Only propeller removes the finalizer, so the
      // resource being gone at all says it released it.)
      assertThat(seen).anySatisfy(w -> {
        assertThat(w.getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(w.getMetadata().getFinalizers()).contains(FlyteWorkflow.FINALIZER);
      });
      FlyteWorkflow gone = seen.get(seen.size() - 1);
      WorkflowStatus status = StatusJson.fromNode(gone.status);
      assertThat(status.phase).isEqualTo(WorkflowPhase.ABORTED);
      assertThat(status.nodeStatus.get("n0").phase).as("Flyte keeps an aborted node as failed")
          .isEqualTo(NodePhase.FAILED);
      assertThat(status.nodeStatus.get("n0").error.code).isEqualTo("NodeAborted");
      assertThat(status.nodeStatus.get("n1")).as("never started").satisfiesAnyOf(
          n -> assertThat(n).isNull(), n -> assertThat(n.phase).isEqualTo(NodePhase.NOT_YET_STARTED));
      String after = scrape();
      assertThat(delta(before, after, "aloft_propeller_workflow_transitions_total{phase=\"ABORTED\"}"))
          .isEqualTo(1);
      assertThat(delta(before, after, "aloft_propeller_node_transitions_total{phase=\"ABORTED\"}"))
          .isEqualTo(1);
      assertThat(delta(before, after, "aloft_propeller_task_transitions_total{phase=\"ABORTED\"}"))
          .isEqualTo(1);
    }
  }
}
