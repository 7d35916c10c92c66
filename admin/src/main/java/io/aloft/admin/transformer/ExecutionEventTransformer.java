package io.aloft.admin.transformer;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import flyteidl.admin.ExecutionOuterClass.AbortMetadata;
import flyteidl.admin.ExecutionOuterClass.ExecutionClosure;
import flyteidl.admin.ExecutionOuterClass.ExecutionSpec;
import flyteidl.admin.ExecutionOuterClass.LiteralMapBlob;
import flyteidl.core.Execution.WorkflowExecution;
import flyteidl.event.Event.WorkflowExecutionEvent;
import io.aloft.admin.entity.ExecutionEntity;
import io.aloft.admin.event.EventRules;
import java.time.Duration;
import java.time.Instant;

/**
 * An accepted workflow event applied to its execution row: the closure (phase, timestamps, outputs or error) and
 * the columns that mirror it, in one step so they never disagree (flyteadmin/pkg/repositories/transformers/
 * execution.go UpdateExecutionModelState).
 */
public final class ExecutionEventTransformer {
  private ExecutionEventTransformer() {}

  /**
   * Applies {@code event} to {@code e}. {@code offloadedOutputUri} is where the event's inline output data was
   * written (then the closure keeps that URI), or null to keep inline output data in the closure.
   */
  public static void apply(ExecutionEntity e, WorkflowExecutionEvent event, String offloadedOutputUri, Instant now) {
    ExecutionClosure.Builder closure = parse(e.closure).toBuilder();
    WorkflowExecution.Phase phase = event.getPhase();
    Timestamp occurredAt = event.getOccurredAt();
    Instant occurred = Protos.instant(occurredAt);

    closure.setPhase(phase).setUpdatedAt(occurredAt);
    e.phase = phase.name();
    e.executionUpdatedAt = occurred;
    if (phase == WorkflowExecution.Phase.RUNNING) {
      // Only the RUNNING event marks the start; the time before it is queueing.
      e.startedAt = occurred;
      closure.setStartedAt(occurredAt);
    } else if (EventRules.isTerminal(phase) && e.startedAt != null) {
      Duration d = Duration.between(e.startedAt, occurred);
      e.durationNs = d.toNanos();
      closure.setDuration(Protos.duration(d));
    }

    if (EventRules.reassignsCluster(phase, event.getProducerId())) {
      reassignCluster(e, event.getProducerId());
    }

    if (offloadedOutputUri != null) {
      closure.setOutputs(LiteralMapBlob.newBuilder().setUri(offloadedOutputUri));
    } else if (event.hasOutputUri() && !event.getOutputUri().isEmpty()) {
      closure.setOutputs(LiteralMapBlob.newBuilder().setUri(event.getOutputUri()));
    } else if (event.hasOutputData()) {
      closure.setOutputData(event.getOutputData());
    } else if (phase == WorkflowExecution.Phase.ABORTED && (closure.hasAbortMetadata() || e.abortCause != null)) {
      // The cause TerminateExecution recorded (in the closure, or only in the column) stays, whatever error the
      // ABORTED event carries: Flyte's propeller sends none; Aloft's engine sends ExecutionAborted, which would
      // replace the cause in the closure's oneof.
      if (!closure.hasAbortMetadata()) {
        closure.setAbortMetadata(AbortMetadata.newBuilder().setCause(e.abortCause));
      }
    } else if (event.hasError()) {
      closure.setError(event.getError());
      e.errorKind = event.getError().getKind().name();
      e.errorCode = event.getError().getCode();
    }
    e.closure = closure.build().toByteArray();
    e.updatedAt = now;
  }

  /** Records {@code cluster} as the execution's cluster, in the column and in the spec's system metadata. */
  static void reassignCluster(ExecutionEntity e, String cluster) {
    e.cluster = cluster;
    try {
      ExecutionSpec.Builder spec = ExecutionSpec.parseFrom(e.spec).toBuilder();
      spec.getMetadataBuilder().getSystemMetadataBuilder().setExecutionCluster(cluster);
      e.spec = spec.build().toByteArray();
    } catch (InvalidProtocolBufferException ex) {
      throw new IllegalStateException("corrupt spec of execution " + e.name, ex);
    }
  }

  private static ExecutionClosure parse(byte[] bytes) {
    try {
      return ExecutionClosure.parseFrom(bytes);
    } catch (InvalidProtocolBufferException ex) {
      throw new IllegalStateException("corrupt execution closure", ex);
    }
  }
}
