package io.aloft.engine;

import static io.aloft.engine.FlytekitFunctionsPlugin.f;
import static io.aloft.engine.FlytekitFunctionsPlugin.i;
import static io.aloft.engine.FlytekitFunctionsPlugin.s;
import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.core.Compiler.CompiledWorkflowClosure;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import io.aloft.crd.FlyteWorkflow;
import io.aloft.crd.FlyteWorkflowBuilder;
import io.aloft.engine.data.InMemoryBlobStore;
import io.aloft.engine.plugin.EchoPlugin;
import io.aloft.engine.plugin.PluginRegistry;
import io.aloft.engine.status.NodePhase;
import io.aloft.engine.status.NodeStatus;
import io.aloft.engine.status.StatusJson;
import io.aloft.engine.status.WorkflowPhase;
import io.aloft.engine.status.WorkflowStatus;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine on closures compiled from real flytekit workflows (propeller/compiler's flytekit-workflows bundles). */
class FlytekitBundlesTest {
  private final InMemoryBlobStore blobs = new InMemoryBlobStore();
  private final RecordingEventSink sink = new RecordingEventSink();
  private final ManualClock clock = new ManualClock();
  private final FlytekitFunctionsPlugin python = new FlytekitFunctionsPlugin();
  /** lp_child_lp: a fixed at 100, b defaults to 5; returns (a + b, "<tag>:<a + b>"). map_child_lp: x squared. */
  private final RemoteFakes.Children children = new RemoteFakes.Children(l -> {
    LiteralMap in = l.inputs();
    if (l.launchPlan().getName().equals("map_child_lp")) {
      long x = in.getLiteralsOrThrow("x").getScalar().getPrimitive().getInteger();
      return LiteralMap.newBuilder().putLiterals("o0", i(x * x)).build();
    }
    long total = 100 + (in.containsLiterals("b") ? in.getLiteralsOrThrow("b").getScalar().getPrimitive().getInteger()
        : 5);
    String tag = in.getLiteralsOrThrow("tag").getScalar().getPrimitive().getStringValue();
    return LiteralMap.newBuilder().putLiterals("o0", i(total)).putLiterals("o1", s(tag + ":" + total)).build();
  });
  private final RemoteFakes.SetSignals signals = new RemoteFakes.SetSignals();
  private final WorkflowExecutor executor = new WorkflowExecutor(EngineConfig.defaults("s3://bucket"),
      new PluginRegistry(List.of(new EchoPlugin(), python)), blobs, sink, clock, null, null, children, signals);

  private static <T> T load(String bundle, String file, com.google.protobuf.Parser<T> parser) throws Exception {
    try (InputStream in = FlytekitBundlesTest.class.getResourceAsStream("/flytekit-workflows/" + bundle + "/"
        + file)) {
      assertThat(in).as(bundle + "/" + file).isNotNull();
      return parser.parseFrom(in);
    }
  }

  private ExecutionContext context(String bundle, LiteralMap inputs, int maxParallelism) throws Exception {
    CompiledWorkflowClosure closure = load(bundle, "expected-closure.pb", CompiledWorkflowClosure.parser());
    FlyteWorkflow wf = FlyteWorkflowBuilder.build(closure, inputs, WorkflowExecutionIdentifier.newBuilder()
        .setProject("flytesnacks").setDomain("development").setName("e-" + bundle.replace('_', '-')).build(),
        "flytesnacks-development");
    wf.executionId = new FlyteWorkflow.ExecutionId("flytesnacks", "development", "e-" + bundle.replace('_', '-'),
        null);
    ExecutionContext c = ExecutionContext.of(wf, new WorkflowStatus(), false, null);
    return c.withMaxParallelism(maxParallelism);
  }

  /** Rounds with a persisted status until terminal; returns the final context. */
  private ExecutionContext run(ExecutionContext ctx, int maxParallelism) {
    for (int i = 0; i < 200; i++) {
      ctx = ctx.withStatus(StatusJson.copy(ctx.status()));
      RoundResult r = executor.round(ctx);
      if (maxParallelism > 0) {
        long inFlight = ctx.status().nodeStatus.entrySet().stream()
            .filter(e -> !e.getKey().endsWith("-node"))
            .map(e -> e.getValue().phase)
            .filter(p -> p != NodePhase.NOT_YET_STARTED && !p.isTerminal()).count();
        assertThat(inFlight).isLessThanOrEqualTo(maxParallelism);
      }
      if (r.terminal()) {
        return ctx;
      }
    }
    throw new AssertionError("not terminal after 200 rounds: " + ctx.status().phase);
  }

  private LiteralMap workflowOutputs(ExecutionContext ctx) {
    return blobs.readProto(ctx.status().outputRef, LiteralMap.parser()).orElseThrow();
  }

  @Test
  void chainComputesThroughThreeTasks() throws Exception {
    LiteralMap inputs = load("chain", "expected-flyteworkflow-inputs.pb", LiteralMap.parser());
    ExecutionContext ctx = run(context("chain", inputs, 0), 0);

    assertThat(ctx.status().phase).isEqualTo(WorkflowPhase.SUCCESS);
    long a = inputs.getLiteralsOrThrow("a").getScalar().getPrimitive().getInteger();
    String s = inputs.getLiteralsOrThrow("s").getScalar().getPrimitive().getStringValue();
    double fl = inputs.getLiteralsOrThrow("f").getScalar().getPrimitive().getFloatValue();
    String msg = s + "-" + (a + 1);
    LiteralMap out = workflowOutputs(ctx);
    assertThat(out.getLiteralsMap().values()).containsExactlyInAnyOrder(f(fl * msg.length()),
        s(msg.toUpperCase()));
    assertThat(python.ran).containsExactly("chain_t1", "chain_t2", "chain_t3");
  }

  @Test
  void fanOutFanInUnderMaxParallelismTwo() throws Exception {
    LiteralMap inputs = load("fan_out_fan_in", "expected-flyteworkflow-inputs.pb", LiteralMap.parser());
    ExecutionContext ctx = run(context("fan_out_fan_in", inputs, 2), 2);

    assertThat(ctx.status().phase).isEqualTo(WorkflowPhase.SUCCESS);
    long n = inputs.getLiteralsOrThrow("n").getScalar().getPrimitive().getInteger();
    long p = n * 10;
    assertThat(workflowOutputs(ctx).getLiteralsMap().values())
        .containsExactlyInAnyOrder(i((p + 1) + (p + 2) + (p + 3)), s("constant"));
    assertThat(python.ran).hasSize(8).startsWith("fan_produce").endsWith("fan_gather");
    assertThat(ctx.status().nodeStatus.values()).allSatisfy(ns -> assertThat(ns.phase).isEqualTo(NodePhase.SUCCEEDED));
  }

  @Test
  void failureNodeRunsAfterTheFailureUnderFailAfterExecutableNodesComplete() throws Exception {
    LiteralMap inputs = LiteralMap.newBuilder().putLiterals("x", i(1)).putLiterals("name", s("fail")).build();
    ExecutionContext ctx = run(context("failure_node", inputs, 0), 0);

    assertThat(ctx.status().phase).isEqualTo(WorkflowPhase.FAILED);
    assertThat(ctx.status().error.code).isEqualTo("ValueError");
    NodeStatus fn = ctx.status().nodeStatus.get(ctx.spec().onFailure.id);
    assertThat(fn.phase).isEqualTo(NodePhase.SUCCEEDED);
    assertThat(python.ran).containsExactly("fn_work", "fn_cleanup");
    LiteralMap fnInputs = blobs.readProto(ctx.status().dataDir + "/" + ctx.spec().onFailure.id + "/data/inputs.pb",
        LiteralMap.parser()).orElseThrow();
    assertThat(fnInputs.getLiteralsOrThrow("name")).isEqualTo(s("fail"));
    assertThat(fnInputs.getLiteralsOrThrow("x")).isEqualTo(i(1));
    Literal err = fnInputs.getLiteralsOrThrow("err");
    // flytepropeller's ResolveErrorInputLiteralData: a union typed ERROR tagged FlyteError, as flytekit converts it
    assertThat(err.getScalar().getUnion().getType().getSimple()).isEqualTo(flyteidl.core.Types.SimpleType.ERROR);
    assertThat(err.getScalar().getUnion().getType().getStructure().getTag()).isEqualTo("FlyteError");
    assertThat(err.getScalar().getUnion().getValue().getScalar().getError().getFailedNodeId()).isEqualTo("n0");
    assertThat(err.getScalar().getUnion().getValue().getScalar().getError().getMessage())
        .isEqualTo("name must not be 'fail'");
    // FAIL_AFTER_EXECUTABLE_NODES_COMPLETE: n1 depends on the failed n0, so it never started.
    assertThat(ctx.status().nodeStatus.get("n1").phase).isEqualTo(NodePhase.NOT_YET_STARTED);
  }

  @Test
  void failureNodeWorkflowSucceedsWhenNothingFails() throws Exception {
    LiteralMap inputs = LiteralMap.newBuilder().putLiterals("x", i(1)).putLiterals("name", s("abc")).build();
    ExecutionContext ctx = run(context("failure_node", inputs, 0), 0);

    assertThat(ctx.status().phase).isEqualTo(WorkflowPhase.SUCCESS);
    assertThat(workflowOutputs(ctx).getLiteralsMap().values()).containsExactly(i(7));
    assertThat(python.ran).containsExactly("fn_work", "fn_work");
  }

  private static LiteralMap branchInputs(long x, long y, boolean flag) {
    return LiteralMap.newBuilder().putLiterals("x", i(x)).putLiterals("y", i(y))
        .putLiterals("flag", Literal.newBuilder().setScalar(flyteidl.core.Literals.Scalar.newBuilder()
            .setPrimitive(flyteidl.core.Literals.Primitive.newBuilder().setBoolean(flag))).build()).build();
  }

  @Test
  void branchesTakeTheNestedIfAndTheConjunction() throws Exception {
    // s = 4; x > 10 no; s < y yes -> inner: flag -> s + y = 14; check: 0 <= 14 < 1000 -> "small:14".
    ExecutionContext ctx = run(context("branches", branchInputs(2, 10, true), 0), 0);

    assertThat(ctx.status().phase).isEqualTo(WorkflowPhase.SUCCESS);
    assertThat(workflowOutputs(ctx).getLiteralsOrThrow("o0")).isEqualTo(i(14));
    assertThat(workflowOutputs(ctx).getLiteralsOrThrow("o1")).isEqualTo(s("small:14"));
    assertThat(python.ran).containsExactly("br_square", "br_add", "br_describe");
    var ns = ctx.status().nodeStatus;
    assertThat(ns.get("n1").branchStatus.finalNodeId).isEqualTo("n1-n1");
    assertThat(ns.get("n1-n1").branchStatus.finalNodeId).isEqualTo("n1-n1-n0");
    assertThat(ns.get("n1-n1").parentNode).isEqualTo("n1");
    assertThat(ns.get("n1-n1-n0").parentNode).isEqualTo("n1-n1");
    assertThat(ns.get("n1-n0").phase).isEqualTo(NodePhase.SKIPPED);
    assertThat(ns.get("n1-n2").phase).isEqualTo(NodePhase.SKIPPED);
    assertThat(ns.get("n1-n1-n2").phase).isEqualTo(NodePhase.SKIPPED);
    assertThat(ns.get("n2").branchStatus.finalNodeId).isEqualTo("n2-n0");
  }

  @Test
  void branchesTakeTheIfAndTheElif() throws Exception {
    // s = 1600; x > 10 -> 3200; check: not < 1000; 3200 >= 1600 -> "large:3200".
    ExecutionContext ctx = run(context("branches", branchInputs(40, 0, false), 0), 0);

    assertThat(ctx.status().phase).isEqualTo(WorkflowPhase.SUCCESS);
    assertThat(workflowOutputs(ctx).getLiteralsOrThrow("o0")).isEqualTo(i(3200));
    assertThat(workflowOutputs(ctx).getLiteralsOrThrow("o1")).isEqualTo(s("large:3200"));
    assertThat(python.ran).containsExactly("br_square", "br_double", "br_describe");
    assertThat(ctx.status().nodeStatus.get("n2").branchStatus.finalNodeId).isEqualTo("n2-n1");
  }

  @Test
  void branchesTakeTheNestedElse() throws Exception {
    // s = 1; s < 5 -> inner: flag false, (x == 0) | (y >= 100) false -> else 2y = 10; check "small:10".
    ExecutionContext ctx = run(context("branches", branchInputs(1, 5, false), 0), 0);

    assertThat(ctx.status().phase).isEqualTo(WorkflowPhase.SUCCESS);
    assertThat(workflowOutputs(ctx).getLiteralsOrThrow("o0")).isEqualTo(i(10));
    assertThat(python.ran).containsExactly("br_square", "br_double", "br_describe");
    assertThat(ctx.status().nodeStatus.get("n1-n1").branchStatus.finalNodeId).isEqualTo("n1-n1-n2");
  }

  @Test
  void branchElseFailFailsTheWorkflowWithTheUsersMessage() throws Exception {
    // s = 9; not > 10; 9 < 5 no -> else -9; check: negative, -9 < 9 -> else-fail.
    ExecutionContext ctx = run(context("branches", branchInputs(3, 5, false), 0), 0);

    assertThat(ctx.status().phase).isEqualTo(WorkflowPhase.FAILED);
    assertThat(ctx.status().error.code).isEqualTo("UserProvidedError");
    assertThat(ctx.status().error.message).isEqualTo("[UserProvidedError] picked value is negative");
    assertThat(ctx.status().error.kind).isEqualTo("USER");
    assertThat(python.ran).containsExactly("br_square", "br_negate");
    assertThat(ctx.status().nodeStatus.get("n2").branchStatus.phase)
        .isEqualTo(io.aloft.engine.status.BranchNodeStatus.ERROR);
  }

  @Test
  void subWorkflowsPassDataInAndOutThroughTwoLevels() throws Exception {
    LiteralMap inputs = LiteralMap.newBuilder().putLiterals("x", i(5)).putLiterals("prefix", s("p-")).build();
    ExecutionContext ctx = run(context("subworkflow", inputs, 0), 0);

    assertThat(ctx.status().phase).isEqualTo(WorkflowPhase.SUCCESS);
    // middle(5, "p-") = (7, "p-7"); middle(7, "v=") = (9, "v=9"); sub_inc(9) = 10.
    assertThat(workflowOutputs(ctx).getLiteralsOrThrow("o0")).isEqualTo(i(10));
    assertThat(workflowOutputs(ctx).getLiteralsOrThrow("o1")).isEqualTo(s("p-7"));
    assertThat(python.ran).containsExactly("sub_inc", "sub_inc", "sub_fmt", "sub_inc", "sub_inc", "sub_fmt",
        "sub_inc");
    // The nested nodes' data lives under the workflow node's output dir, two levels deep.
    String leafOut = ctx.status().dataDir + "/n0/data/0/n0/0/n1/0/outputs.pb";
    assertThat(blobs.readProto(leafOut, LiteralMap.parser()).orElseThrow().getLiteralsOrThrow("o0"))
        .isEqualTo(i(7));
  }

  @Test
  void subWorkflowFailureNodeRunsNested() throws Exception {
    LiteralMap inputs = LiteralMap.newBuilder().putLiterals("x", i(1)).putLiterals("name", s("fail")).build();
    ExecutionContext ctx = run(context("failure_node_subworkflow", inputs, 0), 0);

    assertThat(ctx.status().phase).isEqualTo(WorkflowPhase.FAILED);
    assertThat(ctx.status().error.code).isEqualTo("ValueError");
    assertThat(python.ran).containsExactly("fn_work", "fn_cleanup");
    assertThat(ctx.status().nodeStatus.get("fn0").phase).isEqualTo(NodePhase.SUCCEEDED);
    LiteralMap cleanupInputs = blobs.readProto(ctx.status().dataDir + "/fn0/data/0/fn0/inputs.pb",
        LiteralMap.parser()).orElseThrow();
    assertThat(cleanupInputs.getLiteralsOrThrow("err").getScalar().getUnion().getValue().getScalar().getError()
        .getFailedNodeId()).isEqualTo("n0");
    assertThat(cleanupInputs.getLiteralsOrThrow("name")).isEqualTo(s("fail"));
  }

  @Test
  void launchPlanNodesRunTheirLaunchPlanAsChildExecutionsAndTakeTheirOutputs() throws Exception {
    LiteralMap inputs = LiteralMap.newBuilder().putLiterals("b", i(1)).putLiterals("tag", s("t")).build();
    ExecutionContext ctx = run(context("launch_plan_node", inputs, 0), 0);

    assertThat(ctx.status().phase).as(ctx.status().message).isEqualTo(WorkflowPhase.SUCCESS);
    // n0 = lp(b=1, tag=t) = (101, "t:101"); n1 = lp(tag="t:101") = (105, "t:101:105"); n2 = lp_add(101, 105)
    LiteralMap out = workflowOutputs(ctx);
    assertThat(out.getLiteralsOrThrow("o0")).isEqualTo(i(206));
    assertThat(out.getLiteralsOrThrow("o1")).isEqualTo(s("t:101"));
    assertThat(children.launches).hasSize(2);
    RemoteFakes.Launch first = children.launches.get(0);
    assertThat(first.launchPlan().getName()).isEqualTo("lp_child_lp");
    assertThat(first.inputs()).isEqualTo(inputs);
    assertThat(first.ctx().parentNodeExecution().getNodeId()).isEqualTo("n0");
    assertThat(first.ctx().parentNodeExecution().getExecutionId()).isEqualTo(ctx.executionId());
    // Flyte's GetChildWorkflowExecutionIDV2: fnv-64 of "<exec>-<node>-<attempt>" when longer than 20 characters
    assertThat(first.child().getName()).isEqualTo(
        io.aloft.crd.UniqueIds.fixedLength64(ctx.executionId().getName() + "-n0-0", 20)).hasSize(14);
    assertThat(first.child().getProject()).isEqualTo("flytesnacks");
    // The node's events name the child execution once it is launched.
    assertThat(sink.nodeEvents("n0").stream().filter(e -> e.hasWorkflowNodeMetadata())
        .map(e -> e.getWorkflowNodeMetadata().getExecutionId().getName()).distinct().toList())
        .containsExactly(first.child().getName());
  }

  @Test
  void aReplayedLaunchNamesTheSameChildAndAbortingTheParentAbortsIt() throws Exception {
    LiteralMap inputs = LiteralMap.newBuilder().putLiterals("b", i(1)).putLiterals("tag", s("t")).build();
    children.finish = false;
    ExecutionContext ctx = context("launch_plan_node", inputs, 0);
    for (int r = 0; r < 4; r++) {
      ctx = ctx.withStatus(StatusJson.copy(ctx.status()));
      executor.round(ctx);
    }
    ExecutionContext launched = ctx.withStatus(StatusJson.copy(ctx.status()));
    // A crash before the status of a round was persisted: the round runs again from the older status.
    ExecutionContext before = context("launch_plan_node", inputs, 0);
    for (int r = 0; r < 3; r++) {
      before = before.withStatus(StatusJson.copy(before.status()));
      executor.round(before);
    }
    executor.round(before.withStatus(StatusJson.copy(before.status())));
    assertThat(children.launches.stream().map(l -> l.child().getName()).distinct()).hasSize(1);
    assertThat(children.children).hasSize(1);

    executor.round(launched.abort("stop"));
    assertThat(children.kills).containsExactlyElementsOf(children.children.keySet());
  }

  @Test
  void gateNodesWaitForApprovalSignalAndSleep() throws Exception {
    ExecutionContext ctx = context("gates", LiteralMap.newBuilder().putLiterals("x", i(1)).build(), 0);
    for (int r = 0; r < 20; r++) {
      ctx = ctx.withStatus(StatusJson.copy(ctx.status()));
      executor.round(ctx);
    }
    assertThat(ctx.status().phase).as(ctx.status().message).isEqualTo(WorkflowPhase.RUNNING);
    // The approval is asked for (and created in admin) as a boolean; the signal only once approved.
    assertThat(signals.created).containsOnlyKeys("approve-made");
    assertThat(signals.created.get("approve-made").getSimple()).isEqualTo(flyteidl.core.Types.SimpleType.BOOLEAN);
    assertThat(ctx.status().nodeStatus.get("n5").phase).isEqualTo(NodePhase.NOT_YET_STARTED);

    signals.values.put("approve-made", Literal.newBuilder().setScalar(flyteidl.core.Literals.Scalar.newBuilder()
        .setPrimitive(flyteidl.core.Literals.Primitive.newBuilder().setBoolean(true))).build());
    signals.values.put("signal-name", i(40));
    clock.advance(java.time.Duration.ofSeconds(91));
    ctx = run(ctx, 0);

    assertThat(ctx.status().phase).isEqualTo(WorkflowPhase.SUCCESS);
    assertThat(signals.created.get("signal-name").getSimple()).isEqualTo(flyteidl.core.Types.SimpleType.INTEGER);
    LiteralMap out = workflowOutputs(ctx);
    assertThat(out.getLiteralsOrThrow("o0")).isEqualTo(i(42)); // approved gate_make(1) = 2, plus the signal's 40
    assertThat(out.getLiteralsOrThrow("o1")).isEqualTo(s("woke up"));
  }

  @Test
  void aRejectedApprovalFailsTheGate() throws Exception {
    signals.values.put("approve-made", Literal.newBuilder().setScalar(flyteidl.core.Literals.Scalar.newBuilder()
        .setPrimitive(flyteidl.core.Literals.Primitive.newBuilder().setBoolean(false))).build());
    ExecutionContext ctx = run(context("gates", LiteralMap.newBuilder().putLiterals("x", i(1)).build(), 0), 0);

    assertThat(ctx.status().phase).isEqualTo(WorkflowPhase.FAILED);
    assertThat(ctx.status().nodeStatus.get("n1").error.code).isEqualTo("ReceivedRejectSignal");
  }

  /**
   * The whole map_task bundle (no oracle closure: compiled here from flytekit's workflow.pb, tasks and launch plan):
   * n0 maps map_square with parallelism 2 and min_success_ratio 0.75, n1 maps map_scale with factor bound, n2 maps
   * the launch plan map_child_lp (an array node around a launch-plan node, at most 3 in flight, 2 successes needed:
   * one child execution per element, named per sub node and attempt, whose outputs the array gathers in order); n3,
   * n4 and n5 sum their outputs.
   */
  @Test
  void mapTasksAndAMapOverALaunchPlanOverFlytekitArrayNodes() throws Exception {
    flyteidl.admin.WorkflowOuterClass.WorkflowSpec wfSpec = load("map_task", "workflow.pb",
        flyteidl.admin.WorkflowOuterClass.WorkflowSpec.parser());
    java.util.List<flyteidl.core.Tasks.TaskTemplate> tasks = new java.util.ArrayList<>();
    for (int n = 0; n < 4; n++) {
      tasks.add(load("map_task", "tasks/0" + n + ".pb", flyteidl.core.Tasks.TaskTemplate.parser()));
    }
    flyteidl.admin.LaunchPlanOuterClass.LaunchPlan lp = load("map_task", "launch_plans/00.pb",
        flyteidl.admin.LaunchPlanOuterClass.LaunchPlan.parser());
    flyteidl.core.Interface.TypedInterface lpIface = load("map_task", "launch_plans/00.interface.pb",
        flyteidl.core.Interface.TypedInterface.parser());
    children.plans.put(lp.getId(), lp.toBuilder().setClosure(flyteidl.admin.LaunchPlanOuterClass.LaunchPlanClosure
        .newBuilder().setExpectedInputs(lp.getSpec().getDefaultInputs()).setExpectedOutputs(lpIface.getOutputs()))
        .build());
    CompiledWorkflowClosure closure = io.aloft.compiler.WorkflowCompiler.compile(wfSpec.getTemplate(),
        wfSpec.getSubWorkflowsList(), tasks, List.of(new io.aloft.compiler.LaunchPlanInterface(lp.getId(),
            lp.getSpec().getDefaultInputs(), lpIface.getOutputs())));
    LiteralMap inputs = LiteralMap.newBuilder().putLiterals("xs", Literal.newBuilder().setCollection(
        flyteidl.core.Literals.LiteralCollection.newBuilder().addLiterals(i(1)).addLiterals(i(2)).addLiterals(i(3))
            .addLiterals(i(4))).build()).putLiterals("factor", i(10)).build();
    FlyteWorkflow wf = FlyteWorkflowBuilder.build(closure, inputs, WorkflowExecutionIdentifier.newBuilder()
        .setProject("flytesnacks").setDomain("development").setName("e-map").build(), "flytesnacks-development");
    wf.executionId = new FlyteWorkflow.ExecutionId("flytesnacks", "development", "e-map", null);
    ExecutionContext ctx = run(ExecutionContext.of(wf, new WorkflowStatus(), false, null), 0);

    assertThat(ctx.status().phase).as(ctx.status().message).isEqualTo(WorkflowPhase.SUCCESS);
    assertThat(workflowOutputs(ctx).getLiteralsMap().values()).containsExactlyInAnyOrder(i(1 + 4 + 9 + 16),
        i(10 + 20 + 30 + 40), i(1 + 4 + 9 + 16));
    // the map tasks
    LiteralMap squared = blobs.readProto(ctx.status().dataDir + "/n0/data/0/outputs.pb", LiteralMap.parser())
        .orElseThrow();
    assertThat(squared.getLiteralsOrThrow("o0").getCollection().getLiteralsList())
        .containsExactly(i(1), i(4), i(9), i(16));
    assertThat(ctx.status().nodeStatus.get("n0").arrayNodeStatus.subPhases).hasSize(4)
        .containsOnly(NodePhase.SUCCEEDED.code());
    assertThat(python.ran).filteredOn(fn -> fn.startsWith("map_map_square_")).hasSize(4);
    assertThat(python.ran).filteredOn(fn -> fn.startsWith("map_map_scale_")).hasSize(4);
    assertThat(python.ran).contains("map_total", "map_total_partial");
    // the map over the launch plan
    assertThat(children.launches).hasSize(4).extracting(l -> l.launchPlan().getName()).containsOnly("map_child_lp");
    assertThat(children.launches).extracting(l -> l.inputs().getLiteralsOrThrow("x"))
        .containsExactlyInAnyOrder(i(1), i(2), i(3), i(4));
    assertThat(children.children).hasSize(4); // four distinct child names
    LiteralMap launched = blobs.readProto(ctx.status().dataDir + "/n2/data/0/outputs.pb", LiteralMap.parser())
        .orElseThrow();
    assertThat(launched.getLiteralsOrThrow("o0").getCollection().getLiteralsList())
        .containsExactly(i(1), i(4), i(9), i(16));
  }

  /**
   * The dynamic bundle: dyn_fanout writes the futures flytekit wrote for it (n=3, offset=1), which run nested under its
   * node; dyn_sum adds what the dynamic workflow returned.
   */
  @Test
  void theDynamicBundleRunsTheWorkflowItsTaskWrote() throws Exception {
    LiteralMap inputs = LiteralMap.newBuilder().putLiterals("n", i(3)).putLiterals("offset", i(1)).build();
    ExecutionContext ctx = run(context("dynamic", inputs, 0), 0);

    assertThat(ctx.status().phase).as(ctx.status().message).isEqualTo(WorkflowPhase.SUCCESS);
    assertThat(workflowOutputs(ctx).getLiteralsMap().values()).containsExactly(i(1 + 4 + 9));
    assertThat(python.ran).containsExactly("dyn_fanout", "dyn_square", "dyn_square", "dyn_square", "dyn_sum");
  }
}
