package io.aloft.admin.metrics;

import com.google.protobuf.Timestamp;
import flyteidl.core.Metrics.Span;

/**
 * The categories a span tree breaks an execution's time into, with Flyte's operation ids
 * (flyteadmin/pkg/manager/impl/metrics_manager.go): the time before a workflow, node or task starts (setup), while
 * it waits (idle, transition), runs (runtime), between attempts (reset), and after it ends (teardown).
 */
public enum Operation {
  /** A gate node waiting for its signal, approval or sleep. */
  NODE_IDLE,
  /** Between two attempts of a task, or between a dynamic node's task and the nodes it yielded. */
  NODE_RESET,
  /** From a node execution's creation until its first task attempt, child node or child execution. */
  NODE_SETUP,
  /** From the end of a node's last attempt, child node or child execution until the node execution's end. */
  NODE_TEARDOWN,
  /** From the latest upstream node's end until this node execution's creation. */
  NODE_TRANSITION,
  /** A task attempt running in its plugin (the pod). */
  TASK_RUNTIME,
  /** From a task attempt's creation until its plugin started it. */
  TASK_SETUP,
  /** From a task attempt's end in its plugin until its last event. */
  TASK_TEARDOWN,
  /** From the execution's creation until its start node completed. */
  WORKFLOW_SETUP,
  /** From the end of the nodes the end node waits for until the execution's end. */
  WORKFLOW_TEARDOWN;

  /** A span of this operation from {@code start} to {@code end} (Flyte's createOperationSpan). */
  public Span span(Timestamp start, Timestamp end) {
    return Span.newBuilder().setStartTime(start).setEndTime(end).setOperationId(name()).build();
  }
}
