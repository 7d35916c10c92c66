package io.aloft.admin.transformer;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import flyteidl.admin.TaskExecutionOuterClass.TaskExecutionClosure;
import flyteidl.core.Catalog.CatalogCacheStatus;
import flyteidl.core.Execution.TaskExecution.Phase;
import flyteidl.core.Execution.TaskLog;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.NodeExecutionIdentifier;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.event.Event.ExternalResourceInfo;
import flyteidl.event.Event.TaskExecutionEvent;
import flyteidl.event.Event.TaskExecutionMetadata;
import io.aloft.admin.entity.TaskExecutionEntity;
import io.aloft.admin.transformer.TaskExecutionTransformer.Resolved;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Task execution rows from task events and FlyteAdmin's merges (transformers/task_execution.go). */
class TaskExecutionTransformerTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private static Timestamp at(long s) {
    return Timestamp.newBuilder().setSeconds(1_000 + s).build();
  }

  private static TaskExecutionEvent.Builder event(Phase phase, int version, long t) {
    return TaskExecutionEvent.newBuilder()
        .setParentNodeExecutionId(NodeExecutionIdentifier.newBuilder().setNodeId("n0")
            .setExecutionId(WorkflowExecutionIdentifier.newBuilder().setProject("p").setDomain("d").setName("e")))
        .setTaskId(Identifier.newBuilder().setProject("p").setDomain("d").setName("t").setVersion("v"))
        .setPhase(phase).setPhaseVersion(version).setOccurredAt(at(t));
  }

  private static TaskLog log(String name, String uri) {
    return TaskLog.newBuilder().setName(name).setUri(uri).build();
  }

  private static TaskExecutionClosure closure(TaskExecutionEntity e) {
    return TaskExecutionTransformer.parseClosure(e.closure);
  }

  private static ExternalResourceInfo resource(int index, int attempt, String id, Phase phase) {
    return ExternalResourceInfo.newBuilder().setIndex(index).setRetryAttempt(attempt).setExternalId(id)
        .setPhase(phase).build();
  }

  @Test
  void theStartIsRecordedOnceAndTheDurationRunsFromIt() {
    TaskExecutionEntity e = TaskExecutionTransformer.create(1L, event(Phase.QUEUED, 0, 1).build(), Resolved.NONE,
        NOW);
    assertThat(e.startedAt).isNull();
    TaskExecutionTransformer.update(e, event(Phase.RUNNING, 0, 2).build(), Resolved.NONE, NOW);
    TaskExecutionTransformer.update(e, event(Phase.RUNNING, 1, 3).build(), Resolved.NONE, NOW);
    assertThat(closure(e).getStartedAt()).isEqualTo(at(2));
    TaskExecutionTransformer.update(e, event(Phase.SUCCEEDED, 0, 7).setOutputUri("s3://b/o").build(), Resolved.NONE,
        NOW);
    assertThat(closure(e).getDuration().getSeconds()).isEqualTo(5);
    assertThat(closure(e).getOutputUri()).isEqualTo("s3://b/o");
    assertThat(e.phaseVersion).isZero();
    assertThat(e.taskExecutionCreatedAt).isEqualTo(Instant.ofEpochSecond(1_001));
  }

  @Test
  void logsMergeByUriAndNameWithTheLatestFirst() {
    List<TaskLog> merged = TaskExecutionTransformer.mergeLogs(
        List.of(log("a", "u1"), log("b", "u2"), log("c", "u3")),
        List.of(log("a (renamed)", "u1"), log("b", "u9"), log("d", "u4")));
    // u1 replaced by URI, b replaced by name; c survives after the latest ones.
    assertThat(merged).extracting(TaskLog::getUri).containsExactly("u1", "u9", "u4", "u3");
    assertThat(TaskExecutionTransformer.mergeLogs(List.of(log("a", "u1")), List.of())).extracting(TaskLog::getUri)
        .containsExactly("u1");
  }

  @Test
  void logsAreFilteredByPhase() {
    TaskLog pending = log("p", "u1").toBuilder().setShowWhilePending(true).build();
    TaskLog hidden = log("h", "u2").toBuilder().setHideOnceFinished(true).build();
    TaskLog plain = log("x", "u3");
    List<TaskLog> all = List.of(pending, hidden, plain);
    assertThat(TaskExecutionTransformer.filterLogsByPhase(all, Phase.QUEUED)).containsExactly(pending);
    assertThat(TaskExecutionTransformer.filterLogsByPhase(all, Phase.INITIALIZING)).containsExactly(pending);
    assertThat(TaskExecutionTransformer.filterLogsByPhase(all, Phase.RUNNING)).containsExactly(pending, hidden, plain);
    assertThat(TaskExecutionTransformer.filterLogsByPhase(all, Phase.SUCCEEDED)).containsExactly(pending, plain);
  }

  @Test
  void customInfoIsAJsonMergePatch() {
    Struct existing = Struct.newBuilder()
        .putFields("keep", Value.newBuilder().setStringValue("k").build())
        .putFields("drop", Value.newBuilder().setStringValue("d").build())
        .putFields("nested", Value.newBuilder().setStructValue(Struct.newBuilder()
            .putFields("x", Value.newBuilder().setNumberValue(1).build())
            .putFields("y", Value.newBuilder().setNumberValue(2).build())).build())
        .build();
    Struct latest = Struct.newBuilder()
        .putFields("drop", Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build())
        .putFields("nested", Value.newBuilder().setStructValue(Struct.newBuilder()
            .putFields("y", Value.newBuilder().setNumberValue(3).build())).build())
        .putFields("new", Value.newBuilder().setBoolValue(true).build())
        .build();
    Struct merged = TaskExecutionTransformer.mergeStruct(existing, latest);
    assertThat(merged.getFieldsMap()).containsOnlyKeys("keep", "nested", "new");
    Struct nested = merged.getFieldsOrThrow("nested").getStructValue();
    assertThat(nested.getFieldsOrThrow("x").getNumberValue()).isEqualTo(1);
    assertThat(nested.getFieldsOrThrow("y").getNumberValue()).isEqualTo(3);
  }

  @Test
  void externalResourcesStaySortedAndMergeByIndexAndAttempt() {
    List<ExternalResourceInfo> existing = List.of(resource(0, 0, "a", Phase.RUNNING),
        resource(2, 0, "c", Phase.RUNNING));
    List<ExternalResourceInfo> merged = TaskExecutionTransformer.mergeExternalResources(existing, List.of(
        resource(1, 0, "b", Phase.QUEUED),
        resource(0, 0, "", Phase.SUCCEEDED).toBuilder().setCacheStatus(CatalogCacheStatus.CACHE_DISABLED).build(),
        resource(2, 1, "c-retry", Phase.RUNNING),
        resource(5, 0, "f", Phase.RUNNING)));
    assertThat(merged).extracting(r -> r.getIndex() + "/" + r.getRetryAttempt() + "/" + r.getExternalId() + "/"
        + r.getPhase()).containsExactly("0/0/a/SUCCEEDED", "1/0/b/QUEUED", "2/0/c/RUNNING", "2/1/c-retry/RUNNING",
        "5/0/f/RUNNING");
  }

  @Test
  void metadataKeepsEarlierValuesTheLatestEventLeavesUnset() {
    TaskExecutionMetadata existing = TaskExecutionMetadata.newBuilder().setGeneratedName("pod")
        .setPluginIdentifier("container").setInstanceClass(TaskExecutionMetadata.InstanceClass.INTERRUPTIBLE).build();
    TaskExecutionMetadata merged = TaskExecutionTransformer.mergeMetadata(existing,
        TaskExecutionMetadata.newBuilder().addExternalResources(resource(0, 0, "x", Phase.RUNNING)).build());
    assertThat(merged.getGeneratedName()).isEqualTo("pod");
    assertThat(merged.getPluginIdentifier()).isEqualTo("container");
    assertThat(merged.getInstanceClass()).isEqualTo(TaskExecutionMetadata.InstanceClass.INTERRUPTIBLE);
    assertThat(merged.getExternalResourcesCount()).isEqualTo(1);
  }

  @Test
  void firstEventSortsExternalResourcesAndReasonsBecomeATimeSeries() {
    TaskExecutionEntity e = TaskExecutionTransformer.create(1L, event(Phase.RUNNING, 0, 1)
        .setReason("first").setMetadata(TaskExecutionMetadata.newBuilder()
            .addExternalResources(resource(3, 0, "d", Phase.RUNNING))
            .addExternalResources(resource(1, 0, "b", Phase.RUNNING))).build(), Resolved.NONE, NOW);
    assertThat(closure(e).getMetadata().getExternalResourcesList()).extracting(ExternalResourceInfo::getExternalId)
        .containsExactly("b", "d");
    TaskExecutionTransformer.update(e, event(Phase.RUNNING, 1, 2).setReason("first").build(), Resolved.NONE, NOW);
    TaskExecutionTransformer.update(e, event(Phase.RUNNING, 2, 3).setReason("second").build(), Resolved.NONE, NOW);
    assertThat(closure(e).getReasonsList()).extracting(r -> r.getMessage()).containsExactly("first", "second");
    assertThat(closure(e).getReason()).isEqualTo("second");
  }
}
