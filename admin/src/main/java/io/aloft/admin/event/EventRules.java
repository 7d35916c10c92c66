package io.aloft.admin.event;

import flyteidl.core.Execution.NodeExecution;
import flyteidl.core.Execution.TaskExecution;
import flyteidl.core.Execution.WorkflowExecution;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Whether an execution event may be applied, as FlyteAdmin decides it (flyteadmin/pkg/manager/impl/
 * execution_manager.go CreateWorkflowEvent, node_execution_manager.go CreateNodeEvent, task_execution_manager.go
 * CreateTaskExecutionEvent, validation/shared_execution.go ValidateCluster). Pure functions over phases; the
 * managers turn a {@link Rejection} into a gRPC status with {@link EventErrors}.
 */
public final class EventRules {
  /** The producer id older propellers hard-code; events carrying it are not checked against the cluster. */
  public static final String DEFAULT_PRODUCER_ID = "propeller";

  private static final Set<WorkflowExecution.Phase> TERMINAL_WORKFLOW = EnumSet.of(
      WorkflowExecution.Phase.SUCCEEDED, WorkflowExecution.Phase.FAILED, WorkflowExecution.Phase.TIMED_OUT,
      WorkflowExecution.Phase.ABORTED);
  private static final Set<NodeExecution.Phase> TERMINAL_NODE = EnumSet.of(
      NodeExecution.Phase.SUCCEEDED, NodeExecution.Phase.FAILED, NodeExecution.Phase.TIMED_OUT,
      NodeExecution.Phase.ABORTED, NodeExecution.Phase.SKIPPED, NodeExecution.Phase.RECOVERED);
  private static final Set<TaskExecution.Phase> TERMINAL_TASK = EnumSet.of(
      TaskExecution.Phase.SUCCEEDED, TaskExecution.Phase.FAILED, TaskExecution.Phase.ABORTED);

  private EventRules() {}

  /** What kind of refusal, which decides the status code and its details. */
  public enum Kind {
    /** The phase is already recorded: ALREADY_EXISTS, which propeller ignores. */
    ALREADY_EXISTS,
    /** The execution is terminal: FAILED_PRECONDITION with EventErrorAlreadyInTerminalState. */
    ALREADY_IN_TERMINAL_STATE,
    /** The event comes from another cluster: FAILED_PRECONDITION with EventErrorIncompatibleCluster. */
    INCOMPATIBLE_CLUSTER,
    /** Any other impossible transition (e.g. RUNNING to QUEUED): plain FAILED_PRECONDITION. */
    INVALID_TRANSITION
  }

  /**
   * Why an event is not applied.
   *
   * @param kind the refusal
   * @param message the status description, worded as FlyteAdmin's
   * @param detail the phase on record (terminal state) or the cluster on record (incompatible cluster), else ""
   */
  public record Rejection(Kind kind, String message, String detail) {}

  /** FlyteAdmin's IsExecutionTerminal. */
  public static boolean isTerminal(WorkflowExecution.Phase phase) {
    return TERMINAL_WORKFLOW.contains(phase);
  }

  /** FlyteAdmin's IsNodeExecutionTerminal. */
  public static boolean isTerminal(NodeExecution.Phase phase) {
    return TERMINAL_NODE.contains(phase);
  }

  /** FlyteAdmin's IsTaskExecutionTerminal (RETRYABLE_FAILED is not terminal: the attempt's node retries). */
  public static boolean isTerminal(TaskExecution.Phase phase) {
    return TERMINAL_TASK.contains(phase);
  }

  /** Whether {@code producerId} is checked against the execution's cluster at all (not empty, not the default). */
  public static boolean namesCluster(String producerId) {
    return !producerId.isEmpty() && !producerId.equals(DEFAULT_PRODUCER_ID);
  }

  /**
   * ValidateCluster: an event naming a cluster other than the one on record is refused. Events without a producer
   * id or with the legacy default one are accepted from anywhere.
   */
  public static Optional<Rejection> cluster(String recordedCluster, String producerId) {
    if (!namesCluster(producerId) || producerId.equals(recordedCluster)) {
      return Optional.empty();
    }
    return Optional.of(new Rejection(Kind.INCOMPATIBLE_CLUSTER, "Cluster/producer from event [" + producerId
        + "] does not match existing workflow execution clusterInDB: [" + recordedCluster + "]", recordedCluster));
  }

