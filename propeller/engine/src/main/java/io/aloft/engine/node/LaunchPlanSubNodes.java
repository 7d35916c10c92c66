package io.aloft.engine.node;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import flyteidl.core.Execution.ExecutionError;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Tasks.TaskMetadata;
import flyteidl.core.Tasks.TaskTemplate;
import io.aloft.crd.NodeSpec;
import io.aloft.crd.UniqueIds;
import io.aloft.engine.EngineException;
import io.aloft.engine.plugin.PluginTransition;
import io.aloft.engine.plugin.TaskExecutionContext;
import io.aloft.engine.plugin.TaskPhase;
import io.aloft.engine.plugin.TaskPlugin;
import io.aloft.engine.remote.ChildStatus;
import io.aloft.engine.remote.Launcher;
import io.aloft.engine.remote.RemoteException;
import java.util.Set;

/**
 * The sub nodes of an array node over a launch plan (a map over a launch plan), run by the array machinery as if they
 * were task attempts: sub node i's attempt launches the launch plan as a child execution with element i of the inputs,
 * named as Flyte names the child of sub node {@code n<i>} under the array node, and succeeds with the child's outputs.
 * Retries, parallelism, success criteria and outputs are the array node's.
 */
final class LaunchPlanSubNodes implements TaskPlugin {
  /** The task type the array's events report for these sub nodes. */
  static final String TYPE = "launch-plan";

  private final Launcher launcher;
  private final NodeContext array;

  LaunchPlanSubNodes(Launcher launcher, NodeContext array) {
    this.launcher = launcher;
    this.array = array;
  }

  /**
   * The sub nodes as tasks: a template named after the launch plan whose interface is the launch plan's, which the
   * array reads its outputs by. Interfaces are fetched from admin once (launch plans are immutable per version).
   */
  static final class Templates {
    private final Launcher launcher;
    private final Cache<Identifier, TypedInterface> interfaces = Caffeine.newBuilder().maximumSize(1000).build();

    Templates(Launcher launcher) {
      this.launcher = launcher;
    }

    TaskTemplate of(NodeSpec sub) {
      Identifier lp = sub.workflow.launchPlanRefId;
      TypedInterface iface = interfaces.get(lp, this::fetch);
      return TaskTemplate.newBuilder().setId(lp.toBuilder().setResourceType(ResourceType.TASK)).setType(TYPE)
          .setInterface(iface).setMetadata(TaskMetadata.getDefaultInstance()).build();
    }

    private TypedInterface fetch(Identifier id) {
      try {
        var plan = launcher.launchPlan(id);
        flyteidl.core.Interface.VariableMap.Builder inputs = flyteidl.core.Interface.VariableMap.newBuilder();
        plan.getClosure().getExpectedInputs().getParametersMap()
            .forEach((name, p) -> inputs.putVariables(name, p.getVar()));
        return TypedInterface.newBuilder().setInputs(inputs).setOutputs(plan.getClosure().getExpectedOutputs())
            .build();
      } catch (RemoteException e) {
        throw new EngineException("launch plan " + id.getName() + " of array sub node: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public String id() {
    return "launch-plan-array";
  }

  @Override
  public Set<String> taskTypes() {
    return Set.of(TYPE);
  }

  @Override
  public PluginTransition handle(TaskExecutionContext ctx) throws Exception {
    WorkflowExecutionIdentifier child = childId(array, ctx.arrayIndex(), ctx.attempt());
    String key = array.exec().workflowKey();
    if (ctx.phase() == TaskPhase.UNDEFINED || ctx.phase() == TaskPhase.QUEUED) {
      LiteralMap inputs = ctx.blobs().readProto(ctx.inputsPath(), LiteralMap.parser()).orElseThrow();
      try {
        launcher.launch(array.exec().launchContext(LaunchPlanHandler.parentNodeExecution(array)), child,
            ctx.node().workflow.launchPlanRefId, inputs, key);
      } catch (RemoteException e) {
        if (e.kind() == RemoteException.Kind.SYSTEM) {
          throw new EngineException("launch of child execution " + child.getName() + ": " + e.getMessage(), e);
        }
        return PluginTransition.permanentFailure("RuntimeExecutionError", e.getMessage(),
            ExecutionError.ErrorKind.USER);
      }
      return PluginTransition.running(0, null);
    }
    ChildStatus s;
    try {
      s = launcher.status(child, key);
    } catch (RemoteException e) {
      if (e.kind() == RemoteException.Kind.NOT_FOUND) {
        return PluginTransition.queued(0, null); // launched again next round under the same name
      }
      throw new EngineException("status of child execution " + child.getName() + ": " + e.getMessage(), e);
    }
    return switch (s.phase()) {
      case SUCCEEDED -> {
        ctx.blobs().writeProto(ctx.outputsPath(), s.outputs() == null ? LiteralMap.getDefaultInstance()
            : s.outputs());
        yield PluginTransition.succeeded();
      }
      case FAILED, ABORTED, TIMED_OUT -> PluginTransition.permanentFailure(
          s.error() != null ? s.error().getCode() : "RemoteChildWorkflowExecutionFailed",
          "child execution " + child.getName() + " " + s.phase() + (s.error() != null ? ": "
              + s.error().getMessage() : ""), ExecutionError.ErrorKind.USER);
      default -> PluginTransition.running(0, null);
    };
  }

  @Override
  public void abort(TaskExecutionContext ctx, String reason) throws Exception {
    if (ctx.phase() != TaskPhase.UNDEFINED) {
      launcher.kill(childId(array, ctx.arrayIndex(), ctx.attempt()), reason);
    }
  }

  @Override
  public void finalize(TaskExecutionContext ctx) {}

  /**
   * Sub node {@code i}'s child execution in {@code attempt}: Flyte's GetChildWorkflowExecutionIDV2 for the sub node
   * {@code n<i>} under the array node.
   */
  static WorkflowExecutionIdentifier childId(NodeContext array, int i, int attempt) {
    WorkflowExecutionIdentifier parent = array.exec().executionId();
    String sub = DagLevel.uniqueId(array.uniqueId(), array.attempt(), "n" + i);
    String name = UniqueIds.fixedLength64(parent.getName() + "-" + sub + "-" + attempt,
        LaunchPlanHandler.MAX_CHILD_NAME);
    return WorkflowExecutionIdentifier.newBuilder().setProject(parent.getProject()).setDomain(parent.getDomain())
        .setName(name).setOrg(parent.getOrg()).build();
  }
}
