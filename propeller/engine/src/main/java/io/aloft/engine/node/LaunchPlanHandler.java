package io.aloft.engine.node;

import flyteidl.core.Execution.ExecutionError;
import flyteidl.core.IdentifierOuterClass.NodeExecutionIdentifier;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.event.Event.NodeExecutionEvent;
import flyteidl.event.Event.WorkflowNodeMetadata;
import io.aloft.crd.UniqueIds;
import io.aloft.engine.EngineException;
import io.aloft.engine.remote.ChildStatus;
import io.aloft.engine.remote.Launcher;
import io.aloft.engine.remote.RemoteException;
import io.aloft.engine.status.WorkflowNodeStatus;

/**
 * Launch-plan nodes (flytepropeller nodes/subworkflow/launchplan.go): the node's attempt launches the launch plan as a
 * child execution through admin, named deterministically from the parent execution, the node's unique id and the
 * attempt (Flyte's GetChildWorkflowExecutionIDV2), so a restart finds the child it launched (ALREADY_EXISTS is
 * adopted) instead of launching a second. Later rounds read the child's status from the launcher's cache; the child's
 * outputs become the node's. Aborting the node terminates the child.
 */
public final class LaunchPlanHandler implements NodeHandler {
  /** Flyte's maxLengthForSubWorkflow: child execution names are at most 20 characters. */
  static final int MAX_CHILD_NAME = 20;

  private final Launcher launcher;

  public LaunchPlanHandler(Launcher launcher) {
    this.launcher = launcher;
  }

  @Override
  public boolean isExecutable() {
    return true;
  }

  @Override
  public Transition handle(NodeContext ctx) {
    WorkflowNodeStatus ws = ctx.status().workflowStatus();
    WorkflowExecutionIdentifier child = childId(ctx);
    if (ws.phase == WorkflowNodeStatus.UNDEFINED) {
      return launch(ctx, ws, child);
    }
    ChildStatus s;
    try {
      s = launcher.status(child, ctx.exec().workflowKey());
    } catch (RemoteException e) {
      if (e.kind() == RemoteException.Kind.NOT_FOUND) {
        return launch(ctx, ws, child); // admin lost it (or never had it): launch again under the same name
      }
      throw new EngineException("status of child execution " + child.getName() + ": " + e.getMessage(), e);
    }
    return switch (s.phase()) {
      case SUCCEEDED -> {
        if (s.outputs() != null && s.outputs().getLiteralsCount() > 0) {
          ctx.blobs().writeProto(ctx.outputsPath(), s.outputs());
        }
        yield Transition.success();
      }
      case FAILED -> Transition.permanent(s.error() != null ? s.error()
          : error("RemoteChildWorkflowExecutionFailed", "child execution " + child.getName() + " failed"));
      case ABORTED -> Transition.permanent(error("RemoteChildWorkflowExecutionFailed", "child execution "
          + child.getName() + " aborted" + (s.abortCause() == null ? "" : ": " + s.abortCause())));
      case TIMED_OUT -> Transition.permanent(error("RemoteChildWorkflowExecutionFailed", "child execution "
          + child.getName() + " timed out"));
      default -> Transition.running(null);
    };
  }

  private Transition launch(NodeContext ctx, WorkflowNodeStatus ws, WorkflowExecutionIdentifier child) {
    try {
      launcher.launch(ctx.exec().launchContext(parentNodeExecution(ctx)), child,
          ctx.node().workflow.launchPlanRefId, ctx.inputs(), ctx.exec().workflowKey());
    } catch (RemoteException e) {
      if (e.kind() == RemoteException.Kind.SYSTEM) {
        throw new EngineException("launch of child execution " + child.getName() + ": " + e.getMessage(), e);
      }
      return Transition.permanent(error("RuntimeExecutionError", e.getMessage()).toBuilder()
          .setKind(ExecutionError.ErrorKind.USER).build());
    }
    if (ws.phase == WorkflowNodeStatus.UNDEFINED) {
      ws.executing();
    }
    return Transition.running("launched child execution " + child.getName());
  }

  @Override
  public void abort(NodeContext ctx, String reason) throws RemoteException {
    WorkflowNodeStatus ws = ctx.status().workflowNodeStatus;
    if (ws != null && ws.phase != WorkflowNodeStatus.UNDEFINED) {
      launcher.kill(childId(ctx), reason);
    }
  }

  @Override
  public void finalize(NodeContext ctx) {}

  /** From the first launch on, the node's events name its child execution (Flyte's WorkflowNodeInfo). */
  @Override
  public void decorate(NodeContext ctx, NodeExecutionEvent.Builder event) {
    WorkflowNodeStatus ws = ctx.status().workflowNodeStatus;
    if (ws != null && ws.phase != WorkflowNodeStatus.UNDEFINED) {
      event.setWorkflowNodeMetadata(WorkflowNodeMetadata.newBuilder().setExecutionId(childId(ctx)));
    }
  }

  /** The launch-plan node's execution: its unique id from event version 1 on, as its events name it. */
  static NodeExecutionIdentifier parentNodeExecution(NodeContext ctx) {
    return NodeExecutionIdentifier.newBuilder().setExecutionId(ctx.exec().executionId())
        .setNodeId(ctx.eventNodeId()).build();
  }

  /**
   * Flyte's GetChildWorkflowExecutionIDV2: the parent's project and domain, and as name the fixed-length unique id
   * (fnv-64, at most 20 characters) of {@code <parentExecName>-<nodeExecId>-<attempt>}.
   */
  static WorkflowExecutionIdentifier childId(NodeContext ctx) {
    WorkflowExecutionIdentifier parent = ctx.exec().executionId();
    String name = UniqueIds.fixedLength64(parent.getName() + "-" + ctx.eventNodeId() + "-" + ctx.attempt(),
        MAX_CHILD_NAME);
    return WorkflowExecutionIdentifier.newBuilder().setProject(parent.getProject()).setDomain(parent.getDomain())
        .setName(name).setOrg(parent.getOrg()).build();
  }

  private static ExecutionError error(String code, String message) {
    return ExecutionError.newBuilder().setCode(code).setMessage(message).setKind(ExecutionError.ErrorKind.SYSTEM)
        .build();
  }
}
