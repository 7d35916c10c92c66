package io.aloft.admin.transformer;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;
import flyteidl.admin.TaskExecutionOuterClass.Reason;
import flyteidl.admin.TaskExecutionOuterClass.TaskExecution;
import flyteidl.admin.TaskExecutionOuterClass.TaskExecutionClosure;
import flyteidl.core.Catalog.CatalogCacheStatus;
import flyteidl.core.Execution.TaskExecution.Phase;
import flyteidl.core.Execution.TaskLog;
import flyteidl.core.IdentifierOuterClass.NodeExecutionIdentifier;
import flyteidl.core.IdentifierOuterClass.TaskExecutionIdentifier;
import flyteidl.event.Event.EventReason;
import flyteidl.event.Event.ExternalResourceInfo;
import flyteidl.event.Event.TaskExecutionEvent;
import flyteidl.event.Event.TaskExecutionMetadata;
import io.aloft.admin.entity.TaskExecutionEntity;
import io.aloft.admin.event.EventRules;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Task execution rows from task events and back to protos (flyteadmin/pkg/repositories/transformers/
 * task_execution.go): logs, reasons, custom info and external resources are merged across the events of an
 * attempt as FlyteAdmin merges them. Pure: offloading happens in the manager.
 */
public final class TaskExecutionTransformer {
  private static final Comparator<ExternalResourceInfo> BY_INDEX_AND_ATTEMPT =
      Comparator.comparingLong((ExternalResourceInfo r) -> Integer.toUnsignedLong(r.getIndex()))
          .thenComparingLong(r -> Integer.toUnsignedLong(r.getRetryAttempt()));

  private TaskExecutionTransformer() {}

  /**
   * What the manager worked out for one event.
   *
   * @param inputUri the inputs reference to record when the row has none, or null
   * @param offloadedOutputUri where the event's inline output data was written, or null to keep it inline
   */
  public record Resolved(String inputUri, String offloadedOutputUri) {
    /** Nothing beyond the event. */
    public static final Resolved NONE = new Resolved(null, null);
  }

  /** The row for the first event of an attempt (any phase) in node execution row {@code nodeExecutionId}. */
  public static TaskExecutionEntity create(long nodeExecutionId, TaskExecutionEvent ev, Resolved r, Instant now) {
    TaskExecutionEntity e = new TaskExecutionEntity();
    e.nodeExecutionId = nodeExecutionId;
    e.taskProject = ev.getTaskId().getProject();
    e.taskDomain = ev.getTaskId().getDomain();
    e.taskName = ev.getTaskId().getName();
    e.taskVersion = ev.getTaskId().getVersion();
    e.taskOrg = ev.getTaskId().getOrg();
    e.retryAttempt = Integer.toUnsignedLong(ev.getRetryAttempt());
    e.phase = ev.getPhase().name();
    e.phaseVersion = Integer.toUnsignedLong(ev.getPhaseVersion());
    e.createdAt = now;
    if (r.inputUri() != null) {
      e.inputUri = r.inputUri();
    }
    Timestamp reportedAt = reportedAt(ev);
    TaskExecutionClosure.Builder closure = TaskExecutionClosure.newBuilder()
        .setPhase(ev.getPhase()).setUpdatedAt(reportedAt).setCreatedAt(ev.getOccurredAt())
        .addAllLogs(ev.getLogsList()).setTaskType(ev.getTaskType()).setEventVersion(ev.getEventVersion());
    if (ev.hasCustomInfo()) {
      closure.setCustomInfo(ev.getCustomInfo());
    }
    if (ev.hasMetadata()) {
      List<ExternalResourceInfo> sorted = new ArrayList<>(ev.getMetadata().getExternalResourcesList());
      sorted.sort(BY_INDEX_AND_ATTEMPT);
      closure.setMetadata(ev.getMetadata().toBuilder().clearExternalResources().addAllExternalResources(sorted));
    }
    if (ev.hasLogContext()) {
      closure.setLogContext(ev.getLogContext());
    }
    if (ev.getReasonsCount() > 0) {
      for (EventReason reason : ev.getReasonsList()) {
        closure.addReasons(Reason.newBuilder().setOccurredAt(reason.getOccurredAt()).setMessage(reason.getReason()));
      }
      closure.setReason(ev.getReasons(ev.getReasonsCount() - 1).getReason());
    } else if (!ev.getReason().isEmpty()) {
      closure.addReasons(Reason.newBuilder().setOccurredAt(ev.getOccurredAt()).setMessage(ev.getReason()));
      closure.setReason(ev.getReason());
    }
    // Plugins report different first phases; a first event that is already RUNNING marks the start.
    if (ev.getPhase() == Phase.RUNNING) {
      markStarted(e, closure, ev);
    }
    if (EventRules.isTerminal(ev.getPhase())) {
      applyTerminal(e, closure, ev, r);
    }
    e.closure = closure.build().toByteArray();
    e.taskExecutionCreatedAt = Protos.instant(ev.getOccurredAt());
    e.taskExecutionUpdatedAt = Protos.instant(reportedAt);
    e.updatedAt = now;
    return e;
  }

