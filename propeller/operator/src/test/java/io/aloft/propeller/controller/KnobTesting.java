package io.aloft.propeller.controller;

import static io.aloft.engine.TestWorkflows.INT;
import static io.aloft.engine.TestWorkflows.intLit;
import static org.awaitility.Awaitility.await;

import flyteidl.core.Literals.BindingData;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Tasks;
import flyteidl.core.Types.OutputReference;
import io.aloft.crd.FlyteWorkflow;
import io.aloft.engine.TestWorkflows;
import io.aloft.testkit.quarkus.KubeApiServerResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the knob tests share: propeller on the shared API server and S3, configured by a {@link Knobs} profile;
 * workflows in a namespace of each test's own, deleted after each test (the API server is shared by every test class
 * of the JVM, and the next class's propeller would evaluate what is left); propeller's metrics as Prometheus scrapes
 * them.
 */
@QuarkusTestResource(value = KubeApiServerResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = WorkflowCrdResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = S3Resource.class, restrictToAnnotatedClass = false)
abstract class KnobTesting {
  @Inject
  KubernetesClient kube;

  /** The knobs a test sets, as a user's configuration would; events go to the log (no admin in this JVM). */
  abstract static class Knobs implements QuarkusTestProfile {
    abstract Map<String, String> knobs();

    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> config = new HashMap<>(knobs());
      config.put("aloft.propeller.event.type", "log");
      return config;
    }
  }

  /** The namespace this test's workflows live in. */
  abstract String namespace();

  @BeforeEach
  void createNamespace() {
    kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace()).endMetadata()
        .build()).serverSideApply();
  }

  /** Deletes this test's workflows and waits until propeller has released them (aborted, finalizer removed). */
  @AfterEach
  void deleteWorkflows() {
    kube.resources(FlyteWorkflow.class).inNamespace(namespace()).delete();
    await().atMost(Duration.ofSeconds(60)).until(() -> kube.resources(FlyteWorkflow.class).inNamespace(namespace())
        .list().getItems().isEmpty());
  }

  /** An echo chain of {@code length} nodes (no pods) in this test's namespace. */
  FlyteWorkflow echoChain(String name, int length) throws Exception {
    FlyteWorkflow wf = WorkflowLoopIT.chain(name, length);
    wf.getMetadata().setNamespace(namespace());
    return wf;
  }

  /** One container task (a pod); with no kubelet the pod stays Pending and the workflow running. */
  FlyteWorkflow podTask(String name) throws Exception {
    Tasks.TaskTemplate task = TestWorkflows.task("sleep", "container", Map.of("x", INT), 0).toBuilder()
        .setContainer(Tasks.Container.newBuilder().setImage("busybox").addAllArgs(List.of("sleep", "3600")))
        .build();
    TestWorkflows.Wf wf = new TestWorkflows.Wf("pod").input("x", INT).node("n0", task, Map.of("x", BindingData
        .newBuilder().setPromise(OutputReference.newBuilder().setNodeId("start-node").setVar("x")).build()));
    FlyteWorkflow resource = wf.resource(name, LiteralMap.newBuilder().putLiterals("x", intLit(1)).build());
    resource.getMetadata().setNamespace(namespace());
    resource.getMetadata().setFinalizers(List.of(FlyteWorkflow.FINALIZER));
    resource.executionId = new FlyteWorkflow.ExecutionId(TestWorkflows.PROJECT, TestWorkflows.DOMAIN, name, null);
    return resource;
  }

  void create(FlyteWorkflow wf) {
    kube.resources(FlyteWorkflow.class).inNamespace(namespace()).resource(wf).create();
  }

  /** Waits until the workflow ended (propeller labels it terminated). */
  void awaitTerminated(String name) {
    await().atMost(Duration.ofSeconds(60)).until(
        () -> kube.resources(FlyteWorkflow.class).inNamespace(namespace()).withName(name).get(),
        w -> w != null && w.getMetadata().getLabels() != null
            && "terminated".equals(w.getMetadata().getLabels().get(WorkflowWriter.TERMINATION_LABEL)));
  }

  /** Propeller's metrics as Prometheus reads them. */
  static String scrape() {
    return io.restassured.RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
  }

  /** The value of {@code series} (its sum over matching lines; 0 when absent) in a fresh scrape. */
  static double metric(String series) {
    return WorkflowLoopIT.counter(scrape(), series);
  }
}
