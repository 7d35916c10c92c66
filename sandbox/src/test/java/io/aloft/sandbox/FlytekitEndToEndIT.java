package io.aloft.sandbox;

import static io.aloft.sandbox.Flows.integer;
import static io.aloft.sandbox.Flows.string;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import flyteidl.admin.Common.NamedEntityIdentifier;
import flyteidl.admin.Common.ResourceListRequest;
import flyteidl.admin.Common.Sort;
import flyteidl.admin.ExecutionOuterClass.Execution;
import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetDataRequest;
import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetRequest;
import flyteidl.admin.NodeExecutionOuterClass.NodeExecutionGetDataRequest;
import flyteidl.admin.NodeExecutionOuterClass.NodeExecutionListRequest;
import flyteidl.admin.ProjectOuterClass.Project;
import flyteidl.admin.ProjectOuterClass.ProjectRegisterRequest;
import flyteidl.admin.TaskExecutionOuterClass.TaskExecutionListRequest;
import flyteidl.core.Execution.NodeExecution;
import flyteidl.core.Execution.TaskExecution;
import flyteidl.core.Execution.WorkflowExecution;
import flyteidl.core.IdentifierOuterClass.NodeExecutionIdentifier;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Interface.Variable;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralCollection;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Tasks.TaskTemplate;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import flyteidl.service.AdminServiceGrpc.AdminServiceBlockingStub;
import io.aloft.testkit.kube.FlyteTaskArgs;
import io.aloft.testkit.kube.PodRule;
import io.aloft.testkit.kube.TaskResult;
import io.aloft.testkit.kube.TestPodController;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.ManagedChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The acceptance path with the real client: a workflow of the sample project ({@code proj.wf.flat}: scalars, a
 * {@code List[int]} and attributes of a dataclass output across four task nodes) is registered and launched by the
 * real flytekit ({@code pyflyte run --remote}), and driven to success by propeller; the test pod controller stands in
 * for the kubelet and for {@code pyflyte-execute}: it reads each pod's {@code --inputs}, computes what the Python task
 * computes, and writes {@code outputs.pb} under {@code --output-prefix}, typed by the task interface that admin holds.
 */
class FlytekitEndToEndIT {
  private static final String NAMESPACE = "flytesnacks-development";

  static RunningStack running;
  static LocalStack stack;
  static ManagedChannel channel;
  static AdminServiceBlockingStub admin;
  static KubernetesClient kube;
  static S3TaskStorage storage;

  /** What each task's pod was started with, and the inputs the emulated task read, by task function name. */
  record Run(FlyteTaskArgs args, LiteralMap inputs, LiteralMap outputs) {}

