package io.aloft.crd;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** {@code kind} of a node: which handler executes it (v1alpha1 {@code NodeKind}). */
public enum NodeKind {
  TASK("task"),
  BRANCH("branch"),
  /** A sub-workflow ({@code subWorkflowRef}) or a launch plan ({@code launchPlanRefId}). */
  WORKFLOW("workflow"),
  GATE("gate"),
  ARRAY("array"),
  START("start"),
  END("end");

  private final String json;

  NodeKind(String json) {
    this.json = json;
  }

  /** The value in the resource. */
  @JsonValue
  public String json() {
    return json;
  }

  /** The kind written as {@code json}. */
  @JsonCreator
  public static NodeKind fromJson(String json) {
    for (NodeKind k : values()) {
      if (k.json.equals(json)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown node kind '" + json + "'");
  }
}
