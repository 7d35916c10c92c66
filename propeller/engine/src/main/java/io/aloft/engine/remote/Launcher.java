package io.aloft.engine.remote;

import flyteidl.admin.LaunchPlanOuterClass.LaunchPlan;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Literals.LiteralMap;

/**
 * Launches and follows the child executions of launch-plan nodes (flytepropeller's launchplan.Executor and Reader,
 * served by admin). Implementations rate-limit their calls to admin and cache child status, so a round asking for a
 * child's status does not call admin.
 */
public interface Launcher {
  /**
   * Creates child execution {@code child} of launch plan {@code launchPlan} with {@code inputs}. Idempotent: when admin
   * already has {@code child} (ALREADY_EXISTS, e.g. after a restart) the existing execution is adopted and this returns
   * normally.
   *
   * @param parentWorkflowKey the parent workflow resource's {@code namespace/name}: the implementation re-queues it
   *     when the child ends
   * @throws RemoteException USER for a refusal by admin (INVALID_ARGUMENT, NOT_FOUND...), SYSTEM for a transient or
   *     server fault
   */
  void launch(LaunchContext ctx, WorkflowExecutionIdentifier child, Identifier launchPlan, LiteralMap inputs,
      String parentWorkflowKey) throws RemoteException;

  /**
   * The child's last known status from the cache (registering it when unknown, e.g. after a restart); never calls
   * admin on the caller's thread.
   *
   * @throws RemoteException NOT_FOUND when admin does not know the child, SYSTEM when the last sync failed
   */
  ChildStatus status(WorkflowExecutionIdentifier child, String parentWorkflowKey) throws RemoteException;

  /** Terminates the child; a child admin does not know or that already ended is not an error. */
  void kill(WorkflowExecutionIdentifier child, String reason) throws RemoteException;

  /** The launch plan (its interface), for compiling dynamic workflows that call it. */
  LaunchPlan launchPlan(Identifier id) throws RemoteException;

  /** The launcher of an engine without admin: every call fails with a USER error naming the missing launcher (the node fails; retrying cannot help). */
  Launcher NONE = new Launcher() {
    @Override
    public void launch(LaunchContext ctx, WorkflowExecutionIdentifier child, Identifier launchPlan, LiteralMap inputs,
        String parentWorkflowKey) throws RemoteException {
      throw none();
    }

    @Override
    public ChildStatus status(WorkflowExecutionIdentifier child, String parentWorkflowKey) throws RemoteException {
      throw none();
    }

    @Override
    public void kill(WorkflowExecutionIdentifier child, String reason) throws RemoteException {
      throw none();
    }

    @Override
    public LaunchPlan launchPlan(Identifier id) throws RemoteException {
      throw none();
    }

    private RemoteException none() {
      return new RemoteException(RemoteException.Kind.USER, "no admin launcher is configured");
    }
  };
}
