package io.aloft.admin.transformer;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import flyteidl.admin.ExecutionOuterClass.AbortMetadata;
import flyteidl.admin.ExecutionOuterClass.ExecutionClosure;
import flyteidl.admin.ExecutionOuterClass.ExecutionSpec;
import flyteidl.core.Execution.ExecutionError;
import flyteidl.core.Execution.WorkflowExecution.Phase;
import flyteidl.event.Event.WorkflowExecutionEvent;
import io.aloft.admin.entity.ExecutionEntity;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A workflow event applied to an execution row: closure and mirrored columns together. */
class ExecutionEventTransformerTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private static Timestamp at(long s) {
    return Timestamp.newBuilder().setSeconds(1_000 + s).build();
  }

  private static ExecutionEntity row(Phase phase) {
    ExecutionEntity e = new ExecutionEntity();
    e.name = "e";
    e.phase = phase.name();
    e.cluster = "c1";
    e.spec = ExecutionSpec.getDefaultInstance().toByteArray();
    e.closure = ExecutionClosure.newBuilder().setPhase(phase).build().toByteArray();
    return e;
  }

  private static ExecutionClosure closure(ExecutionEntity e) throws Exception {
    return ExecutionClosure.parseFrom(e.closure);
  }

  private static WorkflowExecutionEvent.Builder event(Phase phase, long t) {
    return WorkflowExecutionEvent.newBuilder().setPhase(phase).setOccurredAt(at(t)).setProducerId("c1");
  }

  @Test
  void runningStartsAndATerminalPhaseEndsTheExecution() throws Exception {
    ExecutionEntity e = row(Phase.QUEUED);
    ExecutionEventTransformer.apply(e, event(Phase.RUNNING, 10).build(), null, NOW);
    assertThat(e.phase).isEqualTo("RUNNING");
    assertThat(e.startedAt).isEqualTo(Instant.ofEpochSecond(1_010));
    assertThat(closure(e).getStartedAt()).isEqualTo(at(10));
    assertThat(e.updatedAt).isEqualTo(NOW);

    ExecutionEventTransformer.apply(e, event(Phase.SUCCEEDED, 25).setOutputUri("s3://b/o.pb").build(), null, NOW);
    ExecutionClosure c = closure(e);
    assertThat(c.getPhase()).isEqualTo(Phase.SUCCEEDED);
    assertThat(c.getUpdatedAt()).isEqualTo(at(25));
    assertThat(c.getDuration().getSeconds()).isEqualTo(15);
    assertThat(c.getOutputs().getUri()).isEqualTo("s3://b/o.pb");
    assertThat(e.durationNs).isEqualTo(Duration.ofSeconds(15).toNanos());
    assertThat(e.executionUpdatedAt).isEqualTo(Instant.ofEpochSecond(1_025));
  }

  @Test
  void aTerminalPhaseWithoutAStartHasNoDuration() throws Exception {
    ExecutionEntity e = row(Phase.QUEUED);
    ExecutionEventTransformer.apply(e, event(Phase.FAILED, 5).setError(ExecutionError.newBuilder().setCode("X")
        .setKind(ExecutionError.ErrorKind.SYSTEM)).build(), null, NOW);
    assertThat(closure(e).hasDuration()).isFalse();
    assertThat(e.durationNs).isZero();
    assertThat(e.errorKind).isEqualTo("SYSTEM");
    assertThat(e.errorCode).isEqualTo("X");
  }

  @Test
  void outputsStayInlineOrPointAtTheOffloadedCopy() throws Exception {
    var data = flyteidl.core.Literals.LiteralMap.newBuilder().putLiterals("o", flyteidl.core.Literals.Literal
        .getDefaultInstance()).build();
    ExecutionEntity inline = row(Phase.RUNNING);
    ExecutionEventTransformer.apply(inline, event(Phase.SUCCEEDED, 1).setOutputData(data).build(), null, NOW);
    assertThat(closure(inline).getOutputData()).isEqualTo(data);
    ExecutionEntity offloaded = row(Phase.RUNNING);
    ExecutionEventTransformer.apply(offloaded, event(Phase.SUCCEEDED, 1).setOutputData(data).build(), "s3://b/off",
        NOW);
    assertThat(closure(offloaded).getOutputs().getUri()).isEqualTo("s3://b/off");
    assertThat(closure(offloaded).hasOutputData()).isFalse();
  }

  @Test
  void abortedKeepsTheRecordedAbortMetadataOrShowsTheCause() throws Exception {
    ExecutionEntity terminated = row(Phase.ABORTING);
    terminated.closure = ExecutionClosure.newBuilder().setPhase(Phase.ABORTING).setAbortMetadata(AbortMetadata
        .newBuilder().setCause("by hand").setPrincipal("alice")).build().toByteArray();
    terminated.abortCause = "by hand";
    ExecutionEventTransformer.apply(terminated, event(Phase.ABORTED, 1).build(), null, NOW);
    assertThat(closure(terminated).getAbortMetadata().getPrincipal()).isEqualTo("alice");

    ExecutionEntity columnOnly = row(Phase.ABORTING);
    columnOnly.abortCause = "by hand";
    ExecutionEventTransformer.apply(columnOnly, event(Phase.ABORTED, 1).build(), null, NOW);
    assertThat(closure(columnOnly).getAbortMetadata().getCause()).isEqualTo("by hand");
  }

  @Test
  void theErrorOfAnAbortedEventDoesNotReplaceTheRecordedCause() throws Exception {
    // Aloft's propeller reports ABORTED with an ExecutionAborted error; the closure keeps one of error and cause
    ExecutionError aborted = ExecutionError.newBuilder().setCode("ExecutionAborted").setMessage("aborted").build();
    ExecutionEntity terminated = row(Phase.ABORTING);
    terminated.closure = ExecutionClosure.newBuilder().setPhase(Phase.ABORTING).setAbortMetadata(AbortMetadata
        .newBuilder().setCause("parent aborted")).build().toByteArray();
    terminated.abortCause = "parent aborted";
    ExecutionEventTransformer.apply(terminated, event(Phase.ABORTED, 1).setError(aborted).build(), null, NOW);
    assertThat(closure(terminated).getPhase()).isEqualTo(Phase.ABORTED);
    assertThat(closure(terminated).getAbortMetadata().getCause()).isEqualTo("parent aborted");

    // with no cause recorded, the event's error is all there is
    ExecutionEntity unexplained = row(Phase.RUNNING);
    ExecutionEventTransformer.apply(unexplained, event(Phase.ABORTED, 1).setError(aborted).build(), null, NOW);
    assertThat(closure(unexplained).getError().getCode()).isEqualTo("ExecutionAborted");
  }

  @Test
  void aQueuedEventReassignsTheCluster() throws Exception {
    ExecutionEntity e = row(Phase.UNDEFINED);
    ExecutionEventTransformer.apply(e, event(Phase.QUEUED, 1).setProducerId("c2").build(), null, NOW);
    assertThat(e.cluster).isEqualTo("c2");
    assertThat(ExecutionSpec.parseFrom(e.spec).getMetadata().getSystemMetadata().getExecutionCluster())
        .isEqualTo("c2");
    ExecutionEventTransformer.apply(e, event(Phase.QUEUED, 2).setProducerId("propeller").build(), null, NOW);
    assertThat(e.cluster).isEqualTo("c2");
  }
}
