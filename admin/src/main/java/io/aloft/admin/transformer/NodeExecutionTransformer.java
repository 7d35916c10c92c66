package io.aloft.admin.transformer;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import flyteidl.admin.NodeExecutionOuterClass.NodeExecution;
import flyteidl.admin.NodeExecutionOuterClass.NodeExecutionClosure;
import flyteidl.admin.NodeExecutionOuterClass.NodeExecutionMetaData;
import flyteidl.admin.NodeExecutionOuterClass.TaskNodeMetadata;
import flyteidl.admin.NodeExecutionOuterClass.WorkflowNodeMetadata;
import flyteidl.core.Execution.ExecutionError;
import flyteidl.core.Execution.NodeExecution.Phase;
import flyteidl.core.IdentifierOuterClass.NodeExecutionIdentifier;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.event.Event.NodeExecutionEvent;
import io.aloft.admin.entity.NodeExecutionEntity;
import io.aloft.admin.event.EventRules;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * Node execution rows from node events and back to protos (flyteadmin/pkg/repositories/transformers/
 * node_execution.go). Pure: blob writes and lookups happen in the manager, which passes their results in
 * {@link Resolved}.
 */
public final class NodeExecutionTransformer {
  /** FlyteAdmin trims error messages in list responses to this many bytes (transformers.trimmedErrMessageLen). */
  static final int TRIMMED_ERROR_BYTES = 100;

  private NodeExecutionTransformer() {}

  /**
   * What the manager worked out for one event besides the event itself.
   *
   * @param inputUri the inputs reference to record when the row has none (the event's input_uri, or where its
   *     input_data was offloaded), or null
   * @param offloadedOutputUri where the event's inline output data was written, or null to keep it inline
   * @param dynamicWorkflowRef where the event's compiled dynamic workflow was written, or null
   * @param childExecution the child execution a launch-plan node started (known to exist), or null
   */
  public record Resolved(String inputUri, String offloadedOutputUri, String dynamicWorkflowRef,
      WorkflowExecutionIdentifier childExecution) {
    /** Nothing beyond the event. */
    public static final Resolved NONE = new Resolved(null, null, null, null);
  }

  /** The row for the first event of a node execution (any phase) of execution row {@code executionId}. */
  public static NodeExecutionEntity create(long executionId, Long parentId, Long parentTaskExecutionId,
      NodeExecutionEvent ev, Resolved r, Instant now) {
    NodeExecutionEntity e = new NodeExecutionEntity();
    e.executionId = executionId;
    e.nodeId = ev.getId().getNodeId();
    e.phase = ev.getPhase().name();
    e.parentId = parentId;
    e.parentTaskExecutionId = parentTaskExecutionId;
    e.eventVersion = ev.getEventVersion();
    e.createdAt = now;
    if (r.inputUri() != null) {
      e.inputUri = r.inputUri();
    }
    Timestamp reportedAt = reportedAt(ev);
    NodeExecutionClosure.Builder closure = NodeExecutionClosure.newBuilder()
        .setPhase(ev.getPhase()).setCreatedAt(ev.getOccurredAt()).setUpdatedAt(reportedAt);
    e.metadata = NodeExecutionMetaData.newBuilder()
        .setRetryGroup(ev.getRetryGroup()).setSpecNodeId(ev.getSpecNodeId()).setIsParentNode(ev.getIsParent())
        .setIsDynamic(ev.getIsDynamic()).setIsArray(ev.getIsArray()).setIsEager(ev.getIsEager())
        .build().toByteArray();
    e.nodeExecutionCreatedAt = Protos.instant(ev.getOccurredAt());
    applyPhase(e, closure, ev, r);
    // FlyteAdmin records the child execution only on later events; a first event that already carries it (a
    // launch-plan node first reported RUNNING) keeps it here too.
    if (r.childExecution() != null && !ev.hasTaskNodeMetadata()) {
      closure.setWorkflowNodeMetadata(WorkflowNodeMetadata.newBuilder().setExecutionId(r.childExecution()));
    }
    applyTaskNodeMetadata(e, closure, ev);
    if (r.dynamicWorkflowRef() != null) {
      e.dynamicWorkflowRemoteClosureReference = r.dynamicWorkflowRef();
    }
    e.closure = closure.build().toByteArray();
    e.nodeExecutionUpdatedAt = Protos.instant(reportedAt);
    e.updatedAt = now;
    return e;
  }