  /** Applies a later, accepted event of the same attempt. */
  public static void update(TaskExecutionEntity e, TaskExecutionEvent ev, Resolved r, Instant now) {
    if (e.inputUri.isEmpty() && r.inputUri() != null) {
      e.inputUri = r.inputUri();
    }
    TaskExecutionClosure.Builder closure = parseClosure(e.closure).toBuilder();
    String previousPhase = e.phase;
    boolean phaseChanged = !previousPhase.equals(ev.getPhase().name());
    e.phase = ev.getPhase().name();
    e.phaseVersion = Integer.toUnsignedLong(ev.getPhaseVersion());
    Timestamp reportedAt = reportedAt(ev);
    closure.setPhase(ev.getPhase()).setUpdatedAt(reportedAt);

    List<TaskLog> logs = filterLogsByPhase(mergeLogs(closure.getLogsList(), ev.getLogsList()), ev.getPhase());
    closure.clearLogs().addAllLogs(logs);

    if (ev.getReasonsCount() > 0) {
      for (EventReason reason : ev.getReasonsList()) {
        closure.addReasons(Reason.newBuilder().setOccurredAt(reason.getOccurredAt()).setMessage(reason.getReason()));
      }
      closure.setReason(ev.getReasons(ev.getReasonsCount() - 1).getReason());
    } else if (!ev.getReason().isEmpty()) {
      if (!closure.getReason().equals(ev.getReason())) {
        // A time series of distinct reasons; a repeated reason is not recorded twice in a row.
        closure.addReasons(Reason.newBuilder().setOccurredAt(ev.getOccurredAt()).setMessage(ev.getReason()));
      }
      closure.setReason(ev.getReason());
    }
    if (!previousPhase.equals(Phase.RUNNING.name()) && ev.getPhase() == Phase.RUNNING) {
      markStarted(e, closure, ev);
    }
    if (EventRules.isTerminal(ev.getPhase())) {
      applyTerminal(e, closure, ev, r);
    }
    if (ev.hasCustomInfo()) {
      closure.setCustomInfo(closure.hasCustomInfo() ? mergeStruct(closure.getCustomInfo(), ev.getCustomInfo())
          : ev.getCustomInfo());
    }
    if (ev.hasMetadata()) {
      closure.setMetadata(closure.hasMetadata() ? mergeMetadata(closure.getMetadata(), ev.getMetadata())
          : ev.getMetadata());
    }
    if (phaseChanged && closure.hasMetadata()) {
      TaskExecutionMetadata.Builder metadata = closure.getMetadataBuilder();
      for (ExternalResourceInfo.Builder resource : metadata.getExternalResourcesBuilderList()) {
        List<TaskLog> kept = filterLogsByPhase(resource.getLogsList(), ev.getPhase());
        resource.clearLogs().addAllLogs(kept);
      }
    }
    if (ev.hasLogContext()) {
      closure.setLogContext(ev.getLogContext());
    }
    if (ev.getEventVersion() > closure.getEventVersion()) {
      closure.setEventVersion(ev.getEventVersion());
    }
    e.closure = closure.build().toByteArray();
    e.taskExecutionUpdatedAt = Protos.instant(reportedAt);
    e.updatedAt = now;
  }

