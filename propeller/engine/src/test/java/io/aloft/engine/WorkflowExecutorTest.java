package io.aloft.engine;

import static io.aloft.engine.TestWorkflows.INT;
import static io.aloft.engine.TestWorkflows.STRING;
import static io.aloft.engine.TestWorkflows.STRUCT;
import static io.aloft.engine.TestWorkflows.collection;
import static io.aloft.engine.TestWorkflows.inputs;
import static io.aloft.engine.TestWorkflows.intLit;
import static io.aloft.engine.TestWorkflows.listLit;
import static io.aloft.engine.TestWorkflows.listOf;
import static io.aloft.engine.TestWorkflows.promise;
import static io.aloft.engine.TestWorkflows.strLit;
import static io.aloft.engine.TestWorkflows.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import flyteidl.core.Execution.ExecutionError;
import flyteidl.core.Execution.NodeExecution;
import flyteidl.core.Execution.TaskExecution;
import flyteidl.core.Execution.WorkflowExecution;
import flyteidl.core.Literals.Binding;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.RetryStrategy;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Tasks.TaskTemplate;
import flyteidl.core.Types.PromiseAttribute;
import flyteidl.core.Workflow.NodeMetadata;
import flyteidl.core.Workflow.WorkflowMetadata.OnFailurePolicy;
import flyteidl.event.Event.NodeExecutionEvent;
import flyteidl.event.Event.TaskExecutionEvent;
import io.aloft.crd.NodeKind;
import io.aloft.crd.NodeSpec;
import io.aloft.engine.plugin.PluginTransition;
import io.aloft.engine.status.NodePhase;
import io.aloft.engine.status.NodeStatus;
import io.aloft.engine.status.StatusJson;
import io.aloft.engine.status.WorkflowPhase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkflowExecutorTest {
  static final String WF_DIR = "s3://bucket/metadata/propeller/proj-dev-";

  static TaskTemplate echo(String name, Map<String, flyteidl.core.Types.LiteralType> vars) {
    return task(name, "echo", vars, 0);
  }

  static TaskTemplate scripted(String name, int retries) {
    return task(name, "scripted", Map.of("x", INT), retries);
  }

  static LiteralMap outputs(Harness h, String ref) {
    return h.blobs.readProto(ref, LiteralMap.parser()).orElseThrow();
  }

  @Test
  void chainOfEchoTasksPassesScalarsAndCollections() throws Exception {
    Map<String, flyteidl.core.Types.LiteralType> vars = new LinkedHashMap<>();
    vars.put("x", INT);
    vars.put("s", STRING);
    vars.put("xs", listOf(INT));
    TaskTemplate t = echo("t_echo", vars);
    TestWorkflows.Wf wf = new TestWorkflows.Wf("wf.chain").input("x", INT).input("s", STRING)
        .input("xs", listOf(INT))
        .node("n0", t, Map.of("x", promise("start-node", "x"), "s", promise("start-node", "s"),
            "xs", promise("start-node", "xs")))
        .node("n1", t, Map.of("x", promise("n0", "x"), "s", promise("n0", "s"), "xs", promise("n0", "xs")))
        .node("n2", t, Map.of("x", promise("n1", "x"), "s", promise("n1", "s"),
            "xs", collection(promise("n1", "x"), promise("n0", "x"))))
        .output("o", INT, promise("n2", "x")).output("l", listOf(INT), promise("n2", "xs"))
        .output("s", STRING, promise("n2", "s"));
    LiteralMap in = inputs("x", intLit(42), "s", strLit("hi"), "xs", listLit(intLit(1), intLit(2)));
    Harness h = new Harness(wf.context("exec1", in, 0));

    RoundResult r = h.untilQuiet();

    assertThat(r.phase()).isEqualTo(WorkflowPhase.SUCCESS);
    assertThat(h.ctx.status().dataDir).isEqualTo(WF_DIR + "exec1");
    assertThat(h.ctx.status().outputRef).isEqualTo(WF_DIR + "exec1/end-node/data/0/outputs.pb");
    LiteralMap out = outputs(h, h.ctx.status().outputRef);
    assertThat(out.getLiteralsOrThrow("o")).isEqualTo(intLit(42));
    assertThat(out.getLiteralsOrThrow("s")).isEqualTo(strLit("hi"));
    assertThat(out.getLiteralsOrThrow("l")).isEqualTo(listLit(intLit(42), intLit(42)));
    LiteralMap n1Inputs = outputs(h, WF_DIR + "exec1/n1/data/inputs.pb");
    assertThat(n1Inputs.getLiteralsOrThrow("xs")).isEqualTo(listLit(intLit(1), intLit(2)));
    assertThat(h.blobs.exists(WF_DIR + "exec1/n1/data/0/outputs.pb")).isTrue();

    assertThat(h.sink.workflowPhases()).containsExactly(WorkflowExecution.Phase.RUNNING,
        WorkflowExecution.Phase.SUCCEEDING, WorkflowExecution.Phase.SUCCEEDED);
    assertThat(h.sink.nodePhases("n1")).containsExactly(NodeExecution.Phase.QUEUED, NodeExecution.Phase.SUCCEEDED);
    NodeExecutionEvent succeeded = nodeEvents(h, "n1").get(1);
    assertThat(succeeded.getOutputUri()).isEqualTo(WF_DIR + "exec1/n1/data/0/outputs.pb");
    assertThat(succeeded.getInputUri()).isEqualTo(WF_DIR + "exec1/n1/data/inputs.pb");
    assertThat(succeeded.getProducerId()).isEqualTo("propeller");
    assertThat(succeeded.getSpecNodeId()).isEqualTo("n1");
    assertThat(succeeded.getEventVersion()).isEqualTo(1);
    assertThat(succeeded.getTargetEntity().getName()).isEqualTo("t_echo");
    List<TaskExecutionEvent> te = h.sink.taskEvents("n1");
    assertThat(te).hasSize(1);
    assertThat(te.get(0).getPhase()).isEqualTo(TaskExecution.Phase.SUCCEEDED);
    assertThat(te.get(0).getTaskType()).isEqualTo("echo");
    assertThat(te.get(0).getMetadata().getGeneratedName()).isEqualTo("exec1-n1-0");
    assertThat(h.sink.refused).isEmpty();
  }

  @Test
  void attrPathSelectsStructFieldsAndCollectionItems() throws Exception {
    TaskTemplate src = echo("t_src", Map.of("cfg", STRUCT, "xs", listOf(INT)));
    TaskTemplate dst = echo("t_dst", Map.of("v", STRUCT, "y", listOf(INT)));
    TestWorkflows.Wf wf = new TestWorkflows.Wf("wf.attr").input("cfg", STRUCT).input("xs", listOf(INT))
        .node("n0", src, Map.of("cfg", promise("start-node", "cfg"), "xs", promise("start-node", "xs")))
        .node("n1", dst, Map.of("v", promise("n0", "cfg"), "y", promise("n0", "xs")))
        .output("v", STRUCT, promise("n1", "v"));
    Struct cfg = Struct.newBuilder()
        .putFields("inner", Value.newBuilder().setStructValue(Struct.newBuilder()
            .putFields("value", Value.newBuilder().setNumberValue(7).build())).build())
        .putFields("name", Value.newBuilder().setStringValue("a").build()).build();
    Literal cfgLit = Literal.newBuilder().setScalar(Scalar.newBuilder().setGeneric(cfg)).build();
    ExecutionContext ctx = wf.context("exec2", inputs("cfg", cfgLit, "xs", listLit(intLit(5), intLit(6))), 0);
    // Dataclass attribute access as flytekit compiles it: v = n0.cfg.inner.value, y = n0.xs[1].
    NodeSpec n1 = ctx.spec().nodes.get("n1");
    List<Binding> patched = new ArrayList<>();
    for (Binding b : n1.inputBindings) {
      var promise = b.getBinding().getPromise().toBuilder();
      if (b.getVar().equals("v")) {
        promise.addAttrPath(PromiseAttribute.newBuilder().setStringValue("inner"))
            .addAttrPath(PromiseAttribute.newBuilder().setStringValue("value"));
      } else {
        promise.addAttrPath(PromiseAttribute.newBuilder().setIntValue(1));
      }
      patched.add(b.toBuilder().setBinding(b.getBinding().toBuilder().setPromise(promise)).build());
    }
    n1.inputBindings = patched;
    Harness h = new Harness(ctx);

    assertThat(h.untilQuiet().phase()).isEqualTo(WorkflowPhase.SUCCESS);

    LiteralMap n1Inputs = outputs(h, WF_DIR + "exec2/n1/data/inputs.pb");
    assertThat(n1Inputs.getLiteralsOrThrow("v")).isEqualTo(intLit(7));
    assertThat(n1Inputs.getLiteralsOrThrow("y")).isEqualTo(intLit(6));
  }

  @Test
  void fanOutFanInNeverExceedsMaxParallelism() throws Exception {
    TaskTemplate work = scripted("t_work", 0);
    TaskTemplate join = echo("t_join", Map.of("xs", listOf(INT)));
    TestWorkflows.Wf wf = new TestWorkflows.Wf("wf.fan").input("x", INT);
    List<flyteidl.core.Literals.BindingData> items = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      wf.node("w" + i, work, Map.of("x", promise("start-node", "x")));
      items.add(promise("w" + i, "x"));
    }
    wf.node("join", join, Map.of("xs", collection(items.toArray(new flyteidl.core.Literals.BindingData[0]))))
        .output("xs", listOf(INT), promise("join", "xs"));
    Harness h = new Harness(wf.context("exec3", inputs("x", intLit(3)), 2));
    h.scripted.runRounds = 2;
    int[] peak = {0};

    RoundResult r = h.untilQuiet(x -> {
      int inFlight = 0;
      for (Map.Entry<String, NodeStatus> e : x.ctx.status().nodeStatus.entrySet()) {
        NodePhase p = e.getValue().phase;
        if (!e.getKey().endsWith("-node") && p != NodePhase.NOT_YET_STARTED && !p.isTerminal()) {
          inFlight++;
        }
      }
      assertThat(inFlight).isLessThanOrEqualTo(2);
      peak[0] = Math.max(peak[0], inFlight);
    });

    assertThat(r.phase()).isEqualTo(WorkflowPhase.SUCCESS);
    assertThat(peak[0]).isEqualTo(2);
    assertThat(h.scripted.maxLive).isEqualTo(2);
    assertThat(h.scripted.creates).hasSize(5).allSatisfy((k, v) -> assertThat(v).isEqualTo(1));
    assertThat(outputs(h, h.ctx.status().outputRef).getLiteralsOrThrow("xs"))
        .isEqualTo(listLit(intLit(3), intLit(3), intLit(3), intLit(3), intLit(3)));
  }

  @Test
  void userFailureIsRetriedWithANewAttemptThenSucceeds() throws Exception {
    TestWorkflows.Wf wf = new TestWorkflows.Wf("wf.retry").input("x", INT)
        .node("n0", scripted("t_flaky", 2), Map.of("x", promise("start-node", "x")))
        .output("o", INT, promise("n0", "x"));
    Harness h = new Harness(wf.context("exec4", inputs("x", intLit(9)), 0));
    h.scripted.scripts.put("n0", c -> c.attempt() == 0
        ? PluginTransition.retryableFailure("OOM", "out of memory", ExecutionError.ErrorKind.USER)
        : ScriptedPlugin.succeed(c));

    assertThat(h.untilQuiet().phase()).isEqualTo(WorkflowPhase.SUCCESS);

    NodeStatus n0 = h.ctx.status().nodeStatus.get("n0");
    assertThat(n0.attempts).isEqualTo(1);
    assertThat(n0.systemFailures).isZero();
    assertThat(h.scripted.creates).containsExactly(Map.entry("exec4-n0-0", 1), Map.entry("exec4-n0-1", 1));
    assertThat(h.scripted.aborted).contains("exec4-n0-0");
    assertThat(h.blobs.exists(WF_DIR + "exec4/n0/data/1/outputs.pb")).isTrue();
    assertThat(outputs(h, h.ctx.status().outputRef).getLiteralsOrThrow("o")).isEqualTo(intLit(9));
    assertThat(h.sink.nodePhases("n0")).containsExactly(NodeExecution.Phase.QUEUED, NodeExecution.Phase.RUNNING,
        NodeExecution.Phase.SUCCEEDED);
    List<String> tasks = h.sink.taskEvents("n0").stream().map(e -> e.getRetryAttempt() + ":" + e.getPhase()).toList();
    assertThat(tasks).containsExactly("0:RUNNING", "0:FAILED", "1:RUNNING", "1:SUCCEEDED");
  }

  @Test
  void systemFailuresHaveTheirOwnBudgetOfThreeRetries() throws Exception {
    TestWorkflows.Wf wf = new TestWorkflows.Wf("wf.sys").input("x", INT)
        .node("n0", scripted("t_sys", 0), Map.of("x", promise("start-node", "x")))
        .output("o", INT, promise("n0", "x"));
    Harness h = new Harness(wf.context("exec5", inputs("x", intLit(1)), 0));
    h.scripted.scripts.put("n0", c -> PluginTransition.retryableFailure("NodeLost", "node lost",
        ExecutionError.ErrorKind.SYSTEM));

    assertThat(h.untilQuiet().phase()).isEqualTo(WorkflowPhase.FAILED);

    NodeStatus n0 = h.ctx.status().nodeStatus.get("n0");
    assertThat(n0.phase).isEqualTo(NodePhase.FAILED);
    assertThat(n0.attempts).isEqualTo(3);
    assertThat(n0.systemFailures).isEqualTo(3);
    assertThat(n0.error.code).isEqualTo("RetriesExhausted|NodeLost");
    assertThat(h.scripted.creates).hasSize(4);
    assertThat(h.ctx.status().error.code).isEqualTo("RetriesExhausted|NodeLost");
  }

  @Test
  void executionDeadlineRetriesAndActiveDeadlineTimesTheNodeOutFailingTheWorkflow() throws Exception {
    NodeMetadata meta = NodeMetadata.newBuilder().setName("slow").setTimeout(Duration.newBuilder().setSeconds(10))
        .setRetries(RetryStrategy.newBuilder().setRetries(5)).build();
    TestWorkflows.Wf wf = new TestWorkflows.Wf("wf.timeout").input("x", INT)
        .node("n0", scripted("t_slow", 0), Map.of("x", promise("start-node", "x")), meta)
        .output("o", INT, promise("n0", "x"));
    Harness h = new Harness(wf.context("exec6", inputs("x", intLit(1)), 0));
    h.scripted.scripts.put("n0", c -> PluginTransition.running(0, null));

    h.untilQuiet();
    assertThat(h.ctx.status().nodeStatus.get("n0").phase).isEqualTo(NodePhase.RUNNING);
    h.clock.advance(java.time.Duration.ofSeconds(10));
    h.untilQuiet();
    NodeStatus n0 = h.ctx.status().nodeStatus.get("n0");
    assertThat(n0.attempts).isEqualTo(1);
    assertThat(n0.phase).isEqualTo(NodePhase.RUNNING);
    assertThat(h.scripted.aborted).contains("exec6-n0-0");
    assertThat(n0.message).contains("task execution timeout [10s] expired");
    assertThat(h.sink.taskEvents("n0").stream().map(e -> e.getRetryAttempt() + ":" + e.getPhase()))
        .containsExactly("0:RUNNING", "0:ABORTED", "1:RUNNING");

    h.clock.advance(java.time.Duration.ofSeconds(10));
    RoundResult r = h.untilQuiet();

    assertThat(r.phase()).isEqualTo(WorkflowPhase.FAILED);
    n0 = h.ctx.status().nodeStatus.get("n0");
    assertThat(n0.phase).isEqualTo(NodePhase.TIMED_OUT);
    assertThat(h.scripted.aborted).contains("exec6-n0-1");
    assertThat(h.sink.nodePhases("n0")).endsWith(NodeExecution.Phase.TIMED_OUT);
    assertThat(h.sink.workflowPhases()).containsExactly(WorkflowExecution.Phase.RUNNING,
        WorkflowExecution.Phase.FAILING, WorkflowExecution.Phase.FAILED);
  }

  @Test
  void everyAttemptGetsItsOwnExecutionDeadlineUntilRetriesRunOut() throws Exception {
    NodeMetadata meta = NodeMetadata.newBuilder().setTimeout(Duration.newBuilder().setSeconds(10))
        .setRetries(RetryStrategy.newBuilder().setRetries(2)).build();
    TestWorkflows.Wf wf = new TestWorkflows.Wf("wf.deadlines").input("x", INT)
        .node("n0", scripted("t_slow", 0), Map.of("x", promise("start-node", "x")), meta)
        .output("o", INT, promise("n0", "x"));
    ExecutionContext ctx = wf.context("exec20", inputs("x", intLit(1)), 0);
    assertThat(ctx.spec().nodes.get("n0").retry.minAttempts).isEqualTo(3L);
    ctx.spec().nodes.get("n0").activeDeadline = null; // only the per-attempt deadline
    Harness h = new Harness(ctx);
    h.scripted.scripts.put("n0", c -> PluginTransition.running(0, null));

    h.untilQuiet();
    for (int i = 0; i < 3; i++) {
      h.clock.advance(java.time.Duration.ofSeconds(9));
      h.untilQuiet();
      assertThat(h.ctx.status().nodeStatus.get("n0").attempts).isEqualTo(i);
      h.clock.advance(java.time.Duration.ofSeconds(1));
      h.untilQuiet();
    }

    assertThat(h.ctx.status().phase).isEqualTo(WorkflowPhase.FAILED);
    NodeStatus n0 = h.ctx.status().nodeStatus.get("n0");
    assertThat(n0.phase).isEqualTo(NodePhase.FAILED);
    assertThat(n0.attempts).isEqualTo(2);
    assertThat(n0.error.code).isEqualTo("RetriesExhausted|TimeoutExpired");
    assertThat(h.scripted.creates.keySet()).containsExactly("exec20-n0-0", "exec20-n0-1", "exec20-n0-2");
    assertThat(h.scripted.aborted).containsExactly("exec20-n0-0", "exec20-n0-1", "exec20-n0-2");
  }

  @Test
  void aPendingAttemptKeepsTheNodeQueuedUntilThePluginReportsRunning() throws Exception {
    TestWorkflows.Wf wf = new TestWorkflows.Wf("wf.pending").input("x", INT)
        .node("n0", scripted("t0", 0), Map.of("x", promise("start-node", "x")))
        .output("o", INT, promise("n0", "x"));
    Harness h = new Harness(wf.context("exec21", inputs("x", intLit(1)), 0));
    h.scripted.launchAnswer = PluginTransition.queued(0, new byte[] {7});
    boolean[] scheduled = {false};
    h.scripted.scripts.put("n0", c -> scheduled[0] ? PluginTransition.running(1, null)
        : PluginTransition.queued(0, null));

    h.untilQuiet();
    NodeStatus n0 = h.ctx.status().nodeStatus.get("n0");
    assertThat(n0.phase).isEqualTo(NodePhase.QUEUED);
    assertThat(n0.lastAttemptStartedAt).isNull();
    assertThat(n0.taskNodeStatus.pluginState).containsExactly(7);
    assertThat(h.scripted.creates).containsExactly(Map.entry("exec21-n0-0", 1));

    scheduled[0] = true;
    h.untilQuiet();
    assertThat(h.ctx.status().nodeStatus.get("n0").phase).isEqualTo(NodePhase.RUNNING);
    assertThat(h.sink.taskEvents("n0").stream().map(e -> e.getPhase() + ":" + e.getPhaseVersion()))
        .containsExactly("QUEUED:0", "RUNNING:1");
    assertThat(h.sink.nodePhases("n0")).containsExactly(NodeExecution.Phase.QUEUED, NodeExecution.Phase.RUNNING);
  }

  @Test
  void theLastAttemptOfAnInterruptibleNodeIsNotInterruptible() throws Exception {
    TestWorkflows.Wf wf = new TestWorkflows.Wf("wf.spot").input("x", INT)
        .node("n0", scripted("t0", 2), Map.of("x", promise("start-node", "x")),
            NodeMetadata.newBuilder().setInterruptible(true).build())
        .output("o", INT, promise("n0", "x"));
    Harness h = new Harness(wf.context("exec22", inputs("x", intLit(1)), 0));
    List<String> seen = new ArrayList<>();
    h.scripted.scripts.put("n0", c -> {
      seen.add(c.attempt() + ":" + c.interruptible());
      return c.attempt() < 2 ? PluginTransition.retryableFailure("Preempted", "spot reclaimed",
          ExecutionError.ErrorKind.USER) : ScriptedPlugin.succeed(c);
    });

    assertThat(h.untilQuiet().phase()).isEqualTo(WorkflowPhase.SUCCESS);
    // Three attempts (retries 2); with the default threshold -1 the last one runs non-interruptible.
    assertThat(seen).containsExactly("0:true", "1:true", "2:false");
  }

  /** start -> bad (fails), start -> slow (three checks) -> after (echo). */
  static TestWorkflows.Wf failingDiamond(OnFailurePolicy policy) {
    return new TestWorkflows.Wf("wf.policy").input("x", INT).policy(policy)
        .node("bad", scripted("t_bad", 0), Map.of("x", promise("start-node", "x")))
        .node("slow", scripted("t_slow", 0), Map.of("x", promise("start-node", "x")))
        .node("after", echo("t_after", Map.of("x", INT)), Map.of("x", promise("slow", "x")))
        .output("o", INT, promise("after", "x"));
  }

  static void scriptBad(Harness h) {
    h.scripted.runRounds = 3;
    h.scripted.scripts.put("bad", c -> PluginTransition.permanentFailure("Boom", "bad input",
        ExecutionError.ErrorKind.USER));
  }

  @Test
  void failImmediatelyAbortsRunningNodesAndStartsNothingNew() throws Exception {
    Harness h = new Harness(failingDiamond(OnFailurePolicy.FAIL_IMMEDIATELY).context("exec7", inputs("x",
        intLit(1)), 0));
    scriptBad(h);

    assertThat(h.untilQuiet().phase()).isEqualTo(WorkflowPhase.FAILED);

    assertThat(h.scripted.aborted).containsExactly("exec7-slow-0");
    assertThat(h.ctx.status().nodeStatus.get("after").phase).isEqualTo(NodePhase.NOT_YET_STARTED);
    assertThat(h.ctx.status().error.code).isEqualTo("Boom");
    assertThat(h.sink.nodePhases("slow")).endsWith(NodeExecution.Phase.ABORTED);
  }

  @Test
  void failAfterExecutableNodesCompleteLetsTheRestFinishFirst() throws Exception {
    Harness h = new Harness(failingDiamond(OnFailurePolicy.FAIL_AFTER_EXECUTABLE_NODES_COMPLETE)
        .context("exec8", inputs("x", intLit(1)), 0));
    scriptBad(h);

    assertThat(h.untilQuiet().phase()).isEqualTo(WorkflowPhase.FAILED);

    assertThat(h.scripted.aborted).isEmpty();
    assertThat(h.ctx.status().nodeStatus.get("slow").phase).isEqualTo(NodePhase.SUCCEEDED);
    assertThat(h.ctx.status().nodeStatus.get("after").phase).isEqualTo(NodePhase.SUCCEEDED);
    assertThat(h.ctx.status().nodeStatus.get("end-node").phase).isEqualTo(NodePhase.NOT_YET_STARTED);
    assertThat(h.ctx.status().error.code).isEqualTo("Boom");
  }

  @Test
  void failureNodeRunsBeforeTheWorkflowFails() throws Exception {
    TestWorkflows.Wf wf = new TestWorkflows.Wf("wf.fn").input("x", INT)
        .node("bad", scripted("t_bad", 0), Map.of("x", promise("start-node", "x")))
        .failureNode("fn", echo("t_cleanup", Map.of("x", INT)), Map.of("x", promise("start-node", "x")))
        .output("o", INT, promise("bad", "x"));
    Harness h = new Harness(wf.context("exec9", inputs("x", intLit(5)), 0));
    scriptBad(h);
    List<WorkflowPhase> seen = new ArrayList<>();

    RoundResult r = h.untilQuiet(x -> seen.add(x.ctx.status().phase));

    assertThat(r.phase()).isEqualTo(WorkflowPhase.FAILED);
    assertThat(seen).contains(WorkflowPhase.FAILING, WorkflowPhase.HANDLING_FAILURE_NODE);
    String fnId = h.ctx.spec().onFailure.id;
    assertThat(h.ctx.status().nodeStatus.get(fnId).phase).isEqualTo(NodePhase.SUCCEEDED);
    assertThat(outputs(h, WF_DIR + "exec9/" + fnId + "/data/0/outputs.pb").getLiteralsOrThrow("x"))
        .isEqualTo(intLit(5));
    assertThat(h.ctx.status().error.code).isEqualTo("Boom");
    assertThat(h.sink.workflowPhases()).containsExactly(WorkflowExecution.Phase.RUNNING,
        WorkflowExecution.Phase.FAILING, WorkflowExecution.Phase.FAILED);
  }

  @Test
  void abortCallsEveryRunningPluginAbortOnceThenAborted() throws Exception {
    TestWorkflows.Wf wf = new TestWorkflows.Wf("wf.abort").input("x", INT)
        .node("a", scripted("t_a", 0), Map.of("x", promise("start-node", "x")))
        .node("b", scripted("t_b", 0), Map.of("x", promise("start-node", "x")))
        .node("c", echo("t_c", Map.of("x", INT)), Map.of("x", promise("a", "x")))
        .output("o", INT, promise("c", "x"));
    Harness h = new Harness(wf.context("exec10", inputs("x", intLit(1)), 0));
    h.scripted.runRounds = 100;
    h.untilQuiet();
    assertThat(h.scripted.live).containsExactlyInAnyOrder("exec10-a-0", "exec10-b-0");

    h.ctx = h.ctx.abort("user asked");
    RoundResult r = h.round();
    h.round();

    assertThat(r.phase()).isEqualTo(WorkflowPhase.ABORTED);
    assertThat(h.scripted.aborted).containsExactlyInAnyOrder("exec10-a-0", "exec10-b-0");
    assertThat(h.sink.workflowPhases()).endsWith(WorkflowExecution.Phase.ABORTED);
    assertThat(h.sink.nodePhases("a")).endsWith(NodeExecution.Phase.ABORTED);
    assertThat(h.sink.nodePhases("c")).isEmpty();
    assertThat(h.ctx.status().stoppedAt).isNotNull();
  }

  @Test
  void restartFromPersistedStatusNeverLaunchesAnAttemptTwice() throws Exception {
    TestWorkflows.Wf wf = new TestWorkflows.Wf("wf.restart").input("x", INT)
        .node("n0", scripted("t0", 1), Map.of("x", promise("start-node", "x")))
        .node("n1", scripted("t1", 0), Map.of("x", promise("n0", "x")))
        .output("o", INT, promise("n1", "x"));
    Harness h = new Harness(wf.context("exec11", inputs("x", intLit(2)), 0));
    h.scripted.runRounds = 2;
    h.scripted.scripts.put("n0", c -> c.attempt() == 0
        ? PluginTransition.retryableFailure("Flaky", "flaky", ExecutionError.ErrorKind.USER)
        : ScriptedPlugin.succeed(c));
    // Before every real round, a round that "crashes" before its status is persisted: its launches, writes and
    // events happen, its status is lost.
    for (int i = 0; i < 100 && !h.ctx.status().phase.isTerminal(); i++) {
      ExecutionContext persisted = h.ctx.withStatus(StatusJson.copy(h.ctx.status()));
      h.executor.round(persisted.withStatus(StatusJson.copy(persisted.status())));
      List<String> notStarted = new ArrayList<>();
      h.ctx.status().nodeStatus.forEach((id, s) -> {
        if (s.phase == NodePhase.NOT_YET_STARTED) {
          notStarted.add(id);
        }
      });
      h.round();
      // A node that was NotYetStarted before these rounds may have been queued by them, never launched.
      for (String id : notStarted) {
        assertThat(h.scripted.creates).doesNotContainKey("exec11-" + id + "-0");
      }
    }

    assertThat(h.ctx.status().phase).isEqualTo(WorkflowPhase.SUCCESS);
    // Exactly the attempts that ran, each under its one deterministic name (the crashed rounds re-asked for the
    // same name, which a pod plugin answers with AlreadyExists).
    assertThat(h.scripted.creates.keySet()).containsExactly("exec11-n0-0", "exec11-n0-1", "exec11-n1-0");
    assertThat(h.sink.nodePhases("n0")).containsExactly(NodeExecution.Phase.QUEUED, NodeExecution.Phase.RUNNING,
        NodeExecution.Phase.SUCCEEDED);
    assertThat(h.sink.workflowPhases()).containsExactly(WorkflowExecution.Phase.RUNNING,
        WorkflowExecution.Phase.SUCCEEDING, WorkflowExecution.Phase.SUCCEEDED);
    assertThat(h.sink.refused).isNotEmpty(); // the re-sent events were deduplicated by the sink, not by luck
  }

  @Test
  void withoutCrashesEachAttemptIsLaunchedExactlyOnce() throws Exception {
    TestWorkflows.Wf wf = new TestWorkflows.Wf("wf.once").input("x", INT)
        .node("n0", scripted("t0", 0), Map.of("x", promise("start-node", "x")))
        .node("n1", scripted("t1", 0), Map.of("x", promise("n0", "x")))
        .output("o", INT, promise("n1", "x"));
    Harness h = new Harness(wf.context("exec12", inputs("x", intLit(2)), 0));
    h.scripted.runRounds = 3;
    List<String> launchedWhileNotQueued = new ArrayList<>();
    Map<String, NodePhase> before = new LinkedHashMap<>();

    h.untilQuiet(x -> {
      x.ctx.status().nodeStatus.forEach((id, s) -> {
        // A node that was NotYetStarted before this round may be queued by it, never launched.
        if (before.getOrDefault(id, NodePhase.NOT_YET_STARTED) == NodePhase.NOT_YET_STARTED
            && x.scripted.creates.containsKey("exec12-" + id + "-0")) {
          launchedWhileNotQueued.add(id);
        }
        before.put(id, s.phase);
      });
    });

    assertThat(h.ctx.status().phase).isEqualTo(WorkflowPhase.SUCCESS);
    assertThat(h.scripted.creates).containsExactly(Map.entry("exec12-n0-0", 1), Map.entry("exec12-n1-0", 1));
    assertThat(launchedWhileNotQueued).isEmpty();
    assertThat(h.sink.refused).isEmpty();
  }

  @Test
  void alreadyTerminalRefusalStopsTheNodesEvents() throws Exception {
    TestWorkflows.Wf wf = new TestWorkflows.Wf("wf.term").input("x", INT)
        .node("n0", echo("t0", Map.of("x", INT)), Map.of("x", promise("start-node", "x")))
        .output("o", INT, promise("n0", "x"));
    Harness h = new Harness(wf.context("exec13", inputs("x", intLit(2)), 0));
    h.sink.preset("n0", NodeExecution.Phase.FAILED);

    assertThat(h.untilQuiet().phase()).isEqualTo(WorkflowPhase.SUCCESS);

    assertThat(h.ctx.status().nodeStatus.get("n0").eventsStopped).isTrue();
    assertThat(h.sink.refused).hasSize(1);
    assertThat(h.sink.nodePhases("n0")).isEmpty();
    assertThat(h.sink.taskEvents("n0")).isEmpty();
  }

  @Test
  void aGateWithoutAConditionFailsTheNodeCleanly() throws Exception {
    TestWorkflows.Wf wf = new TestWorkflows.Wf("wf.gate").input("x", INT)
        .node("n0", echo("t0", Map.of("x", INT)), Map.of("x", promise("start-node", "x")))
        .output("o", INT, promise("n0", "x"));
    ExecutionContext ctx = wf.context("exec14", inputs("x", intLit(2)), 0);
    ctx.spec().nodes.get("n0").kind = NodeKind.GATE;
    Harness h = new Harness(ctx);

    assertThat(h.untilQuiet().phase()).isEqualTo(WorkflowPhase.FAILED);

    NodeStatus n0 = h.ctx.status().nodeStatus.get("n0");
    assertThat(n0.phase).isEqualTo(NodePhase.FAILED);
    assertThat(n0.error.code).isEqualTo("BadSpecificationError");
    assertThat(n0.error.message).contains("gateNode does not have a supported condition reference");
  }

  @Test
  void unknownTaskTypeFailsTheNode() throws Exception {
    TestWorkflows.Wf wf = new TestWorkflows.Wf("wf.unknown").input("x", INT)
        .node("n0", task("t0", "spark", Map.of("x", INT), 0), Map.of("x", promise("start-node", "x")))
        .output("o", INT, promise("n0", "x"));
    Harness h = new Harness(wf.context("exec15", inputs("x", intLit(2)), 0));

    assertThat(h.untilQuiet().phase()).isEqualTo(WorkflowPhase.FAILED);
    assertThat(h.ctx.status().nodeStatus.get("n0").error.code).isEqualTo("UnsupportedTaskType");
  }

  static TestWorkflows.Wf single(String name) {
    return new TestWorkflows.Wf(name).input("x", INT)
        .node("n0", echo("t0", Map.of("x", INT)), Map.of("x", promise("start-node", "x")))
        .output("o", INT, promise("n0", "x"));
  }

  @Test
  void workflowAlreadyTerminalInAdminIsFailedLocallyWithoutMoreEvents() throws Exception {
    Harness h = new Harness(single("wf.wterm").context("exec16", inputs("x", intLit(1)), 0));
    h.sink.refuseOnce.put("wf:RUNNING", io.aloft.engine.event.EventException.Reason.ALREADY_IN_TERMINAL_STATE);

    RoundResult r = h.untilQuiet();

    assertThat(r.phase()).isEqualTo(WorkflowPhase.FAILED);
    assertThat(h.ctx.status().eventsStopped).isTrue();
    assertThat(h.sink.accepted).isEmpty();
    assertThat(h.ctx.status().nodeStatus).isEmpty();
  }

  @Test
  void incompatibleClusterFailsTheWorkflow() throws Exception {
    Harness h = new Harness(single("wf.cluster").context("exec17", inputs("x", intLit(1)), 0));
    h.sink.refuseOnce.put("wf:RUNNING", io.aloft.engine.event.EventException.Reason.INCOMPATIBLE_CLUSTER);

    assertThat(h.untilQuiet().phase()).isEqualTo(WorkflowPhase.FAILED);

    assertThat(h.ctx.status().error.code).isEqualTo("IncompatibleCluster");
    // As Flyte: entering Failing on the refusal sends no FAILING event; the FAILED one follows.
    assertThat(h.sink.workflowPhases()).containsExactly(WorkflowExecution.Phase.FAILED);
  }

  @Test
  void nodeEventRejectedAsInvalidFailsTheNode() throws Exception {
    Harness h = new Harness(single("wf.invalid").context("exec18", inputs("x", intLit(1)), 0));
    h.sink.refuseAlways.put("node:n0:QUEUED", io.aloft.engine.event.EventException.Reason.INVALID_ARGUMENT);

    assertThat(h.untilQuiet().phase()).isEqualTo(WorkflowPhase.FAILED);

    NodeStatus n0 = h.ctx.status().nodeStatus.get("n0");
    assertThat(n0.phase).isEqualTo(NodePhase.FAILED);
    assertThat(n0.error.code).isEqualTo("EventRecordingFailed");
    assertThat(h.sink.nodePhases("n0")).isEmpty();
  }

  @Test
  void otherSinkErrorsFailTheRoundWithoutChangingThePersistedStatus() throws Exception {
    Harness h = new Harness(single("wf.down").context("exec19", inputs("x", intLit(1)), 0));
    h.sink.refuseOnce.put("wf:RUNNING", io.aloft.engine.event.EventException.Reason.OTHER);

    org.assertj.core.api.Assertions.assertThatThrownBy(h::round).isInstanceOf(EngineException.class);
    assertThat(h.untilQuiet().phase()).isEqualTo(WorkflowPhase.SUCCESS);
    assertThat(h.sink.workflowPhases()).containsExactly(WorkflowExecution.Phase.RUNNING,
        WorkflowExecution.Phase.SUCCEEDING, WorkflowExecution.Phase.SUCCEEDED);
  }

  private static List<NodeExecutionEvent> nodeEvents(Harness h, String node) {
    List<NodeExecutionEvent> out = new ArrayList<>();
    for (Object o : h.sink.accepted) {
      if (o instanceof NodeExecutionEvent e && e.getId().getNodeId().equals(node)) {
        out.add(e);
      }
    }
    return out;
  }
}
