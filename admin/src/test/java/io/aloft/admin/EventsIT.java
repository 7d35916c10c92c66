package io.aloft.admin;

import static io.aloft.admin.Events.assertFailureReason;
import static io.aloft.admin.Events.assertPlainPrecondition;
import static io.aloft.admin.Events.at;
import static io.aloft.admin.Events.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.admin.Event.EventFailureReason;
import flyteidl.admin.Event.WorkflowExecutionEventRequest;
import flyteidl.admin.ExecutionOuterClass.ExecutionClosure;
import flyteidl.admin.ExecutionOuterClass.ExecutionSpec;
import flyteidl.core.Execution.ExecutionError;
import flyteidl.core.Execution.WorkflowExecution.Phase;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.event.Event.WorkflowExecutionEvent;
import io.aloft.admin.entity.ExecutionEntity;
import io.aloft.admin.storage.BlobStore;
import io.aloft.testkit.quarkus.FreeGrpcPortResource;
import io.aloft.testkit.quarkus.PostgresResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.grpc.Status;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** CreateWorkflowEvent: the execution's closure and mirrored columns, and FlyteAdmin's refusals. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "admin_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
class EventsIT extends AdminGrpcTestBase {
  private static final String PROJECT = "events-it";

  @Inject
  EntityManager em;

  @Inject
  BlobStore blobs;

  private WorkflowExecutionIdentifier newExecution(String cluster, Phase phase) {
    return ExecutionRows.create(em, ExecutionRows.id(PROJECT, "e" + UUID.randomUUID().toString()
        .replace("-", "").substring(0, 19)), cluster, phase);
  }

  @Test
  void workflowRunsToSucceededWithOffloadedOutputs() throws Exception {
    WorkflowExecutionIdentifier id = newExecution(Events.CLUSTER, Phase.UNDEFINED);
    admin.createWorkflowEvent(workflow(id, Phase.QUEUED, 1));
    admin.createWorkflowEvent(workflow(id, Phase.RUNNING, 10));
    ExecutionClosure running = ExecutionRows.closure(em, id);
    assertThat(running.getPhase()).isEqualTo(Phase.RUNNING);
    assertThat(running.getStartedAt()).isEqualTo(at(10));

    admin.createWorkflowEvent(workflow(id, Phase.SUCCEEDING, 24));
    LiteralMap outputs = Events.ints("o0", 42);
    admin.createWorkflowEvent(workflow(WorkflowExecutionEvent.newBuilder().setExecutionId(id)
        .setPhase(Phase.SUCCEEDED).setOccurredAt(at(25)).setProducerId(Events.CLUSTER).setOutputData(outputs)));

    ExecutionClosure done = ExecutionRows.closure(em, id);
    assertThat(done.getPhase()).isEqualTo(Phase.SUCCEEDED);
    assertThat(done.getUpdatedAt()).isEqualTo(at(25));
    assertThat(done.getStartedAt()).isEqualTo(at(10));
    assertThat(done.getDuration().getSeconds()).isEqualTo(15);
    // Inline output data is offloaded (FlyteAdmin's default policy) and the closure keeps its URI.
    String uri = done.getOutputs().getUri();
    assertThat(uri).endsWith("metadata/" + PROJECT + "/development/" + id.getName() + "/offloaded_outputs");
    assertThat(LiteralMap.parseFrom(blobs.get(uri))).isEqualTo(outputs);
    // The columns mirror the closure.
    ExecutionEntity row = ExecutionRows.load(em, id);
    assertThat(row.phase).isEqualTo("SUCCEEDED");
    assertThat(row.startedAt).isEqualTo(java.time.Instant.ofEpochSecond(at(10).getSeconds()));
    assertThat(row.executionUpdatedAt).isEqualTo(java.time.Instant.ofEpochSecond(at(25).getSeconds()));
    assertThat(row.durationNs).isEqualTo(Duration.ofSeconds(15).toNanos());
  }

