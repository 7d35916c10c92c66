package io.aloft.sandbox;

import static io.aloft.sandbox.Flows.INT;
import static io.aloft.sandbox.Flows.integer;
import static io.aloft.sandbox.Flows.listOf;
import static io.aloft.sandbox.Flows.promise;
import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetDataRequest;
import flyteidl.admin.NodeExecutionOuterClass.NodeExecutionListRequest;
import flyteidl.admin.TaskExecutionOuterClass.TaskExecutionListRequest;
import flyteidl.core.Execution.NodeExecution;
import flyteidl.core.Execution.WorkflowExecution;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.NodeExecutionIdentifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.RetryStrategy;
import flyteidl.core.Tasks.TaskMetadata;
import flyteidl.core.Tasks.TaskTemplate;
import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Types.LiteralType;
import flyteidl.service.AdminServiceGrpc.AdminServiceBlockingStub;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import flyteidl.admin.ExecutionOuterClass.ExecutionTerminateRequest;
import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetRequest;
import flyteidl.core.Tasks.Container;
import flyteidl.core.Workflow.NodeMetadata;
import io.aloft.testkit.kube.PodRule;
import io.aloft.testkit.kube.PodTransition;
import io.aloft.testkit.kube.TaskResult;
import io.aloft.testkit.kube.TestPodController;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Admin, datacatalog and propeller as the local stack runs them (child JVMs on a real API server, PostgreSQL and S3):
 * executions launched through admin's gRPC API are driven to completion by propeller, which reports to admin.
 */
class PropellerEndToEndIT {
  static RunningStack running;
  static LocalStack stack;
  static ManagedChannel channel;
  static AdminServiceBlockingStub admin;
  static KubernetesClient kube;
  static TestPodController pods;
  static S3TaskStorage storage;
  static final String NS = Flows.PROJECT + "-" + Flows.DOMAIN;

  @BeforeAll
  static void start() throws Exception {
    running = RunningStack.shared(
        // the test pod controller moves the pods, so the local pod runner must not
        "--no-pod-runner", "--propeller", "aloft.propeller.workflow-reeval-duration=2s");
    stack = running.stack();
    channel = running.channel();
    admin = running.admin();
    kube = running.kube();
    pods = TestPodController.start(kube, null);
    storage = new S3TaskStorage(stack.s3());
  }

  @AfterAll
  static void stop() {
    if (pods != null) {
      pods.close();
    }
    if (storage != null) {
      storage.close();
    }
    // the stack is shared (RunningStack.shared): it stops with the test JVM
  }

  static TaskTemplate echo(String name, Map<String, LiteralType> vars) {
    return TaskTemplate.newBuilder().setId(Flows.id(ResourceType.TASK, name, "v1")).setType("echo")
        .setMetadata(TaskMetadata.newBuilder().setRetries(RetryStrategy.newBuilder().setRetries(0)))
        .setInterface(TypedInterface.newBuilder().setInputs(Flows.vars(vars)).setOutputs(Flows.vars(vars))).build();
  }

