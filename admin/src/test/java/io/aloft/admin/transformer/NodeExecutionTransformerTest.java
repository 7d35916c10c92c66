package io.aloft.admin.transformer;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import flyteidl.admin.NodeExecutionOuterClass.NodeExecution;
import flyteidl.core.Execution.ExecutionError;
import flyteidl.core.Execution.NodeExecution.Phase;
import flyteidl.core.IdentifierOuterClass.NodeExecutionIdentifier;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.event.Event.NodeExecutionEvent;
import io.aloft.admin.entity.NodeExecutionEntity;
import io.aloft.admin.transformer.NodeExecutionTransformer.Resolved;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Node execution rows from node events (flyteadmin transformers/node_execution.go). */
class NodeExecutionTransformerTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final WorkflowExecutionIdentifier EXEC = WorkflowExecutionIdentifier.newBuilder().setProject("p")
      .setDomain("d").setName("e").build();

  private static Timestamp at(long s) {
    return Timestamp.newBuilder().setSeconds(1_000 + s).build();
  }

  private static NodeExecutionEvent.Builder event(Phase phase, long t) {
    return NodeExecutionEvent.newBuilder().setId(NodeExecutionIdentifier.newBuilder().setExecutionId(EXEC)
        .setNodeId("n0")).setPhase(phase).setOccurredAt(at(t)).setEventVersion(1);
  }

  private static NodeExecution proto(NodeExecutionEntity e) {
    return NodeExecutionTransformer.toProto(e, EXEC, false, false);
  }

  @Test
  void reportedAtIsTheUpdateTimeAndOccurredAtTheCreationTime() {
    NodeExecutionEntity e = NodeExecutionTransformer.create(1L, null, null,
        event(Phase.QUEUED, 1).setReportedAt(at(2)).setInputUri("s3://b/in").build(), new Resolved("s3://b/in", null,
            null, null), NOW);
    NodeExecution n = proto(e);
    assertThat(n.getClosure().getCreatedAt()).isEqualTo(at(1));
    assertThat(n.getClosure().getUpdatedAt()).isEqualTo(at(2));
    assertThat(n.getInputUri()).isEqualTo("s3://b/in");
    assertThat(e.eventVersion).isEqualTo(1);
    // Without reported_at, occurred_at.
    NodeExecutionTransformer.update(e, event(Phase.RUNNING, 3).build(), Resolved.NONE, NOW);
    assertThat(proto(e).getClosure().getUpdatedAt()).isEqualTo(at(3));
  }

  @Test
  void inputsAreKeptFromTheFirstEventThatHasThem() {
    NodeExecutionEntity e = NodeExecutionTransformer.create(1L, null, null, event(Phase.QUEUED, 1).build(),
        Resolved.NONE, NOW);
    assertThat(e.inputUri).isEmpty();
    NodeExecutionTransformer.update(e, event(Phase.RUNNING, 2).build(), new Resolved("s3://b/first", null, null,
        null), NOW);
    NodeExecutionTransformer.update(e, event(Phase.SUCCEEDED, 3).build(), new Resolved("s3://b/second", null, null,
        null), NOW);
    assertThat(e.inputUri).isEqualTo("s3://b/first");
  }

  @Test
  void aFailureRecordsTheErrorAndItsColumnsAndTheDuration() {
    NodeExecutionEntity e = NodeExecutionTransformer.create(1L, null, null, event(Phase.RUNNING, 1).build(),
        Resolved.NONE, NOW);
    ExecutionError error = ExecutionError.newBuilder().setCode("USER:X").setKind(ExecutionError.ErrorKind.USER)
        .build();
    NodeExecutionTransformer.update(e, event(Phase.FAILED, 4).setError(error).build(), Resolved.NONE, NOW);
    assertThat(proto(e).getClosure().getError()).isEqualTo(error);
    assertThat(proto(e).getClosure().getDuration().getSeconds()).isEqualTo(3);
    assertThat(e.errorKind).isEqualTo("USER");
    assertThat(e.errorCode).isEqualTo("USER:X");
    assertThat(e.durationNs).isEqualTo(3_000_000_000L);
  }

  @Test
  void parentBitsAreNeverCleared() {
    NodeExecutionEntity e = NodeExecutionTransformer.create(1L, null, null, event(Phase.QUEUED, 1).build(),
        Resolved.NONE, NOW);
    NodeExecutionTransformer.update(e, event(Phase.DYNAMIC_RUNNING, 2).setIsParent(true).setIsDynamic(true).build(),
        Resolved.NONE, NOW);
    NodeExecutionTransformer.update(e, event(Phase.SUCCEEDED, 3).build(), Resolved.NONE, NOW);
    assertThat(proto(e).getMetadata().getIsParentNode()).isTrue();
    assertThat(proto(e).getMetadata().getIsDynamic()).isTrue();
  }

  @Test
  void childrenMarkLegacyRowsAsParents() {
    NodeExecutionEntity e = NodeExecutionTransformer.create(1L, null, null, event(Phase.QUEUED, 1)
        .setEventVersion(0).build(), Resolved.NONE, NOW);
    assertThat(NodeExecutionTransformer.toProto(e, EXEC, true, false).getMetadata().getIsParentNode()).isTrue();
    assertThat(NodeExecutionTransformer.toProto(e, EXEC, false, false).getMetadata().getIsParentNode()).isFalse();
  }

  @Test
  void errorMessagesAreTrimmedToAHundredBytesWithoutSplittingACharacter() {
    assertThat(NodeExecutionTransformer.trimErrorMessage("short")).isEqualTo("short");
    assertThat(NodeExecutionTransformer.trimErrorMessage("a".repeat(120))).hasSize(100);
    // 99 ASCII bytes and a 2-byte character across the limit: the cut character is dropped.
    assertThat(NodeExecutionTransformer.trimErrorMessage("a".repeat(99) + "é" + "b")).isEqualTo("a".repeat(99));
  }
}
