package io.aloft.engine.node;

import flyteidl.core.Execution.ExecutionError;
import flyteidl.event.Event.DynamicWorkflowNodeMetadata;
import flyteidl.event.Event.NodeExecutionEvent;
import flyteidl.core.Execution.NodeExecution;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.aloft.engine.EngineException;
import io.aloft.engine.ExecutableWorkflow;
import io.aloft.engine.dynamic.CompiledDynamic;
import io.aloft.engine.dynamic.DynamicParent;
import io.aloft.engine.dynamic.DynamicWorkflowException;
import io.aloft.engine.dynamic.DynamicWorkflows;
import io.aloft.engine.remote.Launcher;
import io.aloft.engine.status.DynamicNodeStatus;
import java.util.Optional;

/**
 * Task nodes that may turn dynamic (flytepropeller nodes/dynamic/handler.go). The task runs through the task handler;
 * when it succeeds having written futures.pb instead of outputs, its pod is released, the futures are compiled into a
 * workflow (cached in storage next to them, so every round and every restart runs the same one), and that workflow runs
 * nested under the node (DynamicRunning), each of its nodes with its own retries, cache and share of max parallelism.
 * Its end node's outputs become the node's. A dynamic workflow may call sub-workflows, launch plans and further
 * dynamic tasks.
 */
public final class DynamicHandler implements NodeHandler {
  private final TaskHandler task;
  private final Launcher launcher;
  /**
   * Compiled workflows by attempt output dir, so rounds do not parse them from storage each time (an attempt's
   * compiled workflow never changes; after a restart, storage has it).
   */
  private final Cache<String, CompiledDynamic> recent = Caffeine.newBuilder().maximumSize(256).build();

  public DynamicHandler(TaskHandler task, Launcher launcher) {
    this.task = task;
    this.launcher = launcher;
  }

  @Override
  public boolean isExecutable() {
    return true;
  }

  @Override
  public Transition handle(NodeContext ctx) throws Exception {
    try {
      return step(ctx);
    } catch (BuildFailed e) {
      return failed(ctx, e.getMessage());
    }
  }

  private Transition step(NodeContext ctx) throws Exception {
    DynamicNodeStatus ds = ctx.status().dynamicNodeStatus;
    int phase = ds == null ? DynamicNodeStatus.NONE : ds.phase;
    switch (phase) {
      case DynamicNodeStatus.PARENT_FINALIZING -> {
        task.finalize(ctx);
        ctx.status().dynamicStatus().enter(DynamicNodeStatus.PARENT_FINALIZED, "parent task finalized");
        return Transition.running(null);
      }
      case DynamicNodeStatus.PARENT_FINALIZED -> {
        Optional<CompiledDynamic> compiled = compiled(ctx);
        if (compiled.isEmpty()) {
          return failed(ctx, "futures file vanished from " + ctx.outputDir());
        }
        ctx.status().dynamicStatus().enter(DynamicNodeStatus.EXECUTING, null);
        return Transition.dynamicRunning("dynamic workflow " + compiled.get().id().getName());
      }
      case DynamicNodeStatus.EXECUTING -> {
        Optional<CompiledDynamic> compiled = compiled(ctx);
        if (compiled.isEmpty()) {
          return failed(ctx, "futures file vanished from " + ctx.outputDir());
        }
        return NestedWorkflow.step(ctx, level(ctx, compiled.get()), ctx.inputs());
      }
      default -> {
        Transition t = task.handle(ctx);
        if (t.kind() == Transition.Kind.SUCCESS && task.mayWriteFutures(ctx) && hasFutures(ctx)) {
          ctx.status().dynamicStatus().enter(DynamicNodeStatus.PARENT_FINALIZING, "task wrote futures");
          return Transition.running("task wrote a dynamic workflow");
        }
        return t;
      }
    }
  }

  /** The level the dynamic workflow runs at: under the node, its references resolved in it first. */
  static DagLevel level(NodeContext ctx, CompiledDynamic compiled) {
    ExecutableWorkflow own = ExecutableWorkflow.of(compiled.spec(), compiled.subWorkflows(), compiled.tasks());
    return ctx.level().nested(ExecutableWorkflow.layered(own, ctx.workflow()), compiled.spec(), ctx.node(),
        ctx.status());
  }