  @Test
  void anEchoWorkflowPassesDataAndAdminShowsItsNodesAndOutputs() throws Exception {
    // a dataclass as flytekit types it: a STRUCT whose structure names the fields' types
    LiteralType struct = LiteralType.newBuilder().setSimple(flyteidl.core.Types.SimpleType.STRUCT)
        .setStructure(flyteidl.core.Types.TypeStructure.newBuilder().putDataclassType("x", INT)
            .putDataclassType("y", INT)).build();
    TaskTemplate pass = echo("e2e.pass", Map.of("x", INT, "xs", listOf(INT)));
    TaskTemplate point = echo("e2e.point", Map.of("p", struct));
    TaskTemplate one = echo("e2e.one", Map.of("x", INT));
    // a dataclass attribute: n1 takes x from the attribute "x" of n0's struct output (a promise with attr_path)
    var attribute = flyteidl.core.Literals.BindingData.newBuilder().setPromise(flyteidl.core.Types.OutputReference
        .newBuilder().setNodeId("p0").setVar("p").addAttrPath(flyteidl.core.Types.PromiseAttribute.newBuilder()
            .setStringValue("x"))).build();
    Identifier lp = new Flows.Wf("e2e.echo_chain", "v1").input("x", INT).input("xs", listOf(INT))
        .input("p", struct)
        .node("p0", point, Map.of("p", promise("start-node", "p")), null)
        .node("a0", one, Map.of("x", attribute), null)
        .node("n0", pass, Map.of("x", promise("start-node", "x"), "xs", promise("start-node", "xs")), null)
        .node("n1", pass, Map.of("x", promise("n0", "x"), "xs", promise("n0", "xs")), null)
        .node("n2", pass, Map.of("x", promise("n1", "x"), "xs", promise("n1", "xs")), null)
        .output("y", INT, promise("n2", "x")).output("ys", listOf(INT), promise("n2", "xs"))
        .output("px", INT, promise("a0", "x"))
        .register(admin);
    var pointValue = flyteidl.core.Literals.Literal.newBuilder().setScalar(flyteidl.core.Literals.Scalar.newBuilder()
        .setGeneric(com.google.protobuf.Struct.newBuilder().putFields("x", com.google.protobuf.Value.newBuilder()
            .setNumberValue(5).build()).putFields("y", com.google.protobuf.Value.newBuilder().setNumberValue(6)
            .build()))).build();
    WorkflowExecutionIdentifier id = Flows.launch(admin, lp, "e2e-echo", LiteralMap.newBuilder()
        .putLiterals("x", integer(7)).putLiterals("xs", Flows.list(integer(1), integer(2)))
        .putLiterals("p", pointValue).build(), 0);
    assertThat(Flows.await(admin, id, Duration.ofSeconds(60))).isEqualTo(WorkflowExecution.Phase.SUCCEEDED);

    var data = admin.getExecutionData(WorkflowExecutionGetDataRequest.newBuilder().setId(id).build());
    assertThat(data.getFullOutputs().getLiteralsOrThrow("y")).isEqualTo(integer(7));
    assertThat(data.getFullOutputs().getLiteralsOrThrow("ys")).isEqualTo(Flows.list(integer(1), integer(2)));
    assertThat(data.getFullOutputs().getLiteralsOrThrow("px")).isEqualTo(integer(5));
    var nodes = admin.listNodeExecutions(NodeExecutionListRequest.newBuilder().setWorkflowExecutionId(id)
        .setLimit(100).build());
    assertThat(nodes.getNodeExecutionsList()).filteredOn(n -> n.getId().getNodeId().startsWith("n"))
        .hasSize(3).allSatisfy(n -> assertThat(n.getClosure().getPhase()).isEqualTo(NodeExecution.Phase.SUCCEEDED));
    assertThat(nodes.getNodeExecutionsList()).filteredOn(n -> !n.getId().getNodeId().equals("start-node")
        && !n.getId().getNodeId().equals("end-node")).hasSize(5);
    var tasks = admin.listTaskExecutions(TaskExecutionListRequest.newBuilder().setNodeExecutionId(
        NodeExecutionIdentifier.newBuilder().setExecutionId(id).setNodeId("n1")).setLimit(10).build());
    assertThat(tasks.getTaskExecutionsList()).hasSize(1);
    assertThat(tasks.getTaskExecutions(0).getId().getTaskId().getName()).isEqualTo("e2e.pass");
  }

  /** A container task as flytekit registers one: the runtime finds its inputs and output prefix in the args. */
  static TaskTemplate container(String name, Map<String, LiteralType> in, Map<String, LiteralType> out, int retries,
      String cacheVersion, boolean serializable) {
    TaskMetadata.Builder md = TaskMetadata.newBuilder().setRetries(RetryStrategy.newBuilder().setRetries(retries));
    if (cacheVersion != null) {
      md.setDiscoverable(true).setDiscoveryVersion(cacheVersion).setCacheSerializable(serializable);
    }
    return TaskTemplate.newBuilder().setId(Flows.id(ResourceType.TASK, name, "v1")).setType("python-task")
        .setMetadata(md)
        .setInterface(TypedInterface.newBuilder().setInputs(Flows.vars(in)).setOutputs(Flows.vars(out)))
        .setContainer(Container.newBuilder().setImage("e2e:latest").addAllArgs(List.of("pyflyte-execute",
            "--inputs", "{{.input}}", "--output-prefix", "{{.outputPrefix}}", "--raw-output-data-prefix",
            "{{.rawOutputDataPrefix}}", "--resolver", "flytekit.core.python_auto_container.default_task_resolver",
            "--", "task-module", "e2e", "task-name", name)))
        .build();
  }

  static java.util.function.Predicate<Pod> ofExecution(String execution) {
    return PodRule.labelled("execution-id", execution);
  }

