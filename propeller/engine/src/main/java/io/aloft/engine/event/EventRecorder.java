package io.aloft.engine.event;

import com.google.protobuf.Timestamp;
import flyteidl.core.Execution.ExecutionError;
import flyteidl.core.Execution.NodeExecution;
import flyteidl.core.Execution.TaskExecution;
import flyteidl.core.Execution.WorkflowExecution;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.NodeExecutionIdentifier;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.event.Event.NodeExecutionEvent;
import flyteidl.event.Event.TaskExecutionEvent;
import flyteidl.core.Catalog.CatalogCacheStatus;
import flyteidl.core.Catalog.CatalogReservation;
import flyteidl.event.Event.TaskExecutionMetadata;
import flyteidl.event.Event.TaskNodeMetadata;
import flyteidl.event.Event.WorkflowExecutionEvent;
import io.aloft.engine.EngineException;
import io.aloft.engine.status.NodeStatus;
import io.aloft.engine.status.TaskNodeStatus;
import io.aloft.engine.status.WorkflowStatus;
import java.time.Instant;

/**
 * Builds flyteidl events with Flyte's fields (nodes/transformers.go, task/transformer.go, workflow/executor.go) and
 * sends them, treating the sink's refusals as flytepropeller does: ALREADY_EXISTS is success; "already in a terminal
 * state" is success for a terminal event and otherwise stops further events for that entity; anything else fails
 * the round ({@link EngineException}), so the status is not persisted and the round is retried.
 */
public final class EventRecorder {
  /** Flyte's node and task event version. */
  public static final int EVENT_VERSION = 1;

  private final EventSink sink;
  private final String producerId;
  private final WorkflowExecutionIdentifier executionId;
  private final EventLanes lanes;

  public EventRecorder(EventSink sink, String producerId, WorkflowExecutionIdentifier executionId) {
    this(sink, producerId, executionId, null);
  }

  /**
   * A recorder whose node and task events go out through {@code lanes} (concurrently, per-node order kept; see
   * {@link EventLanes}); null sends each at once.
   */
  public EventRecorder(EventSink sink, String producerId, WorkflowExecutionIdentifier executionId,
      EventLanes lanes) {
    this.sink = sink;
    this.producerId = producerId;
    this.executionId = executionId;
    this.lanes = lanes;
  }

  /**
   * Waits until admin answered every node and task event of the round so far (nothing to wait for when they go out
   * one by one); throws {@link EventLanes.DeferredRefusal} when one was refused in a way the round cannot absorb.
   */
  public void flush() {
    if (lanes != null) {
      lanes.flush();
    }
  }

  /** Waits for the round's events in flight without acting on refusals: the round is being discarded. */
  public void drain() {
    if (lanes != null) {
      lanes.drain();
    }
  }

  /** The node execution id of {@code nodeId} in this execution. */
  public NodeExecutionIdentifier nodeExecutionId(String nodeId) {
    return NodeExecutionIdentifier.newBuilder().setNodeId(nodeId).setExecutionId(executionId).build();
  }

  /** What admin said to a workflow event, as far as the workflow's phase depends on it (workflow/executor.go). */
  public enum WorkflowOutcome {
    /** Recorded (or recorded before). */
    RECORDED,
    /** Admin holds a terminal phase already: the workflow is Failed locally, no more workflow events. */
    ALREADY_TERMINAL,
    /** Another cluster owns the execution: the workflow fails (IncompatibleCluster). */
    INCOMPATIBLE_CLUSTER,
    /** Admin does not know the execution: the workflow fails (ExecutionNotFound). */
    NOT_FOUND
  }

  /** A node event the sink rejected as malformed or too large (Flyte fails such a node). */
  public static final class NodeEventRejected extends RuntimeException {
    public NodeEventRejected(String message) {
      super(message);
    }
  }