  @Test
  void outputUriAndErrorAreRecorded() {
    WorkflowExecutionIdentifier ok = newExecution(Events.CLUSTER, Phase.QUEUED);
    admin.createWorkflowEvent(workflow(ok, Phase.RUNNING, 1));
    admin.createWorkflowEvent(workflow(WorkflowExecutionEvent.newBuilder().setExecutionId(ok)
        .setPhase(Phase.SUCCEEDED).setOccurredAt(at(2)).setOutputUri("s3://bucket/outputs.pb")));
    assertThat(ExecutionRows.closure(em, ok).getOutputs().getUri()).isEqualTo("s3://bucket/outputs.pb");

    WorkflowExecutionIdentifier failed = newExecution(Events.CLUSTER, Phase.QUEUED);
    admin.createWorkflowEvent(workflow(failed, Phase.RUNNING, 1));
    admin.createWorkflowEvent(workflow(failed, Phase.FAILING, 2));
    ExecutionError error = ExecutionError.newBuilder().setCode("USER:Boom").setMessage("it broke")
        .setKind(ExecutionError.ErrorKind.USER).build();
    admin.createWorkflowEvent(workflow(WorkflowExecutionEvent.newBuilder().setExecutionId(failed)
        .setPhase(Phase.FAILED).setOccurredAt(at(3)).setError(error)));
    assertThat(ExecutionRows.closure(em, failed).getError()).isEqualTo(error);
    ExecutionEntity row = ExecutionRows.load(em, failed);
    assertThat(row.errorKind).isEqualTo("USER");
    assertThat(row.errorCode).isEqualTo("USER:Boom");
    assertThat(row.durationNs).isEqualTo(Duration.ofSeconds(2).toNanos());
  }

  @Test
  void aRepeatedPhaseIsAlreadyExistsButQueuedMayRepeat() {
    WorkflowExecutionIdentifier id = newExecution(Events.CLUSTER, Phase.UNDEFINED);
    admin.createWorkflowEvent(workflow(id, Phase.QUEUED, 1));
    admin.createWorkflowEvent(workflow(id, Phase.QUEUED, 2));   // a cluster (re)assignment may repeat QUEUED
    admin.createWorkflowEvent(workflow(id, Phase.RUNNING, 3));
    assertStatus(() -> admin.createWorkflowEvent(workflow(id, Phase.RUNNING, 4)), Status.Code.ALREADY_EXISTS,
        "already recorded");
    // The duplicate changed nothing.
    assertThat(ExecutionRows.closure(em, id).getStartedAt()).isEqualTo(at(3));
  }

  @Test
  void eventsAfterATerminalPhaseAreRefusedWithTheReasonPropellerReads() {
    WorkflowExecutionIdentifier id = newExecution(Events.CLUSTER, Phase.QUEUED);
    admin.createWorkflowEvent(workflow(id, Phase.RUNNING, 1));
    admin.createWorkflowEvent(workflow(id, Phase.SUCCEEDED, 2));
    ExecutionClosure before = ExecutionRows.closure(em, id);

    EventFailureReason reason = assertFailureReason(() -> admin.createWorkflowEvent(workflow(id, Phase.RUNNING, 3)),
        "Invalid phase change from SUCCEEDED to RUNNING");
    assertThat(reason.hasAlreadyInTerminalState()).isTrue();
    assertThat(reason.getAlreadyInTerminalState().getCurrentPhase()).isEqualTo("SUCCEEDED");
    assertFailureReason(() -> admin.createWorkflowEvent(workflow(id, Phase.FAILED, 3)), "SUCCEEDED to FAILED");
    assertFailureReason(() -> admin.createWorkflowEvent(workflow(id, Phase.QUEUED, 3)), "SUCCEEDED to QUEUED");
    // The same terminal phase again is a duplicate, which propeller ignores.
    assertStatus(() -> admin.createWorkflowEvent(workflow(id, Phase.SUCCEEDED, 3)), Status.Code.ALREADY_EXISTS,
        "SUCCEEDED");
    assertThat(ExecutionRows.closure(em, id)).isEqualTo(before);
  }

  @Test
  void eventsFromAnotherClusterAreRefused() {
    WorkflowExecutionIdentifier id = newExecution("east", Phase.QUEUED);
    EventFailureReason reason = assertFailureReason(() -> admin.createWorkflowEvent(workflow(
        WorkflowExecutionEvent.newBuilder().setExecutionId(id).setPhase(Phase.RUNNING).setOccurredAt(at(1))
            .setProducerId("west"))), "[west] does not match");
    assertThat(reason.getIncompatibleCluster().getCluster()).isEqualTo("east");
    assertThat(ExecutionRows.load(em, id).phase).isEqualTo("QUEUED");
    // No producer id, or the legacy default one, is accepted from anywhere.
    admin.createWorkflowEvent(workflow(WorkflowExecutionEvent.newBuilder().setExecutionId(id)
        .setPhase(Phase.RUNNING).setOccurredAt(at(2))));
    admin.createWorkflowEvent(workflow(WorkflowExecutionEvent.newBuilder().setExecutionId(id)
        .setPhase(Phase.SUCCEEDED).setOccurredAt(at(3)).setProducerId("propeller")));
    assertThat(ExecutionRows.load(em, id).phase).isEqualTo("SUCCEEDED");
  }

