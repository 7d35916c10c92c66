package io.aloft.engine.dynamic;

import flyteidl.admin.LaunchPlanOuterClass.LaunchPlan;
import flyteidl.core.IdentifierOuterClass.Identifier;
import io.aloft.engine.remote.RemoteException;

/**
 * The launch plans a dynamic workflow calls, as admin serves them (flytepropeller's {@code launchplan.Reader}). The
 * dynamic node handler adapts {@link io.aloft.engine.remote.Launcher#launchPlan} to it.
 */
@FunctionalInterface
public interface LaunchPlanSource {
  /**
   * The launch plan {@code id}, its closure carrying the expected inputs and outputs the compiler checks against.
   *
   * @throws RemoteException NOT_FOUND or USER when admin does not know or refuses the id, SYSTEM for a transient fault
   */
  LaunchPlan launchPlan(Identifier id) throws RemoteException;
}