  /** Reports a workflow phase; {@code outputUri} on success, {@code error} on failure. */
  public WorkflowOutcome workflow(WorkflowStatus status, WorkflowExecution.Phase phase, Instant now,
      String outputUri, ExecutionError error) {
    PhaseLog.workflow(executionId, phase, error);
    // every node event before the workflow's: admin refuses node events once the execution is terminal
    flush();
    if (status.eventsStopped) {
      return WorkflowOutcome.RECORDED;
    }
    WorkflowExecutionEvent.Builder e = WorkflowExecutionEvent.newBuilder().setExecutionId(executionId)
        .setProducerId(producerId).setPhase(phase).setOccurredAt(ts(now));
    if (outputUri != null) {
      e.setOutputUri(outputUri);
    } else if (error != null) {
      e.setError(error);
    }
    try {
      sink.workflowEvent(e.build());
      return WorkflowOutcome.RECORDED;
    } catch (EventException ex) {
      boolean terminal = isTerminal(phase);
      switch (ex.reason()) {
        case ALREADY_EXISTS:
          return WorkflowOutcome.RECORDED;
        case ALREADY_IN_TERMINAL_STATE:
          if (terminal) {
            return WorkflowOutcome.RECORDED;
          }
          status.stopEvents();
          return WorkflowOutcome.ALREADY_TERMINAL;
        case INCOMPATIBLE_CLUSTER:
        case EXECUTION_NOT_FOUND:
          if (terminal) {
            // Nothing more admin would accept; stop reporting rather than retrying forever.
            status.stopEvents();
            return WorkflowOutcome.RECORDED;
          }
          return ex.reason() == EventException.Reason.INCOMPATIBLE_CLUSTER ? WorkflowOutcome.INCOMPATIBLE_CLUSTER
              : WorkflowOutcome.NOT_FOUND;
        default:
          throw new EngineException("workflow event " + phase + " refused: " + ex.getMessage(), ex);
      }
    }
  }

  /**
   * Who a node event is about (nodes/transformers.go ToNodeExecutionEvent): the node id the event carries (the unique
   * id from workflow event version 1 on), its spec id, and, for a nested node reported with event version 1 or
   * later, its parent's unique id and attempt ({@code parent_node_metadata}, {@code retry_group}); {@code isArray}
   * for an array node (map task), which clients such as FlyteRemote read from the node execution's metadata to find
   * its task executions. What a node's kind adds (is_parent, is_dynamic, a child execution) its handler decorates.
   */
  public record NodeRef(String eventNodeId, String specNodeId, String parentNodeId, String retryGroup,
      boolean isArray) {}

