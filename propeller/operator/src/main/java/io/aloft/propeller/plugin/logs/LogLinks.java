package io.aloft.propeller.plugin.logs;

import flyteidl.core.Execution.TaskLog;
import flyteidl.core.IdentifierOuterClass.TaskExecutionIdentifier;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A task pod's log links from URI templates (flyteplugins tasklog/template.go): each {@code {{ .var }}} (or
 * {@code {{ $var }}}, any case) is replaced by the pod's or the task execution's value; an unknown variable stays as
 * written. Links of a pod still pending are those marked show-while-pending only.
 *
 * <p>Variables: {@code podName podUID namespace containerName containerId logName hostname nodeName
 * podRFC3339StartTime podRFC3339FinishTime podUnixStartTime podUnixFinishTime} of the pod, and {@code
 * taskRetryAttempt taskID taskVersion taskProject taskDomain executionName executionProject executionDomain nodeID
 * generatedName} of the task execution.
 */
public final class LogLinks {
  private static final Pattern VAR = Pattern.compile("\\{\\{\\s*[.$](\\w+)\\s*}}");

  /** One configured link: a name and its URI templates. */
  public record Template(String displayName, List<String> templateUris, TaskLog.MessageFormat messageFormat,
      boolean showWhilePending, boolean hideOnceFinished) {
    public Template {
      templateUris = List.copyOf(templateUris);
    }
  }

  private final List<Template> templates;

  public LogLinks(List<Template> templates) {
    this.templates = List.copyOf(templates);
  }

  /** No links. */
  public static LogLinks none() {
    return new LogLinks(List.of());
  }

  public boolean isEmpty() {
    return templates.isEmpty();
  }

  /** {@code unknown}, {@code csv} or {@code json}, any case; anything else is a configuration error. */
  public static TaskLog.MessageFormat messageFormat(String s) {
    return switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "unknown", "" -> TaskLog.MessageFormat.UNKNOWN;
      case "csv" -> TaskLog.MessageFormat.CSV;
      case "json" -> TaskLog.MessageFormat.JSON;
      default -> throw new IllegalArgumentException("aloft.propeller.plugins.logs: message-format [" + s
          + "] is not one of unknown, csv, json");
    };
  }

  /**
   * The links of {@code container} in {@code pod} for task execution {@code id} (its pod named {@code generatedName}),
   * named {@code displayName + logName} as Flyte names the primary container's links ({@code " (User)"}).
   */
  public List<TaskLog> of(Pod pod, String container, String logName, TaskExecutionIdentifier id,
      String generatedName, Instant now) {
    if (templates.isEmpty() || pod == null) {
      return List.of();
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    boolean pending = phase == null || "Pending".equals(phase) || "Unknown".equals(phase);
    Map<String, String> vars = variables(pod, container, logName, id, generatedName, now);
    List<TaskLog> out = new ArrayList<>();
    for (Template t : templates) {
      if (pending && !t.showWhilePending()) {
        continue;
      }
      for (String uri : t.templateUris()) {
        out.add(TaskLog.newBuilder().setName(t.displayName() + logName).setUri(render(uri, vars))
            .setMessageFormat(t.messageFormat()).setShowWhilePending(t.showWhilePending())
            .setHideOnceFinished(t.hideOnceFinished()).build());
      }
    }
    return out;
  }

  /** {@code template} with each known variable replaced (names compared ignoring case). */
  static String render(String template, Map<String, String> vars) {
    Matcher m = VAR.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String v = vars.get(m.group(1).toLowerCase(Locale.ROOT));
      m.appendReplacement(out, Matcher.quoteReplacement(v == null ? m.group() : v));
    }
    m.appendTail(out);
    return out.toString();
  }

  static Map<String, String> variables(Pod pod, String container, String logName, TaskExecutionIdentifier id,
      String generatedName, Instant now) {
    Map<String, String> v = new HashMap<>();
    put(v, "podName", pod.getMetadata().getName());
    put(v, "podUID", pod.getMetadata().getUid());
    put(v, "namespace", pod.getMetadata().getNamespace());
    put(v, "containerName", container);
    put(v, "logName", logName);
    put(v, "hostname", pod.getSpec() == null ? null : pod.getSpec().getHostname());
    put(v, "nodeName", pod.getSpec() == null ? null : pod.getSpec().getNodeName());
    Instant start = now;
    Instant finish = now;
    String containerId = "";
    if (pod.getStatus() != null) {
      if (pod.getStatus().getStartTime() != null) {
        start = OffsetDateTime.parse(pod.getStatus().getStartTime()).toInstant();
      }
      for (ContainerStatus cs : pod.getStatus().getContainerStatuses() == null ? List.<ContainerStatus>of()
          : pod.getStatus().getContainerStatuses()) {
        if (container.equals(cs.getName())) {
          containerId = cs.getContainerID() == null ? "" : cs.getContainerID();
          if (cs.getState() != null && cs.getState().getTerminated() != null
              && cs.getState().getTerminated().getFinishedAt() != null) {
            finish = OffsetDateTime.parse(cs.getState().getTerminated().getFinishedAt()).toInstant();
          }
        }
      }
    }
    put(v, "containerId", containerId);
    put(v, "podRFC3339StartTime", start.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    put(v, "podRFC3339FinishTime", finish.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    put(v, "podUnixStartTime", Long.toString(start.getEpochSecond()));
    put(v, "podUnixFinishTime", Long.toString(finish.getEpochSecond()));
    if (id != null) {
      put(v, "taskRetryAttempt", Integer.toString(id.getRetryAttempt()));
      put(v, "taskID", id.getTaskId().getName());
      put(v, "taskVersion", id.getTaskId().getVersion());
      put(v, "taskProject", id.getTaskId().getProject());
      put(v, "taskDomain", id.getTaskId().getDomain());
      put(v, "executionName", id.getNodeExecutionId().getExecutionId().getName());
      put(v, "executionProject", id.getNodeExecutionId().getExecutionId().getProject());
      put(v, "executionDomain", id.getNodeExecutionId().getExecutionId().getDomain());
      put(v, "nodeID", id.getNodeExecutionId().getNodeId());
    }
    put(v, "generatedName", generatedName);
    return v;
  }

  private static void put(Map<String, String> v, String name, String value) {
    v.put(name.toLowerCase(Locale.ROOT), value == null ? "" : value);
  }
}
