package io.aloft.admin;

import static io.aloft.admin.Events.assertFailureReason;
import static io.aloft.admin.Events.at;
import static io.aloft.admin.Events.node;
import static io.aloft.admin.Events.nodeId;
import static io.aloft.admin.Events.task;
import static io.aloft.admin.Events.taskExecutionId;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import flyteidl.admin.Common.Sort;
import flyteidl.admin.Event.EventFailureReason;
import flyteidl.admin.Event.TaskExecutionEventRequest;
import flyteidl.admin.TaskExecutionOuterClass.TaskExecution;
import flyteidl.admin.TaskExecutionOuterClass.TaskExecutionClosure;
import flyteidl.admin.TaskExecutionOuterClass.TaskExecutionGetDataRequest;
import flyteidl.admin.TaskExecutionOuterClass.TaskExecutionGetDataResponse;
import flyteidl.admin.TaskExecutionOuterClass.TaskExecutionGetRequest;
import flyteidl.admin.TaskExecutionOuterClass.TaskExecutionList;
import flyteidl.admin.TaskExecutionOuterClass.TaskExecutionListRequest;
import flyteidl.core.Execution.ExecutionError;
import flyteidl.core.Execution.NodeExecution;
import flyteidl.core.Execution.TaskExecution.Phase;
import flyteidl.core.Execution.TaskLog;
import flyteidl.core.Execution.WorkflowExecution;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.NodeExecutionIdentifier;
import flyteidl.core.IdentifierOuterClass.TaskExecutionIdentifier;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.event.Event.EventReason;
import flyteidl.event.Event.ExternalResourceInfo;
import flyteidl.event.Event.TaskExecutionEvent;
import flyteidl.event.Event.TaskExecutionMetadata;
import io.aloft.admin.storage.BlobStore;
import io.aloft.testkit.quarkus.FreeGrpcPortResource;
import io.aloft.testkit.quarkus.PostgresResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.grpc.Status;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CreateTaskEvent and the task execution reads: attempts, phase versions, merged logs and metadata. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "admin_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
class TaskExecutionsIT extends AdminGrpcTestBase {
  private static final String PROJECT = "task-executions-it";

  @Inject
  EntityManager em;

  @Inject
  BlobStore blobs;

  private WorkflowExecutionIdentifier exec;
  private NodeExecutionIdentifier n0;
  private final Identifier taskId = Events.taskId(PROJECT, "my_task");

  @BeforeEach
  void newNode() {
    exec = ExecutionRows.create(em, ExecutionRows.id(PROJECT, "t" + UUID.randomUUID().toString().replace("-", "")
        .substring(0, 19)), Events.CLUSTER, WorkflowExecution.Phase.RUNNING);
    n0 = nodeId(exec, "n0");
    admin.createNodeEvent(Events.request(node(exec, "n0", NodeExecution.Phase.RUNNING, 0)));
  }

  private void send(TaskExecutionEvent.Builder event) {
    admin.createTaskEvent(Events.request(event));
  }

  private TaskExecution get(int attempt) {
    return admin.getTaskExecution(TaskExecutionGetRequest.newBuilder().setId(taskExecutionId(n0, taskId, attempt))
        .build());
  }

  private TaskExecutionListRequest.Builder list() {
    return TaskExecutionListRequest.newBuilder().setNodeExecutionId(n0).setLimit(100);
  }

  private static List<Integer> attempts(TaskExecutionList list) {
    return list.getTaskExecutionsList().stream().map(t -> t.getId().getRetryAttempt()).toList();
  }

  private static TaskLog log(String name, String uri) {
    return TaskLog.newBuilder().setName(name).setUri(uri).build();
  }

