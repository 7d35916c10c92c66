package io.aloft.admin.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import flyteidl.admin.ExecutionOuterClass.Execution;
import flyteidl.admin.ExecutionOuterClass.ExecutionClosure;
import flyteidl.admin.NodeExecutionOuterClass.NodeExecution;
import flyteidl.admin.NodeExecutionOuterClass.NodeExecutionClosure;
import flyteidl.admin.NodeExecutionOuterClass.NodeExecutionMetaData;
import flyteidl.admin.TaskExecutionOuterClass.TaskExecution;
import flyteidl.admin.TaskExecutionOuterClass.TaskExecutionClosure;
import flyteidl.core.Compiler.CompiledWorkflow;
import flyteidl.core.Compiler.CompiledWorkflowClosure;
import flyteidl.core.Compiler.ConnectionSet;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.NodeExecutionIdentifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import flyteidl.core.IdentifierOuterClass.TaskExecutionIdentifier;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Metrics.Span;
import flyteidl.core.Workflow.GateNode;
import flyteidl.core.Workflow.Node;
import flyteidl.core.Workflow.SleepCondition;
import flyteidl.core.Workflow.TaskNode;
import flyteidl.core.Workflow.WorkflowNode;
import flyteidl.core.Workflow.WorkflowTemplate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The span tree from fixed records: categories, nesting, times and the depth cut-off. Trees are compared as outlines,
 * one span a line ({@code <id> [start,end]} in seconds after a fixed origin), children indented.
 */
class SpanBuilderTest {
  private static final long ORIGIN = 1_750_000_000L;
  private static final Identifier WORKFLOW = Identifier.newBuilder().setResourceType(ResourceType.WORKFLOW)
      .setProject("p").setDomain("d").setName("wf").setVersion("v1").build();
  private static final Identifier TASK = WORKFLOW.toBuilder().setResourceType(ResourceType.TASK).setName("t").build();

  private final Records records = new Records();

  /** start-node -> n0 -> n1 -> end-node; n0 one attempt, n1 two (the first failed). */
  private Execution chain() {
    WorkflowExecutionIdentifier id = execution("chain");
    records.workflows.put(WORKFLOW, closure(level(WORKFLOW, Map.of("n0", List.of("start-node"), "n1", List.of("n0"),
        "end-node", List.of("n1")), taskNode("n0"), taskNode("n1"))));
    records.node(id, null, node(id, "start-node", 1, 2));
    NodeExecution n0 = records.node(id, null, node(id, "n0", 3, 20));
    NodeExecution n1 = records.node(id, null, node(id, "n1", 22, 60));
    records.node(id, null, node(id, "end-node", 61, 62));
    records.task(attempt(n0, 0, 4, 5, 10, 16));
    records.task(attempt(n1, 1, 35, 36, 20, 58)); // out of order: the builder sorts by creation
    records.task(attempt(n1, 0, 24, 25, 5, 31));
    return run(id, 0, 100);
  }

  @Test
  void breaksAnExecutionDownIntoFlytesCategories() {
    assertThat(outline(new SpanBuilder(records).execution(chain(), -1))).isEqualTo("""
        execution chain [0,100]
          WORKFLOW_SETUP [0,2]
          node n0 [3,20]
            NODE_TRANSITION [2,3]
            NODE_SETUP [3,4]
            task n0/0 [4,16]
              TASK_SETUP [4,5]
              TASK_RUNTIME [5,15]
              TASK_TEARDOWN [15,16]
            NODE_TEARDOWN [16,20]
          node n1 [22,60]
            NODE_TRANSITION [20,22]
            NODE_SETUP [22,24]
            task n1/0 [24,31]
              TASK_SETUP [24,25]
              TASK_RUNTIME [25,30]
              TASK_TEARDOWN [30,31]
            NODE_RESET [31,35]
            task n1/1 [35,58]
              TASK_SETUP [35,36]
              TASK_RUNTIME [36,56]
              TASK_TEARDOWN [56,58]
            NODE_TEARDOWN [58,60]
          WORKFLOW_TEARDOWN [60,100]
        """);
  }

