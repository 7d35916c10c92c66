package io.aloft.admin.metrics;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import flyteidl.admin.ExecutionOuterClass.Execution;
import flyteidl.admin.NodeExecutionOuterClass.NodeExecution;
import flyteidl.admin.NodeExecutionOuterClass.NodeExecutionClosure;
import flyteidl.admin.TaskExecutionOuterClass.TaskExecution;
import flyteidl.admin.TaskExecutionOuterClass.TaskExecutionClosure;
import flyteidl.core.Compiler.CompiledWorkflow;
import flyteidl.core.Compiler.CompiledWorkflowClosure;
import flyteidl.core.Compiler.ConnectionSet;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.Metrics.Span;
import flyteidl.core.Workflow.BranchNode;
import flyteidl.core.Workflow.IfBlock;
import flyteidl.core.Workflow.Node;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds GetExecutionMetrics' span tree from an execution's records, as FlyteAdmin's MetricsManager does
 * (flyteadmin/pkg/manager/impl/metrics_manager.go): the execution's span holds WORKFLOW_SETUP, one span per node
 * execution and WORKFLOW_TEARDOWN; a node's span holds NODE_TRANSITION and its kind's breakdown (task attempts,
 * child nodes, a child execution, a gate's wait); a task attempt's span holds TASK_SETUP, TASK_RUNTIME and
 * TASK_TEARDOWN. {@code depth} limits the tree as in Flyte: each execution or node level spends one, a task node's
 * attempts one more, and 0 leaves a span without its breakdown (a negative depth never reaches 0).
 *
 * <p>Where Flyte's code fails, this builder answers: an execution without a start-node execution has not started;
 * an array node (map task) is broken down like a task node; a node missing from its workflow (or with a target Flyte
 * does not know) and a branch with several taken cases get a span without breakdown. Pure: it reads only
 * {@link ExecutionRecords}.
 */
public final class SpanBuilder {
  static final String START_NODE = "start-node";
  static final String END_NODE = "end-node";

  private static final Timestamp EPOCH = Timestamp.getDefaultInstance();

  private final ExecutionRecords records;

  public SpanBuilder(ExecutionRecords records) {
    this.records = records;
  }

  /** The span tree of {@code execution}, {@code depth} levels deep (Flyte's parseExecution). */
  public Span execution(Execution execution, int depth) {
    var closure = execution.getClosure();
    List<Span> spans = new ArrayList<>();
    if (depth != 0) {
      Map<String, NodeExecution> nodes = bySpecNodeId(records.nodeExecutions(execution.getId(), null));
      NodeExecution start = nodes.get(START_NODE);
      if (start == null || isZero(start.getClosure().getUpdatedAt())) {
        spans.add(Operation.WORKFLOW_SETUP.span(closure.getCreatedAt(), closure.getUpdatedAt()));
      } else {
        spans.add(Operation.WORKFLOW_SETUP.span(closure.getCreatedAt(), start.getClosure().getUpdatedAt()));
        CompiledWorkflowClosure workflow = records.workflow(closure.getWorkflowId());
        nodeExecutions(nodes, workflow, workflow.getPrimary(), spans, depth - 1);
        teardown(Operation.WORKFLOW_TEARDOWN, workflow.getPrimary(), nodes, closure.getUpdatedAt(), spans);
      }
    }
    return Span.newBuilder().setStartTime(closure.getCreatedAt()).setEndTime(closure.getUpdatedAt())
        .setWorkflowId(execution.getId()).addAllSpans(spans).build();
  }

  /**
   * One span per node execution of a workflow level, oldest first, each led by its NODE_TRANSITION from the latest
   * upstream node (Flyte's parseNodeExecutions). {@code closure} holds the level's sub-workflows.
   */
  private void nodeExecutions(Map<String, NodeExecution> nodes, CompiledWorkflowClosure closure,
      CompiledWorkflow level, List<Span> spans, int depth) {
    List<NodeExecution> sorted = new ArrayList<>(nodes.values());
    sorted.sort(Comparator.comparing(n -> n.getClosure().getCreatedAt(), SpanBuilder::compare));
    for (NodeExecution n : sorted) {
      String specNodeId = specNodeId(n);
      if (specNodeId.equals(START_NODE) || specNodeId.equals(END_NODE)) {
        continue;
      }
      Span.Builder span = node(n, closure, definition(level, specNodeId), depth).toBuilder();
      NodeExecution upstream = latestUpstream(specNodeId, level.getConnections(), nodes);
      if (upstream != null) {
        span.addSpans(0, Operation.NODE_TRANSITION.span(upstream.getClosure().getUpdatedAt(),
            n.getClosure().getCreatedAt()));
      }
      spans.add(span.build());
    }
  }

  /** The span of one node execution, broken down by the kind of {@code node} (Flyte's parseNodeExecution). */
  private Span node(NodeExecution n, CompiledWorkflowClosure closure, Node node, int depth) {
    NodeExecutionClosure c = n.getClosure();
    List<Span> spans = new ArrayList<>();
    if (depth != 0 && node != null) {
      switch (node.getTargetCase()) {
        case BRANCH_NODE -> branch(n, closure, node.getBranchNode(), spans, depth - 1);
        case GATE_NODE -> gate(c, spans);
        case TASK_NODE, ARRAY_NODE -> {
          if (n.getMetadata().getIsParentNode() && node.hasTaskNode()) {
            dynamic(n, spans, depth - 1);
          } else {
            taskNode(n, spans, depth - 1);
          }
        }
        case WORKFLOW_NODE -> {
          if (node.getWorkflowNode().hasLaunchplanRef()) {
            launchPlan(c, spans, depth - 1);
          } else {
            subWorkflow(n, closure, node.getWorkflowNode().getSubWorkflowRef(), spans, depth - 1);
          }
        }
        default -> { } // a kind Flyte does not break down either
      }
    }
    return Span.newBuilder().setStartTime(c.getCreatedAt()).setEndTime(c.getUpdatedAt()).setNodeId(n.getId())
        .addAllSpans(spans).build();
  }

  /** A task node: NODE_SETUP, its attempts with NODE_RESET between them, NODE_TEARDOWN (parseTaskNodeExecution). */
  private void taskNode(NodeExecution n, List<Span> spans, int depth) {
    NodeExecutionClosure c = n.getClosure();
    Timestamp lastEnd = attempts(n, spans, depth);
    if (lastEnd != null && compare(c.getUpdatedAt(), lastEnd) >= 0) {
      spans.add(Operation.NODE_TEARDOWN.span(lastEnd, c.getUpdatedAt()));
    }
  }

  /**
   * A dynamic node: its task attempts as for a task node, then NODE_RESET up to its yielded workflow's start, the
   * yielded nodes, and NODE_TEARDOWN (Flyte's parseDynamicNodeExecution).
   */
  private void dynamic(NodeExecution n, List<Span> spans, int depth) {
    NodeExecutionClosure c = n.getClosure();
    Timestamp lastEnd = attempts(n, spans, depth);
    if (lastEnd == null) {
      return;
    }
    Map<String, NodeExecution> children = children(n);
    if (children.isEmpty()) {
      if (compare(c.getUpdatedAt(), lastEnd) >= 0) {
        spans.add(Operation.NODE_RESET.span(lastEnd, c.getUpdatedAt()));
      }
      return;
    }
    NodeExecution start = children.get(START_NODE);
    spans.add(Operation.NODE_RESET.span(lastEnd, start != null ? start.getClosure().getUpdatedAt()
        : firstCreated(children)));
    CompiledWorkflowClosure yielded = records.dynamicWorkflow(n.getId());
    nodeExecutions(children, yielded, yielded.getPrimary(), spans, depth);
    teardown(Operation.NODE_TEARDOWN, yielded.getPrimary(), children, c.getUpdatedAt(), spans);
  }

  /**
   * NODE_SETUP until the first task attempt, then the attempts ({@link #taskExecutions}); the last attempt's end,
   * or null when there is no attempt yet (NODE_SETUP then covers the whole node).
   */
  private Timestamp attempts(NodeExecution n, List<Span> spans, int depth) {
    NodeExecutionClosure c = n.getClosure();
    List<TaskExecution> attempts = new ArrayList<>(records.taskExecutions(n.getId()));
    if (attempts.isEmpty()) {
      spans.add(Operation.NODE_SETUP.span(c.getCreatedAt(), c.getUpdatedAt()));
      return null;
    }
    attempts.sort(Comparator.comparing(t -> t.getClosure().getCreatedAt(), SpanBuilder::compare));
    spans.add(Operation.NODE_SETUP.span(c.getCreatedAt(), attempts.get(0).getClosure().getCreatedAt()));
    taskExecutions(attempts, spans, depth);
    return attempts.get(attempts.size() - 1).getClosure().getUpdatedAt();
  }

  /** A branch node: NODE_SETUP, the taken case's node, NODE_TEARDOWN (Flyte's parseBranchNodeExecution). */
  private void branch(NodeExecution n, CompiledWorkflowClosure closure, BranchNode branch, List<Span> spans,
      int depth) {
    NodeExecutionClosure c = n.getClosure();
    Map<String, NodeExecution> children = children(n);
    if (children.isEmpty()) {
      spans.add(Operation.NODE_SETUP.span(c.getCreatedAt(), c.getUpdatedAt()));
      return;
    }
    if (children.size() != 1) {
      return; // Flyte fails here ("expected 1 but found N node execution(s)"); this span stays unbroken
    }
    NodeExecution taken = children.values().iterator().next();
    NodeExecutionClosure t = taken.getClosure();
    spans.add(Operation.NODE_SETUP.span(c.getCreatedAt(), t.getCreatedAt()));
    spans.add(node(taken, closure, branchCase(specNodeId(taken), branch), depth));
    if (compare(c.getUpdatedAt(), t.getUpdatedAt()) >= 0) {
      spans.add(Operation.NODE_TEARDOWN.span(t.getUpdatedAt(), c.getUpdatedAt()));
    }
  }

  /** A gate node: NODE_SETUP until it started, NODE_IDLE while it waited, NODE_TEARDOWN (parseGateNodeExecution). */
  private static void gate(NodeExecutionClosure c, List<Span> spans) {
    if (isZero(c.getStartedAt())) {
      spans.add(Operation.NODE_SETUP.span(c.getCreatedAt(), c.getUpdatedAt()));
      return;
    }
    spans.add(Operation.NODE_SETUP.span(c.getCreatedAt(), c.getStartedAt()));
    if (isZero(c.getDuration())) {
      spans.add(Operation.NODE_IDLE.span(c.getStartedAt(), c.getUpdatedAt()));
    } else {
      Timestamp end = plus(c.getStartedAt(), c.getDuration());
      spans.add(Operation.NODE_IDLE.span(c.getStartedAt(), end));
      spans.add(Operation.NODE_TEARDOWN.span(end, c.getUpdatedAt()));
    }
  }

  /**
   * A launch-plan node: NODE_SETUP until its child execution was created, the child execution's own tree,
   * NODE_TEARDOWN (Flyte's parseLaunchPlanNodeExecution).
   */
  private void launchPlan(NodeExecutionClosure c, List<Span> spans, int depth) {
    if (!c.hasWorkflowNodeMetadata()) {
      spans.add(Operation.NODE_SETUP.span(c.getCreatedAt(), c.getUpdatedAt()));
      return;
    }
    Execution child = records.execution(c.getWorkflowNodeMetadata().getExecutionId());
    Timestamp childEnd = child.getClosure().getUpdatedAt();
    spans.add(Operation.NODE_SETUP.span(c.getCreatedAt(), child.getClosure().getCreatedAt()));
    spans.add(execution(child, depth));
    if (compare(c.getUpdatedAt(), childEnd) >= 0) {
      spans.add(Operation.NODE_TEARDOWN.span(childEnd, c.getUpdatedAt()));
    }
  }

  /**
   * A sub-workflow node: NODE_SETUP until its start node completed, its nodes, NODE_TEARDOWN (Flyte's
   * parseSubworkflowNodeExecution). The sub-workflow comes from the parent's closure, or else from the registry.
   */
  private void subWorkflow(NodeExecution n, CompiledWorkflowClosure closure, Identifier subWorkflowId,
      List<Span> spans, int depth) {
    NodeExecutionClosure c = n.getClosure();
    Map<String, NodeExecution> children = children(n);
    if (children.isEmpty()) {
      spans.add(Operation.NODE_SETUP.span(c.getCreatedAt(), c.getUpdatedAt()));
      return;
    }
    NodeExecution start = children.get(START_NODE);
    spans.add(Operation.NODE_SETUP.span(c.getCreatedAt(), start != null ? start.getClosure().getUpdatedAt()
        : firstCreated(children)));
    CompiledWorkflowClosure inner = closure;
    CompiledWorkflow level = closure.getSubWorkflowsList().stream()
        .filter(w -> w.getTemplate().getId().equals(subWorkflowId)).findFirst().orElse(null);
    if (level == null) {
      inner = records.workflow(subWorkflowId);
      level = inner.getPrimary();
    }
    nodeExecutions(children, inner, level, spans, depth);
    teardown(Operation.NODE_TEARDOWN, level, children, c.getUpdatedAt(), spans);
  }

  /** Task attempts oldest first, NODE_RESET between consecutive ones (Flyte's parseTaskExecutions). */
  private static void taskExecutions(List<TaskExecution> attempts, List<Span> spans, int depth) {
    for (int i = 0; i < attempts.size(); i++) {
      TaskExecution attempt = attempts.get(i);
      if (i > 0) {
        spans.add(Operation.NODE_RESET.span(attempts.get(i - 1).getClosure().getUpdatedAt(),
            attempt.getClosure().getCreatedAt()));
      }
      if (depth != 0) {
        spans.add(taskExecution(attempt));
      }
    }
  }

  /** One attempt: TASK_SETUP until it started, TASK_RUNTIME, TASK_TEARDOWN (Flyte's parseTaskExecution). */
  static Span taskExecution(TaskExecution attempt) {
    TaskExecutionClosure c = attempt.getClosure();
    Span.Builder span = Span.newBuilder().setStartTime(c.getCreatedAt()).setEndTime(c.getUpdatedAt())
        .setTaskId(attempt.getId());
    if (isZero(c.getStartedAt())) {
      return span.addSpans(Operation.TASK_SETUP.span(c.getCreatedAt(), c.getUpdatedAt())).build();
    }
    span.addSpans(Operation.TASK_SETUP.span(c.getCreatedAt(), c.getStartedAt()));
    if (isZero(c.getDuration())) {
      return span.addSpans(Operation.TASK_RUNTIME.span(c.getStartedAt(), c.getUpdatedAt())).build();
    }
    Timestamp end = plus(c.getStartedAt(), c.getDuration());
    span.addSpans(Operation.TASK_RUNTIME.span(c.getStartedAt(), end));
    if (compare(c.getUpdatedAt(), end) >= 0) {
      span.addSpans(Operation.TASK_TEARDOWN.span(end, c.getUpdatedAt()));
    }
    return span.build();
  }

  /** {@code operation} from the latest node the level's end node waits for until {@code end}, if that is later. */
  private static void teardown(Operation operation, CompiledWorkflow level, Map<String, NodeExecution> nodes,
      Timestamp end, List<Span> spans) {
    NodeExecution last = latestUpstream(END_NODE, level.getConnections(), nodes);
    if (last != null && compare(end, last.getClosure().getUpdatedAt()) >= 0) {
      spans.add(operation.span(last.getClosure().getUpdatedAt(), end));
    }
  }

  /** Of the node executions upstream of {@code specNodeId}, the one updated last, or null (Flyte's same name). */
  private static NodeExecution latestUpstream(String specNodeId, ConnectionSet connections,
      Map<String, NodeExecution> nodes) {
    ConnectionSet.IdList upstream = connections.getUpstreamMap().get(specNodeId);
    NodeExecution latest = null;
    if (upstream != null) {
      for (String id : upstream.getIdsList()) {
        NodeExecution n = nodes.get(id);
        if (n != null && (latest == null
            || compare(n.getClosure().getUpdatedAt(), latest.getClosure().getUpdatedAt()) > 0)) {
          latest = n;
        }
      }
    }
    return latest;
  }

  private Map<String, NodeExecution> children(NodeExecution parent) {
    return bySpecNodeId(records.nodeExecutions(parent.getId().getExecutionId(), parent.getId().getNodeId()));
  }

  /** Node executions by spec node id, as Flyte's getNodeExecutions keys them. */
  private static Map<String, NodeExecution> bySpecNodeId(List<NodeExecution> nodes) {
    Map<String, NodeExecution> out = new LinkedHashMap<>();
    nodes.forEach(n -> out.put(specNodeId(n), n));
    return out;
  }

  private static String specNodeId(NodeExecution n) {
    String spec = n.getMetadata().getSpecNodeId();
    return spec.isEmpty() ? n.getId().getNodeId() : spec;
  }

  /** The node {@code specNodeId} of a workflow level (its failure node included), or null. */
  private static Node definition(CompiledWorkflow level, String specNodeId) {
    for (Node n : level.getTemplate().getNodesList()) {
      if (n.getId().equals(specNodeId)) {
        return n;
      }
    }
    Node failure = level.getTemplate().getFailureNode();
    return failure.getId().equals(specNodeId) ? failure : null;
  }

  /** The node of {@code branch}'s cases named {@code nodeId}, or null (Flyte's getBranchNode). */
  private static Node branchCase(String nodeId, BranchNode branch) {
    var ifElse = branch.getIfElse();
    List<IfBlock> cases = new ArrayList<>();
    cases.add(ifElse.getCase());
    cases.addAll(ifElse.getOtherList());
    for (IfBlock c : cases) {
      if (c.getThenNode().getId().equals(nodeId)) {
        return c.getThenNode();
      }
    }
    return ifElse.hasElseNode() && ifElse.getElseNode().getId().equals(nodeId) ? ifElse.getElseNode() : null;
  }

  private static Timestamp firstCreated(Map<String, NodeExecution> nodes) {
    return nodes.values().stream().map(n -> n.getClosure().getCreatedAt()).min(SpanBuilder::compare)
        .orElse(EPOCH);
  }

  static int compare(Timestamp a, Timestamp b) {
    int bySeconds = Long.compare(a.getSeconds(), b.getSeconds());
    return bySeconds != 0 ? bySeconds : Integer.compare(a.getNanos(), b.getNanos());
  }

  private static boolean isZero(Timestamp t) {
    return t.getSeconds() == 0 && t.getNanos() == 0;
  }

  private static boolean isZero(Duration d) {
    return d.getSeconds() == 0 && d.getNanos() == 0;
  }

  private static Timestamp plus(Timestamp t, Duration d) {
    long nanos = (long) t.getNanos() + d.getNanos();
    return Timestamp.newBuilder().setSeconds(t.getSeconds() + d.getSeconds() + Math.floorDiv(nanos, 1_000_000_000L))
        .setNanos((int) Math.floorMod(nanos, 1_000_000_000L)).build();
  }
}
