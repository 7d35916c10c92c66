package io.aloft.engine.node;

import flyteidl.core.Literals.Binding;
import flyteidl.core.Literals.LiteralMap;
import io.aloft.crd.NodeKind;
import io.aloft.crd.NodeSpec;
import io.aloft.crd.UniqueIds;
import io.aloft.crd.WorkflowSpec;
import io.aloft.engine.ExecutableWorkflow;
import io.aloft.engine.data.BindingResolver;
import io.aloft.engine.data.BlobStore;
import io.aloft.engine.data.DataLayout;
import io.aloft.engine.event.EventRecorder;
import io.aloft.engine.status.NodeStatus;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One level of nodes the executor walks (flytepropeller's DAGStructure + NodeLookup + the parent info of an execution
 * context): the primary workflow (statuses in {@code status.nodeStatus}, data under the workflow's data dir), or the
 * workflow a sub-workflow or dynamic node runs nested (statuses in that node's {@code subNodeStatus}, data under its
 * output dir). It also knows where each node's data goes and which unique id names it.
 */
public final class DagLevel {
  public static final String START_NODE = "start-node";
  public static final String END_NODE = "end-node";
  /** Flyte's maxUniqueIDLength for node ids in events. */
  static final int MAX_UNIQUE_ID_LENGTH = 20;

  private final ExecutableWorkflow workflow;
  private final WorkflowSpec spec;
  private final Map<String, NodeStatus> statuses;
  private final WorkflowSpec.Edges edges;
  private final NodeSpec owner;
  private final NodeStatus ownerStatus;
  /** The workflow's data dir at the top level; the owner's output dir in a nested level. */
  private final String baseDir;
  private final String parentUniqueId;
  private final int parentAttempt;
  private List<String> order;

  private DagLevel(ExecutableWorkflow workflow, WorkflowSpec spec, Map<String, NodeStatus> statuses, NodeSpec owner,
      NodeStatus ownerStatus, String baseDir, String parentUniqueId, int parentAttempt) {
    this.workflow = workflow;
    this.spec = spec;
    this.statuses = statuses;
    this.edges = spec.effectiveEdges();
    this.owner = owner;
    this.ownerStatus = ownerStatus;
    this.baseDir = baseDir;
    this.parentUniqueId = parentUniqueId;
    this.parentAttempt = parentAttempt;
  }

  /** The primary workflow's level: statuses {@code statuses}, data under {@code dataDir}. */
  public static DagLevel top(ExecutableWorkflow workflow, Map<String, NodeStatus> statuses, String dataDir) {
    return new DagLevel(workflow, workflow.primary(), statuses, null, null, dataDir, null, 0);
  }

  /**
   * The level that node {@code owner} (of this level, status {@code ownerStatus}) runs nested: {@code spec}'s nodes
   * with statuses in the owner's {@code subNodeStatus}, data under the owner's current output dir, unique ids under
   * the owner's.
   *
   * @param within the workflow that level's task and sub-workflow references resolve in
   */
  public DagLevel nested(ExecutableWorkflow within, WorkflowSpec nestedSpec, NodeSpec ownerNode,
      NodeStatus ownerNodeStatus) {
    return new DagLevel(within, nestedSpec, ownerNodeStatus.subNodes(), ownerNode, ownerNodeStatus,
        outputDir(ownerNode.id), uniqueId(ownerNode.id), ownerNodeStatus.attempts);
  }

  public ExecutableWorkflow workflow() {
    return workflow;
  }

  public WorkflowSpec spec() {
    return spec;
  }

  /** True for the primary workflow's level. */
  public boolean top() {
    return owner == null;
  }

  /** The node this level runs under; null at the top. */
  public NodeSpec owner() {
    return owner;
  }

  /** The status of the node this level runs under; null at the top. */
  public NodeStatus ownerStatus() {
    return ownerStatus;
  }

  public Map<String, NodeStatus> statuses() {
    return statuses;
  }

  /** Node {@code id}'s status, created (NotYetStarted) when absent. */
  public NodeStatus node(String id) {
    return statuses.computeIfAbsent(id, k -> new NodeStatus());
  }

  /** The spec of node {@code id} (a DAG node, a branch's node or the failure node); null when unknown. */
  public NodeSpec spec(String id) {
    NodeSpec n = spec.nodes == null ? null : spec.nodes.get(id);
    if (n == null && spec.onFailure != null && spec.onFailure.id.equals(id)) {
      return spec.onFailure;
    }
    return n;
  }

  /** The DAG's nodes plus, when {@code withFailureNode}, the failure node. */
  public List<NodeSpec> nodes(boolean withFailureNode) {
    List<NodeSpec> nodes = new ArrayList<>(spec.nodes == null ? List.of() : spec.nodes.values());
    if (withFailureNode && spec.onFailure != null) {
      nodes.add(spec.onFailure);
    }
    return nodes;
  }

  /** The ids of the nodes {@code id} is fed by. */
  public List<String> upstream(String id) {
    List<String> ups = edges.upstream == null ? null : edges.upstream.get(id);
    return ups == null ? List.of() : ups;
  }

  /** Nodes reachable from the start node, each after all of its upstream nodes (Kahn's order); computed once. */
  public List<String> topologicalOrder() {
    if (order != null) {
      return order;
    }
    Map<String, List<String>> down = edges.downstream == null ? Map.of() : edges.downstream;
    Map<String, Integer> indegree = new HashMap<>();
    for (String id : spec.nodes.keySet()) {
      indegree.put(id, upstream(id).size());
    }
    Deque<String> ready = new ArrayDeque<>();
    ready.add(START_NODE);
    Set<String> out = new LinkedHashSet<>();
    while (!ready.isEmpty()) {
      String id = ready.poll();
      if (!out.add(id)) {
        continue;
      }
      for (String d : down.getOrDefault(id, List.of())) {
        if (indegree.merge(d, -1, Integer::sum) <= 0) {
          ready.add(d);
        }
      }
    }
    out.removeIf(id -> !spec.nodes.containsKey(id));
    order = List.copyOf(out);
    return order;
  }

  /** The bindings of node {@code n}: its inputs, or the workflow's outputs for the end node. */
  public List<Binding> bindings(NodeSpec n) {
    if (END_NODE.equals(n.id) && spec.outputBindings != null && !spec.outputBindings.isEmpty()) {
      return spec.outputBindings;
    }
    return n.inputBindings;
  }

  // ---- where a node's data goes ----

  /** The branch node running node {@code id}, or null. */
  private String branchOf(String nodeId) {
    NodeStatus ns = statuses.get(nodeId);
    return ns != null && ns.parentNode != null && !ns.parentNode.equals(nodeId) ? ns.parentNode : null;
  }

  /**
   * A node's data dir: {@code <wfDataDir>/<id>/data} at the top level, {@code <ownerOutputDir>/<id>} nested, its
   * branch node's data dir for a branch's chosen node.
   */
  public String dataDir(String nodeId) {
    String branch = branchOf(nodeId);
    if (branch != null) {
      return dataDir(branch);
    }
    return top() ? DataLayout.nodeDataDir(baseDir, nodeId) : DataLayout.join(baseDir, nodeId);
  }

  /** A node's current output dir: {@code <dataDir>/<attempt>}, its branch node's for a branch's chosen node. */
  public String outputDir(String nodeId) {
    String branch = branchOf(nodeId);
    if (branch != null) {
      return outputDir(branch);
    }
    NodeStatus ns = statuses.get(nodeId);
    return DataLayout.outputDir(dataDir(nodeId), ns == null ? 0 : ns.attempts);
  }

  /** The output dir every attempt of {@code nodeId} writes to when fixed (a branch's chosen node); else null. */
  public String fixedOutputDir(String nodeId) {
    String branch = branchOf(nodeId);
    return branch == null ? null : outputDir(branch);
  }

  /** The unique id of the node {@code nodeId} runs under (its branch, else this level's owner). */
  public String parentUniqueId(String nodeId) {
    String branch = branchOf(nodeId);
    return branch != null ? uniqueId(branch) : parentUniqueId;
  }

  /** The attempt of the node {@code nodeId} runs under. */
  public int parentAttempt(String nodeId) {
    String branch = branchOf(nodeId);
    if (branch != null) {
      NodeStatus p = statuses.get(branch);
      return p == null ? 0 : p.attempts;
    }
    return parentAttempt;
  }

  /** Node {@code nodeId}'s id unique in the execution. */
  public String uniqueId(String nodeId) {
    return uniqueId(parentUniqueId(nodeId), parentAttempt(nodeId), nodeId);
  }

  /**
   * Flyte's GenerateUniqueID: the id of {@code nodeId} under a parent with unique id {@code parentUniqueId} in its
   * attempt {@code parentAttempt} ({@code <parent>-<attempt>-<node>}, hashed when longer than 20). A top-level node
   * keeps its id as it is.
   */
  public static String uniqueId(String parentUniqueId, int parentAttempt, String nodeId) {
    if (parentUniqueId == null) {
      return nodeId;
    }
    return UniqueIds.fixedLength(parentUniqueId + "-" + parentAttempt + "-" + nodeId, MAX_UNIQUE_ID_LENGTH);
  }

  /** Who node {@code n}'s events are about (event version 0: the node id alone, as Flyte's legacy events). */
  public EventRecorder.NodeRef ref(NodeSpec n, int eventVersion) {
    boolean array = n.kind == NodeKind.ARRAY;
    if (eventVersion == 0) {
      return new EventRecorder.NodeRef(n.id, n.id, null, null, array);
    }
    String parentId = parentUniqueId(n.id);
    return new EventRecorder.NodeRef(uniqueId(n.id), n.id, parentId,
        parentId == null ? null : Integer.toString(parentAttempt(n.id)), array);
  }

  /** Upstream outputs for binding resolution: the last attempt's outputs.pb, through output aliases. */
  public BindingResolver.Outputs outputs(BlobStore blobs) {
    return new BindingResolver.Outputs() {
      @Override
      public LiteralMap of(String nodeId) {
        String ref = DataLayout.join(outputDir(nodeId), DataLayout.OUTPUTS);
        return blobs.readProto(ref, LiteralMap.parser()).orElseThrow(
            () -> new BindingResolver.BindingException("outputs of node [" + nodeId + "] not found at " + ref));
      }

      @Override
      public String unalias(String nodeId, String alias) {
        NodeSpec up = spec.nodes.get(nodeId);
        if (up != null && up.outputAliases != null) {
          for (NodeSpec.OutputAlias a : up.outputAliases) {
            if (alias.equals(a.alias)) {
              return a.variable;
            }
          }
        }
        return alias;
      }
    };
  }
}
