package io.aloft.propeller.controller;

import static io.aloft.engine.TestWorkflows.INT;
import static io.aloft.engine.TestWorkflows.intLit;
import static io.aloft.engine.TestWorkflows.promise;
import static io.aloft.engine.TestWorkflows.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import flyteidl.core.Literals.LiteralMap;
import io.aloft.crd.FlyteWorkflow;
import io.aloft.engine.TestWorkflows;
import io.aloft.engine.data.BlobStore;
import io.aloft.engine.status.StatusJson;
import io.aloft.engine.status.WorkflowPhase;
import io.aloft.engine.status.WorkflowStatus;
import io.aloft.testkit.quarkus.KubeApiServerResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator drives workflow resources on a real API server to completion: echo tasks (no pods), the status
 * written through the status subresource with the display fields, the finalizer removed and the termination label
 * set at the end, outputs in S3 in Flyte's layout. Events are only logged here (no admin in this JVM).
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

  @BeforeEach
  void namespace() {
    if (kube.namespaces().withName(NS).get() == null) {
      kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
          .create();
    }
  }

  /** An echo chain of {@code length} nodes (no pods) in {@link #NS}, with admin's finalizer. */
  public static FlyteWorkflow chain(String name, int length) throws Exception {
    TestWorkflows.Wf wf = new TestWorkflows.Wf("chain").input("x", INT);
    var t = task("inc", "echo", Map.of("x", INT), 0);
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

    // the loop's metrics on the Prometheus endpoint
    String metrics = io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
    assertThat(metrics).contains("aloft_propeller_round_time_seconds_bucket{le=",
        "aloft_propeller_round_streak_length_count", "aloft_propeller_workqueue_depth ",
        "aloft_propeller_workers_busy ", "aloft_propeller_free_workers_count ",
        "aloft_propeller_wf_update_conflict_total ", "aloft_propeller_wf_stale_total ",
        "aloft_propeller_discovery_total{result=\"hit\"}", "aloft_propeller_discovery_total{result=\"miss\"}",
        "aloft_propeller_event_recording_seconds_count{entity=\"node\"}",
        "aloft_propeller_storage_latency_seconds_count{op=\"write\"}",
        "aloft_propeller_storage_cache_total{result=\"hit\"}",
        "aloft_propeller_storage_cache_total{result=\"miss\"}");
    // status writes and the finishing patch went through the rate limiter
    assertThat(counter(metrics, "aloft_propeller_kube_client_requests_total")).isGreaterThanOrEqualTo(2);
    assertThat(counter(metrics, "aloft_propeller_node_transitions_total{phase=\"SUCCEEDED\"}"))
        .isGreaterThanOrEqualTo(5);
    assertThat(counter(metrics, "aloft_propeller_workflow_transitions_total{phase=\"SUCCEEDED\"}"))
        .isGreaterThanOrEqualTo(1);
    assertThat(counter(metrics, "aloft_propeller_round_time_seconds_count")).isGreaterThan(0);
  }

  /** The sum of the Prometheus {@code series} in {@code metrics} (0 if absent). */
  public static double counter(String metrics, String series) {
    return metrics.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(
        l.substring(series.length() + 1).trim())).sum();
  }

  @Test
  void deletingARunningWorkflowAbortsItAndReleasesTheFinalizer() throws Exception {
    FlyteWorkflow wf = chain("loop-b", 2);
    wf.tasks.replaceAll((k, v) -> {
      ((com.fasterxml.jackson.databind.node.ObjectNode) v).put("type", "never-finishes");
      return v;
    });
    kube.resources(FlyteWorkflow.class).inNamespace(NS).resource(wf).create();
    kube.resources(FlyteWorkflow.class).inNamespace(NS).withName("loop-b").delete();
    await().atMost(Duration.ofSeconds(30)).until(
        () -> kube.resources(FlyteWorkflow.class).inNamespace(NS).withName("loop-b").get() == null);
  }
}
