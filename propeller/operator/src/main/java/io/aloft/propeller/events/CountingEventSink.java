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
    long t0 = System.nanoTime();
    try {
      delegate.workflowEvent(event);
    } finally {
      metrics.eventRecorded("workflow", System.nanoTime() - t0);
    }
    metrics.transition("workflow", event.getPhase().name());
  }

  @Override
  public void nodeEvent(NodeExecutionEvent event) throws EventException {
    long t0 = System.nanoTime();
    try {
      delegate.nodeEvent(event);
    } finally {
      metrics.eventRecorded("node", System.nanoTime() - t0);
    }
    metrics.transition("node", event.getPhase().name());
  }

  @Override
  public void taskEvent(TaskExecutionEvent event) throws EventException {
    long t0 = System.nanoTime();
    try {
      delegate.taskEvent(event);
    } finally {
      metrics.eventRecorded("task", System.nanoTime() - t0);
    }
    metrics.transition("task", event.getPhase().name());
  }
}
