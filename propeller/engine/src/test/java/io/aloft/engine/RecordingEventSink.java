package io.aloft.engine;

import flyteidl.core.Execution.NodeExecution;
import flyteidl.event.Event.NodeExecutionEvent;
import flyteidl.event.Event.TaskExecutionEvent;
import flyteidl.event.Event.WorkflowExecutionEvent;
import io.aloft.engine.event.EventException;
import io.aloft.engine.event.EventSink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An event sink that behaves like admin's idempotency rules: a repeated event is ALREADY_EXISTS, an event for a node
 * admin holds as terminal is ALREADY_IN_TERMINAL_STATE. Keeps the accepted events in order. Synchronized: with event
 * lanes the round's events arrive from several threads.
 */
final class RecordingEventSink implements EventSink {
  final List<Object> accepted = new ArrayList<>();
  final List<Object> refused = new ArrayList<>();
  private final Set<String> seen = new HashSet<>();
  private final Map<String, NodeExecution.Phase> nodePhase = new HashMap<>();
  /** Events to refuse once, keyed "wf:PHASE" or "node:ID:PHASE", with the reason to give. */
  final Map<String, EventException.Reason> refuseOnce = new HashMap<>();
  /** Events to refuse every time they come (a malformed event stays malformed), keyed as {@link #refuseOnce}. */
  final Map<String, EventException.Reason> refuseAlways = new HashMap<>();

  @Override
  public synchronized void workflowEvent(WorkflowExecutionEvent e) throws EventException {
    scripted("wf:" + e.getPhase(), e);
    accept("wf:" + e.getPhase(), e);
  }

  @Override
  public synchronized void nodeEvent(NodeExecutionEvent e) throws EventException {
    String node = e.getId().getNodeId();
    scripted("node:" + node + ":" + e.getPhase(), e);
    NodeExecution.Phase cur = nodePhase.get(node);
    if (cur != null && cur != e.getPhase() && terminal(cur)) {
      refused.add(e);
      throw new EventException(EventException.Reason.ALREADY_IN_TERMINAL_STATE, "node " + node + " is " + cur);
    }
    accept("node:" + node + ":" + e.getRetryGroup() + ":" + e.getPhase(), e);
    nodePhase.put(node, e.getPhase());
  }

  /** Pretends admin already recorded {@code node} as {@code phase}. */
  synchronized void preset(String node, NodeExecution.Phase phase) {
    nodePhase.put(node, phase);
  }

  @Override
  public synchronized void taskEvent(TaskExecutionEvent e) throws EventException {
    accept("task:" + e.getParentNodeExecutionId().getNodeId() + ":" + e.getRetryAttempt() + ":" + e.getPhase() + ":"
        + e.getPhaseVersion(), e);
  }

  private void scripted(String key, Object e) throws EventException {
    EventException.Reason r = refuseOnce.remove(key);
    if (r == null) {
      r = refuseAlways.get(key);
    }
    if (r != null) {
      refused.add(e);
      throw new EventException(r, "scripted refusal of " + key);
    }
  }

  private void accept(String key, Object e) throws EventException {
    if (!seen.add(key)) {
      refused.add(e);
      throw new EventException(EventException.Reason.ALREADY_EXISTS, key);
    }
    accepted.add(e);
  }

  private static boolean terminal(NodeExecution.Phase p) {
    return p == NodeExecution.Phase.SUCCEEDED || p == NodeExecution.Phase.FAILED || p == NodeExecution.Phase.ABORTED
        || p == NodeExecution.Phase.SKIPPED || p == NodeExecution.Phase.TIMED_OUT;
  }

  /** Node event phases of {@code node} in order. */
  synchronized List<NodeExecution.Phase> nodePhases(String node) {
    List<NodeExecution.Phase> out = new ArrayList<>();
    for (Object o : accepted) {
      if (o instanceof NodeExecutionEvent e && e.getId().getNodeId().equals(node)) {
        out.add(e.getPhase());
      }
    }
    return out;
  }

  /** Node events of {@code node} in order. */
  synchronized List<NodeExecutionEvent> nodeEvents(String node) {
    List<NodeExecutionEvent> out = new ArrayList<>();
    for (Object o : accepted) {
      if (o instanceof NodeExecutionEvent e && e.getId().getNodeId().equals(node)) {
        out.add(e);
      }
    }
    return out;
  }

  /** Workflow event phases in order. */
  synchronized List<flyteidl.core.Execution.WorkflowExecution.Phase> workflowPhases() {
    List<flyteidl.core.Execution.WorkflowExecution.Phase> out = new ArrayList<>();
    for (Object o : accepted) {
      if (o instanceof WorkflowExecutionEvent e) {
        out.add(e.getPhase());
      }
    }
    return out;
  }

  /** Task events of {@code node}. */
  synchronized List<TaskExecutionEvent> taskEvents(String node) {
    List<TaskExecutionEvent> out = new ArrayList<>();
    for (Object o : accepted) {
      if (o instanceof TaskExecutionEvent e && e.getParentNodeExecutionId().getNodeId().equals(node)) {
        out.add(e);
      }
    }
    return out;
  }
}
