package io.aloft.propeller.events;

import flyteidl.event.Event.NodeExecutionEvent;
import flyteidl.event.Event.TaskExecutionEvent;
import flyteidl.event.Event.WorkflowExecutionEvent;
import io.aloft.engine.event.EventSink;
import org.jboss.logging.Logger;

/** Flyte's {@code event.type: log}: events are logged, not sent (propeller without admin, e.g. benchmarks). */
public final class LogEventSink implements EventSink {
  private static final Logger LOG = Logger.getLogger(LogEventSink.class);

  @Override
  public void workflowEvent(WorkflowExecutionEvent event) {
    LOG.debugf("workflow %s %s", event.getExecutionId().getName(), event.getPhase());
  }

  @Override
  public void nodeEvent(NodeExecutionEvent event) {
    LOG.debugf("node %s/%s %s", event.getId().getExecutionId().getName(), event.getId().getNodeId(),
        event.getPhase());
  }

  @Override
  public void taskEvent(TaskExecutionEvent event) {
    LOG.debugf("task %s %s", event.getParentNodeExecutionId().getNodeId(), event.getPhase());
  }
}
