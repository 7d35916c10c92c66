package io.aloft.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetMetricsRequest;
import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetRequest;
import flyteidl.core.Execution.NodeExecution;
import flyteidl.core.Execution.TaskExecution;
import flyteidl.core.Execution.WorkflowExecution;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.event.Event.NodeExecutionEvent;
import flyteidl.event.Event.TaskExecutionEvent;
import flyteidl.event.Event.WorkflowExecutionEvent;
import io.aloft.admin.metrics.SpanOutline;
import io.aloft.testkit.quarkus.FreeGrpcPortResource;
import io.aloft.testkit.quarkus.KubeApiServerResource;
import io.aloft.testkit.quarkus.PostgresResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.Status;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * GetExecutionMetrics on an execution launched with CreateExecution (the chain workflow: n0 -> n1 -> n2) whose
 * events are sent as propeller sends them: the span tree over gRPC, its depth cut-off, and the refusals.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "admin_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
@QuarkusTestResource(KubeApiServerResource.class)
class ExecutionMetricsIT extends AdminGrpcTestBase {
  /** The cluster CreateExecution places executions in here, which produces their events. */
  private static final String CLUSTER = "propeller";

  @Inject
  KubernetesClient kube;

  private WorkflowExecutionIdentifier exec;
  private Timestamp created;

  /** The chain launched, then run by events {@code seconds} after its creation, n1 succeeding on its second try. */
  private void runChain() throws Exception {
    KubeCrds.installFlyteWorkflow(kube);
    String name = launchChain("metrics_lp", "metrics");
    exec = ExecutionRows.id("flytesnacks", name);
    created = admin.getExecution(WorkflowExecutionGetRequest.newBuilder().setId(exec).build()).getClosure()
        .getCreatedAt();
    workflow(WorkflowExecution.Phase.RUNNING, 1);
    node("start-node", NodeExecution.Phase.SUCCEEDED, 2);
    node("n0", NodeExecution.Phase.QUEUED, 3);
    node("n0", NodeExecution.Phase.RUNNING, 4);
    attempt("n0", "workflows.chain_t1", 0, 5, 6, 9, TaskExecution.Phase.SUCCEEDED);
    node("n0", NodeExecution.Phase.SUCCEEDED, 10);
    node("n1", NodeExecution.Phase.QUEUED, 11);
    node("n1", NodeExecution.Phase.RUNNING, 12);
    attempt("n1", "workflows.chain_t2", 0, 12, 13, 15, TaskExecution.Phase.FAILED);
    attempt("n1", "workflows.chain_t2", 1, 17, 18, 20, TaskExecution.Phase.SUCCEEDED);
    node("n1", NodeExecution.Phase.SUCCEEDED, 21);
    node("n2", NodeExecution.Phase.QUEUED, 22);
    node("n2", NodeExecution.Phase.SUCCEEDED, 25);
    node("end-node", NodeExecution.Phase.SUCCEEDED, 26);
    workflow(WorkflowExecution.Phase.SUCCEEDING, 27);
    workflow(WorkflowExecution.Phase.SUCCEEDED, 28);
  }

