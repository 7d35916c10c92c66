package io.aloft.engine;

import static io.aloft.engine.TestWorkflows.INT;
import static io.aloft.engine.TestWorkflows.inputs;
import static io.aloft.engine.TestWorkflows.intLit;
import static io.aloft.engine.TestWorkflows.listLit;
import static io.aloft.engine.TestWorkflows.listOf;
import static io.aloft.engine.TestWorkflows.promise;
import static io.aloft.engine.TestWorkflows.task;
import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.core.Execution.ExecutionError;
import flyteidl.core.Execution.TaskExecution;
import flyteidl.core.Literals.Binding;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Tasks.TaskTemplate;
import flyteidl.core.Workflow.ArrayNode;
import flyteidl.core.Workflow.Node;
import flyteidl.event.Event.ExternalResourceInfo;
import flyteidl.event.Event.TaskExecutionEvent;
import io.aloft.engine.cache.CacheMetrics;
import io.aloft.engine.plugin.PluginTransition;
import io.aloft.engine.status.ArrayNodeStatus;
import io.aloft.engine.status.NodePhase;
import io.aloft.engine.status.NodeStatus;
import io.aloft.engine.status.StatusJson;
import io.aloft.engine.status.WorkflowPhase;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Array nodes (map tasks): sizing, parallelism, retries, success criteria, outputs, restart, abort, events. */
class ArrayNodesTest {
  static final String WF_DIR = "s3://bucket/metadata/propeller/proj-dev-";

  /**
   * {@code m}: maps task {@code t} (type {@code type}, {@code retries}) over input xs; workflow output o = m.x. As
   * flytekit's map task templates, the sub task's interface is the array's (x: list[int] -> x: list[int]); each sub
   * node sees and writes one element.
   */
  static TestWorkflows.Wf mapWorkflow(String name, String type, int retries, Consumer<ArrayNode.Builder> array) {
    TaskTemplate t = task("t_" + name.replace('.', '_'), type, Map.of("x", listOf(INT)), retries);
    Node sub = TestWorkflows.Wf.taskNode("m-sub", t, Map.of("x", promise("start-node", "xs")), null);
    ArrayNode.Builder a = ArrayNode.newBuilder().setNode(sub);
    array.accept(a);
    Node m = Node.newBuilder().setId("m").addInputs(Binding.newBuilder().setVar("x")
        .setBinding(promise("start-node", "xs"))).setArrayNode(a).build();
    return new TestWorkflows.Wf(name).input("xs", listOf(INT)).raw(m, t).output("o", listOf(INT), promise("m", "x"));
  }

  static LiteralMap xs(long... v) {
    Literal[] items = new Literal[v.length];
    for (int i = 0; i < v.length; i++) {
      items[i] = intLit(v[i]);
    }
    return inputs("xs", listLit(items));
  }