  final Map<String, Run> runs = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    running = RunningStack.shared(
        // the test pod controller moves the pods, so the local pod runner must not
        "--no-pod-runner", "--propeller", "aloft.propeller.workflow-reeval-duration=2s");
    stack = running.stack();
    channel = running.channel();
    admin = running.admin();
    kube = running.kube();
    storage = new S3TaskStorage(stack.s3());
  }

  @AfterAll
  static void stop() {
    if (storage != null) {
      storage.close();
    }
    // the stack is shared (RunningStack.shared): it stops with the test JVM
  }

  @Test
  void aWorkflowRegisteredAndLaunchedByPyflyteRunsToSuccess() throws Exception {
    Path project = Pyflyte.sampleProject(Files.createTempDirectory("aloft-flytekit-project"), stack);
    // the local stack seeds pyflyte's default project
    admin.getProject(flyteidl.admin.ProjectOuterClass.ProjectGetRequest.newBuilder().setId("flytesnacks").build());

    try (TestPodController kubelet = TestPodController.start(kube, NAMESPACE)) {
      kubelet.rule(PodRule.matching(p -> true).runFor(Duration.ofMillis(100)).runTask(storage, this::emulate));

      String pyflyte = Pyflyte.pyflyte();
      String out = Pyflyte.run(project, List.of(pyflyte, "--config", "config.yaml", "run", "--remote",
          "--project", "flytesnacks", "--domain", "development", "--name", "flat-run", "proj/wf.py", "flat",
          "--x", "3", "--xs", "[1, 2]", "--name", "aloft"));
      assertThat(out).contains("flat-run");

      WorkflowExecutionIdentifier id = WorkflowExecutionIdentifier.newBuilder().setProject("flytesnacks")
          .setDomain("development").setName("flat-run").build();
      WorkflowExecution.Phase phase = Flows.await(admin, id, Duration.ofSeconds(120));
      Execution e = admin.getExecution(WorkflowExecutionGetRequest.newBuilder().setId(id).build());
      assertThat(phase).as(e.getClosure().getError().getMessage()).isEqualTo(WorkflowExecution.Phase.SUCCEEDED);
      assertThat(kubelet.errors()).isEmpty();

      // The workflow's outputs, as flytekit names them (o0, o1): greet(name, p.y) and append(xs, double(p.x)).
      var data = admin.getExecutionData(WorkflowExecutionGetDataRequest.newBuilder().setId(id).build());
      assertThat(data.getFullInputs().getLiteralsOrThrow("xs")).isEqualTo(Flows.list(integer(1), integer(2)));
      assertThat(data.getFullOutputs().getLiteralsMap()).containsOnlyKeys("o0", "o1");
      assertThat(data.getFullOutputs().getLiteralsOrThrow("o0")).isEqualTo(string("hello aloft x4"));
      assertThat(data.getFullOutputs().getLiteralsOrThrow("o1"))
          .isEqualTo(Flows.list(integer(1), integer(2), integer(6)));

      // Every task node succeeded, with exactly one attempt, of the task flytekit registered for it.
      Map<String, String> taskOfNode = Map.of("n0", "proj.wf.make_point", "n1", "proj.wf.double",
          "n2", "proj.wf.append", "n3", "proj.wf.greet");
      var nodes = admin.listNodeExecutions(NodeExecutionListRequest.newBuilder().setWorkflowExecutionId(id)
          .setLimit(100).build()).getNodeExecutionsList();
      assertThat(nodes).filteredOn(n -> taskOfNode.containsKey(n.getId().getNodeId()))
          .hasSize(4).allSatisfy(n -> assertThat(n.getClosure().getPhase()).isEqualTo(NodeExecution.Phase.SUCCEEDED));
      for (var node : taskOfNode.entrySet()) {
        NodeExecutionIdentifier nid = NodeExecutionIdentifier.newBuilder().setExecutionId(id)
            .setNodeId(node.getKey()).build();
        List<TaskExecution.Phase> attempts = new ArrayList<>();
        var tasks = admin.listTaskExecutions(TaskExecutionListRequest.newBuilder().setNodeExecutionId(nid)
            .setLimit(10).build()).getTaskExecutionsList();
        tasks.forEach(t -> attempts.add(t.getClosure().getPhase()));
        assertThat(attempts).as(node.getKey()).containsExactly(TaskExecution.Phase.SUCCEEDED);
        assertThat(tasks.get(0).getId().getTaskId().getName()).isEqualTo(node.getValue());
        assertThat(tasks.get(0).getId().getRetryAttempt()).isZero();
      }

      // Attribute access on the dataclass promise resolved to the fields: double got p.x, greet got p.y.
      assertThat(runs).containsOnlyKeys("make_point", "double", "append", "greet");
      // (as flytepropeller does, the attribute of a msgpack dataclass is handed on as a msgpack binary)
      assertThat(intValue(runs.get("double").inputs().getLiteralsOrThrow("x"))).isEqualTo(3);
      assertThat(runs.get("double").inputs().getLiteralsOrThrow("x").getScalar().getBinary().getTag())
          .isEqualTo("msgpack");
      assertThat(intValue(runs.get("greet").inputs().getLiteralsOrThrow("n"))).isEqualTo(4);
      assertThat(runs.get("append").inputs().getLiteralsOrThrow("v")).isEqualTo(integer(6));
      var n1 = admin.getNodeExecutionData(NodeExecutionGetDataRequest.newBuilder().setId(
          NodeExecutionIdentifier.newBuilder().setExecutionId(id).setNodeId("n1")).build());
      assertThat(intValue(n1.getFullInputs().getLiteralsOrThrow("x"))).isEqualTo(3);
      assertThat(n1.getFullOutputs().getLiteralsOrThrow("o0")).isEqualTo(integer(6));

      // The pods' command lines were templated: real inputs/outputs URIs of this execution, no {{...}} left.
      for (var r : runs.entrySet()) {
        FlyteTaskArgs a = r.getValue().args();
        assertThat(a.inputs()).as(r.getKey()).startsWith("s3://").contains("flat-run").endsWith("/inputs.pb");
        assertThat(a.outputPrefix()).as(r.getKey()).startsWith("s3://").contains("flat-run");
        assertThat(a.rawOutputDataPrefix()).as(r.getKey()).startsWith("s3://aloft/data/");
        assertThat(String.join(" ", a.resolverArgs())).as(r.getKey()).doesNotContain("{{")
            .contains("task-module proj.wf task-name " + r.getKey());
        assertThat(LiteralMap.parseFrom(storage.read(a.inputs()))).isEqualTo(r.getValue().inputs());
        assertThat(LiteralMap.parseFrom(storage.read(a.outputsUri()))).isEqualTo(r.getValue().outputs());
      }
      assertThat(runs.values()).extracting(r -> r.args().outputPrefix()).doesNotHaveDuplicates();

      // The sample project's pipeline: a sub-workflow (inner: double) feeding a task (greet), launched the same way.
      runs.clear();
      Pyflyte.run(project, List.of(pyflyte, "--config", "config.yaml", "run", "--remote",
          "--project", "flytesnacks", "--domain", "development", "--name", "pipeline-run", "proj/wf.py", "pipeline",
          "--x", "4"));
      WorkflowExecutionIdentifier pid = id.toBuilder().setName("pipeline-run").build();
      WorkflowExecution.Phase pphase = Flows.await(admin, pid, Duration.ofSeconds(120));
      assertThat(pphase).as(admin.getExecution(WorkflowExecutionGetRequest.newBuilder().setId(pid).build())
          .getClosure().getError().getMessage()).isEqualTo(WorkflowExecution.Phase.SUCCEEDED);
      assertThat(admin.getExecutionData(WorkflowExecutionGetDataRequest.newBuilder().setId(pid).build())
          .getFullOutputs().getLiteralsOrThrow("o0")).isEqualTo(string("hello aloft x8"));
      assertThat(runs).containsOnlyKeys("double", "greet");
      // the sub-workflow node is a parent; its nested node is listed under it
      var top = admin.listNodeExecutions(NodeExecutionListRequest.newBuilder().setWorkflowExecutionId(pid)
          .setLimit(100).build()).getNodeExecutionsList();
      var subNode = top.stream().filter(n -> n.getMetadata().getIsParentNode()).findFirst().orElseThrow();
      var nested = admin.listNodeExecutions(NodeExecutionListRequest.newBuilder().setWorkflowExecutionId(pid)
          .setUniqueParentId(subNode.getId().getNodeId()).setLimit(100).build()).getNodeExecutionsList();
      assertThat(nested).extracting(n -> n.getMetadata().getSpecNodeId()).contains("n0");
      assertThat(nested).filteredOn(n -> n.getMetadata().getSpecNodeId().equals("n0"))
          .allSatisfy(n -> assertThat(n.getClosure().getPhase()).isEqualTo(NodeExecution.Phase.SUCCEEDED));
    }
  }

  /** The task's Python body, by the task name in the resolver arguments, with outputs typed by its interface. */
  private TaskResult emulate(LiteralMap inputs, Pod pod) {
    FlyteTaskArgs args = FlyteTaskArgs.of(pod);
    List<String> rest = args.resolverArgs();
    String name = rest.get(rest.indexOf("task-name") + 1);
    Map<String, Literal> in = inputs.getLiteralsMap();
    Object result = switch (name) {
      case "make_point" -> {
        long x = intValue(in.get("x"));
        yield Map.of("x", x, "y", x + 1);
      }
      case "double" -> intValue(in.get("x")) * 2;
      case "append" -> {
        List<Object> xs = new ArrayList<>();
        in.get("xs").getCollection().getLiteralsList().forEach(l -> xs.add(l.getScalar().getPrimitive().getInteger()));
        xs.add(intValue(in.get("v")));
        yield xs;
      }
      case "greet" -> "hello " + in.get("name").getScalar().getPrimitive().getStringValue() + " x"
          + intValue(in.get("n"));
      default -> throw new IllegalStateException("no emulation for task " + name);
    };
    Map<String, Variable> outs = template("proj.wf." + name).getInterface().getOutputs().getVariablesMap();
    assertThat(outs).containsOnlyKeys("o0");
    LiteralMap outputs = LiteralMap.newBuilder().putLiterals("o0", literal(result, outs.get("o0").getType())).build();
    runs.put(name, new Run(args, inputs, outputs));
    return TaskResult.outputs(outputs);
  }

  /** The newest registered version of task {@code name}, as admin serves it. */
  private static TaskTemplate template(String name) {
    var list = admin.listTasks(ResourceListRequest.newBuilder().setId(NamedEntityIdentifier.newBuilder()
        .setProject("flytesnacks").setDomain("development").setName(name)).setLimit(1)
        .setSortBy(Sort.newBuilder().setKey("created_at").setDirection(Sort.Direction.DESCENDING)).build());
    assertThat(list.getTasksList()).as("task " + name).isNotEmpty();
    return list.getTasks(0).getClosure().getCompiledTask().getTemplate();
  }

  /**
   * A Java value as flytekit 1.16.21's type engine writes it for {@code type}: primitives, collections, and
   * dataclasses (STRUCT with a JSON schema) as a {@code msgpack}-tagged binary, flytekit's default form.
   */
  @SuppressWarnings("unchecked")
  static Literal literal(Object value, LiteralType type) {
    if (type.hasCollectionType()) {
      LiteralCollection.Builder c = LiteralCollection.newBuilder();
      ((List<Object>) value).forEach(v -> c.addLiterals(literal(v, type.getCollectionType())));
      return Literal.newBuilder().setCollection(c).build();
    }
    assertThat(type.hasSimple()).as(type.toString()).isTrue();
    return switch (type.getSimple()) {
      case INTEGER -> integer((Long) value);
      case STRING -> string((String) value);
      case STRUCT -> {
        assertThat(type.getMetadata().getFieldsMap()).as("dataclass JSON schema").containsKey("properties");
        java.io.ByteArrayOutputStream msgpack = new java.io.ByteArrayOutputStream();
        Map<String, Object> fields = new java.util.TreeMap<>((Map<String, Object>) value);
        msgpack.write(0x80 | fields.size()); // fixmap
        fields.forEach((k, v) -> {
          byte[] key = k.getBytes(StandardCharsets.UTF_8);
          msgpack.write(0xa0 | key.length); // fixstr
          msgpack.writeBytes(key);
          msgpack.write(0xd3); // int 64, big-endian
          msgpack.writeBytes(java.nio.ByteBuffer.allocate(8).putLong((Long) v).array());
        });
        yield Literal.newBuilder().setScalar(Scalar.newBuilder().setBinary(flyteidl.core.Literals.Binary.newBuilder()
            .setValue(com.google.protobuf.ByteString.copyFrom(msgpack.toByteArray())).setTag("msgpack"))).build();
      }
      default -> throw new IllegalArgumentException("no emulation for type " + type);
    };
  }

  /**
   * An integer input as flytekit reads it: a primitive, or (an attribute of a dataclass resolved by propeller) a
   * {@code msgpack} binary holding the integer.
   */
  static long intValue(Literal l) {
    if (!l.getScalar().hasBinary()) {
      return l.getScalar().getPrimitive().getInteger();
    }
    assertThat(l.getScalar().getBinary().getTag()).isEqualTo("msgpack");
    byte[] b = l.getScalar().getBinary().getValue().toByteArray();
    int first = b[0] & 0xff;
    if (first <= 0x7f) {
      return first;
    }
    assertThat(first).as("msgpack int 64").isEqualTo(0xd3);
    return java.nio.ByteBuffer.wrap(b, 1, 8).getLong();
  }
}