  @Test
  void aQueuedEventMovesTheExecutionToTheProducersCluster() throws Exception {
    WorkflowExecutionIdentifier id = newExecution("east", Phase.UNDEFINED);
    admin.createWorkflowEvent(workflow(WorkflowExecutionEvent.newBuilder().setExecutionId(id)
        .setPhase(Phase.QUEUED).setOccurredAt(at(1)).setProducerId("west")));
    ExecutionEntity row = ExecutionRows.load(em, id);
    assertThat(row.cluster).isEqualTo("west");
    assertThat(ExecutionSpec.parseFrom(row.spec).getMetadata().getSystemMetadata().getExecutionCluster())
        .isEqualTo("west");
    assertFailureReason(() -> admin.createWorkflowEvent(workflow(WorkflowExecutionEvent.newBuilder()
        .setExecutionId(id).setPhase(Phase.RUNNING).setOccurredAt(at(2)).setProducerId("east"))), "east");
    admin.createWorkflowEvent(workflow(WorkflowExecutionEvent.newBuilder().setExecutionId(id)
        .setPhase(Phase.RUNNING).setOccurredAt(at(2)).setProducerId("west")));
  }

  @Test
  void impossibleTransitionsAreRefused() {
    WorkflowExecutionIdentifier id = newExecution(Events.CLUSTER, Phase.QUEUED);
    admin.createWorkflowEvent(workflow(id, Phase.RUNNING, 1));
    assertPlainPrecondition(() -> admin.createWorkflowEvent(workflow(id, Phase.QUEUED, 2)),
        "Cannot go from RUNNING to QUEUED");

    ExecutionRows.markAborting(em, id, "user asked");
    assertPlainPrecondition(() -> admin.createWorkflowEvent(workflow(id, Phase.RUNNING, 3)),
        "from aborting to RUNNING");
    admin.createWorkflowEvent(workflow(id, Phase.ABORTED, 4));
    ExecutionClosure aborted = ExecutionRows.closure(em, id);
    assertThat(aborted.getPhase()).isEqualTo(Phase.ABORTED);
    assertThat(aborted.getAbortMetadata().getCause()).isEqualTo("user asked");
    assertThat(aborted.getDuration().getSeconds()).isEqualTo(3);
  }

  @Test
  void badRequestsAreRefusedNamingTheField() {
    WorkflowExecutionIdentifier id = newExecution(Events.CLUSTER, Phase.QUEUED);
    assertStatus(() -> admin.createWorkflowEvent(WorkflowExecutionEventRequest.getDefaultInstance()),
        Status.Code.INVALID_ARGUMENT, "missing event");
    assertStatus(() -> admin.createWorkflowEvent(workflow(WorkflowExecutionEvent.newBuilder()
        .setPhase(Phase.RUNNING).setOccurredAt(at(1)))), Status.Code.INVALID_ARGUMENT, "event.execution_id");
    assertStatus(() -> admin.createWorkflowEvent(workflow(id.toBuilder().setProject("").build(), Phase.RUNNING, 1)),
        Status.Code.INVALID_ARGUMENT, "event.execution_id.project");
    assertStatus(() -> admin.createWorkflowEvent(workflow(WorkflowExecutionEvent.newBuilder().setExecutionId(id)
        .setPhase(Phase.RUNNING))), Status.Code.INVALID_ARGUMENT, "event.occurred_at");
    assertStatus(() -> admin.createWorkflowEvent(workflow(ExecutionRows.id(PROJECT, "nosuchexecution"),
        Phase.RUNNING, 1)), Status.Code.NOT_FOUND, "nosuchexecution");
    // Output data over remote-data.max-size-in-bytes (2 MiB).
    LiteralMap huge = Events.string("o0", "x".repeat(2 * 1024 * 1024 + 10));
    assertStatus(() -> admin.createWorkflowEvent(workflow(WorkflowExecutionEvent.newBuilder().setExecutionId(id)
            .setPhase(Phase.SUCCEEDED).setOccurredAt(at(1)).setOutputData(huge))), Status.Code.RESOURCE_EXHAUSTED,
        "exceeds");
    assertThat(ExecutionRows.load(em, id).phase).isEqualTo("QUEUED");
  }

  @Test
  void concurrentCopiesOfAnEventApplyOnce() throws Exception {
    WorkflowExecutionIdentifier id = newExecution(Events.CLUSTER, Phase.QUEUED);
    List<Status.Code> codes = Events.concurrently(8, () -> admin.createWorkflowEvent(workflow(id, Phase.RUNNING, 1)));
    assertThat(codes).containsOnlyOnce(Status.Code.OK);
    assertThat(codes.stream().filter(c -> c == Status.Code.ALREADY_EXISTS)).hasSize(7);
  }
}
