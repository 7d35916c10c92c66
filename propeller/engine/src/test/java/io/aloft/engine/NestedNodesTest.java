package io.aloft.engine;

import static io.aloft.engine.TestWorkflows.INT;
import static io.aloft.engine.TestWorkflows.inputs;
import static io.aloft.engine.TestWorkflows.intLit;
import static io.aloft.engine.TestWorkflows.promise;
import static io.aloft.engine.TestWorkflows.task;
import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.core.Condition.BooleanExpression;
import flyteidl.core.Condition.ComparisonExpression;
import flyteidl.core.Condition.ConjunctionExpression;
import flyteidl.core.Condition.Operand;
import flyteidl.core.Execution.ExecutionError;
import flyteidl.core.Execution.NodeExecution;
import flyteidl.core.Execution.WorkflowExecution;
import flyteidl.core.Literals.Binding;
import flyteidl.core.Literals.BindingData;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Tasks.TaskTemplate;
import flyteidl.core.Workflow.BranchNode;
import flyteidl.core.Workflow.IfBlock;
import flyteidl.core.Workflow.IfElseBlock;
import flyteidl.core.Workflow.Node;
import flyteidl.core.Workflow.WorkflowNode;
import flyteidl.event.Event.NodeExecutionEvent;
import flyteidl.event.Event.TaskExecutionEvent;
import io.aloft.engine.node.BranchEvaluator;
import io.aloft.engine.plugin.PluginTransition;
import io.aloft.engine.status.BranchNodeStatus;
import io.aloft.engine.status.NodePhase;
import io.aloft.engine.status.NodeStatus;
import io.aloft.engine.status.StatusJson;
import io.aloft.engine.status.WorkflowPhase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Branch and sub-workflow nodes: nested execution, data layout, events with parent metadata, failure, abort. */
class NestedNodesTest {
  static final String WF_DIR = "s3://bucket/metadata/propeller/proj-dev-";

  static TaskTemplate scripted(String name) {
    return task(name, "scripted", Map.of("x", INT), 0);
  }

  static BooleanExpression gt(String var, long v) {
    return BooleanExpression.newBuilder().setComparison(ComparisonExpression.newBuilder()
        .setLeftValue(Operand.newBuilder().setVar(var)).setOperator(ComparisonExpression.Operator.GT)
        .setRightValue(Operand.newBuilder().setPrimitive(Primitive.newBuilder().setInteger(v)))).build();
  }

  static Binding bind(String var, BindingData b) {
    return Binding.newBuilder().setVar(var).setBinding(b).build();
  }

  static Node then(String id, TaskTemplate t) {
    return TestWorkflows.Wf.taskNode(id, t, Map.of("x", promise("start-node", "x")), null);
  }

  /** {@code b}: if x > 10 then big, elif x > 5 then mid, else small (or else-fail); output o = b.x. */
  static TestWorkflows.Wf branchWorkflow(boolean elseFail) {
    IfElseBlock.Builder ie = IfElseBlock.newBuilder()
        .setCase(IfBlock.newBuilder().setCondition(gt(".x", 10)).setThenNode(then("n0", scripted("t_big"))))
        .addOther(IfBlock.newBuilder().setCondition(gt(".x", 5)).setThenNode(then("n1", scripted("t_mid"))));
    if (elseFail) {
      ie.setError(flyteidl.core.Types.Error.newBuilder().setFailedNodeId("pick").setMessage("x is too small"));
    } else {
      ie.setElseNode(then("n2", scripted("t_small")));
    }
    Node b = Node.newBuilder().setId("b").addInputs(bind(".x", promise("start-node", "x")))
        .setBranchNode(BranchNode.newBuilder().setIfElse(ie)).build();
    return new TestWorkflows.Wf("wf.branch").input("x", INT).eventVersion(2)
        .raw(b, scripted("t_big"), scripted("t_mid"), scripted("t_small"))
        .output("o", INT, promise("b", "x"));
  }

  static List<NodeExecutionEvent> nodeEvents(Harness h) {
    List<NodeExecutionEvent> out = new ArrayList<>();
    for (Object o : h.sink.accepted) {
      if (o instanceof NodeExecutionEvent e) {
        out.add(e);
      }
    }
    return out;
  }