  @Test
  void theSpanTreeOfAnExecutionFromItsEvents() throws Exception {
    runChain();
    assertThat(metrics(-1)).isEqualTo("""
        execution %s [0,28]
          WORKFLOW_SETUP [0,2]
          node n0 [3,10]
            NODE_TRANSITION [2,3]
            NODE_SETUP [3,5]
            task n0/0 [5,9]
              TASK_SETUP [5,6]
              TASK_RUNTIME [6,9]
              TASK_TEARDOWN [9,9]
            NODE_TEARDOWN [9,10]
          node n1 [11,21]
            NODE_TRANSITION [10,11]
            NODE_SETUP [11,12]
            task n1/0 [12,15]
              TASK_SETUP [12,13]
              TASK_RUNTIME [13,15]
              TASK_TEARDOWN [15,15]
            NODE_RESET [15,17]
            task n1/1 [17,20]
              TASK_SETUP [17,18]
              TASK_RUNTIME [18,20]
              TASK_TEARDOWN [20,20]
            NODE_TEARDOWN [20,21]
          node n2 [22,25]
            NODE_TRANSITION [21,22]
            NODE_SETUP [22,25]
          WORKFLOW_TEARDOWN [25,28]
        """.formatted(exec.getName()));
    // Without a depth (0) the execution's span alone; 1: its nodes, each with its transition only.
    assertThat(metrics(0)).isEqualTo("execution %s [0,28]\n".formatted(exec.getName()));
    assertThat(metrics(1)).isEqualTo("""
        execution %s [0,28]
          WORKFLOW_SETUP [0,2]
          node n0 [3,10]
            NODE_TRANSITION [2,3]
          node n1 [11,21]
            NODE_TRANSITION [10,11]
          node n2 [22,25]
            NODE_TRANSITION [21,22]
          WORKFLOW_TEARDOWN [25,28]
        """.formatted(exec.getName()));
    // 2: each node's breakdown, but not its task attempts' own spans.
    assertThat(metrics(2)).isEqualTo("""
        execution %s [0,28]
          WORKFLOW_SETUP [0,2]
          node n0 [3,10]
            NODE_TRANSITION [2,3]
            NODE_SETUP [3,5]
            NODE_TEARDOWN [9,10]
          node n1 [11,21]
            NODE_TRANSITION [10,11]
            NODE_SETUP [11,12]
            NODE_RESET [15,17]
            NODE_TEARDOWN [20,21]
          node n2 [22,25]
            NODE_TRANSITION [21,22]
            NODE_SETUP [22,25]
          WORKFLOW_TEARDOWN [25,28]
        """.formatted(exec.getName()));
  }

  @Test
  void refusals() {
    assertStatus(() -> admin.getExecutionMetrics(WorkflowExecutionGetMetricsRequest.getDefaultInstance()),
        Status.Code.INVALID_ARGUMENT, "id");
    assertStatus(() -> admin.getExecutionMetrics(WorkflowExecutionGetMetricsRequest.newBuilder()
        .setId(ExecutionRows.id("flytesnacks", "nosuchexecution")).setDepth(3).build()),
        Status.Code.NOT_FOUND, "nosuchexecution");
  }

  private String metrics(int depth) {
    return SpanOutline.of(admin.getExecutionMetrics(WorkflowExecutionGetMetricsRequest.newBuilder().setId(exec)
        .setDepth(depth).build()).getSpan(), created.getSeconds());
  }

  private Timestamp at(long seconds) {
    return created.toBuilder().setSeconds(created.getSeconds() + seconds).build();
  }

  private void workflow(WorkflowExecution.Phase phase, long t) {
    admin.createWorkflowEvent(Events.workflow(WorkflowExecutionEvent.newBuilder().setExecutionId(exec)
        .setPhase(phase).setOccurredAt(at(t)).setProducerId(CLUSTER)));
  }

  private void node(String nodeId, NodeExecution.Phase phase, long t) {
    NodeExecutionEvent.Builder event = Events.node(exec, nodeId, phase, t).setOccurredAt(at(t)).setReportedAt(at(t))
        .setProducerId(CLUSTER);
    admin.createNodeEvent(Events.request(event));
  }

  /** Task attempt {@code attempt} of node {@code nodeId}: QUEUED, RUNNING, then {@code endPhase}, at those times. */
  private void attempt(String nodeId, String taskName, int attempt, long queued, long running, long end,
      TaskExecution.Phase endPhase) {
    task(nodeId, taskName, attempt, TaskExecution.Phase.QUEUED, queued);
    task(nodeId, taskName, attempt, TaskExecution.Phase.RUNNING, running);
    task(nodeId, taskName, attempt, endPhase, end);
  }

  private void task(String nodeId, String taskName, int attempt, TaskExecution.Phase phase, long t) {
    Identifier task = Events.taskId("flytesnacks", taskName);
    TaskExecutionEvent.Builder event = Events.task(Events.nodeId(exec, nodeId), task, attempt, phase, 0, t)
        .setOccurredAt(at(t)).setReportedAt(at(t)).setProducerId(CLUSTER);
    admin.createTaskEvent(Events.request(event));
  }
}