  static int attempt(Pod pod) {
    return pod.getSpec().getContainers().get(0).getEnv().stream()
        .filter(e -> e.getName().equals("FLYTE_ATTEMPT_NUMBER")).map(e -> Integer.parseInt(e.getValue()))
        .findFirst().orElse(-1);
  }

  static List<Pod> podsOf(String execution) {
    return kube.pods().inNamespace(NS).withLabel("execution-id", execution).list().getItems();
  }

  /** A task that adds one to x. */
  static TaskResult plusOne(LiteralMap in) {
    long x = in.getLiteralsOrThrow("x").getScalar().getPrimitive().getInteger();
    return TaskResult.outputs(LiteralMap.newBuilder().putLiterals("x", integer(x + 1)).build());
  }

  @Test
  void aFailingPodIsRetriedAndTheRetrySucceeds() throws Exception {
    String exec = "e2e-retry";
    List<Integer> attemptsLaunched = new java.util.concurrent.CopyOnWriteArrayList<>();
    pods.rule(PodRule.matching(ofExecution(exec).and(p -> attemptsLaunched.add(attempt(p)) && attempt(p) == 0))
        .runFor(Duration.ofMillis(100)).fail(1, "boom"));
    pods.rule(PodRule.matching(ofExecution(exec)).runFor(Duration.ofMillis(100))
        .runTask(storage, (in, pod) -> plusOne(in)));
    TaskTemplate t = container("e2e.flaky", Map.of("x", INT), Map.of("x", INT), 1, null, false);
    Identifier lp = new Flows.Wf("e2e.retry", "v1").input("x", INT)
        .node("n0", t, Map.of("x", promise("start-node", "x")), null).output("y", INT, promise("n0", "x"))
        .register(admin);
    WorkflowExecutionIdentifier id = Flows.launch(admin, lp, exec, LiteralMap.newBuilder()
        .putLiterals("x", integer(1)).build(), 0);
    assertThat(Flows.await(admin, id, Duration.ofSeconds(60))).isEqualTo(WorkflowExecution.Phase.SUCCEEDED);
    assertThat(admin.getExecutionData(WorkflowExecutionGetDataRequest.newBuilder().setId(id).build())
        .getFullOutputs().getLiteralsOrThrow("y")).isEqualTo(integer(2));
    // one pod per attempt (the failed one is deleted when the node moves on to its retry)
    assertThat(attemptsLaunched).containsExactly(0, 1);
    var attempts = admin.listTaskExecutions(TaskExecutionListRequest.newBuilder().setNodeExecutionId(
        NodeExecutionIdentifier.newBuilder().setExecutionId(id).setNodeId("n0")).setLimit(10).build());
    assertThat(attempts.getTaskExecutionsList()).extracting(te -> te.getId().getRetryAttempt() + ":"
        + te.getClosure().getPhase()).containsExactlyInAnyOrder("0:FAILED", "1:SUCCEEDED");
  }