  /** Every node event names a parent only after that parent's first event (admin requires the parent row). */
  static void assertParentsComeFirst(Harness h) {
    List<String> seen = new ArrayList<>();
    for (NodeExecutionEvent e : nodeEvents(h)) {
      if (e.hasParentNodeMetadata()) {
        assertThat(seen).as("parent of " + e.getId().getNodeId()).contains(e.getParentNodeMetadata().getNodeId());
      }
      seen.add(e.getId().getNodeId());
    }
  }

  @Test
  void branchTakesTheIfTheElifOrTheElse() throws Exception {
    long[] xs = {20, 7, 1};
    String[] chosen = {"b-n0", "b-n1", "b-n2"};
    for (int i = 0; i < xs.length; i++) {
      String exec = "br" + i;
      Harness h = new Harness(branchWorkflow(false).context(exec, inputs("x", intLit(xs[i])), 0));

      assertThat(h.untilQuiet().phase()).isEqualTo(WorkflowPhase.SUCCESS);

      var st = h.ctx.status().nodeStatus;
      assertThat(st.get("b").branchStatus.finalNodeId).isEqualTo(chosen[i]);
      assertThat(st.get(chosen[i]).parentNode).isEqualTo("b");
      assertThat(st.get(chosen[i]).phase).isEqualTo(NodePhase.SUCCEEDED);
      for (String other : chosen) {
        if (!other.equals(chosen[i])) {
          assertThat(st.get(other).phase).isEqualTo(NodePhase.SKIPPED);
          assertThat(h.sink.nodePhases(other)).isEmpty();
        }
      }
      // The chosen node runs in the branch node's dirs, so its outputs are the branch node's outputs.
      assertThat(WorkflowExecutorTest.outputs(h, WF_DIR + exec + "/b/data/0/outputs.pb").getLiteralsOrThrow("x"))
          .isEqualTo(intLit(xs[i]));
      assertThat(WorkflowExecutorTest.outputs(h, h.ctx.status().outputRef).getLiteralsOrThrow("o"))
          .isEqualTo(intLit(xs[i]));
      assertThat(h.scripted.creates).containsOnlyKeys(exec + "-b-0-" + chosen[i] + "-0");

      String childId = "b-0-" + chosen[i];
      assertThat(h.sink.nodePhases("b")).containsExactly(NodeExecution.Phase.QUEUED, NodeExecution.Phase.RUNNING,
          NodeExecution.Phase.SUCCEEDED);
      assertThat(h.sink.nodePhases(childId)).containsExactly(NodeExecution.Phase.QUEUED,
          NodeExecution.Phase.RUNNING, NodeExecution.Phase.SUCCEEDED);
      for (NodeExecutionEvent e : nodeEvents(h)) {
        if (e.getId().getNodeId().equals(childId)) {
          assertThat(e.getParentNodeMetadata().getNodeId()).isEqualTo("b");
          assertThat(e.getRetryGroup()).isEqualTo("0");
          assertThat(e.getSpecNodeId()).isEqualTo(chosen[i]);
          assertThat(e.getIsParent()).isFalse();
          assertThat(e.getInputUri()).isEqualTo(WF_DIR + exec + "/b/data/inputs.pb");
        }
        if (e.getId().getNodeId().equals("b")) {
          assertThat(e.hasParentNodeMetadata()).isFalse();
          assertThat(e.getIsParent()).isFalse();
        }
      }
      List<TaskExecutionEvent> te = h.sink.taskEvents(childId);
      String pod = exec + "-b-0-" + chosen[i] + "-0";
      assertThat(te).isNotEmpty().allSatisfy(e -> assertThat(e.getMetadata().getGeneratedName()).isEqualTo(pod));
      assertParentsComeFirst(h);
      assertThat(h.sink.refused).isEmpty();
    }
  }

  @Test
  void branchWithoutAMatchFailsWithItsElseFailError() throws Exception {
    Harness h = new Harness(branchWorkflow(true).context("brfail", inputs("x", intLit(2)), 0));

    assertThat(h.untilQuiet().phase()).isEqualTo(WorkflowPhase.FAILED);

    assertThat(h.ctx.status().error.code).isEqualTo(BranchEvaluator.USER_PROVIDED_ERROR);
    assertThat(h.ctx.status().error.message).isEqualTo("[UserProvidedError] x is too small");
    assertThat(h.ctx.status().error.kind).isEqualTo("USER");
    NodeStatus b = h.ctx.status().nodeStatus.get("b");
    assertThat(b.phase).isEqualTo(NodePhase.FAILED);
    assertThat(b.branchStatus.phase).isEqualTo(BranchNodeStatus.ERROR);
    assertThat(h.scripted.creates).isEmpty();
    assertThat(h.sink.nodePhases("b")).containsExactly(NodeExecution.Phase.QUEUED, NodeExecution.Phase.FAILED);
    assertThat(h.sink.workflowPhases()).endsWith(WorkflowExecution.Phase.FAILING, WorkflowExecution.Phase.FAILED);
  }

