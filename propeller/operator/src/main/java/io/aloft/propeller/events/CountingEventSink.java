package io.aloft.propeller.events;

import flyteidl.event.Event.NodeExecutionEvent;
import flyteidl.event.Event.TaskExecutionEvent;
import flyteidl.event.Event.WorkflowExecutionEvent;
import io.aloft.engine.event.EventException;
import io.aloft.engine.event.EventSink;
import io.aloft.propeller.metrics.PropellerMetrics;

/** Counts workflow, node and task phase transitions from the events that reach admin. */
public final class CountingEventSink implements EventSink {
  private final EventSink delegate;
  private final PropellerMetrics metrics;

  public CountingEventSink(EventSink delegate, PropellerMetrics metrics) {
    this.delegate = delegate;
    this.metrics = metrics;
  }

  @Override
  public void workflowEvent(WorkflowExecutionEvent event) throws EventException {
    delegate.workflowEvent(event);
    metrics.transition("workflow", event.getPhase().name());
  }

  @Override
  public void nodeEvent(NodeExecutionEvent event) throws EventException {
    delegate.nodeEvent(event);
    metrics.transition("node", event.getPhase().name());
  }

  @Override
  public void taskEvent(TaskExecutionEvent event) throws EventException {
    delegate.taskEvent(event);
    metrics.transition("task", event.getPhase().name());
  }
}