  /** The admin.TaskExecution of row {@code e}; {@code isParent} when node executions name it as their parent. */
  public static TaskExecution toProto(TaskExecutionEntity e, NodeExecutionIdentifier nodeExecutionId,
      boolean isParent) {
    return TaskExecution.newBuilder()
        .setId(TaskExecutionIdentifier.newBuilder().setTaskId(e.taskId()).setNodeExecutionId(nodeExecutionId)
            .setRetryAttempt((int) e.retryAttempt))
        .setInputUri(e.inputUri)
        .setClosure(parseClosure(e.closure))
        .setIsParent(isParent)
        .build();
  }

  /** The closure stored in a row. */
  public static TaskExecutionClosure parseClosure(byte[] bytes) {
    try {
      return TaskExecutionClosure.parseFrom(bytes);
    } catch (InvalidProtocolBufferException ex) {
      throw new IllegalStateException("corrupt task execution closure", ex);
    }
  }

  /**
   * FlyteAdmin's mergeLogs: every log of the latest event, then each earlier log not replaced by a latest one with
   * the same URI or (non-empty) name; log names change as a task moves through its phases.
   */
  static List<TaskLog> mergeLogs(List<TaskLog> existing, List<TaskLog> latest) {
    if (latest.isEmpty()) {
      return existing;
    }
    if (existing.isEmpty()) {
      return latest;
    }
    Set<String> uris = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (TaskLog log : latest) {
      uris.add(log.getUri());
      if (!log.getName().isEmpty()) {
        names.add(log.getName());
      }
    }
    List<TaskLog> merged = new ArrayList<>(latest);
    for (TaskLog log : existing) {
      if (!uris.contains(log.getUri()) && !names.contains(log.getName())) {
        merged.add(log);
      }
    }
    return merged;
  }

  /**
   * FlyteAdmin's filterLogsByPhase: logs marked hide_once_finished disappear in a terminal phase, and while QUEUED
   * or INITIALIZING only logs marked show_while_pending are shown.
   */
  static List<TaskLog> filterLogsByPhase(List<TaskLog> logs, Phase phase) {
    List<TaskLog> kept = new ArrayList<>(logs.size());
    for (TaskLog log : logs) {
      if (EventRules.isTerminal(phase) && log.getHideOnceFinished()) {
        continue;
      }
      if ((phase == Phase.QUEUED || phase == Phase.INITIALIZING) && !log.getShowWhilePending()) {
        continue;
      }
      kept.add(log);
    }
    return kept;
  }

  /**
   * FlyteAdmin's mergeCustom, a JSON merge patch (RFC 7386) of {@code latest} onto {@code existing}: latest values
   * win, nested structs merge, a null in latest removes the key.
   */
  static Struct mergeStruct(Struct existing, Struct latest) {
    Struct.Builder out = existing.toBuilder();
    for (Map.Entry<String, Value> field : latest.getFieldsMap().entrySet()) {
      Value value = field.getValue();
      if (value.hasNullValue()) {
        out.removeFields(field.getKey());
      } else if (value.hasStructValue()) {
        Value current = out.getFieldsOrDefault(field.getKey(), Value.getDefaultInstance());
        Struct base = current.hasStructValue() ? current.getStructValue() : Struct.getDefaultInstance();
        out.putFields(field.getKey(), Value.newBuilder().setStructValue(mergeStruct(base, value.getStructValue()))
            .build());
      } else {
        out.putFields(field.getKey(), value);
      }
    }
    return out.build();
  }