  private long rows(int attempt) {
    return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
            "SELECT count(*) FROM task_executions t JOIN node_executions n ON n.id = t.node_execution_id"
                + " JOIN executions e ON e.id = n.execution_id WHERE e.name = ?1 AND t.retry_attempt = ?2")
        .setParameter(1, exec.getName()).setParameter(2, attempt).getSingleResult()).longValue());
  }

  @Test
  void attemptsOfATaskNodeRunToSucceeded() throws Exception {
    String inputs = blobs.put("metadata/propeller/" + exec.getName() + "/n0/data/inputs.pb",
        Events.ints("a", 7).toByteArray());
    // Attempt 0: queued, running with a log, running again (phase version 1) with more, then a retryable failure
    // and the final failure.
    send(task(n0, taskId, 0, Phase.QUEUED, 0, 1).setInputUri(inputs).setReason("waiting for a node"));
    send(task(n0, taskId, 0, Phase.RUNNING, 0, 2).setInputUri(inputs)
        .addLogs(log("Kubernetes Logs (User)", "https://logs/a0"))
        .setCustomInfo(Struct.newBuilder().putFields("a", Value.newBuilder().setNumberValue(1).build()))
        .setMetadata(TaskExecutionMetadata.newBuilder().setGeneratedName("pod-a0")
            .addExternalResources(ExternalResourceInfo.newBuilder().setExternalId("pod-a0").setIndex(0)
                .setPhase(Phase.RUNNING))));
    send(task(n0, taskId, 0, Phase.RUNNING, 1, 3).setInputUri(inputs)
        .addLogs(log("Kubernetes Logs (Sidecar)", "https://logs/a0-sidecar"))
        .setCustomInfo(Struct.newBuilder().putFields("b", Value.newBuilder().setStringValue("x").build()))
        .addReasons(EventReason.newBuilder().setReason("pulling image").setOccurredAt(at(3))));
    ExecutionError error = ExecutionError.newBuilder().setCode("OOMKilled").setMessage("out of memory")
        .setKind(ExecutionError.ErrorKind.SYSTEM).build();
    send(task(n0, taskId, 0, Phase.FAILED, 0, 5).setError(error));
    // Attempt 1 runs and succeeds with inline outputs.
    send(task(n0, taskId, 1, Phase.RUNNING, 0, 6).setInputUri(inputs));
    send(task(n0, taskId, 1, Phase.SUCCEEDED, 0, 9).setOutputData(Events.ints("o0", 49)));

    TaskExecution a0 = get(0);
    TaskExecutionClosure c0 = a0.getClosure();
    assertThat(c0.getPhase()).isEqualTo(Phase.FAILED);
    assertThat(c0.getError()).isEqualTo(error);
    assertThat(c0.getCreatedAt()).isEqualTo(at(1));
    assertThat(c0.getStartedAt()).isEqualTo(at(2));
    assertThat(c0.getDuration().getSeconds()).isEqualTo(3);
    assertThat(c0.getTaskType()).isEqualTo("python-task");
    assertThat(c0.getEventVersion()).isEqualTo(1);
    assertThat(c0.getLogsList()).extracting(TaskLog::getUri)
        .containsExactly("https://logs/a0-sidecar", "https://logs/a0");
    assertThat(c0.getCustomInfo().getFieldsMap()).containsOnlyKeys("a", "b");
    assertThat(c0.getReason()).isEqualTo("pulling image");
    assertThat(c0.getReasonsList()).extracting(r -> r.getMessage())
        .containsExactly("waiting for a node", "pulling image");
    assertThat(c0.getMetadata().getGeneratedName()).isEqualTo("pod-a0");
    assertThat(c0.getMetadata().getExternalResources(0).getExternalId()).isEqualTo("pod-a0");
    assertThat(a0.getInputUri()).isEqualTo(inputs);
    assertThat(a0.getId().getTaskId()).isEqualTo(taskId);
    assertThat(a0.getIsParent()).isFalse();

    TaskExecution a1 = get(1);
    assertThat(a1.getClosure().getPhase()).isEqualTo(Phase.SUCCEEDED);
    assertThat(a1.getClosure().getDuration().getSeconds()).isEqualTo(3);
    assertThat(a1.getClosure().getOutputUri()).endsWith("/" + exec.getName() + "/n0/" + PROJECT
        + "/development/my_task/v1/1/offloaded_outputs");

    assertThat(attempts(admin.listTaskExecutions(list().build()))).containsExactly(0, 1);
    TaskExecutionGetDataResponse data = admin.getTaskExecutionData(TaskExecutionGetDataRequest.newBuilder()
        .setId(taskExecutionId(n0, taskId, 1)).build());
    assertThat(data.getFullInputs()).isEqualTo(Events.ints("a", 7));
    assertThat(data.getFullOutputs()).isEqualTo(Events.ints("o0", 49));
    assertThat(data.getFlyteUrls().getInputs()).isEqualTo("flyte://v1/" + PROJECT + "/development/"
        + exec.getName() + "/n0/1/i");
  }

  @Test
  void phaseVersionsOrderEventsOfOnePhase() {
    send(task(n0, taskId, 0, Phase.RUNNING, 2, 1));
    assertStatus(() -> send(task(n0, taskId, 0, Phase.RUNNING, 2, 2)), Status.Code.ALREADY_EXISTS, "version: 2");
    assertStatus(() -> send(task(n0, taskId, 0, Phase.RUNNING, 1, 2)), Status.Code.ALREADY_EXISTS, "version: 1");
    send(task(n0, taskId, 0, Phase.RUNNING, 3, 3).addLogs(log("l", "https://logs/v3")));
    assertThat(get(0).getClosure().getLogsList()).extracting(TaskLog::getUri).containsExactly("https://logs/v3");
    send(task(n0, taskId, 0, Phase.SUCCEEDED, 0, 4));
    assertStatus(() -> send(task(n0, taskId, 0, Phase.SUCCEEDED, 0, 5)), Status.Code.ALREADY_EXISTS, "SUCCEEDED");
    EventFailureReason reason = assertFailureReason(() -> send(task(n0, taskId, 0, Phase.RUNNING, 4, 5)),
        "invalid phase change from SUCCEEDED to RUNNING");
    assertThat(reason.getAlreadyInTerminalState().getCurrentPhase()).isEqualTo("SUCCEEDED");
    // A retryable failure is not terminal for the attempt.
    send(task(n0, taskId, 1, Phase.RETRYABLE_FAILED, 0, 6));
    send(task(n0, taskId, 1, Phase.FAILED, 0, 7));
    assertThat(get(1).getClosure().getPhase()).isEqualTo(Phase.FAILED);
  }

  @Test
  void listsPageFilterAndSort() {
    for (int attempt = 0; attempt < 3; attempt++) {
      send(task(n0, taskId, attempt, Phase.RUNNING, 0, attempt * 10));
      send(task(n0, taskId, attempt, attempt == 2 ? Phase.SUCCEEDED : Phase.FAILED, 0, attempt * 10 + 5));
    }
    TaskExecutionList p1 = admin.listTaskExecutions(list().setLimit(2).build());
    assertThat(attempts(p1)).containsExactly(0, 1);
    assertThat(p1.getToken()).isEqualTo("2");
    TaskExecutionList p2 = admin.listTaskExecutions(list().setLimit(2).setToken("2").build());
    assertThat(attempts(p2)).containsExactly(2);
    assertThat(p2.getToken()).isEmpty();
    assertThat(attempts(admin.listTaskExecutions(list().setFilters("eq(phase,SUCCEEDED)").build())))
        .containsExactly(2);
    assertThat(attempts(admin.listTaskExecutions(list().setFilters("gte(retry_attempt,1)+eq(task.name,my_task)")
        .build()))).containsExactly(1, 2);
    assertThat(attempts(admin.listTaskExecutions(list().setFilters("eq(node_execution.phase,RUNNING)").build())))
        .containsExactly(0, 1, 2);
    assertThat(attempts(admin.listTaskExecutions(list().setFilters("eq(node_execution.phase,FAILED)").build())))
        .isEmpty();
    assertThat(attempts(admin.listTaskExecutions(list().setSortBy(Sort.newBuilder().setKey("retry_attempt")
        .setDirection(Sort.Direction.DESCENDING)).build()))).containsExactly(2, 1, 0);
    assertStatus(() -> admin.listTaskExecutions(list().setLimit(0).build()), Status.Code.INVALID_ARGUMENT, "limit");
    assertStatus(() -> admin.listTaskExecutions(list().setToken("x").build()), Status.Code.INVALID_ARGUMENT,
        "token");
    assertStatus(() -> admin.listTaskExecutions(list().setFilters("eq(signal.name,x)").build()),
        Status.Code.INVALID_ARGUMENT, "signal");
    // An unknown node execution lists nothing, as in FlyteAdmin.
    assertThat(admin.listTaskExecutions(list().setNodeExecutionId(nodeId(exec, "nosuchnode")).build())
        .getTaskExecutionsCount()).isZero();
  }

  @Test
  void eventsFromAnotherClusterAreRefused() {
    EventFailureReason reason = assertFailureReason(() -> send(task(n0, taskId, 0, Phase.RUNNING, 0, 1)
        .setProducerId("elsewhere")), "[elsewhere] does not match");
    assertThat(reason.getIncompatibleCluster().getCluster()).isEqualTo(Events.CLUSTER);
    assertThat(rows(0)).isZero();
  }

  @Test
  void unknownIdsAreNotFoundAndBadRequestsNameTheField() {
    TaskExecutionIdentifier missing = taskExecutionId(n0, taskId, 5);
    assertStatus(() -> admin.getTaskExecution(TaskExecutionGetRequest.newBuilder().setId(missing).build()),
        Status.Code.NOT_FOUND, "attempt 5");
    assertStatus(() -> admin.getTaskExecutionData(TaskExecutionGetDataRequest.newBuilder().setId(missing).build()),
        Status.Code.NOT_FOUND, "attempt 5");
    assertStatus(() -> admin.getTaskExecution(TaskExecutionGetRequest.newBuilder().setId(taskExecutionId(
        nodeId(exec, "nosuchnode"), taskId, 0)).build()), Status.Code.NOT_FOUND, "nosuchnode");
    assertStatus(() -> send(task(nodeId(exec, "nosuchnode"), taskId, 0, Phase.RUNNING, 0, 1)),
        Status.Code.NOT_FOUND, "nosuchnode");
    assertStatus(() -> send(task(nodeId(ExecutionRows.id(PROJECT, "nosuchexec"), "n0"), taskId, 0, Phase.RUNNING,
        0, 1)), Status.Code.NOT_FOUND, "nosuchexec");

    assertStatus(() -> admin.getTaskExecution(TaskExecutionGetRequest.getDefaultInstance()),
        Status.Code.INVALID_ARGUMENT, "missing id");
    assertStatus(() -> admin.getTaskExecution(TaskExecutionGetRequest.newBuilder().setId(missing.toBuilder()
        .clearTaskId()).build()), Status.Code.INVALID_ARGUMENT, "id.task_id");
    assertStatus(() -> admin.getTaskExecutionData(TaskExecutionGetDataRequest.newBuilder().setId(missing.toBuilder()
        .setTaskId(taskId.toBuilder().setVersion(""))).build()), Status.Code.INVALID_ARGUMENT, "id.task_id.version");
    assertStatus(() -> admin.listTaskExecutions(TaskExecutionListRequest.newBuilder().setLimit(1).build()),
        Status.Code.INVALID_ARGUMENT, "node_execution_id");
    assertStatus(() -> admin.createTaskEvent(TaskExecutionEventRequest.getDefaultInstance()),
        Status.Code.INVALID_ARGUMENT, "missing event");
    assertStatus(() -> send(task(n0, taskId, 0, Phase.RUNNING, 0, 1).clearParentNodeExecutionId()),
        Status.Code.INVALID_ARGUMENT, "event.parent_node_execution_id");
    assertStatus(() -> send(task(n0, taskId.toBuilder().setName("").build(), 0, Phase.RUNNING, 0, 1)),
        Status.Code.INVALID_ARGUMENT, "event.task_id.name");
    assertStatus(() -> send(task(n0, taskId, 0, Phase.RUNNING, 0, 1).clearOccurredAt()),
        Status.Code.INVALID_ARGUMENT, "event.occurred_at");
    assertThat(rows(0)).isZero();
  }

  @Test
  void concurrentCopiesOfAFirstEventGiveOneRow() throws Exception {
    List<Status.Code> codes = Events.concurrently(8, () -> {
      send(task(n0, taskId, 0, Phase.RUNNING, 0, 1));
      return null;
    });
    assertThat(codes).containsOnlyOnce(Status.Code.OK);
    assertThat(codes.stream().filter(c -> c == Status.Code.ALREADY_EXISTS)).hasSize(7);
    assertThat(rows(0)).isEqualTo(1);

    // Increasing phase versions racing: every one applied exactly once or refused as already superseded.
    java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger(1);
    List<Status.Code> versions = Events.concurrently(6, () -> {
      int v = next.getAndIncrement();
      send(task(n0, taskId, 1, Phase.RUNNING, v, v).addLogs(log("v" + v, "https://logs/v" + v)));
      return null;
    });
    assertThat(rows(1)).isEqualTo(1);
    assertThat(versions).containsOnly(Status.Code.OK, Status.Code.ALREADY_EXISTS).contains(Status.Code.OK);
    // No accepted event's log was lost: each accepted version's log is in the merged list.
    long accepted = versions.stream().filter(c -> c == Status.Code.OK).count();
    assertThat(get(1).getClosure().getLogsCount()).isEqualTo((int) accepted);
  }
}
