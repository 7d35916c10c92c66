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
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the knob tests share: workflows in a namespace of their own (the API server is shared by every test class of
 * the JVM, so each class cleans up what it made), and propeller's metrics as Prometheus scrapes them.
 */
final class KnobWorkflows {
  private KnobWorkflows() {}

  static void namespace(KubernetesClient kube, String ns) {
    kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .serverSideApply();
  }

  /** An echo chain of {@code length} nodes (no pods) in {@code ns}. */
  static FlyteWorkflow echoChain(String ns, String name, int length) throws Exception {
    FlyteWorkflow wf = WorkflowLoopIT.chain(name, length);
    wf.getMetadata().setNamespace(ns);
    return wf;
  }

  /** One container task (a pod) in {@code ns}; with no kubelet the pod stays Pending and the workflow running. */
  static FlyteWorkflow podTask(String ns, String name) throws Exception {
    Tasks.TaskTemplate task = TestWorkflows.task("sleep", "container", Map.of("x", INT), 0).toBuilder()
        .setContainer(Tasks.Container.newBuilder().setImage("busybox").addAllArgs(List.of("sleep", "3600")))
        .build();
    TestWorkflows.Wf wf = new TestWorkflows.Wf("pod").input("x", INT).node("n0", task, Map.of("x", BindingData
        .newBuilder().setPromise(OutputReference.newBuilder().setNodeId("start-node").setVar("x")).build()));
    FlyteWorkflow resource = wf.resource(name, LiteralMap.newBuilder().putLiterals("x", intLit(1)).build());
    resource.getMetadata().setNamespace(ns);
    resource.getMetadata().setFinalizers(List.of(FlyteWorkflow.FINALIZER));
    resource.executionId = new FlyteWorkflow.ExecutionId(TestWorkflows.PROJECT, TestWorkflows.DOMAIN, name, null);
    return resource;
  }

  static void create(KubernetesClient kube, FlyteWorkflow wf) {
    kube.resources(FlyteWorkflow.class).inNamespace(wf.getMetadata().getNamespace()).resource(wf).create();
  }

  /** Deletes every workflow in {@code ns} and waits until propeller has released them (finalizer removed). */
  static void deleteAll(KubernetesClient kube, String ns) {
    kube.resources(FlyteWorkflow.class).inNamespace(ns).delete();
    await().atMost(Duration.ofSeconds(60)).until(() -> kube.resources(FlyteWorkflow.class).inNamespace(ns).list()
        .getItems().isEmpty());
  }

  /** Waits until the workflow ended (propeller labels it terminated). */
  static void awaitTerminated(KubernetesClient kube, String ns, String name) {
    await().atMost(Duration.ofSeconds(60)).until(
        () -> kube.resources(FlyteWorkflow.class).inNamespace(ns).withName(name).get(),
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