  /**
   * Reports a phase of the node {@code ref} names, with what its kind adds to the event ({@code decorate}: a
   * launch-plan node's child execution, a dynamic node's workflow; null for nothing).
   */
  public void node(NodeRef ref, String nodeName, NodeStatus status, NodeExecution.Phase phase, Instant now,
      String inputUri, String outputUri, ExecutionError error, Identifier targetEntity,
      java.util.function.Consumer<NodeExecutionEvent.Builder> decorate) {
    PhaseLog.node(executionId, ref.eventNodeId(), phase, error);
    if (status.eventsStopped) {
      return;
    }
    String nodeId = ref.eventNodeId();
    NodeExecutionEvent.Builder e = NodeExecutionEvent.newBuilder().setId(nodeExecutionId(nodeId))
        .setProducerId(producerId).setPhase(phase).setOccurredAt(ts(now)).setReportedAt(ts(now))
        .setSpecNodeId(ref.specNodeId())
        .setNodeName(nodeName == null || nodeName.isEmpty() ? ref.specNodeId() : nodeName)
        .setEventVersion(EVENT_VERSION).setIsArray(ref.isArray());
    if (ref.parentNodeId() != null) {
      e.setParentNodeMetadata(flyteidl.event.Event.ParentNodeExecutionMetadata.newBuilder()
          .setNodeId(ref.parentNodeId()));
      e.setRetryGroup(ref.retryGroup());
    }
    if (inputUri != null) {
      e.setInputUri(inputUri);
    }
    if (outputUri != null) {
      e.setOutputUri(outputUri);
    } else if (error != null) {
      e.setError(error);
    }
    if (targetEntity != null) {
      e.setTargetEntity(targetEntity);
    }
    TaskNodeStatus ts = status.taskNodeStatus;
    if (ts != null && (ts.cacheStatus != 0 || ts.reservationStatus != 0 || ts.catalogKey != null)) {
      // nodes/cache.go updatePhaseCacheInfo: the cache outcome rides on the node event.
      TaskNodeMetadata.Builder md = TaskNodeMetadata.newBuilder()
          .setCacheStatus(CatalogCacheStatus.forNumber(ts.cacheStatus) == null ? CatalogCacheStatus.CACHE_DISABLED
              : CatalogCacheStatus.forNumber(ts.cacheStatus))
          .setReservationStatus(CatalogReservation.Status.forNumber(ts.reservationStatus) == null
              ? CatalogReservation.Status.RESERVATION_DISABLED
              : CatalogReservation.Status.forNumber(ts.reservationStatus));
      if (ts.catalogKey != null) {
        md.setCatalogKey(ts.catalogKey);
      }
      e.setTaskNodeMetadata(md);
    }
    if (decorate != null) {
      decorate.accept(e);
    }
    NodeExecutionEvent event = e.build();
    if (lanes != null) {
      lanes.submit(lanes.laneOfNode(nodeId, ref.parentNodeId()), () -> sink.nodeEvent(event),
          ex -> deferredNodeRefusal(ex, status, nodeId, phase));
      return;
    }
    try {
      sink.nodeEvent(event);
    } catch (EventException ex) {
      if (ex.reason() == EventException.Reason.INVALID_ARGUMENT) {
        status.stopEvents();
        throw new NodeEventRejected("node " + nodeId + " event " + phase + " rejected: " + ex.getMessage());
      }
      if (!handled(ex)) {
        throw new EngineException(nodeRefused(nodeId, phase, ex), ex);
      }
      stopAfterTerminalRefusal(ex, status, phase);
    }
  }

  /** A node event's refusal at the flush: what a synchronous round acts on mid-round sends it back. */
  private static String deferredNodeRefusal(EventException ex, NodeStatus status, String nodeId,
      NodeExecution.Phase phase) {
    if (ex.reason() == EventException.Reason.INVALID_ARGUMENT || !handled(ex)) {
      return nodeRefused(nodeId, phase, ex);
    }
    stopAfterTerminalRefusal(ex, status, phase);
    return null;
  }

  private static String nodeRefused(String nodeId, NodeExecution.Phase phase, EventException ex) {
    return "node " + nodeId + " event " + phase + " refused: " + ex.getMessage();
  }

  /** Admin holds a terminal phase for the node: no more events for it, unless this was the terminal one. */
  private static void stopAfterTerminalRefusal(EventException ex, NodeStatus status, NodeExecution.Phase phase) {
    if (ex.reason() == EventException.Reason.ALREADY_IN_TERMINAL_STATE && !isTerminal(phase)) {
      status.stopEvents();
    }
  }

  /** Reports a task attempt's phase. */
  public void task(String nodeId, NodeStatus status, Identifier taskId, String taskType, String pluginId, int attempt,
      TaskExecution.Phase phase, int phaseVersion, Instant now, String inputUri, String outputUri,
      ExecutionError error, String reason, String generatedName) {
    task(nodeId, status, taskId, taskType, pluginId, attempt, phase, phaseVersion, now, inputUri, outputUri, error,
        reason, generatedName, java.util.List.of());
  }

  /** Reports a task attempt's phase with the attempt's log links (admin merges them into the task execution). */
  public void task(String nodeId, NodeStatus status, Identifier taskId, String taskType, String pluginId, int attempt,
      TaskExecution.Phase phase, int phaseVersion, Instant now, String inputUri, String outputUri,
      ExecutionError error, String reason, String generatedName, java.util.List<flyteidl.core.Execution.TaskLog> logs) {
    sendTask(nodeId, status, taskId, taskType, attempt, phase, phaseVersion, now, inputUri, outputUri, error, reason,
        TaskExecutionMetadata.newBuilder().setGeneratedName(generatedName).setPluginIdentifier(pluginId), logs);
  }

