package io.aloft.propeller.events;

import flyteidl.event.Event.NodeExecutionEvent;
import flyteidl.event.Event.TaskExecutionEvent;
import flyteidl.event.Event.WorkflowExecutionEvent;
import io.aloft.engine.event.EventException;
import io.aloft.engine.event.EventSink;
import io.aloft.propeller.metrics.PropellerMetrics;

/**
 * Counts workflow, node and task phase transitions from the events that reach admin, and times each recording
 * (Flyte's {@code workflow/node/task:event_recording:*}): {@code aloft_propeller_event_recording_seconds{entity}}.
 */
public final class CountingEventSink implements EventSink {
  private final EventSink delegate;
  private final PropellerMetrics metrics;

  public CountingEventSink(EventSink delegate, PropellerMetrics metrics) {
    this.delegate = delegate;
    this.metrics = metrics;
  }

  @Override
  public void workflowEvent(WorkflowExecutionEvent event) throws EventException {
    record("workflow", event.getPhase().name(), () -> delegate.workflowEvent(event));
  }

  @Override
  public void nodeEvent(NodeExecutionEvent event) throws EventException {
    record("node", event.getPhase().name(), () -> delegate.nodeEvent(event));
  }

  @Override
  public void taskEvent(TaskExecutionEvent event) throws EventException {
    record("task", event.getPhase().name(), () -> delegate.taskEvent(event));
  }

  /** One event sent to the delegate. */
  @FunctionalInterface
  private interface Send {
    void send() throws EventException;
  }

  private void record(String entity, String phase, Send send) throws EventException {
    long t0 = System.nanoTime();
    try {
      send.send();
    } finally {
      metrics.eventRecorded(entity, System.nanoTime() - t0);
    }
    metrics.transition(entity, phase);
  }
}
