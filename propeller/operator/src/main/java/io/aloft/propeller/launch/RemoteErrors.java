package io.aloft.propeller.launch;

import io.aloft.engine.remote.RemoteException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.EnumSet;
import java.util.Set;

/** How the launcher and the signals read admin's refusals (flytepropeller launchplan/admin.go handleLaunchError). */
final class RemoteErrors {
  /**
   * Codes that say nothing about the request: a fault of admin or of the connection, worth retrying. Flyte's list plus
   * UNAVAILABLE (admin restarting or unreachable), which Flyte reads as a user error and so fails the node.
   */
  static final Set<Status.Code> TRANSIENT = EnumSet.of(Status.Code.DATA_LOSS, Status.Code.DEADLINE_EXCEEDED,
      Status.Code.INTERNAL, Status.Code.UNKNOWN, Status.Code.CANCELLED, Status.Code.UNAVAILABLE);

  private RemoteErrors() {}

  static boolean isTransient(StatusRuntimeException e) {
    return TRANSIENT.contains(e.getStatus().getCode());
  }

  /** SYSTEM for a transient code, USER (with admin's message) for any other refusal. */
  static RemoteException userOrSystem(String what, StatusRuntimeException e) {
    return new RemoteException(isTransient(e) ? RemoteException.Kind.SYSTEM : RemoteException.Kind.USER,
        what + ": " + describe(e), e);
  }

  /** NOT_FOUND for NOT_FOUND, SYSTEM for everything else (reads: GetExecution, GetLaunchPlan). */
  static RemoteException notFoundOrSystem(String what, StatusRuntimeException e) {
    return new RemoteException(e.getStatus().getCode() == Status.Code.NOT_FOUND ? RemoteException.Kind.NOT_FOUND
        : RemoteException.Kind.SYSTEM, what + ": " + describe(e), e);
  }

  /** Admin's code and message. */
  static String describe(StatusRuntimeException e) {
    String description = e.getStatus().getDescription();
    return e.getStatus().getCode() + (description == null ? "" : " " + description);
  }
}