  /**
   * FlyteAdmin's mergeMetadata: non-default scalars of the latest event win, resource pool info is replaced and
   * external resources (sub-tasks, keyed by index and retry attempt) are merged.
   */
  static TaskExecutionMetadata mergeMetadata(TaskExecutionMetadata existing, TaskExecutionMetadata latest) {
    TaskExecutionMetadata.Builder out = existing.toBuilder();
    if (!latest.getGeneratedName().isEmpty()) {
      out.setGeneratedName(latest.getGeneratedName());
    }
    List<ExternalResourceInfo> resources = mergeExternalResources(existing.getExternalResourcesList(),
        latest.getExternalResourcesList());
    out.clearExternalResources().addAllExternalResources(resources);
    out.clearResourcePoolInfo().addAllResourcePoolInfo(latest.getResourcePoolInfoList());
    if (!latest.getPluginIdentifier().isEmpty()) {
      out.setPluginIdentifier(latest.getPluginIdentifier());
    }
    if (latest.getInstanceClass() != TaskExecutionMetadata.InstanceClass.DEFAULT) {
      out.setInstanceClass(latest.getInstanceClass());
    }
    return out.build();
  }

  /**
   * External resources kept sorted by (index, retry attempt): a reported resource with a known key updates it
   * (id if given, phase, cache status unless CACHE_DISABLED, logs merged), an unknown one is inserted in order.
   */
  static List<ExternalResourceInfo> mergeExternalResources(List<ExternalResourceInfo> existing,
      List<ExternalResourceInfo> latest) {
    if (latest.isEmpty()) {
      return existing;
    }
    List<ExternalResourceInfo> out = new ArrayList<>(existing);
    for (ExternalResourceInfo resource : latest) {
      int i = 0;
      while (i < out.size() && BY_INDEX_AND_ATTEMPT.compare(out.get(i), resource) < 0) {
        i++;
      }
      if (i < out.size() && BY_INDEX_AND_ATTEMPT.compare(out.get(i), resource) == 0) {
        out.set(i, mergeExternalResource(out.get(i), resource));
      } else {
        out.add(i, resource);
      }
    }
    return out;
  }

  private static ExternalResourceInfo mergeExternalResource(ExternalResourceInfo existing,
      ExternalResourceInfo latest) {
    ExternalResourceInfo.Builder out = existing.toBuilder();
    if (!latest.getExternalId().isEmpty()) {
      out.setExternalId(latest.getExternalId());
    }
    out.setPhase(latest.getPhase());
    if (latest.getCacheStatus() != CatalogCacheStatus.CACHE_DISABLED) {
      out.setCacheStatus(latest.getCacheStatus());
    }
    out.clearLogs().addAllLogs(mergeLogs(existing.getLogsList(), latest.getLogsList()));
    return out.build();
  }

  private static Timestamp reportedAt(TaskExecutionEvent ev) {
    return Protos.isZero(ev.getReportedAt()) ? ev.getOccurredAt() : ev.getReportedAt();
  }

  /** The attempt's start, recorded once: a late or repeated RUNNING keeps the first start. */
  private static void markStarted(TaskExecutionEntity e, TaskExecutionClosure.Builder closure, TaskExecutionEvent ev) {
    if (e.startedAt == null) {
      e.startedAt = Protos.instant(ev.getOccurredAt());
      closure.setStartedAt(ev.getOccurredAt());
    }
  }

  private static void applyTerminal(TaskExecutionEntity e, TaskExecutionClosure.Builder closure,
      TaskExecutionEvent ev, Resolved r) {
    if (e.startedAt != null) {
      Duration d = Duration.between(e.startedAt, Protos.instant(ev.getOccurredAt()));
      closure.setStartedAt(Protos.timestamp(e.startedAt));
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
    }
  }
}
