package io.aloft.engine.dynamic;

import static io.aloft.engine.TestWorkflows.promise;
import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.admin.LaunchPlanOuterClass.LaunchPlan;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Types.LiteralType;
import flyteidl.event.Event.NodeExecutionEvent;
import io.aloft.engine.EngineConfig;
import io.aloft.engine.ExecutionContext;
import io.aloft.engine.RoundResult;
import io.aloft.engine.TestWorkflows;
import io.aloft.engine.WorkflowExecutor;
import io.aloft.engine.data.InMemoryBlobStore;
import io.aloft.engine.event.EventSink;
import io.aloft.engine.plugin.PluginRegistry;
import io.aloft.engine.remote.ChildStatus;
import io.aloft.engine.remote.LaunchContext;
import io.aloft.engine.remote.Launcher;
import io.aloft.engine.remote.RemoteException;
import io.aloft.engine.remote.Signals;
import io.aloft.engine.status.NodePhase;
import io.aloft.engine.status.StatusJson;
import io.aloft.engine.status.WorkflowPhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Dynamic nodes in the engine: a task node whose task writes flytekit's futures.pb (the fixtures) runs the compiled
 * workflow nested under it and takes its outputs; its events say so; a restart finds the compiled workflow in storage.
 */
class DynamicNodesTest {
  private final InMemoryBlobStore blobs = new InMemoryBlobStore();
  private final DynamicTaskBodies python = new DynamicTaskBodies();
  private final List<NodeExecutionEvent> nodeEvents = new ArrayList<>();
  /** Admin as the dynamic compile sees it: the launch plans of the fixture being run. */
  private DynamicFixtures.CountingLaunchPlans launchPlans;
  private final Launcher admin = new Launcher() {
    @Override
    public void launch(LaunchContext ctx, WorkflowExecutionIdentifier child, Identifier launchPlan, LiteralMap in,
        String parentWorkflowKey) throws RemoteException {
      throw new RemoteException(RemoteException.Kind.USER, "unused");
    }

    @Override
    public ChildStatus status(WorkflowExecutionIdentifier child, String parentWorkflowKey) {
      return ChildStatus.UNKNOWN;
    }

    @Override
    public void kill(WorkflowExecutionIdentifier child, String reason) {}

    @Override
    public LaunchPlan launchPlan(Identifier id) throws RemoteException {
      return launchPlans.launchPlan(id);
    }
  };
  private final WorkflowExecutor executor = new WorkflowExecutor(EngineConfig.defaults("s3://bucket"),
      new PluginRegistry(List.of(python)), blobs, new Events(), () -> Instant.parse("2026-01-01T00:00:00Z"), null,
      null, admin, Signals.NONE);

  @Test
  void aDynamicFanOutRunsItsNodesNestedAndReturnsTheirOutputs() throws Exception {
    ExecutionContext ctx = run(context("fan_out", "dyn-fan"));

    assertThat(ctx.status().phase).as(String.valueOf(ctx.status().message)).isEqualTo(WorkflowPhase.SUCCESS);
    LiteralMap out = blobs.readProto(ctx.status().outputRef, LiteralMap.parser()).orElseThrow();
    assertThat(out.getLiteralsOrThrow("o0").getCollection().getLiteralsList())
        .extracting(l -> l.getScalar().getPrimitive().getInteger()).containsExactly(0L, 1L, 4L, 9L, 16L);
    assertThat(python.ran).containsExactly("fan_out", "square", "square", "square", "square", "square");
    // The node went DynamicRunning with the compiled workflow on its event; its sub nodes name it as their parent.
    NodeExecutionEvent dynamic = nodeEvents.stream()
        .filter(e -> e.getPhase() == flyteidl.core.Execution.NodeExecution.Phase.DYNAMIC_RUNNING).findFirst()
        .orElseThrow();
    assertThat(dynamic.getId().getNodeId()).isEqualTo("n0");
    assertThat(dynamic.getIsDynamic()).isTrue();
    assertThat(dynamic.getTaskNodeMetadata().getDynamicWorkflow().getCompiledWorkflow().getPrimary().getTemplate()
        .getNodesList()).extracting(n -> n.getId()).contains("dn0", "dn1", "dn2", "dn3", "dn4");
    assertThat(nodeEvents.stream().filter(e -> e.getSpecNodeId().equals("dn3")).map(
        e -> e.getParentNodeMetadata().getNodeId()).distinct()).containsExactly("n0");
  }

  @Test
  void aDynamicWorkflowCallingASubWorkflowRunsIt() throws Exception {
    ExecutionContext ctx = run(context("sub_workflow", "dyn-sub"));

    assertThat(ctx.status().phase).as(String.valueOf(ctx.status().message)).isEqualTo(WorkflowPhase.SUCCESS);
    LiteralMap out = blobs.readProto(ctx.status().outputRef, LiteralMap.parser()).orElseThrow();
    assertThat(out.getLiteralsOrThrow("o0").getScalar().getPrimitive().getStringValue()).isEqualTo("x=5");
  }

  @Test
  void aDynamicWorkflowThatDoesNotCompileFailsTheNodeWithTheUsersError() throws Exception {
    ExecutionContext ctx = run(context("type_error", "dyn-bad"));

    assertThat(ctx.status().phase).isEqualTo(WorkflowPhase.FAILED);
    var n0 = ctx.status().nodeStatus.get("n0");
    assertThat(n0.phase).isEqualTo(NodePhase.FAILED);
    assertThat(n0.error.code).isEqualTo("DynamicWorkflowBuildFailed");
    // the compiler's finding, with the launch plan's interface from admin: x is a str there, an int in the call
    assertThat(n0.error.message).contains("malformed dynamic workflow").contains("MismatchingTypes");
  }

  /** A one-node workflow running the fixture's parent task on the fixture's inputs. */
  private ExecutionContext context(String fixture, String execName) throws Exception {
    DynamicFixtures f = DynamicFixtures.load(fixture);
    python.futures = f.futuresBytes();
    launchPlans = f.launchPlanSource();
    TestWorkflows.Wf wf = new TestWorkflows.Wf("wf." + fixture).eventVersion(2);
    Map<String, flyteidl.core.Literals.BindingData> bindings = new java.util.LinkedHashMap<>();
    f.inputs().getLiteralsMap().forEach((k, v) -> {
      wf.input(k, type(f, k));
      bindings.put(k, promise("start-node", k));
    });
    f.parentTask().getInterface().getOutputs().getVariablesMap().forEach(
        (k, v) -> wf.output(k, v.getType(), promise("n0", k)));
    wf.node("n0", f.parentTask(), bindings);
    return wf.context(execName, f.inputs(), 0);
  }

  private static LiteralType type(DynamicFixtures f, String input) {
    return f.parentTask().getInterface().getInputs().getVariablesOrThrow(input).getType();
  }

  private ExecutionContext run(ExecutionContext ctx) {
    for (int i = 0; i < 100; i++) {
      // Every round from the persisted status: nothing survives in memory but the compiled workflow in storage.
      ctx = ctx.withStatus(StatusJson.copy(ctx.status()));
      RoundResult r = executor.round(ctx);
      if (r.terminal()) {
        return ctx;
      }
    }
    throw new AssertionError("not terminal after 100 rounds: " + ctx.status().phase);
  }

  private final class Events implements EventSink {
    @Override
    public void workflowEvent(flyteidl.event.Event.WorkflowExecutionEvent event) {}

    @Override
    public void nodeEvent(NodeExecutionEvent event) {
      nodeEvents.add(event);
    }

    @Override
    public void taskEvent(flyteidl.event.Event.TaskExecutionEvent event) {}
  }
}
