package io.aloft.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import flyteidl.core.Interface.VariableMap;
import flyteidl.core.Literals.Binding;
import flyteidl.core.Workflow.WorkflowMetadata.OnFailurePolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A workflow of the resource, the primary one ({@code spec}) or a sub-workflow ({@code subWorkflows}), as
 * flytepropeller's v1alpha1 {@code WorkflowSpec} (workflow.go) writes it. Nodes are keyed by id and include
 * {@code start-node} and {@code end-node}; branch sub-nodes are ordinary entries.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"id", "nodes", "connections", "edges", "onFailure", "outputs", "outputBindings",
    "onFailurePolicy"})
public class WorkflowSpec extends UnknownMembers {
  /** {@code project:domain:name} of the workflow (no version). */
  public String id;
  /** Node id to node. */
  public Map<String, NodeSpec> nodes;
  /** Deprecated by Flyte: the downstream edges alone. Written for older readers; read only when {@link #edges} is empty. */
  public Map<String, List<String>> connections;
  /** Node id to the ids of the nodes it feeds ({@code downstream}) and is fed by ({@code upstream}). */
  public Edges edges;
  /** Node run when the workflow fails, if any. */
  public NodeSpec onFailure;
  /** The workflow's outputs (core.VariableMap as jsonpb, type metadata stripped). */
  @JsonSerialize(using = ProtoJson.MessageSerializer.class)
  @JsonDeserialize(using = ProtoJson.MessageDeserializer.class)
  public VariableMap outputs;
  /** How each output is bound (core.Binding as jsonpb). */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonSerialize(contentUsing = ProtoJson.MessageSerializer.class)
  @JsonDeserialize(contentUsing = ProtoJson.MessageDeserializer.class)
  public List<Binding> outputBindings;
  /** What a node failure does to the rest; written by name and left out when it is FAIL_IMMEDIATELY, as Go does. */
  @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = FailImmediately.class)
  public OnFailurePolicy onFailurePolicy = OnFailurePolicy.FAIL_IMMEDIATELY;

  /**
   * The edges propeller walks: {@link #edges}, or, when both of its maps are empty (a resource from before edges
   * existed), {@link #connections} with the upstream edges derived from it (Go's {@code GetConnections}).
   */
  public Edges effectiveEdges() {
    boolean emptyEdges = edges == null || ((edges.downstream == null || edges.downstream.isEmpty())
        && (edges.upstream == null || edges.upstream.isEmpty()));
    if (!emptyEdges) {
      return edges;
    }
    Map<String, List<String>> downstream = connections == null ? Map.of() : connections;
    Map<String, List<String>> upstream = new LinkedHashMap<>();
    downstream.forEach((from, tos) -> tos.forEach(
        to -> upstream.computeIfAbsent(to, k -> new ArrayList<>()).add(from)));
    return new Edges(downstream, upstream);
  }

  /** {@code edges}: v1alpha1 {@code Connections}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Edges extends UnknownMembers {
    public Map<String, List<String>> downstream;
    public Map<String, List<String>> upstream;

    public Edges() {}

    public Edges(Map<String, List<String>> downstream, Map<String, List<String>> upstream) {
      this.downstream = downstream;
      this.upstream = upstream;
    }
  }

  /** Inclusion filter: true (leave out) for the default policy. */
  static final class FailImmediately {
    @Override
    public boolean equals(Object value) {
      return value == null || value == OnFailurePolicy.FAIL_IMMEDIATELY;
    }

    @Override
    public int hashCode() {
      return 0;
    }
  }
}