  /**
   * A workflow event moving execution {@code what} from {@code current} to {@code next}. QUEUED events may repeat
   * (they announce a cluster reassignment) and skip the cluster check; otherwise a repeated phase is
   * ALREADY_EXISTS (checked before terminal), a terminal execution refuses everything else, and RUNNING may not go
   * back to QUEUED nor ABORTING to anything but a terminal phase.
   */
  public static Optional<Rejection> workflow(WorkflowExecution.Phase current, String recordedCluster,
      WorkflowExecution.Phase next, String producerId, String what) {
    if (next != WorkflowExecution.Phase.QUEUED) {
      if (current == next) {
        return Optional.of(new Rejection(Kind.ALREADY_EXISTS, "This phase " + current
            + " was already recorded for workflow execution " + what, ""));
      }
      Optional<Rejection> cluster = cluster(recordedCluster, producerId);
      if (cluster.isPresent()) {
        return cluster;
      }
    }
    if (isTerminal(current)) {
      return Optional.of(new Rejection(Kind.ALREADY_IN_TERMINAL_STATE, "Invalid phase change from " + current
          + " to " + next + " for workflow execution " + what, current.name()));
    }
    if (current == WorkflowExecution.Phase.RUNNING && next == WorkflowExecution.Phase.QUEUED) {
      return Optional.of(new Rejection(Kind.INVALID_TRANSITION, "Cannot go from " + current + " to " + next
          + " for workflow execution " + what, ""));
    }
    if (current == WorkflowExecution.Phase.ABORTING && !isTerminal(next)) {
      return Optional.of(new Rejection(Kind.INVALID_TRANSITION, "Invalid phase change from aborting to " + next
          + " for workflow execution " + what, ""));
    }
    return Optional.empty();
  }

  /**
   * Whether an accepted workflow event moves the execution to the producer's cluster: only while it is still
   * UNDEFINED or QUEUED, i.e. a QUEUED event (FlyteAdmin's clusterReassignablePhases, checked on the new phase).
   */
  public static boolean reassignsCluster(WorkflowExecution.Phase next, String producerId) {
    return namesCluster(producerId)
        && (next == WorkflowExecution.Phase.QUEUED || next == WorkflowExecution.Phase.UNDEFINED);
  }

  /**
   * A node event for an existing node execution {@code what} in {@code current}. The same phase again is
   * ALREADY_EXISTS; nothing leaves a terminal phase. Any other order is accepted, as FlyteAdmin does (a node
   * execution is created by its first event, whatever its phase).
   */
  public static Optional<Rejection> node(NodeExecution.Phase current, NodeExecution.Phase next, String what) {
    if (current == next) {
      return Optional.of(new Rejection(Kind.ALREADY_EXISTS, "This phase was already recorded " + current
          + " for " + what, ""));
    }
    if (isTerminal(current)) {
      return Optional.of(new Rejection(Kind.ALREADY_IN_TERMINAL_STATE, "Invalid phase change from " + current
          + " to " + next + " for node execution " + what, current.name()));
    }
    return Optional.empty();
  }

  /**
   * A task event for an existing attempt {@code what} in {@code current} at {@code currentVersion}. The same phase
   * at a phase_version not above the recorded one is ALREADY_EXISTS (so RUNNING v1, v2, ... each update logs and
   * custom info, and a late v1 after v2 is a duplicate); nothing leaves a terminal phase.
   */
  public static Optional<Rejection> task(TaskExecution.Phase current, long currentVersion, TaskExecution.Phase next,
      long nextVersion, String what) {
    if (current == next && currentVersion >= nextVersion) {
      return Optional.of(new Rejection(Kind.ALREADY_EXISTS, "have already recorded task execution phase " + next
          + " (version: " + nextVersion + ") for " + what, ""));
    }
    if (isTerminal(current)) {
      return Optional.of(new Rejection(Kind.ALREADY_IN_TERMINAL_STATE, "invalid phase change from " + current
          + " to " + next + " for task execution " + what, current.name()));
    }
    return Optional.empty();
  }
}
