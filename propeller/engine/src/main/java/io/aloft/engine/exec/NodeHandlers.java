package io.aloft.engine.exec;

import io.aloft.crd.NodeKind;
import io.aloft.crd.NodeSpec;
import io.aloft.engine.node.DagLevel;
import io.aloft.engine.node.NodeHandler;
import io.aloft.engine.node.UnsupportedHandler;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;

/** The handler of each node kind (flytepropeller's handler factory). Adding a kind is one registration here. */
public final class NodeHandlers {
  private final Map<NodeKind, Function<NodeSpec, NodeHandler>> byKind = new EnumMap<>(NodeKind.class);
  private final NodeHandler unsupported = new UnsupportedHandler();

  /** Registers {@code h} for nodes of kind {@code kind}. */
  public NodeHandlers register(NodeKind kind, NodeHandler h) {
    byKind.put(kind, n -> h);
    return this;
  }

  /** Registers a choice of handler by node for kind {@code kind} (workflow nodes: sub-workflow or launch plan). */
  public NodeHandlers register(NodeKind kind, Function<NodeSpec, NodeHandler> choose) {
    byKind.put(kind, choose);
    return this;
  }

  /** The handler of {@code node}; start and end nodes may carry no kind. Unknown kinds fail cleanly. */
  public NodeHandler of(NodeSpec node) {
    NodeKind kind = node.kind;
    if (kind == null) {
      kind = DagLevel.START_NODE.equals(node.id) ? NodeKind.START
          : DagLevel.END_NODE.equals(node.id) ? NodeKind.END : null;
    }
    Function<NodeSpec, NodeHandler> choose = kind == null ? null : byKind.get(kind);
    NodeHandler h = choose == null ? null : choose.apply(node);
    return h == null ? unsupported : h;
  }

  /** A workflow node running an inline sub-workflow ({@code subWorkflowRef}) rather than a launch plan. */
  public static boolean isSubWorkflow(NodeSpec n) {
    return n.workflow != null && n.workflow.subWorkflowRef != null && !n.workflow.subWorkflowRef.isEmpty();
  }
}