  @Test
  void aFailingChosenTaskFailsTheBranchAndTheWorkflow() throws Exception {
    Harness h = new Harness(branchWorkflow(false).context("brtask", inputs("x", intLit(7)), 0));
    h.scripted.scripts.put("b-n1", c -> PluginTransition.permanentFailure("Boom", "mid failed",
        ExecutionError.ErrorKind.USER));

    assertThat(h.untilQuiet().phase()).isEqualTo(WorkflowPhase.FAILED);

    assertThat(h.ctx.status().nodeStatus.get("b-n1").phase).isEqualTo(NodePhase.FAILED);
    assertThat(h.ctx.status().nodeStatus.get("b").phase).isEqualTo(NodePhase.FAILED);
    assertThat(h.ctx.status().nodeStatus.get("b").error.code).isEqualTo("Boom");
    assertThat(h.ctx.status().error.code).isEqualTo("Boom");
    assertThat(h.sink.nodePhases("b-0-b-n1")).endsWith(NodeExecution.Phase.FAILED);
    assertThat(h.sink.nodePhases("b")).endsWith(NodeExecution.Phase.FAILED);
  }

  @Test
  void branchDecisionIsPersistedBeforeTheChosenNodeStartsSoACrashRepeatsNothing() throws Exception {
    Harness h = new Harness(branchWorkflow(false).context("brcrash", inputs("x", intLit(7)), 0));
    for (int i = 0; i < 100 && !h.ctx.status().phase.isTerminal(); i++) {
      ExecutionContext persisted = h.ctx.withStatus(StatusJson.copy(h.ctx.status()));
      h.executor.round(persisted.withStatus(StatusJson.copy(persisted.status())));
      h.round();
    }

    assertThat(h.ctx.status().phase).isEqualTo(WorkflowPhase.SUCCESS);
    assertThat(h.scripted.creates.keySet()).containsExactly("brcrash-b-0-b-n1-0");
    assertThat(WorkflowExecutorTest.outputs(h, h.ctx.status().outputRef).getLiteralsOrThrow("o"))
        .isEqualTo(intLit(7));
  }

