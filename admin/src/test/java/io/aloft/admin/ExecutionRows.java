package io.aloft.admin;

import com.google.protobuf.InvalidProtocolBufferException;
import flyteidl.admin.ExecutionOuterClass.ExecutionClosure;
import flyteidl.admin.ExecutionOuterClass.ExecutionSpec;
import flyteidl.core.Execution.WorkflowExecution;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import io.aloft.admin.entity.ExecutionEntity;
import io.aloft.admin.transformer.Protos;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.persistence.EntityManager;
import java.time.Instant;

/**
 * Execution rows for the event and node/task execution ITs, written directly as CreateExecution would leave them
 * (closure in UNDEFINED or QUEUED, the columns mirroring it). The one place to replace with real CreateExecution
 * calls once that RPC exists.
 */
final class ExecutionRows {
  private ExecutionRows() {}

  /** A new execution {@code id} running in {@code cluster}, in {@code phase} (UNDEFINED or QUEUED). */
  static WorkflowExecutionIdentifier create(EntityManager em, WorkflowExecutionIdentifier id, String cluster,
      WorkflowExecution.Phase phase) {
    Instant now = Instant.now();
    QuarkusTransaction.requiringNew().run(() -> {
      ExecutionEntity e = new ExecutionEntity();
      e.project = id.getProject();
      e.domain = id.getDomain();
      e.name = id.getName();
      e.org = id.getOrg();
      e.phase = phase.name();
      e.spec = ExecutionSpec.getDefaultInstance().toByteArray();
      e.closure = ExecutionClosure.newBuilder().setPhase(phase).setCreatedAt(Protos.timestamp(now))
          .setUpdatedAt(Protos.timestamp(now)).build().toByteArray();
      e.cluster = cluster;
      e.executionCreatedAt = now;
      e.executionUpdatedAt = now;
      e.createdAt = now;
      e.updatedAt = now;
      em.persist(e);
    });
    return id;
  }

  /**
   * What TerminateExecution leaves behind: phase ABORTING, the cause in the column (the abort metadata in the
   * closure is TerminateExecution's to write; here only the column is set, as a writer that does not touch it).
   */
  static void markAborting(EntityManager em, WorkflowExecutionIdentifier id, String cause) {
    QuarkusTransaction.requiringNew().run(() -> {
      ExecutionEntity e = ExecutionEntity.find(em, id);
      e.phase = WorkflowExecution.Phase.ABORTING.name();
      e.abortCause = cause;
      try {
        e.closure = ExecutionClosure.parseFrom(e.closure).toBuilder().setPhase(WorkflowExecution.Phase.ABORTING)
            .build().toByteArray();
      } catch (InvalidProtocolBufferException ex) {
        throw new AssertionError(ex);
      }
    });
  }

  /** An execution identifier in {@code project}/development. */
  static WorkflowExecutionIdentifier id(String project, String name) {
    return WorkflowExecutionIdentifier.newBuilder().setProject(project).setDomain("development").setName(name)
        .build();
  }

  /** The execution row {@code id} as stored now. */
  static ExecutionEntity load(EntityManager em, WorkflowExecutionIdentifier id) {
    return QuarkusTransaction.requiringNew().call(() -> {
      ExecutionEntity e = ExecutionEntity.find(em, id);
      em.detach(e);
      return e;
    });
  }

  /** The closure of execution {@code id} as stored now. */
  static ExecutionClosure closure(EntityManager em, WorkflowExecutionIdentifier id) {
    try {
      return ExecutionClosure.parseFrom(load(em, id).closure);
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }
}
