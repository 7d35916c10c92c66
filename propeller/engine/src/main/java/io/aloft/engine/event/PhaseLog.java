package io.aloft.engine.event;

import flyteidl.core.Execution.ExecutionError;
import flyteidl.core.Execution.NodeExecution;
import flyteidl.core.Execution.WorkflowExecution;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * The operator's view of what the engine does, as flytepropeller logs it: every workflow and node phase change at
 * INFO with the execution id, failures at WARNING with their error (logger {@code io.aloft.engine.phases}; under
 * Quarkus, System.Logger goes to the service's log).
 */
public final class PhaseLog {
  private static final Logger LOG = System.getLogger("io.aloft.engine.phases");

  private PhaseLog() {}

  static void workflow(WorkflowExecutionIdentifier id, WorkflowExecution.Phase phase, ExecutionError error) {
    if (error != null && (phase == WorkflowExecution.Phase.FAILED || phase == WorkflowExecution.Phase.FAILING)) {
      LOG.log(Level.WARNING, () -> "[" + name(id) + "] workflow " + phase + ": [" + error.getCode() + "] "
          + error.getMessage());
    } else if (LOG.isLoggable(Level.INFO)) {
      LOG.log(Level.INFO, "[" + name(id) + "] workflow " + phase);
    }
  }

  static void node(WorkflowExecutionIdentifier id, String node, NodeExecution.Phase phase, ExecutionError error) {
    if (error != null && phase != NodeExecution.Phase.ABORTED) {
      LOG.log(Level.WARNING, () -> "[" + name(id) + "] node " + node + " " + phase + ": [" + error.getCode() + "] "
          + error.getMessage());
    } else if (LOG.isLoggable(Level.INFO)) {
      LOG.log(Level.INFO, "[" + name(id) + "] node " + node + " " + phase
          + (error == null ? "" : ": " + error.getMessage()));
    }
  }

  private static String name(WorkflowExecutionIdentifier id) {
    return id.getProject() + "/" + id.getDomain() + "/" + id.getName();
  }

  /** A failed attempt that will be retried (no phase change is reported for it). */
  public static void retry(WorkflowExecutionIdentifier id, String node, int attempt, ExecutionError error) {
    LOG.log(Level.WARNING, () -> "[" + name(id) + "] node " + node + " attempt " + attempt + " failed, retrying: ["
        + error.getCode() + "] " + error.getMessage());
  }
}