  @Test
  void conjunctionsAndComparisonsFollowFlytesRules() throws Exception {
    LiteralMap in = inputs(".a", intLit(3), ".b", intLit(4));
    BooleanExpression a = gt(".a", 2);
    BooleanExpression b = gt(".b", 9);
    BooleanExpression and = BooleanExpression.newBuilder().setConjunction(ConjunctionExpression.newBuilder()
        .setLeftExpression(a).setRightExpression(b).setOperator(ConjunctionExpression.LogicalOperator.AND)).build();
    BooleanExpression or = and.toBuilder().setConjunction(and.getConjunction().toBuilder()
        .setOperator(ConjunctionExpression.LogicalOperator.OR)).build();
    assertThat(BranchEvaluator.evaluate(and, in)).isFalse();
    assertThat(BranchEvaluator.evaluate(or, in)).isTrue();
    BooleanExpression missing = gt(".c", 1);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> BranchEvaluator.evaluate(missing, in))
        .hasMessage("Failed to find Value for Variable [.c]");
    BooleanExpression strVsInt = BooleanExpression.newBuilder().setComparison(ComparisonExpression.newBuilder()
        .setLeftValue(Operand.newBuilder().setVar(".a"))
        .setRightValue(Operand.newBuilder().setPrimitive(Primitive.newBuilder().setStringValue("3")))).build();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> BranchEvaluator.evaluate(strVsInt, in))
        .hasMessageStartingWith("Comparison between different primitives types");
    assertThat(WorkflowExecutor.uniqueId("u1", 2, "n1")).isEqualTo("u1-2-n1");
    assertThat(WorkflowExecutor.uniqueId("u1111111111323131231asdadasd", 2, "n1")).isEqualTo("fraibbty");
  }

  // ---- sub-workflows ----

  /** wf.sub(x): s0 then s1 (both scripted), output o = s1.x. */
  static TestWorkflows.Wf subWorkflow() {
    return new TestWorkflows.Wf("wf.sub").input("x", INT)
        .node("s0", scripted("t_s0"), Map.of("x", promise("start-node", "x")))
        .node("s1", scripted("t_s1"), Map.of("x", promise("s0", "x")))
        .output("o", INT, promise("s1", "x"));
  }

  static Node subNode(String id, TestWorkflows.Wf sub, BindingData x) {
    return Node.newBuilder().setId(id).addInputs(bind("x", x))
        .setWorkflowNode(WorkflowNode.newBuilder().setSubWorkflowRef(sub.workflowId())).build();
  }

  @Test
  void subWorkflowPassesDataInAndOutWithNestedEvents() throws Exception {
    TestWorkflows.Wf sub = subWorkflow();
    TestWorkflows.Wf wf = new TestWorkflows.Wf("wf.parent").input("x", INT).eventVersion(2).sub(sub)
        .raw(subNode("s", sub, promise("start-node", "x")))
        .node("after", scripted("t_after"), Map.of("x", promise("s", "o")))
        .output("o", INT, promise("after", "x"));
    Harness h = new Harness(wf.context("sw", inputs("x", intLit(11)), 0));

    assertThat(h.untilQuiet().phase()).isEqualTo(WorkflowPhase.SUCCESS);

    assertThat(WorkflowExecutorTest.outputs(h, h.ctx.status().outputRef).getLiteralsOrThrow("o"))
        .isEqualTo(intLit(11));
    assertThat(WorkflowExecutorTest.outputs(h, WF_DIR + "sw/s/data/0/outputs.pb").getLiteralsOrThrow("o"))
        .isEqualTo(intLit(11));
    assertThat(WorkflowExecutorTest.outputs(h, WF_DIR + "sw/s/data/0/s0/inputs.pb").getLiteralsOrThrow("x"))
        .isEqualTo(intLit(11));
    assertThat(WorkflowExecutorTest.outputs(h, WF_DIR + "sw/s/data/0/start-node/0/outputs.pb")
        .getLiteralsOrThrow("x")).isEqualTo(intLit(11));
    assertThat(h.scripted.creates.keySet()).containsExactly("sw-s-0-s0-0", "sw-s-0-s1-0", "sw-after-0");
    NodeStatus s = h.ctx.status().nodeStatus.get("s");
    assertThat(s.phase).isEqualTo(NodePhase.SUCCEEDED);
    assertThat(s.subNodeStatus).isNull(); // cleared once terminal, as Flyte does

    assertThat(h.sink.nodePhases("s")).containsExactly(NodeExecution.Phase.QUEUED, NodeExecution.Phase.RUNNING,
        NodeExecution.Phase.SUCCEEDED);
    assertThat(h.sink.nodePhases("s-0-s1")).containsExactly(NodeExecution.Phase.QUEUED,
        NodeExecution.Phase.RUNNING, NodeExecution.Phase.SUCCEEDED);
    for (NodeExecutionEvent e : nodeEvents(h)) {
      if (e.getId().getNodeId().equals("s")) {
        assertThat(e.getIsParent()).isTrue();
      }
      if (e.getId().getNodeId().startsWith("s-0-")) {
        assertThat(e.getParentNodeMetadata().getNodeId()).isEqualTo("s");
        assertThat(e.getRetryGroup()).isEqualTo("0");
        assertThat(e.getSpecNodeId()).isEqualTo(e.getId().getNodeId().substring(4));
      }
    }
    assertThat(h.sink.taskEvents("s-0-s0")).isNotEmpty();
    assertParentsComeFirst(h);
    assertThat(h.sink.refused).isEmpty();
  }

  @Test
  void subWorkflowStatusesNestUnderTheNodeWhileItRuns() throws Exception {
    TestWorkflows.Wf sub = subWorkflow();
    TestWorkflows.Wf wf = new TestWorkflows.Wf("wf.nest").input("x", INT).sub(sub)
        .raw(subNode("s", sub, promise("start-node", "x"))).output("o", INT, promise("s", "o"));
    Harness h = new Harness(wf.context("nest", inputs("x", intLit(1)), 0));
    h.scripted.runRounds = 1000;

    h.untilQuiet();

    NodeStatus s = h.ctx.status().nodeStatus.get("s");
    assertThat(s.phase).isEqualTo(NodePhase.RUNNING);
    assertThat(s.workflowNodeStatus.phase).isEqualTo(io.aloft.engine.status.WorkflowNodeStatus.EXECUTING);
    assertThat(s.subNodeStatus.get("s0").phase).isEqualTo(NodePhase.RUNNING);
    assertThat(s.subNodeStatus.get("s0").taskNodeStatus).isNotNull();
    // Flyte's keys, and a faithful round trip.
    var json = StatusJson.toNode(h.ctx.status());
    assertThat(json.at("/nodeStatus/s/subNodeStatus/s0/phase").asInt()).isEqualTo(NodePhase.RUNNING.code());
    assertThat(json.at("/nodeStatus/s/workflowNodeStatus/phase").asInt()).isEqualTo(1);
    assertThat(StatusJson.toNode(StatusJson.fromNode(json))).isEqualTo(json);
    // Event version 0 (the default here): legacy events, the node id alone and no parent.
    assertThat(h.sink.nodePhases("s0")).contains(NodeExecution.Phase.QUEUED, NodeExecution.Phase.RUNNING);
    assertThat(nodeEvents(h)).noneMatch(NodeExecutionEvent::hasParentNodeMetadata);
    assertThat(h.scripted.creates).containsOnlyKeys("nest-s-0-s0-0");
  }

  @Test
  void aFailingSubNodeFailsTheWorkflowNode() throws Exception {
    TestWorkflows.Wf sub = subWorkflow();
    TestWorkflows.Wf wf = new TestWorkflows.Wf("wf.subfail").input("x", INT).eventVersion(2).sub(sub)
        .raw(subNode("s", sub, promise("start-node", "x")))
        .node("after", scripted("t_after"), Map.of("x", promise("s", "o")))
        .output("o", INT, promise("after", "x"));
    Harness h = new Harness(wf.context("swf", inputs("x", intLit(1)), 0));
    h.scripted.scripts.put("s0", c -> PluginTransition.permanentFailure("SubBoom", "s0 failed",
        ExecutionError.ErrorKind.USER));

    assertThat(h.untilQuiet().phase()).isEqualTo(WorkflowPhase.FAILED);

    NodeStatus s = h.ctx.status().nodeStatus.get("s");
    assertThat(s.phase).isEqualTo(NodePhase.FAILED);
    assertThat(s.error.code).isEqualTo("SubBoom");
    assertThat(h.ctx.status().error.code).isEqualTo("SubBoom");
    assertThat(h.ctx.status().nodeStatus.get("after").phase).isEqualTo(NodePhase.NOT_YET_STARTED);
    assertThat(h.scripted.creates).containsOnlyKeys("swf-s-0-s0-0");
    assertThat(h.sink.nodePhases("s-0-s0")).endsWith(NodeExecution.Phase.FAILED);
    assertThat(h.sink.nodePhases("s")).endsWith(NodeExecution.Phase.FAILED);
  }

  @Test
  void abortOfARunningSubWorkflowAbortsItsNestedNodes() throws Exception {
    TestWorkflows.Wf sub = subWorkflow();
    TestWorkflows.Wf wf = new TestWorkflows.Wf("wf.subabort").input("x", INT).eventVersion(2).sub(sub)
        .raw(subNode("s", sub, promise("start-node", "x"))).output("o", INT, promise("s", "o"));
    Harness h = new Harness(wf.context("swa", inputs("x", intLit(1)), 0));
    h.scripted.runRounds = 1000;
    h.untilQuiet();
    assertThat(h.scripted.live).containsExactly("swa-s-0-s0-0");

    h.ctx = h.ctx.abort("user asked");
    RoundResult r = h.round();

    assertThat(r.phase()).isEqualTo(WorkflowPhase.ABORTED);
    assertThat(h.scripted.aborted).containsExactly("swa-s-0-s0-0");
    assertThat(h.scripted.live).isEmpty();
    assertThat(h.sink.nodePhases("s-0-s0")).endsWith(NodeExecution.Phase.ABORTED);
    assertThat(h.sink.nodePhases("s")).endsWith(NodeExecution.Phase.ABORTED);
    NodeStatus s = h.ctx.status().nodeStatus.get("s");
    assertThat(s.phase).isEqualTo(NodePhase.FAILED);
    assertThat(s.error.code).isEqualTo("NodeAborted");
    // A nested node's ABORTED event comes before its parent's.
    List<String> order = nodeEvents(h).stream().filter(e -> e.getPhase() == NodeExecution.Phase.ABORTED)
        .map(e -> e.getId().getNodeId()).toList();
    assertThat(order).containsExactly("s-0-s0", "s");
  }

  @Test
  void maxParallelismCountsNestedTaskNodes() throws Exception {
    TestWorkflows.Wf sub = new TestWorkflows.Wf("wf.wide").input("x", INT)
        .node("w0", scripted("t_w0"), Map.of("x", promise("start-node", "x")))
        .node("w1", scripted("t_w1"), Map.of("x", promise("start-node", "x")))
        .node("w2", scripted("t_w2"), Map.of("x", promise("start-node", "x")))
        .output("o", INT, promise("w2", "x"));
    TestWorkflows.Wf wf = new TestWorkflows.Wf("wf.par").input("x", INT).sub(sub)
        .raw(subNode("s", sub, promise("start-node", "x")))
        .raw(subNode("t", sub, promise("start-node", "x")))
        .node("p0", scripted("t_p0"), Map.of("x", promise("start-node", "x")))
        .node("p1", scripted("t_p1"), Map.of("x", promise("start-node", "x")))
        .output("o", INT, promise("s", "o")).output("o2", INT, promise("t", "o"));
    Harness h = new Harness(wf.context("par", inputs("x", intLit(4)), 2));
    h.scripted.runRounds = 3;

    RoundResult r = h.untilQuiet(x -> assertThat(x.scripted.live.size()).isLessThanOrEqualTo(2));

    assertThat(r.phase()).isEqualTo(WorkflowPhase.SUCCESS);
    assertThat(h.scripted.maxLive).isEqualTo(2);
    assertThat(h.scripted.creates).hasSize(8);
    assertThat(WorkflowExecutorTest.outputs(h, h.ctx.status().outputRef).getLiteralsOrThrow("o2"))
        .isEqualTo(intLit(4));
  }

  @Test
  void subWorkflowFailurePolicyAndFailureNodeAreHonoured() throws Exception {
    TestWorkflows.Wf sub = new TestWorkflows.Wf("wf.subfn").input("x", INT)
        .node("s0", scripted("t_s0"), Map.of("x", promise("start-node", "x")))
        .node("s1", scripted("t_s1"), Map.of("x", promise("start-node", "x")))
        .failureNode("fh", scripted("t_fh"), Map.of("x", promise("start-node", "x")))
        .policy(flyteidl.core.Workflow.WorkflowMetadata.OnFailurePolicy.FAIL_AFTER_EXECUTABLE_NODES_COMPLETE)
        .output("o", INT, promise("s1", "x"));
    TestWorkflows.Wf wf = new TestWorkflows.Wf("wf.subfnp").input("x", INT).eventVersion(2).sub(sub)
        .raw(subNode("s", sub, promise("start-node", "x"))).output("o", INT, promise("s", "o"));
    Harness h = new Harness(wf.context("sfn", inputs("x", intLit(1)), 0));
    h.scripted.runRounds = 2; // s1 still runs when s0 fails
    h.scripted.scripts.put("s0", c -> PluginTransition.permanentFailure("SubBoom", "s0 failed",
        ExecutionError.ErrorKind.USER));

    assertThat(h.untilQuiet().phase()).isEqualTo(WorkflowPhase.FAILED);

    // FAIL_AFTER_EXECUTABLE_NODES_COMPLETE: s1 ran to the end; then the failure node ran; then s failed.
    assertThat(h.scripted.creates.keySet()).containsExactlyInAnyOrder("sfn-s-0-s0-0", "sfn-s-0-s1-0",
        "sfn-s-0-fh-0");
    assertThat(h.sink.nodePhases("s-0-s1")).endsWith(NodeExecution.Phase.SUCCEEDED);
    assertThat(h.sink.nodePhases("s-0-fh")).endsWith(NodeExecution.Phase.SUCCEEDED);
    assertThat(h.ctx.status().nodeStatus.get("s").error.code).isEqualTo("SubBoom");
    assertThat(h.ctx.status().error.code).isEqualTo("SubBoom");
  }

  @Test
  void aCrashBeforeAnyStatusWriteRepeatsNoNestedLaunch() throws Exception {
    TestWorkflows.Wf sub = subWorkflow();
    TestWorkflows.Wf wf = new TestWorkflows.Wf("wf.subcrash").input("x", INT).eventVersion(2).sub(sub)
        .raw(subNode("s", sub, promise("start-node", "x"))).output("o", INT, promise("s", "o"));
    Harness h = new Harness(wf.context("swc", inputs("x", intLit(3)), 0));
    for (int i = 0; i < 200 && !h.ctx.status().phase.isTerminal(); i++) {
      ExecutionContext persisted = h.ctx.withStatus(StatusJson.copy(h.ctx.status()));
      h.executor.round(persisted.withStatus(StatusJson.copy(persisted.status())));
      h.round();
    }

    assertThat(h.ctx.status().phase).isEqualTo(WorkflowPhase.SUCCESS);
    assertThat(h.scripted.creates.keySet()).containsExactly("swc-s-0-s0-0", "swc-s-0-s1-0");
    assertThat(WorkflowExecutorTest.outputs(h, h.ctx.status().outputRef).getLiteralsOrThrow("o"))
        .isEqualTo(intLit(3));
    assertParentsComeFirst(h);
  }

  @Test
  void abortOfAWorkflowAbortsTheBranchesRunningChoice() throws Exception {
    Harness h = new Harness(branchWorkflow(false).context("bra", inputs("x", intLit(20)), 0));
    h.scripted.runRounds = 1000;
    h.untilQuiet();
    assertThat(h.scripted.live).containsExactly("bra-b-0-b-n0-0");

    h.ctx = h.ctx.abort("stop");
    assertThat(h.round().phase()).isEqualTo(WorkflowPhase.ABORTED);

    assertThat(h.scripted.aborted).containsExactly("bra-b-0-b-n0-0");
    assertThat(h.sink.nodePhases("b-0-b-n0")).endsWith(NodeExecution.Phase.ABORTED);
    assertThat(h.sink.nodePhases("b")).endsWith(NodeExecution.Phase.ABORTED);
    assertThat(h.ctx.status().nodeStatus.get("b-n0").error.code).isEqualTo("NodeAborted");
  }

  @Test
  void aBranchCanChooseASubWorkflow() throws Exception {
    TestWorkflows.Wf sub = subWorkflow();
    Node b = Node.newBuilder().setId("b").addInputs(bind(".x", promise("start-node", "x")))
        .setBranchNode(BranchNode.newBuilder().setIfElse(IfElseBlock.newBuilder()
            .setCase(IfBlock.newBuilder().setCondition(gt(".x", 10))
                .setThenNode(subNode("n0", sub, promise("start-node", "x"))))
            .setError(flyteidl.core.Types.Error.newBuilder().setMessage("small")))).build();
    TestWorkflows.Wf wf = new TestWorkflows.Wf("wf.brsub").input("x", INT).eventVersion(2).sub(sub).raw(b)
        .output("o", INT, promise("b", "o"));
    Harness h = new Harness(wf.context("bs", inputs("x", intLit(12)), 0));

    assertThat(h.untilQuiet().phase()).isEqualTo(WorkflowPhase.SUCCESS);

    assertThat(WorkflowExecutorTest.outputs(h, h.ctx.status().outputRef).getLiteralsOrThrow("o"))
        .isEqualTo(intLit(12));
    // The sub-workflow runs under the branch's output dir, its nodes named under the chosen node's unique id.
    assertThat(h.blobs.exists(WF_DIR + "bs/b/data/0/s0/inputs.pb")).isTrue();
    assertThat(h.scripted.creates.keySet()).containsExactly("bs-b-0-b-n0-0-s0-0", "bs-b-0-b-n0-0-s1-0");
    assertThat(h.scripted.creates.keySet()).containsExactly(
        "bs-" + WorkflowExecutor.uniqueId("b-0-b-n0", 0, "s0") + "-0",
        "bs-" + WorkflowExecutor.uniqueId("b-0-b-n0", 0, "s1") + "-0");
    assertParentsComeFirst(h);
  }
}