  @Test
  void depthCutsTheTreeAsFlyteDoes() {
    Execution chain = chain();
    SpanBuilder builder = new SpanBuilder(records);
    assertThat(outline(builder.execution(chain, 0))).isEqualTo("execution chain [0,100]\n");
    assertThat(outline(builder.execution(chain, 1))).isEqualTo("""
        execution chain [0,100]
          WORKFLOW_SETUP [0,2]
          node n0 [3,20]
            NODE_TRANSITION [2,3]
          node n1 [22,60]
            NODE_TRANSITION [20,22]
          WORKFLOW_TEARDOWN [60,100]
        """);
    assertThat(outline(builder.execution(chain, 2))).isEqualTo("""
        execution chain [0,100]
          WORKFLOW_SETUP [0,2]
          node n0 [3,20]
            NODE_TRANSITION [2,3]
            NODE_SETUP [3,4]
            NODE_TEARDOWN [16,20]
          node n1 [22,60]
            NODE_TRANSITION [20,22]
            NODE_SETUP [22,24]
            NODE_RESET [31,35]
            NODE_TEARDOWN [58,60]
          WORKFLOW_TEARDOWN [60,100]
        """);
    assertThat(outline(builder.execution(chain, 3))).isEqualTo(outline(builder.execution(chain, -1)));
  }

  @Test
  void anExecutionWhoseStartNodeHasNotCompletedIsAllSetup() {
    WorkflowExecutionIdentifier id = execution("queued");
    assertThat(outline(new SpanBuilder(records).execution(run(id, 0, 7), 5))).isEqualTo("""
        execution queued [0,7]
          WORKFLOW_SETUP [0,7]
        """);
  }

  @Test
  void aLaunchPlanNodeHoldsItsChildExecutionsTreeAndAGateItsWait() {
    WorkflowExecutionIdentifier parent = execution("parent");
    WorkflowExecutionIdentifier child = execution("child");
    Identifier lp = WORKFLOW.toBuilder().setResourceType(ResourceType.LAUNCH_PLAN).build();
    Node launch = Node.newBuilder().setId("n0").setWorkflowNode(WorkflowNode.newBuilder().setLaunchplanRef(lp))
        .build();
    Node gate = Node.newBuilder().setId("g").setGateNode(GateNode.newBuilder().setSleep(SleepCondition
        .getDefaultInstance())).build();
    Identifier parentWf = WORKFLOW.toBuilder().setName("parent").build();
    records.workflows.put(parentWf, closure(level(parentWf, Map.of("n0", List.of("start-node"),
        "g", List.of("start-node"), "end-node", List.of("n0", "g")), launch, gate)));
    records.workflows.put(WORKFLOW, closure(level(WORKFLOW, Map.of("end-node", List.of()))));
    records.node(parent, null, node(parent, "start-node", 1, 2));
    NodeExecution n0 = node(parent, "n0", 3, 40);
    records.node(parent, null, n0.toBuilder().setClosure(n0.getClosure().toBuilder()
        .setWorkflowNodeMetadata(flyteidl.admin.NodeExecutionOuterClass.WorkflowNodeMetadata.newBuilder()
            .setExecutionId(child))).build());
    NodeExecution g = node(parent, "g", 4, 30);
    records.node(parent, null, g.toBuilder().setClosure(g.getClosure().toBuilder().setStartedAt(at(5))
        .setDuration(Duration.newBuilder().setSeconds(20))).build());
    records.node(child, null, node(child, "start-node", 7, 8));
    records.executions.put(child, run(child, 6, 35).toBuilder()
        .setClosure(run(child, 6, 35).getClosure().toBuilder().setWorkflowId(WORKFLOW)).build());
    assertThat(outline(new SpanBuilder(records).execution(run(parent, 0, 50).toBuilder()
        .setClosure(run(parent, 0, 50).getClosure().toBuilder().setWorkflowId(parentWf)).build(), -1)))
        .isEqualTo("""
            execution parent [0,50]
              WORKFLOW_SETUP [0,2]
              node n0 [3,40]
                NODE_TRANSITION [2,3]
                NODE_SETUP [3,6]
                execution child [6,35]
                  WORKFLOW_SETUP [6,8]
                NODE_TEARDOWN [35,40]
              node g [4,30]
                NODE_TRANSITION [2,4]
                NODE_SETUP [4,5]
                NODE_IDLE [5,25]
                NODE_TEARDOWN [25,30]
              WORKFLOW_TEARDOWN [40,50]
            """);
  }

