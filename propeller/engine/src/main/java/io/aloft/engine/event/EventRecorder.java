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
import flyteidl.event.Event.TaskExecutionMetadata;
import flyteidl.event.Event.WorkflowExecutionEvent;
import io.aloft.engine.EngineException;
import io.aloft.engine.status.NodeStatus;
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

  public EventRecorder(EventSink sink, String producerId, WorkflowExecutionIdentifier executionId) {
    this.sink = sink;
    this.producerId = producerId;
    this.executionId = executionId;
  }

  /** The node execution id of {@code nodeId} in this execution. */
  public NodeExecutionIdentifier nodeExecutionId(String nodeId) {
    return NodeExecutionIdentifier.newBuilder().setNodeId(nodeId).setExecutionId(executionId).build();
  }

  /** Reports a workflow phase; {@code outputUri} on success, {@code error} on failure. */
  public void workflow(WorkflowStatus status, WorkflowExecution.Phase phase, Instant now, String outputUri,
      ExecutionError error) {
    if (status.eventsStopped) {
      return;
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
    } catch (EventException ex) {
      if (!handled(ex, isTerminal(phase))) {
        throw new EngineException("workflow event " + phase + " refused: " + ex.getMessage(), ex);
      }
      if (ex.reason() == EventException.Reason.ALREADY_IN_TERMINAL_STATE && !isTerminal(phase)) {
        status.eventsStopped = true;
      }
    }
  }

  /** Reports a node phase. */
  public void node(String nodeId, String nodeName, NodeStatus status, NodeExecution.Phase phase, Instant now,
      String inputUri, String outputUri, ExecutionError error, Identifier targetEntity) {
    if (status.eventsStopped) {
      return;
    }
    NodeExecutionEvent.Builder e = NodeExecutionEvent.newBuilder().setId(nodeExecutionId(nodeId))
        .setProducerId(producerId).setPhase(phase).setOccurredAt(ts(now)).setReportedAt(ts(now))
        .setSpecNodeId(nodeId).setNodeName(nodeName == null || nodeName.isEmpty() ? nodeId : nodeName)
        .setEventVersion(EVENT_VERSION);
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
    try {
      sink.nodeEvent(e.build());
    } catch (EventException ex) {
      boolean terminal = isTerminal(phase);
      if (!handled(ex, terminal)) {
        throw new EngineException("node " + nodeId + " event " + phase + " refused: " + ex.getMessage(), ex);
      }
      if (ex.reason() == EventException.Reason.ALREADY_IN_TERMINAL_STATE && !terminal) {
        status.eventsStopped = true;
      }
    }
  }

  /** Reports a task attempt's phase. */
  public void task(String nodeId, NodeStatus status, Identifier taskId, String taskType, String pluginId, int attempt,
      TaskExecution.Phase phase, int phaseVersion, Instant now, String inputUri, String outputUri,
      ExecutionError error, String reason, String generatedName) {
    if (status.eventsStopped) {
      return;
    }
    TaskExecutionEvent.Builder e = TaskExecutionEvent.newBuilder().setTaskId(taskId)
        .setParentNodeExecutionId(nodeExecutionId(nodeId)).setRetryAttempt(attempt).setPhase(phase)
        .setPhaseVersion(phaseVersion).setProducerId(producerId).setOccurredAt(ts(now)).setReportedAt(ts(now))
        .setInputUri(inputUri).setTaskType(taskType).setEventVersion(EVENT_VERSION)
        .setMetadata(TaskExecutionMetadata.newBuilder().setGeneratedName(generatedName)
            .setPluginIdentifier(pluginId));
    if (reason != null) {
      e.setReason(reason);
    }
    if (outputUri != null) {
      e.setOutputUri(outputUri);
    } else if (error != null) {
      e.setError(error);
    }
    try {
      sink.taskEvent(e.build());
    } catch (EventException ex) {
      // Task events refused as already terminal are dropped: the node's own events carry the outcome.
      if (!handled(ex, true)) {
        throw new EngineException("task event of " + nodeId + " refused: " + ex.getMessage(), ex);
      }
    }
  }

  private static boolean handled(EventException ex, boolean terminalEvent) {
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
