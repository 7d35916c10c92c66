package io.aloft.engine.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads and writes {@link WorkflowStatus} as the resource's {@code status} JSON. */
public final class StatusJson {
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private StatusJson() {}

  /** The status as a JSON tree (for {@code FlyteWorkflow.status}). */
  public static JsonNode toNode(WorkflowStatus status) {
    return JSON.valueToTree(status);
  }

  /** The status in {@code node}; a fresh (Ready) status when null. */
  public static WorkflowStatus fromNode(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return new WorkflowStatus();
    }
    try {
      return JSON.treeToValue(node, WorkflowStatus.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("unreadable workflow status: " + e.getOriginalMessage(), e);
    }
  }

  /** A deep copy through JSON: what a persisted-then-reloaded status looks like. */
  public static WorkflowStatus copy(WorkflowStatus status) {
    return fromNode(toNode(status));
  }

  /** One node status as JSON text (for change detection). */
  public static String nodeToString(NodeStatus status) {
    try {
      return JSON.writeValueAsString(status);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