  // ---- fixtures --------------------------------------------------------------------------------------------------

  /** Hand-written records: what the manager reads from the database, fixed. */
  private static final class Records implements ExecutionRecords {
    final Map<WorkflowExecutionIdentifier, Execution> executions = new HashMap<>();
    final Map<Identifier, CompiledWorkflowClosure> workflows = new HashMap<>();
    final Map<String, List<NodeExecution>> nodes = new HashMap<>();
    final List<TaskExecution> tasks = new ArrayList<>();

    NodeExecution node(WorkflowExecutionIdentifier execution, String parent, NodeExecution n) {
      nodes.computeIfAbsent(execution.getName() + "/" + parent, k -> new ArrayList<>()).add(n);
      return n;
    }

    void task(TaskExecution t) {
      tasks.add(t);
    }

    @Override
    public Execution execution(WorkflowExecutionIdentifier id) {
      return executions.get(id);
    }

    @Override
    public CompiledWorkflowClosure workflow(Identifier id) {
      return workflows.get(id);
    }

    @Override
    public List<NodeExecution> nodeExecutions(WorkflowExecutionIdentifier execution, String parentNodeId) {
      return nodes.getOrDefault(execution.getName() + "/" + parentNodeId, List.of());
    }

    @Override
    public List<TaskExecution> taskExecutions(NodeExecutionIdentifier node) {
      return tasks.stream().filter(t -> t.getId().getNodeExecutionId().equals(node)).toList();
    }

    @Override
    public CompiledWorkflowClosure dynamicWorkflow(NodeExecutionIdentifier node) {
      throw new AssertionError("no dynamic node here");
    }
  }

  private static Timestamp at(long seconds) {
    return Timestamp.newBuilder().setSeconds(ORIGIN + seconds).build();
  }

  private static WorkflowExecutionIdentifier execution(String name) {
    return WorkflowExecutionIdentifier.newBuilder().setProject("p").setDomain("d").setName(name).build();
  }

  private static Execution run(WorkflowExecutionIdentifier id, long created, long updated) {
    return Execution.newBuilder().setId(id).setClosure(ExecutionClosure.newBuilder().setCreatedAt(at(created))
        .setUpdatedAt(at(updated)).setWorkflowId(WORKFLOW)).build();
  }

  private static NodeExecution node(WorkflowExecutionIdentifier execution, String nodeId, long created,
      long updated) {
    return NodeExecution.newBuilder()
        .setId(NodeExecutionIdentifier.newBuilder().setExecutionId(execution).setNodeId(nodeId))
        .setMetadata(NodeExecutionMetaData.newBuilder().setSpecNodeId(nodeId))
        .setClosure(NodeExecutionClosure.newBuilder().setCreatedAt(at(created)).setUpdatedAt(at(updated))).build();
  }

  private static TaskExecution attempt(NodeExecution node, int retry, long created, long started, long runSeconds,
      long updated) {
    return TaskExecution.newBuilder()
        .setId(TaskExecutionIdentifier.newBuilder().setNodeExecutionId(node.getId()).setTaskId(TASK)
            .setRetryAttempt(retry))
        .setClosure(TaskExecutionClosure.newBuilder().setCreatedAt(at(created)).setStartedAt(at(started))
            .setDuration(Duration.newBuilder().setSeconds(runSeconds)).setUpdatedAt(at(updated))).build();
  }

  private static Node taskNode(String id) {
    return Node.newBuilder().setId(id).setTaskNode(TaskNode.newBuilder().setReferenceId(TASK)).build();
  }

  private static CompiledWorkflow level(Identifier id, Map<String, List<String>> upstream, Node... nodes) {
    ConnectionSet.Builder connections = ConnectionSet.newBuilder();
    upstream.forEach((node, ids) -> connections.putUpstream(node, ConnectionSet.IdList.newBuilder().addAllIds(ids)
        .build()));
    return CompiledWorkflow.newBuilder().setTemplate(WorkflowTemplate.newBuilder().setId(id)
        .addAllNodes(List.of(nodes))).setConnections(connections).build();
  }

  private static CompiledWorkflowClosure closure(CompiledWorkflow primary) {
    return CompiledWorkflowClosure.newBuilder().setPrimary(primary).build();
  }

  private static String outline(Span span) {
    return SpanOutline.of(span, ORIGIN);
  }
}
