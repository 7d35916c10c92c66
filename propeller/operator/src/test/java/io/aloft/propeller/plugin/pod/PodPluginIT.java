package io.aloft.propeller.plugin.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import flyteidl.core.Errors.ContainerError;
import flyteidl.core.Errors.ErrorDocument;
import flyteidl.core.Execution.ExecutionError.ErrorKind;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import io.aloft.crd.FlyteWorkflow;
import io.aloft.crd.FlyteWorkflowCrd;
import io.aloft.engine.data.InMemoryBlobStore;
import io.aloft.engine.plugin.PluginTransition;
import io.aloft.engine.plugin.TaskPhase;
import io.aloft.testkit.kube.PodRule;
import io.aloft.testkit.kube.PodTransition;
import io.aloft.testkit.kube.TaskResult;
import io.aloft.testkit.kube.TaskStorage;
import io.aloft.testkit.kube.TestPodController;
import io.aloft.testkit.quarkus.KubeApiServerResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The pod plugin against the real API server, with the test pod controller as kubelet and task runtime: the engine
 * is played by hand (a TaskExecutionContext per round, keeping plugin state, phase and version between rounds as
 * TaskHandler does).
 */
@QuarkusTest
@QuarkusTestResource(KubeApiServerResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PodPluginIT {
  static final String NS = "pod-plugin-it";

  @Inject
  KubernetesClient client;

  @Inject
  PodPluginSettings settings;

  final InMemoryBlobStore blobs = new InMemoryBlobStore();
  final TaskStorage storage = TaskStorage.of(uri -> blobs.read(uri).orElse(null), blobs::write);
  final Set<String> changedWorkflows = ConcurrentHashMap.newKeySet();
  TestPodController kubelet;
  PodPlugin plugin;

  @BeforeAll
  void start() {
    io.aloft.testkit.kube.Crds.install(client, FlyteWorkflowCrd.yaml());
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .serverSideApply();
    kubelet = TestPodController.start(client, null)
        .rule(PodRule.matching(PodRule.labelled("node-id", "double")).runFor(Duration.ofMillis(200))
            .runTask(storage, (in, pod) -> TaskResult.outputs(LiteralMap.newBuilder()
                .putLiterals("o0", integer(in.getLiteralsOrThrow("x").getScalar().getPrimitive().getInteger() * 2))
                .build())))
        .rule(PodRule.matching(PodRule.labelled("node-id", "fatal")).runFor(Duration.ofMillis(100))
            .runTask(storage, (in, pod) -> TaskResult.error(error("USER:ValueError", "x must be positive",
                ContainerError.Kind.NON_RECOVERABLE))))
        .rule(PodRule.matching(PodRule.labelled("node-id", "flaky")).runFor(Duration.ofMillis(100))
            .runTask(storage, (in, pod) -> TaskResult.errorWithExitZero(error("USER:Flaky", "try again",
                ContainerError.Kind.RECOVERABLE))))
        .rule(PodRule.matching(PodRule.labelled("node-id", "crash")).runFor(Duration.ofMillis(100))
            .fail(3, "segfault"))
        .rule(PodRule.matching(PodRule.labelled("node-id", "forever")).runForever());
    plugin = new PodPlugin(client, PodPluginConfig.defaults(), Duration.ofSeconds(30))
        .withLogLinks(new io.aloft.propeller.plugin.logs.LogLinks(List.of(new io.aloft.propeller.plugin.logs.LogLinks
            .Template("Pod Logs", List.of("file:///pods/{{ .namespace }}/{{ .podName }}/log.txt"),
                flyteidl.core.Execution.TaskLog.MessageFormat.UNKNOWN, false, false))));
    plugin.onPodChange((ns, wf) -> changedWorkflows.add(ns + "/" + wf));
  }

  @AfterAll
  void stop() {
    plugin.close();
    kubelet.close();
    assertThat(kubelet.errors()).isEmpty();
  }

  static Literal integer(long v) {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setPrimitive(Primitive.newBuilder().setInteger(v)))
        .build();
  }

  static ErrorDocument error(String code, String message, ContainerError.Kind kind) {
    return ErrorDocument.newBuilder().setError(ContainerError.newBuilder().setCode(code).setMessage(message)
        .setKind(kind).setOrigin(ErrorKind.USER)).build();
  }

  /** A workflow resource in the API server (the pods' owner), in namespace {@code ns}. */
  FlyteWorkflow workflow(String ns, String name) {
    FlyteWorkflow wf = TaskContexts.workflow(ns, name);
    return client.resources(FlyteWorkflow.class).inNamespace(ns).resource(wf).create();
  }

  TaskContexts.Attempt attempt(FlyteWorkflow wf, String nodeId, int attemptNo, long x) {
    TaskContexts.Attempt a = new TaskContexts.Attempt(wf, TaskContexts.pythonTask("double_it"), nodeId, attemptNo,
        blobs, false);
    blobs.writeProto(a.inputsPath(), LiteralMap.newBuilder().putLiterals("x", integer(x)).build());
    return a;
  }

  /** Rounds every 50 ms until the attempt ends; returns every transition. */
  static List<PluginTransition> runToEnd(PodPlugin plugin, TaskContexts.Attempt a) {
    List<PluginTransition> seen = new java.util.ArrayList<>();
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
      a.now = Instant.now();
      PluginTransition t = a.keep(plugin.handle(a.ctx()));
      seen.add(t);
      return t.phase().isTerminal();
    });
    return seen;
  }

  List<Pod> podsOf(TaskContexts.Attempt a) {
    return client.pods().inNamespace(a.wf.getMetadata().getNamespace()).withLabel("node-id", a.node.id)
        .withLabel("execution-id", a.execName()).list().getItems();
  }

  @Test
  void theOperatorsSettingsDefaultToFlytes() {
    assertThat(settings.toConfig()).isEqualTo(PodPluginConfig.defaults());
  }

  @Test
  void aTaskRunsInItsPodAndItsOutputsAreThere() {
    FlyteWorkflow wf = workflow(NS, "ok-exec");
    TaskContexts.Attempt a = attempt(wf, "double", 0, 21);

    List<PluginTransition> seen = runToEnd(plugin, a);

    assertThat(seen.get(0).phase()).isEqualTo(TaskPhase.QUEUED);
    assertThat(seen.get(0).reason()).isEqualTo("task submitted to K8s");
    assertThat(seen).extracting(PluginTransition::phase).contains(TaskPhase.RUNNING).last()
        .isEqualTo(TaskPhase.SUCCEEDED);
    // the log link, once the pod left Pending: on the running and the final transitions
    String link = "file:///pods/" + NS + "/" + a.resourceName() + "/log.txt";
    assertThat(seen.get(0).logs()).isEmpty();
    assertThat(seen).filteredOn(t -> t.phase() != TaskPhase.QUEUED).isNotEmpty().allSatisfy(t ->
        assertThat(t.logs()).extracting(flyteidl.core.Execution.TaskLog::getName,
            flyteidl.core.Execution.TaskLog::getUri).containsExactly(org.assertj.core.groups.Tuple.tuple(
                "Pod Logs (User)", link)));
    LiteralMap outputs = blobs.readProto(a.ctx().outputsPath(), LiteralMap.parser()).orElseThrow();
    assertThat(outputs.getLiteralsOrThrow("o0").getScalar().getPrimitive().getInteger()).isEqualTo(42);

    Pod pod = client.pods().inNamespace(NS).withName(a.resourceName()).get();
    assertThat(pod.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
      assertThat(o.getUid()).isEqualTo(wf.getMetadata().getUid());
      assertThat(o.getKind()).isEqualTo(FlyteWorkflow.KIND);
      assertThat(o.getApiVersion()).isEqualTo(FlyteWorkflow.API_VERSION);
    });
    assertThat(pod.getMetadata().getLabels()).containsEntry("execution-id", "ok-exec").containsEntry("node-id",
        "double");
    assertThat(pod.getSpec().getContainers().get(0).getArgs()).containsSubsequence("--inputs", a.inputsPath());
    assertThat(pod.getSpec().getContainers().get(0).getResources().getLimits()).containsEntry("cpu",
        new Quantity("100m"));
    List<String> phases = kubelet.timeline().stream().filter(t -> t.name().equals(a.resourceName()))
        .map(PodTransition::phase).toList();
    assertThat(phases).containsExactly("Running", "Succeeded");
    await().atMost(Duration.ofSeconds(5)).until(() -> changedWorkflows.contains(NS + "/ok-exec"));
    assertThat(plugin.cached(NS, a.resourceName())).as("rounds read the informer's cache").isNotNull()
        .satisfies(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Succeeded"));

    // The attempt is over: finalize leaves the pod (delete-resource-on-finalize is off) and the workflow's
    // garbage collection removes it with the workflow.
    plugin.finalize(a.ctx());
    assertThat(client.pods().inNamespace(NS).withName(a.resourceName()).get()).isNotNull();
  }

  @Test
  void flytekitErrorDocumentsAndExitCodesBecomeFailures() {
    FlyteWorkflow wf = workflow(NS, "err-exec");

    TaskContexts.Attempt fatal = attempt(wf, "fatal", 0, -1);
    PluginTransition f = runToEnd(plugin, fatal).getLast();
    assertThat(f.phase()).isEqualTo(TaskPhase.PERMANENT_FAILURE);
    assertThat(f.error().getCode()).isEqualTo("USER:ValueError");
    assertThat(f.error().getMessage()).isEqualTo("x must be positive");
    assertThat(f.error().getKind()).isEqualTo(ErrorKind.USER);
    assertThat(client.pods().inNamespace(NS).withName(fatal.resourceName()).get().getStatus().getPhase())
        .isEqualTo("Failed");

    TaskContexts.Attempt flaky = attempt(wf, "flaky", 0, 1);
    PluginTransition r = runToEnd(plugin, flaky).getLast();
    assertThat(r.phase()).as("a recoverable error.pb of a pod that exited 0").isEqualTo(TaskPhase.RETRYABLE_FAILURE);
    assertThat(r.error().getCode()).isEqualTo("USER:Flaky");

    TaskContexts.Attempt crash = attempt(wf, "crash", 2, 1);
    PluginTransition c = runToEnd(plugin, crash).getLast();
    assertThat(c.phase()).isEqualTo(TaskPhase.RETRYABLE_FAILURE);
    assertThat(c.error().getKind()).isEqualTo(ErrorKind.USER);
    assertThat(c.error().getMessage()).contains("segfault").contains("terminated with exit code (3)");
    assertThat(crash.resourceName()).endsWith("-2").isNotEqualTo(attempt(wf, "crash", 0, 1).resourceName());
  }

  @Test
  void aRestartedPluginAdoptsThePodInsteadOfMakingASecond() throws Exception {
    FlyteWorkflow wf = workflow(NS, "restart-exec");
    TaskContexts.Attempt a = attempt(wf, "forever", 0, 1);
    PluginTransition first = a.keep(plugin.handle(a.ctx()));
    assertThat(first.phase()).isEqualTo(TaskPhase.QUEUED);
    String uid = client.pods().inNamespace(NS).withName(a.resourceName()).get().getMetadata().getUid();

    // A new operator process: a second plugin instance, and the engine lost the first round's state.
    try (PodPlugin restarted = new PodPlugin(client, PodPluginConfig.defaults(), Duration.ofSeconds(30))) {
      a.state = null;
      a.phase = TaskPhase.UNDEFINED;
      a.version = 0;
      await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> {
        a.now = Instant.now();
        return a.keep(restarted.handle(a.ctx())).phase() == TaskPhase.RUNNING;
      });
      assertThat(podsOf(a)).singleElement().satisfies(p -> assertThat(p.getMetadata().getUid()).isEqualTo(uid));

      // Another round for the same attempt from scratch (the engine's state lost again): still the one pod.
      TaskContexts.Attempt again = attempt(wf, "forever", 0, 1);
      assertThat(again.keep(restarted.handle(again.ctx())).phase()).isIn(TaskPhase.QUEUED, TaskPhase.RUNNING);
      assertThat(podsOf(a)).hasSize(1);
      restarted.abort(a.ctx(), "test over");
    }
  }

  @Test
  void abortDeletesThePodAndAPodDeletedBehindOurBackIsASystemFailure() {
    FlyteWorkflow wf = workflow(NS, "abort-exec");
    TaskContexts.Attempt a = attempt(wf, "forever", 1, 1);
    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> {
      a.now = Instant.now();
      return a.keep(plugin.handle(a.ctx())).phase() == TaskPhase.RUNNING;
    });

    plugin.abort(a.ctx(), "workflow aborted");
    await().atMost(Duration.ofSeconds(10)).until(() -> podsOf(a).isEmpty());
    plugin.abort(a.ctx(), "again");

    // The engine still thinks the attempt runs (it was launched): the pod is gone, so the attempt failed.
    TaskContexts.Attempt other = attempt(wf, "forever", 2, 1);
    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> {
      other.now = Instant.now();
      return other.keep(plugin.handle(other.ctx())).phase() == TaskPhase.RUNNING;
    });
    client.pods().inNamespace(NS).withName(other.resourceName()).delete();
    PluginTransition gone = runToEnd(plugin, other).getLast();
    assertThat(gone.phase()).isEqualTo(TaskPhase.RETRYABLE_FAILURE);
    assertThat(gone.error().getCode()).isEqualTo("ResourceDeletedExternally");
    assertThat(gone.error().getKind()).isEqualTo(ErrorKind.SYSTEM);
  }

  @Test
  void finalizeDeletesWhenConfiguredAndClearsAnInjectedFinalizer() {
    FlyteWorkflow wf = workflow(NS, "final-exec");
    PodPluginConfig config = PodPluginConfig.defaults().withDeleteResourceOnFinalize(true).withInjectFinalizer(true);
    try (PodPlugin deleting = new PodPlugin(client, config, Duration.ofSeconds(30))) {
      TaskContexts.Attempt a = attempt(wf, "double", 0, 5);
      assertThat(runToEnd(deleting, a).getLast().phase()).isEqualTo(TaskPhase.SUCCEEDED);
      assertThat(client.pods().inNamespace(NS).withName(a.resourceName()).get().getMetadata().getFinalizers())
          .contains(PodPlugin.FINALIZER);
      deleting.finalize(a.ctx());
      await().atMost(Duration.ofSeconds(10)).until(() -> podsOf(a).isEmpty());
      deleting.finalize(a.ctx());
    }
  }

  @Test
  void aFullResourceQuotaKeepsTheAttemptQueuedWithBackOff() {
    String ns = "pod-plugin-quota";
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
        .serverSideApply();
    client.resourceQuotas().inNamespace(ns).resource(new ResourceQuotaBuilder().withNewMetadata()
        .withName("pods").endMetadata().withNewSpec().withHard(Map.of("pods", new Quantity("1"))).endSpec().build())
        .create();
    // No controller-manager computes usage: say the quota is used up, as its controller would.
    setQuotaUsed(ns, "1");

    FlyteWorkflow wf = workflow(ns, "quota-exec");
    TaskContexts.Attempt a = attempt(wf, "double", 0, 4);
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    long refusalsBefore = plugin.quotaBackOff().refusals();

    a.now = t0;
    PluginTransition refused = a.keep(plugin.handle(a.ctx()));
    assertThat(refused.phase()).isEqualTo(TaskPhase.QUEUED);
    assertThat(refused.reason()).startsWith("Exceeded resourcequota: ").contains("exceeded quota: pods");
    assertThat(podsOf(a)).isEmpty();
    assertThat(plugin.quotaBackOff().refusals()).isEqualTo(refusalsBefore + 1);
    int version = refused.phaseVersion();

    // Within the 2 s back-off the launch is not even tried; the phase version stays.
    a.now = t0.plusSeconds(1);
    PluginTransition waiting = a.keep(plugin.handle(a.ctx()));
    assertThat(waiting.phase()).isEqualTo(TaskPhase.QUEUED);
    assertThat(waiting.phaseVersion()).isEqualTo(version);
    assertThat(plugin.quotaBackOff().refusals()).isEqualTo(refusalsBefore + 1);
    assertThat(plugin.quotaBackOff().backingOff(a.now)).isEqualTo(1);

    // After it, the launch is tried and refused again; the next wait doubles to 4 s.
    a.now = t0.plusSeconds(2);
    assertThat(a.keep(plugin.handle(a.ctx())).phase()).isEqualTo(TaskPhase.QUEUED);
    assertThat(plugin.quotaBackOff().refusals()).isEqualTo(refusalsBefore + 2);
    a.now = t0.plusSeconds(5);
    a.keep(plugin.handle(a.ctx()));
    assertThat(plugin.quotaBackOff().refusals()).isEqualTo(refusalsBefore + 2);

    // Room in the quota: the next try after the back-off creates the pod and the attempt runs to the end.
    setQuotaUsed(ns, "0");
    a.now = t0.plusSeconds(6);
    PluginTransition admitted = a.keep(plugin.handle(a.ctx()));
    assertThat(admitted.phase()).isEqualTo(TaskPhase.QUEUED);
    assertThat(admitted.reason()).isEqualTo("task submitted to K8s");
    assertThat(admitted.phaseVersion()).as("a new reason in the same phase").isEqualTo(version + 1);
    assertThat(podsOf(a)).hasSize(1);
    assertThat(plugin.quotaBackOff().backingOff(a.now)).isZero();
    assertThat(runToEnd(plugin, a).getLast().phase()).isEqualTo(TaskPhase.SUCCEEDED);
  }

  void setQuotaUsed(String ns, String used) {
    ResourceQuota q = client.resourceQuotas().inNamespace(ns).withName("pods").get();
    q.setStatus(new io.fabric8.kubernetes.api.model.ResourceQuotaStatus(Map.of("pods", new Quantity("1")),
        Map.of("pods", new Quantity(used))));
    client.resourceQuotas().inNamespace(ns).resource(q).updateStatus();
  }
}
