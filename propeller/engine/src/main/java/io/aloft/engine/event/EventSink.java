package io.aloft.engine.event;

import flyteidl.event.Event.NodeExecutionEvent;
import flyteidl.event.Event.TaskExecutionEvent;
import flyteidl.event.Event.WorkflowExecutionEvent;

/** Where the engine reports phase changes (admin's CreateWorkflowEvent / CreateNodeEvent / CreateTaskEvent). */
public interface EventSink {
  /** Records a workflow event; throws {@link EventException} when refused. */
  void workflowEvent(WorkflowExecutionEvent event) throws EventException;

  /** Records a node event; throws {@link EventException} when refused. */
  void nodeEvent(NodeExecutionEvent event) throws EventException;

  /** Records a task event; throws {@link EventException} when refused. */
  void taskEvent(TaskExecutionEvent event) throws EventException;
}
