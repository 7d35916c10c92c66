package io.aloft.engine.dynamic;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.core.Literals.LiteralMap;
import io.aloft.crd.FlyteWorkflow;
import io.aloft.engine.EngineConfig;
import io.aloft.engine.ExecutionContext;
import io.aloft.engine.RoundResult;
import io.aloft.engine.WorkflowExecutor;
import io.aloft.engine.data.InMemoryBlobStore;
import io.aloft.engine.event.EventSink;
import io.aloft.engine.plugin.PluginRegistry;
import io.aloft.engine.status.StatusJson;
import io.aloft.engine.status.WorkflowPhase;
import io.aloft.engine.status.WorkflowStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The compiled dynamic workflow is one the engine runs: the fixtures' workflows, run as a workflow of their own with
 * the Python bodies of dynamic_tasks.py computed by a fake plugin, give what flytekit's local run would.
 */
class DynamicExecutionTest {
  private final InMemoryBlobStore blobs = new InMemoryBlobStore();
  private final DynamicTaskBodies python = new DynamicTaskBodies();
  private final WorkflowExecutor executor = new WorkflowExecutor(EngineConfig.defaults("s3://bucket"),
      new PluginRegistry(List.of(python)), blobs, new NoEvents(), () -> Instant.parse("2026-01-01T00:00:00Z"));

  @Test
  void theFanOutSquaresEveryElement() throws Exception {
    LiteralMap out = run("fan_out");

    assertThat(out.getLiteralsOrThrow("o0").getCollection().getLiteralsList())
        .extracting(l -> l.getScalar().getPrimitive().getInteger()).containsExactly(0L, 1L, 4L, 9L, 16L);
    assertThat(python.ran).hasSize(5).containsOnly("square");
  }

  @Test
  void theSubWorkflowRunsInsideTheDynamicWorkflow() throws Exception {
    LiteralMap out = run("sub_workflow");

    // calls_sub_workflow(x=3, label="x"): describe(inc_twice(3)) = "x=5".
    assertThat(out.getLiteralsOrThrow("o0").getScalar().getPrimitive().getStringValue()).isEqualTo("x=5");
    assertThat(python.ran).containsExactly("inc", "inc", "describe");
  }

  private LiteralMap run(String name) throws Exception {
    DynamicFixtures f = DynamicFixtures.load(name);
    CompiledDynamic c = DynamicCompiler.compile(f.futures(), f.parent(), f.launchPlanSource());
    FlyteWorkflow wf = c.workflow();
    wf.executionId = new FlyteWorkflow.ExecutionId("flytesnacks", "development", "dyn-" + name.replace('_', '-'),
        null);
    ExecutionContext ctx = ExecutionContext.of(wf, new WorkflowStatus(), false, null, c.tasks(),
        LiteralMap.getDefaultInstance());
    for (int i = 0; i < 100; i++) {
      ctx = ctx.withStatus(StatusJson.copy(ctx.status()));
      RoundResult r = executor.round(ctx);
      if (r.terminal()) {
        assertThat(ctx.status().phase).as(String.valueOf(ctx.status().error)).isEqualTo(WorkflowPhase.SUCCESS);
        return blobs.readProto(ctx.status().outputRef, LiteralMap.parser()).orElseThrow();
      }
    }
    throw new AssertionError("not terminal after 100 rounds");
  }

  /** Events go nowhere: this test looks at outputs. */
  private static final class NoEvents implements EventSink {
    @Override
    public void workflowEvent(flyteidl.event.Event.WorkflowExecutionEvent event) {}

    @Override
    public void nodeEvent(flyteidl.event.Event.NodeExecutionEvent event) {}

    @Override
    public void taskEvent(flyteidl.event.Event.TaskExecutionEvent event) {}
  }
}