  /** Applies a later, accepted event to an existing row. */
  public static void update(NodeExecutionEntity e, NodeExecutionEvent ev, Resolved r, Instant now) {
    if (e.inputUri.isEmpty() && r.inputUri() != null) {
      // Inputs do not change over a node execution: only the first reference is kept.
      e.inputUri = r.inputUri();
    }
    NodeExecutionClosure.Builder closure = parseClosure(e.closure).toBuilder();
    e.phase = ev.getPhase().name();
    Timestamp reportedAt = reportedAt(ev);
    closure.setPhase(ev.getPhase()).setUpdatedAt(reportedAt);
    applyPhase(e, closure, ev, r);
    if (r.childExecution() != null && !closure.hasWorkflowNodeMetadata()) {
      closure.setWorkflowNodeMetadata(WorkflowNodeMetadata.newBuilder().setExecutionId(r.childExecution()));
    }
    applyTaskNodeMetadata(e, closure, ev);
    e.closure = closure.build().toByteArray();
    e.nodeExecutionUpdatedAt = Protos.instant(reportedAt);
    if (r.dynamicWorkflowRef() != null) {
      e.dynamicWorkflowRemoteClosureReference = r.dynamicWorkflowRef();
    }
    // Propeller sets these bits only on some events (a dynamic node on DYNAMIC_RUNNING): never clear them.
    if (ev.getIsParent() || ev.getIsDynamic() || ev.getIsArray() || ev.getIsEager()) {
      NodeExecutionMetaData.Builder metadata = parseMetadata(e.metadata).toBuilder();
      if (ev.getIsParent()) {
        metadata.setIsParentNode(true);
      }
      if (ev.getIsDynamic()) {
        metadata.setIsDynamic(true);
      }
      if (ev.getIsArray()) {
        metadata.setIsArray(true);
      }
      if (ev.getIsEager()) {
        metadata.setIsEager(true);
      }
      e.metadata = metadata.build().toByteArray();
    }
    e.updatedAt = now;
  }

  /**
   * The admin.NodeExecution of row {@code e} in execution {@code executionId}. {@code hasChildren} says whether
   * other node executions name it as parent, which marks rows created by event-version-0 propellers (that did not
   * send is_parent) as parents; {@code trimError} shortens error messages as FlyteAdmin's list responses do.
   */
  public static NodeExecution toProto(NodeExecutionEntity e, WorkflowExecutionIdentifier executionId,
      boolean hasChildren, boolean trimError) {
    NodeExecutionClosure closure = parseClosure(e.closure);
    if (trimError && closure.hasError()) {
      ExecutionError error = closure.getError();
      closure = closure.toBuilder().setError(error.toBuilder().setMessage(trimErrorMessage(error.getMessage())))
          .build();
    }
    NodeExecutionMetaData metadata = parseMetadata(e.metadata);
    if (!metadata.getIsParentNode() && !metadata.getIsDynamic() && hasChildren) {
      metadata = metadata.toBuilder().setIsParentNode(true)
          .setIsDynamic(!e.dynamicWorkflowRemoteClosureReference.isEmpty()).build();
    }
    return NodeExecution.newBuilder()
        .setId(NodeExecutionIdentifier.newBuilder().setExecutionId(executionId).setNodeId(e.nodeId))
        .setInputUri(e.inputUri)
        .setClosure(closure)
        .setMetadata(metadata)
        .build();
  }