  static Literal none() {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setNoneType(flyteidl.core.Literals.Void.getDefaultInstance()))
        .build();
  }

  static LiteralMap outputs(Harness h) {
    return h.blobs.readProto(h.ctx.status().outputRef, LiteralMap.parser()).orElseThrow();
  }

  static long x(flyteidl.core.Literals.LiteralMap in) {
    return in.getLiteralsOrThrow("x").getScalar().getPrimitive().getInteger();
  }

  static long inputX(io.aloft.engine.plugin.TaskExecutionContext ctx) {
    return x(ctx.blobs().readProto(ctx.inputsPath(), LiteralMap.parser()).orElseThrow());
  }

  @Test
  void mapOverFiveElementsSucceedsWithOutputsInIndexOrder() throws Exception {
    Harness h = new Harness(mapWorkflow("wf.map", "echo", 0, a -> { }).context("am", xs(5, 4, 3, 2, 1), 0));
    RoundResult r = h.untilQuiet();

    assertThat(r.phase()).isEqualTo(WorkflowPhase.SUCCESS);
    assertThat(outputs(h).getLiteralsOrThrow("o"))
        .isEqualTo(listLit(intLit(5), intLit(4), intLit(3), intLit(2), intLit(1)));
    // Sub node i's data: <array output dir>/<i>/<attempt>.
    LiteralMap in3 = h.blobs.readProto(WF_DIR + "am/m/data/0/3/0/inputs.pb", LiteralMap.parser()).orElseThrow();
    assertThat(x(in3)).isEqualTo(2);
    assertThat(h.blobs.exists(WF_DIR + "am/m/data/0/3/0/outputs.pb")).isTrue();
    NodeStatus m = h.ctx.status().nodeStatus.get("m");
    assertThat(m.phase).isEqualTo(NodePhase.SUCCEEDED);
    assertThat(m.arrayNodeStatus.size).isEqualTo(5);
    assertThat(m.arrayNodeStatus.subPhases).containsOnly(NodePhase.SUCCEEDED.code());

    // Event version 0 for arrays: task events of node m, each with one external resource per sub node.
    List<TaskExecutionEvent> events = h.sink.taskEvents("m");
    assertThat(events).isNotEmpty();
    TaskExecutionEvent last = events.get(events.size() - 1);
    assertThat(last.getPhase()).isEqualTo(TaskExecution.Phase.SUCCEEDED);
    assertThat(last.getOutputUri()).isEqualTo(WF_DIR + "am/m/data/0/outputs.pb");
    assertThat(last.getMetadata().getExternalResourcesList()).extracting(ExternalResourceInfo::getIndex)
        .containsExactly(0, 1, 2, 3, 4);
    assertThat(last.getMetadata().getExternalResourcesList()).extracting(ExternalResourceInfo::getPhase)
        .containsOnly(TaskExecution.Phase.SUCCEEDED);
    assertThat(events).extracting(TaskExecutionEvent::getPhaseVersion).isSorted();
    // the node events say it is an array node, which admin keeps as the node execution's metadata.is_array
    assertThat(NestedNodesTest.nodeEvents(h)).filteredOn(e -> e.getId().getNodeId().equals("m")).isNotEmpty()
        .allMatch(flyteidl.event.Event.NodeExecutionEvent::getIsArray);
    assertThat(NestedNodesTest.nodeEvents(h)).filteredOn(e -> !e.getId().getNodeId().equals("m"))
        .noneMatch(flyteidl.event.Event.NodeExecutionEvent::getIsArray);
  }

  @Test
  void broadcastInputsGoWholeToEverySubNodeAndEmptyArraysSucceed() throws Exception {
    Harness h = new Harness(mapWorkflow("wf.empty", "echo", 0, a -> { }).context("ae", xs(), 0));
    assertThat(h.untilQuiet().phase()).isEqualTo(WorkflowPhase.SUCCESS);
    assertThat(outputs(h).getLiteralsOrThrow("o")).isEqualTo(listLit());

    LiteralMap in = inputs("xs", listLit(intLit(1), intLit(2)), "k", intLit(7));
    LiteralMap sub = io.aloft.engine.node.ArrayNodes.subInputs(new io.aloft.crd.ArrayNodeSpec(), in, 1);
    assertThat(sub.getLiteralsOrThrow("xs")).isEqualTo(intLit(2));
    assertThat(sub.getLiteralsOrThrow("k")).isEqualTo(intLit(7));
  }

  @Test
  void parallelismTwoNeverHasMoreThanTwoSubTasksLaunched() throws Exception {
    Harness h = new Harness(mapWorkflow("wf.par", "scripted", 0, a -> a.setParallelism(2))
        .context("ap", xs(1, 2, 3, 4, 5), 0));
    h.scripted.runRounds = 3;
    int[] maxRunning = {0};
    RoundResult r = h.untilQuiet(x -> {
      NodeStatus m = x.ctx.status().nodeStatus.get("m");
      ArrayNodeStatus as = m == null ? null : m.arrayNodeStatus;
      if (as != null) {
        int running = 0;
        for (int p : as.subPhases) {
          running += p == NodePhase.QUEUED.code() || p == NodePhase.RUNNING.code() ? 1 : 0;
        }
        maxRunning[0] = Math.max(maxRunning[0], running);
      }
    });

    assertThat(r.phase()).isEqualTo(WorkflowPhase.SUCCESS);
    assertThat(h.scripted.maxLive).isEqualTo(2);
    assertThat(maxRunning[0]).isEqualTo(2);
    assertThat(h.scripted.creates).hasSize(5).allSatisfy((name, n) -> assertThat(n).isEqualTo(1));
    assertThat(h.scripted.creates.keySet()).containsExactly("ap-m-0-0", "ap-m-1-0", "ap-m-2-0", "ap-m-3-0",
        "ap-m-4-0");
    assertThat(outputs(h).getLiteralsOrThrow("o"))
        .isEqualTo(listLit(intLit(1), intLit(2), intLit(3), intLit(4), intLit(5)));
  }

  @Test
  void aFailingSubNodeIsRetriedWithItsTasksRetries() throws Exception {
    Harness h = new Harness(mapWorkflow("wf.retry", "scripted", 1, a -> { }).context("ar", xs(1, 2, 3), 0));
    h.scripted.scripts.put("m-sub", ctx -> ctx.attempt() == 0 && inputX(ctx) == 2
        ? PluginTransition.retryableFailure("Boom", "flaky", ExecutionError.ErrorKind.USER)
        : ScriptedPlugin.succeed(ctx));
    RoundResult r = h.untilQuiet();

    assertThat(r.phase()).isEqualTo(WorkflowPhase.SUCCESS);
    assertThat(h.scripted.creates.keySet()).containsExactlyInAnyOrder("ar-m-0-0", "ar-m-1-0", "ar-m-1-1",
        "ar-m-2-0");
    ArrayNodeStatus as = h.ctx.status().nodeStatus.get("m").arrayNodeStatus;
    assertThat(as.subAttempts).containsExactly(0, 1, 0);
    assertThat(outputs(h).getLiteralsOrThrow("o")).isEqualTo(listLit(intLit(1), intLit(2), intLit(3)));
    // The second attempt wrote its outputs in its own dir, which the gathering read.
    assertThat(h.blobs.exists(WF_DIR + "ar/m/data/0/1/1/outputs.pb")).isTrue();
    TaskExecutionEvent last = h.sink.taskEvents("m").get(h.sink.taskEvents("m").size() - 1);
    assertThat(last.getMetadata().getExternalResourcesList()).filteredOn(e -> e.getIndex() == 1)
        .extracting(ExternalResourceInfo::getRetryAttempt).containsExactly(1);
  }

  @Test
  void aSystemFailureOfASubNodeSpendsTheSystemRetryBudget() throws Exception {
    Harness h = new Harness(mapWorkflow("wf.sys", "scripted", 0, a -> { }).context("as", xs(1, 2), 0));
    h.scripted.scripts.put("m-sub", ctx -> {
      if (ctx.attempt() == 0 && inputX(ctx) == 1) {
        throw new IllegalStateException("api server unreachable");
      }
      return ScriptedPlugin.succeed(ctx);
    });
    RoundResult r = h.untilQuiet();

    assertThat(r.phase()).isEqualTo(WorkflowPhase.SUCCESS);
    ArrayNodeStatus as = h.ctx.status().nodeStatus.get("m").arrayNodeStatus;
    assertThat(as.subAttempts).containsExactly(1, 0);
    assertThat(as.subSystemFailures).containsExactly(1, 0);
    assertThat(h.scripted.aborted).contains("as-m-0-0");
    assertThat(outputs(h).getLiteralsOrThrow("o")).isEqualTo(listLit(intLit(1), intLit(2)));
  }

  @Test
  void minSuccessRatioToleratesAFailureWithANoneInItsPlace() throws Exception {
    Harness h = new Harness(mapWorkflow("wf.ratio", "scripted", 0, a -> a.setMinSuccessRatio(0.75f))
        .context("aq", xs(1, 2, 3, 4), 0));
    h.scripted.scripts.put("m-sub", ctx -> inputX(ctx) == 3
        ? PluginTransition.permanentFailure("ValueError", "three", ExecutionError.ErrorKind.USER)
        : ScriptedPlugin.succeed(ctx));
    RoundResult r = h.untilQuiet();

    assertThat(r.phase()).isEqualTo(WorkflowPhase.SUCCESS);
    assertThat(outputs(h).getLiteralsOrThrow("o")).isEqualTo(listLit(intLit(1), intLit(2), none(), intLit(4)));
    assertThat(h.ctx.status().nodeStatus.get("m").arrayNodeStatus.subPhases).containsExactly(
        NodePhase.SUCCEEDED.code(), NodePhase.SUCCEEDED.code(), NodePhase.FAILED.code(), NodePhase.SUCCEEDED.code());
  }

  @Test
  void tooManyFailuresFailTheArrayAndAbortWhatStillRuns() throws Exception {
    Harness h = new Harness(mapWorkflow("wf.fail", "scripted", 0, a -> a.setMinSuccesses(3))
        .context("af", xs(1, 2, 3, 4), 0));
    h.scripted.scripts.put("m-sub", ctx -> inputX(ctx) <= 2
        ? PluginTransition.permanentFailure("ValueError", "small " + inputX(ctx), ExecutionError.ErrorKind.USER)
        : PluginTransition.running(0, null));
    RoundResult r = h.untilQuiet();

    assertThat(r.phase()).isEqualTo(WorkflowPhase.FAILED);
    NodeStatus m = h.ctx.status().nodeStatus.get("m");
    assertThat(m.phase).isEqualTo(NodePhase.FAILED);
    assertThat(m.error.code).isEqualTo("ArrayNodeFailed");
    assertThat(m.error.message).startsWith("2 of 4 sub nodes failed, 3 must succeed")
        .contains("[0]: [ValueError] small 1").contains("[1]: [ValueError] small 2");
    assertThat(h.scripted.aborted).contains("af-m-2-0", "af-m-3-0");
    assertThat(h.scripted.live).isEmpty();
  }

  @Test
  void restartMidArrayContinuesWithoutRelaunchingAnything() throws Exception {
    Harness h = new Harness(mapWorkflow("wf.restart", "scripted", 0, a -> a.setParallelism(3))
        .context("arr", xs(1, 2, 3, 4, 5), 0));
    h.scripted.runRounds = 2;
    for (int i = 0; i < 50 && !midway(h); i++) {
      h.round();
    }
    ArrayNodeStatus mid = h.ctx.status().nodeStatus.get("m").arrayNodeStatus;
    assertThat(mid.subPhases).contains(NodePhase.SUCCEEDED.code()).contains(NodePhase.RUNNING.code());
    // The persisted status round-trips its per-sub-node state.
    ArrayNodeStatus copy = StatusJson.copy(h.ctx.status()).nodeStatus.get("m").arrayNodeStatus;
    assertThat(copy.subPhases).containsExactly(mid.subPhases);
    assertThat(copy.subPluginStates).hasSize(5);
    String json = StatusJson.nodeToString(h.ctx.status().nodeStatus.get("m"));
    assertThat(json).contains("\"arrayNodeStatus\"", "\"subphase\":[", "\"subtphase\":[", "\"subattempts\":[");

    h.executor = h.executor(null, CacheMetrics.NONE); // an operator restart
    RoundResult r = h.untilQuiet();

    assertThat(r.phase()).isEqualTo(WorkflowPhase.SUCCESS);
    assertThat(h.scripted.creates).hasSize(5).allSatisfy((name, n) -> assertThat(n).isEqualTo(1));
    assertThat(outputs(h).getLiteralsOrThrow("o"))
        .isEqualTo(listLit(intLit(1), intLit(2), intLit(3), intLit(4), intLit(5)));
  }

  /** Some sub node succeeded and some still runs. */
  static boolean midway(Harness h) {
    NodeStatus m = h.ctx.status().nodeStatus.get("m");
    if (m == null || m.arrayNodeStatus == null) {
      return false;
    }
    List<Integer> phases = java.util.Arrays.stream(m.arrayNodeStatus.subPhases).boxed().toList();
    return phases.contains(NodePhase.SUCCEEDED.code()) && phases.contains(NodePhase.RUNNING.code());
  }

  @Test
  void abortAbortsTheRunningSubNodes() throws Exception {
    Harness h = new Harness(mapWorkflow("wf.abort", "scripted", 0, a -> a.setParallelism(2))
        .context("aa", xs(1, 2, 3), 0));
    h.scripted.runRounds = 100;
    for (int i = 0; i < 50 && h.scripted.live.size() < 2; i++) {
      h.round();
    }
    assertThat(h.scripted.live).containsExactlyInAnyOrder("aa-m-0-0", "aa-m-1-0");
    h.ctx = h.ctx.abort("user asked");
    RoundResult r = h.untilQuiet();

    assertThat(r.phase()).isEqualTo(WorkflowPhase.ABORTED);
    assertThat(h.scripted.aborted).containsExactlyInAnyOrder("aa-m-0-0", "aa-m-1-0");
    assertThat(h.scripted.creates).doesNotContainKey("aa-m-2-0");
    assertThat(h.scripted.live).isEmpty();
    List<TaskExecutionEvent> events = h.sink.taskEvents("m");
    assertThat(events.get(events.size() - 1).getPhase()).isEqualTo(TaskExecution.Phase.ABORTED);
  }
}