  @Test
  void aNodePastItsTimeoutFailsTheWorkflowAndItsPodIsKilled() throws Exception {
    String exec = "e2e-timeout";
    pods.rule(PodRule.matching(ofExecution(exec)).runForever());
    TaskTemplate t = container("e2e.slow", Map.of("x", INT), Map.of("x", INT), 0, null, false);
    NodeMetadata twoSeconds = NodeMetadata.newBuilder().setName("slow")
        .setTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(2)).build();
    Identifier lp = new Flows.Wf("e2e.timeout", "v1").input("x", INT)
        .node("n0", t, Map.of("x", promise("start-node", "x")), twoSeconds).output("y", INT, promise("n0", "x"))
        .register(admin);
    WorkflowExecutionIdentifier id = Flows.launch(admin, lp, exec, LiteralMap.newBuilder()
        .putLiterals("x", integer(1)).build(), 0);
    assertThat(Flows.await(admin, id, Duration.ofSeconds(60))).isEqualTo(WorkflowExecution.Phase.FAILED);
    var execution = admin.getExecution(WorkflowExecutionGetRequest.newBuilder().setId(id).build());
    // the attempt's execution deadline (TimeoutExpired) or the node's active deadline, whichever a round sees first
    assertThat(execution.getClosure().getError().getMessage().toLowerCase(java.util.Locale.ROOT))
        .containsAnyOf("timeout", "deadline");
    var node = admin.listNodeExecutions(NodeExecutionListRequest.newBuilder().setWorkflowExecutionId(id)
        .setLimit(10).build()).getNodeExecutionsList().stream().filter(n -> n.getId().getNodeId().equals("n0"))
        .findFirst().orElseThrow();
    assertThat(node.getClosure().getPhase()).isIn(NodeExecution.Phase.TIMED_OUT, NodeExecution.Phase.FAILED);
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> podsOf(exec).isEmpty());
  }

  @Test
  void terminateExecutionAbortsTheWorkflowAndDeletesItsPods() throws Exception {
    String exec = "e2e-terminate";
    pods.rule(PodRule.matching(ofExecution(exec)).runForever());
    TaskTemplate t = container("e2e.forever", Map.of("x", INT), Map.of("x", INT), 0, null, false);
    Identifier lp = new Flows.Wf("e2e.terminate", "v1").input("x", INT)
        .node("a", t, Map.of("x", promise("start-node", "x")), null)
        .node("b", t, Map.of("x", promise("start-node", "x")), null).output("y", INT, promise("a", "x"))
        .register(admin);
    WorkflowExecutionIdentifier id = Flows.launch(admin, lp, exec, LiteralMap.newBuilder()
        .putLiterals("x", integer(1)).build(), 0);
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> podsOf(exec).size() == 2
        && podsOf(exec).stream().allMatch(p -> "Running".equals(p.getStatus().getPhase())));
    admin.terminateExecution(ExecutionTerminateRequest.newBuilder().setId(id).setCause("user asked").build());
    assertThat(Flows.await(admin, id, Duration.ofSeconds(60))).isEqualTo(WorkflowExecution.Phase.ABORTED);
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> podsOf(exec).isEmpty());
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> kube.resources(
        io.aloft.crd.FlyteWorkflow.class).inNamespace(NS).withName(exec).get() == null);
  }

  @Test
  void withMaxParallelismTwoNeverMoreThanTwoTaskPodsRunAtOnce() throws Exception {
    String exec = "e2e-parallel";
    pods.rule(PodRule.matching(ofExecution(exec)).runFor(Duration.ofMillis(700))
        .runTask(storage, (in, pod) -> plusOne(in)));
    TaskTemplate t = container("e2e.step", Map.of("x", INT), Map.of("x", INT), 0, null, false);
    Flows.Wf wf = new Flows.Wf("e2e.fanout", "v1").input("x", INT);
    for (int i = 0; i < 6; i++) {
      wf.node("f" + i, t, Map.of("x", promise("start-node", "x")), null);
    }
    Identifier lp = wf.output("y", INT, promise("f5", "x")).register(admin);
    WorkflowExecutionIdentifier id = Flows.launch(admin, lp, exec, LiteralMap.newBuilder()
        .putLiterals("x", integer(1)).build(), 2);
    assertThat(Flows.await(admin, id, Duration.ofSeconds(90))).isEqualTo(WorkflowExecution.Phase.SUCCEEDED);
    Set<String> names = podsOf(exec).stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
    assertThat(names).hasSize(6);
    int running = 0;
    int max = 0;
    Map<String, Boolean> isRunning = new HashMap<>();
    for (PodTransition tr : pods.timeline()) {
      if (!names.contains(tr.name())) {
        continue;
      }
      boolean now = tr.phase().equals("Running");
      boolean before = isRunning.getOrDefault(tr.name(), false);
      running += now && !before ? 1 : !now && before ? -1 : 0;
      isRunning.put(tr.name(), now);
      max = Math.max(max, running);
    }
    assertThat(max).as("pods running at once").isEqualTo(2);
  }

  @Test
  void aCachedTaskRunTwiceCreatesItsPodOnceAndSerializedRunsComputeOnce() throws Exception {
    AtomicInteger computed = new AtomicInteger();
    pods.rule(PodRule.matching(PodRule.labelled("task-name", "e2e-cached")
            .or(PodRule.labelled("task-name", "e2e-serial"))).runFor(Duration.ofMillis(1500))
        .runTask(storage, (in, pod) -> {
          computed.incrementAndGet();
          return plusOne(in);
        }));
    TaskTemplate cached = container("e2e.cached", Map.of("x", INT), Map.of("x", INT), 0, "1", false);
    Identifier lp = new Flows.Wf("e2e.cache", "v1").input("x", INT)
        .node("n0", cached, Map.of("x", promise("start-node", "x")), null).output("y", INT, promise("n0", "x"))
        .register(admin);
    LiteralMap in = LiteralMap.newBuilder().putLiterals("x", integer(41)).build();
    WorkflowExecutionIdentifier first = Flows.launch(admin, lp, "e2e-cache-1", in, 0);
    assertThat(Flows.await(admin, first, Duration.ofSeconds(60))).isEqualTo(WorkflowExecution.Phase.SUCCEEDED);
    WorkflowExecutionIdentifier second = Flows.launch(admin, lp, "e2e-cache-2", in, 0);
    assertThat(Flows.await(admin, second, Duration.ofSeconds(60))).isEqualTo(WorkflowExecution.Phase.SUCCEEDED);
    assertThat(podsOf("e2e-cache-1")).hasSize(1);
    assertThat(podsOf("e2e-cache-2")).as("a cache hit creates no pod").isEmpty();
    assertThat(admin.getExecutionData(WorkflowExecutionGetDataRequest.newBuilder().setId(second).build())
        .getFullOutputs().getLiteralsOrThrow("y")).isEqualTo(integer(42));
    var hit = admin.listNodeExecutions(NodeExecutionListRequest.newBuilder().setWorkflowExecutionId(second)
        .setLimit(10).build()).getNodeExecutionsList().stream().filter(n -> n.getId().getNodeId().equals("n0"))
        .findFirst().orElseThrow();
    assertThat(hit.getClosure().getTaskNodeMetadata().getCacheStatus())
        .isEqualTo(flyteidl.core.Catalog.CatalogCacheStatus.CACHE_HIT);

    // two concurrent runs of a serializable cached task: one computes, the other waits and takes its outputs
    TaskTemplate serial = container("e2e.serial", Map.of("x", INT), Map.of("x", INT), 0, "1", true);
    Identifier slp = new Flows.Wf("e2e.serial", "v1").input("x", INT)
        .node("n0", serial, Map.of("x", promise("start-node", "x")), null).output("y", INT, promise("n0", "x"))
        .register(admin);
    int before = computed.get();
    WorkflowExecutionIdentifier a = Flows.launch(admin, slp, "e2e-serial-a", in, 0);
    WorkflowExecutionIdentifier b = Flows.launch(admin, slp, "e2e-serial-b", in, 0);
    assertThat(Flows.await(admin, a, Duration.ofSeconds(90))).isEqualTo(WorkflowExecution.Phase.SUCCEEDED);
    assertThat(Flows.await(admin, b, Duration.ofSeconds(90))).isEqualTo(WorkflowExecution.Phase.SUCCEEDED);
    assertThat(computed.get() - before).as("serialized runs compute once").isEqualTo(1);
    assertThat(podsOf("e2e-serial-a").size() + podsOf("e2e-serial-b").size()).isEqualTo(1);
  }

  @Test
  void propellerKilledMidExecutionRestartsAndCompletesWithoutASecondPod() throws Exception {
    String exec = "e2e-restart";
    Map<String, List<String>> uidsByName = new ConcurrentHashMap<>();
    pods.rule(PodRule.matching(ofExecution(exec).and(p -> {
      uidsByName.computeIfAbsent(p.getMetadata().getName(), k -> new java.util.concurrent.CopyOnWriteArrayList<>())
          .add(p.getMetadata().getUid());
      return true;
    })).runFor(Duration.ofSeconds(2)).runTask(storage, (in, pod) -> plusOne(in)));
    TaskTemplate t = container("e2e.chainstep", Map.of("x", INT), Map.of("x", INT), 0, null, false);
    Identifier lp = new Flows.Wf("e2e.restart", "v1").input("x", INT)
        .node("n0", t, Map.of("x", promise("start-node", "x")), null)
        .node("n1", t, Map.of("x", promise("n0", "x")), null)
        .node("n2", t, Map.of("x", promise("n1", "x")), null).output("y", INT, promise("n2", "x"))
        .register(admin);
    WorkflowExecutionIdentifier id = Flows.launch(admin, lp, exec, LiteralMap.newBuilder()
        .putLiterals("x", integer(0)).build(), 0);
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> podsOf(exec).size() == 2);
    stack.restart("propeller");
    assertThat(Flows.await(admin, id, Duration.ofSeconds(120))).isEqualTo(WorkflowExecution.Phase.SUCCEEDED);
    assertThat(admin.getExecutionData(WorkflowExecutionGetDataRequest.newBuilder().setId(id).build())
        .getFullOutputs().getLiteralsOrThrow("y")).isEqualTo(integer(3));
    assertThat(podsOf(exec)).hasSize(3);
    assertThat(uidsByName).hasSize(3).allSatisfy((name, uids) -> assertThat(uids).as(name).hasSize(1));
  }
}
