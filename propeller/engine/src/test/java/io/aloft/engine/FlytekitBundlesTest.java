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
  private final WorkflowExecutor executor = new WorkflowExecutor(EngineConfig.defaults("s3://bucket"),
      new PluginRegistry(List.of(new EchoPlugin(), python)), blobs, sink, clock);

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
    assertThat(err.getScalar().getError().getFailedNodeId()).isEqualTo("n0");
    assertThat(err.getScalar().getError().getMessage()).isEqualTo("name must not be 'fail'");
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
}