  /** The attempt's compiled dynamic workflow (empty when it wrote no futures); a compile error is the user's. */
  private Optional<CompiledDynamic> compiled(NodeContext ctx) {
    CompiledDynamic known = recent.getIfPresent(ctx.outputDir());
    if (known != null) {
      return Optional.of(known);
    }
    DynamicParent parent = new DynamicParent(ctx.exec().executionId(), ctx.eventNodeId(), ctx.attempt(),
        ctx.workflow().task(ctx.node().task));
    try {
      Optional<CompiledDynamic> loaded = DynamicWorkflows.load(ctx.blobs(), ctx.outputDir(), parent,
          launcher::launchPlan);
      loaded.ifPresent(c -> recent.put(ctx.outputDir(), c));
      return loaded;
    } catch (DynamicWorkflowException e) {
      if (e.kind() == DynamicWorkflowException.Kind.USER) {
        throw new BuildFailed(e.getMessage());
      }
      throw new EngineException("dynamic workflow of node " + ctx.nodeId() + ": " + e.getMessage(), e);
    }
  }

  private static boolean hasFutures(NodeContext ctx) {
    try {
      return DynamicWorkflows.hasFutures(ctx.blobs(), ctx.outputDir());
    } catch (DynamicWorkflowException e) {
      throw new EngineException(e.getMessage(), e);
    }
  }

  private static Transition failed(NodeContext ctx, String why) {
    ctx.status().dynamicStatus().enter(DynamicNodeStatus.FAILING, why);
    return Transition.permanent("DynamicWorkflowBuildFailed", why, ExecutionError.ErrorKind.USER);
  }

  @Override
  public void abort(NodeContext ctx, String reason) throws Exception {
    DynamicNodeStatus ds = ctx.status().dynamicNodeStatus;
    if (ds != null && (ds.phase == DynamicNodeStatus.EXECUTING || ds.phase == DynamicNodeStatus.FAILING)) {
      try {
        compiled(ctx).ifPresent(c -> ctx.executor().abortDag(level(ctx, c), reason, true));
      } catch (BuildFailed e) {
        // Nothing of it ever ran.
      }
      return;
    }
    task.abort(ctx, reason);
  }

  @Override
  public void finalize(NodeContext ctx) throws Exception {
    task.finalize(ctx);
  }

  @Override
  public int nestedInFlight(NodeContext ctx) {
    DynamicNodeStatus ds = ctx.status().dynamicNodeStatus;
    if (ds == null || ds.phase != DynamicNodeStatus.EXECUTING || ctx.status().subNodeStatus == null) {
      return 0;
    }
    return compiled(ctx).map(c -> ctx.executor().inFlight(level(ctx, c))).orElse(0);
  }

  /**
   * A dynamic node's events say it is dynamic and a parent once its workflow runs; the DynamicRunning event carries
   * the compiled workflow, which admin keeps for the node execution (Flyte's DynamicWorkflowNodeMetadata).
   */
  @Override
  public void decorate(NodeContext ctx, NodeExecutionEvent.Builder event) {
    DynamicNodeStatus ds = ctx.status().dynamicNodeStatus;
    if (ds == null || ds.phase != DynamicNodeStatus.EXECUTING) {
      return;
    }
    event.setIsDynamic(true).setIsParent(true);
    if (event.getPhase() == NodeExecution.Phase.DYNAMIC_RUNNING) {
      compiled(ctx).ifPresent(c -> event.getTaskNodeMetadataBuilder().setDynamicWorkflow(
          DynamicWorkflowNodeMetadata.newBuilder().setId(c.id()).setCompiledWorkflow(c.closure())
              .setDynamicJobSpecUri(DynamicWorkflows.futuresRef(ctx.outputDir()))));
    }
  }

  /** A dynamic workflow that does not compile: the node fails with the user's error. */
  static final class BuildFailed extends RuntimeException {
    BuildFailed(String message) {
      super(message);
    }
  }
}
