package io.aloft.admin.metrics;

import flyteidl.core.Metrics.Span;

/**
 * A span tree as an indented outline for assertions, one span a line: {@code <id> [start,end]} with the times in
 * whole seconds after {@code originSeconds}, children indented by two spaces.
 */
public final class SpanOutline {
  private SpanOutline() {}

  public static String of(Span span, long originSeconds) {
    StringBuilder out = new StringBuilder();
    append(span, "", originSeconds, out);
    return out.toString();
  }

  private static void append(Span span, String indent, long origin, StringBuilder out) {
    String id = switch (span.getIdCase()) {
      case WORKFLOW_ID -> "execution " + span.getWorkflowId().getName();
      case NODE_ID -> "node " + span.getNodeId().getNodeId();
      case TASK_ID -> "task " + span.getTaskId().getNodeExecutionId().getNodeId() + "/"
          + span.getTaskId().getRetryAttempt();
      case OPERATION_ID -> span.getOperationId();
      default -> "?";
    };
    out.append(indent).append(id).append(" [").append(span.getStartTime().getSeconds() - origin).append(',')
        .append(span.getEndTime().getSeconds() - origin).append("]\n");
    span.getSpansList().forEach(child -> append(child, indent + "  ", origin, out));
  }
}