  /** The closure stored in a row. */
  public static NodeExecutionClosure parseClosure(byte[] bytes) {
    try {
      return NodeExecutionClosure.parseFrom(bytes);
    } catch (InvalidProtocolBufferException ex) {
      throw new IllegalStateException("corrupt node execution closure", ex);
    }
  }

  /**
   * FlyteAdmin's TrimErrorMessage: at most {@value #TRIMMED_ERROR_BYTES} bytes of UTF-8, dropping a character cut
   * in half.
   */
  static String trimErrorMessage(String message) {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= TRIMMED_ERROR_BYTES) {
      return message;
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.IGNORE)
          .onUnmappableCharacter(CodingErrorAction.IGNORE)
          .decode(ByteBuffer.wrap(Arrays.copyOf(bytes, TRIMMED_ERROR_BYTES))).toString();
    } catch (CharacterCodingException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private static NodeExecutionMetaData parseMetadata(byte[] bytes) {
    try {
      return NodeExecutionMetaData.parseFrom(bytes);
    } catch (InvalidProtocolBufferException ex) {
      throw new IllegalStateException("corrupt node execution metadata", ex);
    }
  }

  /** reported_at, or occurred_at when the event has none (older propellers). */
  private static Timestamp reportedAt(NodeExecutionEvent ev) {
    return Protos.isZero(ev.getReportedAt()) ? ev.getOccurredAt() : ev.getReportedAt();
  }

  /** The start (RUNNING) or the end (a terminal phase) of a node execution: timestamps, deck, outputs or error. */
  private static void applyPhase(NodeExecutionEntity e, NodeExecutionClosure.Builder closure, NodeExecutionEvent ev,
      Resolved r) {
    if (ev.getPhase() == Phase.RUNNING) {
      e.startedAt = Protos.instant(ev.getOccurredAt());
      closure.setStartedAt(ev.getOccurredAt()).setDeckUri(ev.getDeckUri());
    }
    if (!EventRules.isTerminal(ev.getPhase())) {
      return;
    }
    if (closure.hasStartedAt() && e.startedAt != null) {
      Duration d = Duration.between(e.startedAt, Protos.instant(ev.getOccurredAt()));
      e.durationNs = d.toNanos();
      closure.setDuration(Protos.duration(d));
    }
    if (r.offloadedOutputUri() != null) {
      closure.setOutputUri(r.offloadedOutputUri());
    } else if (ev.hasOutputUri() && !ev.getOutputUri().isEmpty()) {
      closure.setOutputUri(ev.getOutputUri());
    } else if (ev.hasOutputData()) {
      closure.setOutputData(ev.getOutputData());
    } else if (ev.hasError()) {
      closure.setError(ev.getError());
      e.errorKind = ev.getError().getKind().name();
      e.errorCode = ev.getError().getCode();
    }
    closure.setDeckUri(ev.getDeckUri());
  }

  /** Cache status, catalog key and checkpoint of a task node, and the dynamic job spec a dynamic node wrote. */
  private static void applyTaskNodeMetadata(NodeExecutionEntity e, NodeExecutionClosure.Builder closure,
      NodeExecutionEvent ev) {
    if (!ev.hasTaskNodeMetadata()) {
      return;
    }
    flyteidl.event.Event.TaskNodeMetadata in = ev.getTaskNodeMetadata();
    TaskNodeMetadata.Builder target = TaskNodeMetadata.newBuilder().setCheckpointUri(in.getCheckpointUri());
    if (in.hasCatalogKey()) {
      target.setCacheStatus(in.getCacheStatus()).setCatalogKey(in.getCatalogKey());
      e.cacheStatus = in.getCacheStatus().name();
    }
    closure.setTaskNodeMetadata(target);
    if (in.hasDynamicWorkflow() && !in.getDynamicWorkflow().getDynamicJobSpecUri().isEmpty()) {
      closure.setDynamicJobSpecUri(in.getDynamicWorkflow().getDynamicJobSpecUri());
    }
  }
}