  /**
   * Reports the phase of an array node's task execution as Flyte's array node event version 0 does: one task event
   * for the array node (its task id, retry attempt 0 of the node's attempt) carrying one external resource per sub
   * node (index, retry attempt, phase, resource name).
   */
  public void arrayTask(String nodeId, NodeStatus status, Identifier taskId, String taskType, int attempt,
      TaskExecution.Phase phase, int phaseVersion, Instant now, String inputUri, String outputUri,
      ExecutionError error, String reason, String generatedName,
      java.util.List<flyteidl.event.Event.ExternalResourceInfo> resources) {
    sendTask(nodeId, status, taskId, taskType, attempt, phase, phaseVersion, now, inputUri, outputUri, error, reason,
        TaskExecutionMetadata.newBuilder().setGeneratedName(generatedName).setPluginIdentifier("array")
            .addAllExternalResources(resources), java.util.List.of());
  }

  private void sendTask(String nodeId, NodeStatus status, Identifier taskId, String taskType, int attempt,
      TaskExecution.Phase phase, int phaseVersion, Instant now, String inputUri, String outputUri,
      ExecutionError error, String reason, TaskExecutionMetadata.Builder metadata,
      java.util.List<flyteidl.core.Execution.TaskLog> logs) {
    if (status.eventsStopped) {
      return;
    }
    TaskExecutionEvent.Builder e = TaskExecutionEvent.newBuilder().setTaskId(taskId)
        .setParentNodeExecutionId(nodeExecutionId(nodeId)).setRetryAttempt(attempt).setPhase(phase)
        .setPhaseVersion(phaseVersion).setProducerId(producerId).setOccurredAt(ts(now)).setReportedAt(ts(now))
        .setInputUri(inputUri).setTaskType(taskType).setEventVersion(EVENT_VERSION).setMetadata(metadata)
        .addAllLogs(logs);
    if (reason != null) {
      e.setReason(reason);
    }
    if (outputUri != null) {
      e.setOutputUri(outputUri);
    } else if (error != null) {
      e.setError(error);
    }
    // Task events refused as already terminal are dropped: the node's own events carry the outcome.
    TaskExecutionEvent event = e.build();
    if (lanes != null) {
      lanes.submit(lanes.laneOfTask(nodeId), () -> sink.taskEvent(event),
          ex -> handled(ex) ? null : taskRefused(nodeId, ex));
      return;
    }
    try {
      sink.taskEvent(event);
    } catch (EventException ex) {
      if (!handled(ex)) {
        throw new EngineException(taskRefused(nodeId, ex), ex);
      }
    }
  }

  private static String taskRefused(String nodeId, EventException ex) {
    return "task event of " + nodeId + " refused: " + ex.getMessage();
  }

  private static boolean handled(EventException ex) {
    return switch (ex.reason()) {
      case ALREADY_EXISTS, ALREADY_IN_TERMINAL_STATE -> true;
      default -> false;
    };
  }

  private static boolean isTerminal(WorkflowExecution.Phase p) {
    return p == WorkflowExecution.Phase.SUCCEEDED || p == WorkflowExecution.Phase.FAILED
        || p == WorkflowExecution.Phase.ABORTED || p == WorkflowExecution.Phase.TIMED_OUT;
  }

  private static boolean isTerminal(NodeExecution.Phase p) {
    return p == NodeExecution.Phase.SUCCEEDED || p == NodeExecution.Phase.FAILED || p == NodeExecution.Phase.ABORTED
        || p == NodeExecution.Phase.SKIPPED || p == NodeExecution.Phase.TIMED_OUT
        || p == NodeExecution.Phase.RECOVERED;
  }

  /** A protobuf timestamp. */
  public static Timestamp ts(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }
}
