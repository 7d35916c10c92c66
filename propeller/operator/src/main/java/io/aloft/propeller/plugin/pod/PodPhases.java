package io.aloft.propeller.plugin.pod;

import flyteidl.core.Execution.ExecutionError;
import flyteidl.core.Execution.ExecutionError.ErrorKind;
import io.aloft.engine.plugin.TaskPhase;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The attempt's phase read from its pod's status, as Flyte's pod plugin does (flytek8s/pod_helper.go
 * DemystifyPending, DemystifySuccess, DemystifyFailure, DeterminePrimaryContainerPhase).
 */
final class PodPhases {
  static final String OOM_KILLED = "OOMKilled";
  static final String INTERRUPTED = "Interrupted";
  static final int SIGKILL = 137;

  private PodPhases() {}

  /**
   * A pod's meaning for the attempt: the phase, a reason that is reported (a change bumps the phase version) and,
   * for failures, the error.
   */
  record Observed(TaskPhase phase, String reason, ExecutionError error) {
    static Observed queued(String reason) {
      return new Observed(TaskPhase.QUEUED, reason, null);
    }

    static Observed running(String reason) {
      return new Observed(TaskPhase.RUNNING, reason, null);
    }

    static Observed succeeded() {
      return new Observed(TaskPhase.SUCCEEDED, null, null);
    }

    static Observed retryable(String code, String message, ErrorKind kind) {
      return new Observed(TaskPhase.RETRYABLE_FAILURE, message, error(code, message, kind));
    }

    static Observed permanent(String code, String message, ErrorKind kind) {
      return new Observed(TaskPhase.PERMANENT_FAILURE, message, error(code, message, kind));
    }

    boolean isFailure() {
      return phase == TaskPhase.RETRYABLE_FAILURE || phase == TaskPhase.PERMANENT_FAILURE;
    }

    private static ExecutionError error(String code, String message, ErrorKind kind) {
      return ExecutionError.newBuilder().setCode(code).setMessage(message).setKind(kind).build();
    }
  }

  /** What {@code pod} means for the attempt at {@code now}. */
  static Observed of(Pod pod, String primaryContainer, Instant now, PodPluginConfig config) {
    PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    String phase = status.getPhase() == null ? "Pending" : status.getPhase();
    return switch (phase) {
      case "Succeeded" -> demystifySuccess(status);
      case "Failed" -> demystifyFailure(status);
      case "Running" -> {
        List<ContainerStatus> cs = status.getContainerStatuses() == null ? List.of() : status.getContainerStatuses();
        if (pod.getSpec() != null && pod.getSpec().getContainers() != null
            && pod.getSpec().getContainers().size() > 1) {
          yield primaryContainerPhase(primaryContainer, cs);
        }
        yield Observed.running(null);
      }
      case "Unknown" -> Observed.running("pod phase Unknown");
      default -> demystifyPending(status, created(pod), now, config);
    };
  }

  /** Pending: waiting for a node, pulling images, or stuck in a way that will not resolve by itself. */
  static Observed demystifyPending(PodStatus status, Instant created, Instant now, PodPluginConfig config) {
    Instant[] t = {created == null ? now : created};
    Observed o = pendingHelper(status, now, config, t);
    if (o.isFailure()) {
      return o;
    }
    Duration timeout = config.podPendingTimeout();
    if (timeout != null && !timeout.isZero() && !timeout.isNegative()
        && !Duration.between(t[0], now).minus(timeout).isNegative()) {
      return Observed.retryable("PodPendingTimeout", o.reason(), ErrorKind.USER);
    }
    return o;
  }

  private static Observed pendingHelper(PodStatus status, Instant now, PodPluginConfig config, Instant[] t) {
    List<PodCondition> conditions = status.getConditions() == null ? List.of() : status.getConditions();
    for (PodCondition c : conditions) {
      Instant at = parse(c.getLastTransitionTime());
      if (at != null) {
        t[0] = at;
      }
      switch (c.getType()) {
        case "PodScheduled" -> {
          if ("False".equals(c.getStatus())) {
            return Observed.queued(c.getReason() + ":" + c.getMessage());
          }
        }
        case "Unschedulable" -> {
          return Observed.queued(c.getReason() + ":" + c.getMessage());
        }
        case "Ready" -> {
          if (!"False".equals(c.getStatus())) {
            continue;
          }
          List<ContainerStatus> cs = status.getContainerStatuses() == null ? List.of() : status.getContainerStatuses();
          for (ContainerStatus s : cs) {
            if (Boolean.TRUE.equals(s.getReady()) || s.getState() == null || s.getState().getWaiting() == null) {
              continue;
            }
            String reason = s.getState().getWaiting().getReason();
            String finalReason = c.getReason() + "|" + reason;
            String finalMessage = c.getMessage() + "|" + s.getState().getWaiting().getMessage();
            String queuedReason = "[" + finalReason + "]: " + finalMessage;
            Duration since = Duration.between(t[0], now);
            switch (reason == null ? "" : reason) {
              case "ErrImagePull", "ContainerCreating", "PodInitializing" -> {
                return Observed.queued(queuedReason);
              }
              case "CreateContainerError" -> {
                if (since.compareTo(config.createContainerErrorGracePeriod()) >= 0) {
                  return Observed.permanent(finalReason,
                      afterGrace(finalMessage, config.createContainerErrorGracePeriod()), ErrorKind.USER);
                }
                return Observed.queued(queuedReason);
              }
              case "CreateContainerConfigError" -> {
                if (since.compareTo(config.createContainerConfigErrorGracePeriod()) >= 0) {
                  return Observed.permanent(finalReason,
                      afterGrace(finalMessage, config.createContainerConfigErrorGracePeriod()), ErrorKind.USER);
                }
                return Observed.queued(queuedReason);
              }
              case "InvalidImageName" -> {
                return Observed.permanent(finalReason, finalMessage, ErrorKind.USER);
              }
              case "ImagePullBackOff" -> {
                if (since.compareTo(config.imagePullBackoffGracePeriod()) >= 0) {
                  return Observed.retryable(finalReason,
                      afterGrace(finalMessage, config.imagePullBackoffGracePeriod()), ErrorKind.USER);
                }
                return Observed.queued(queuedReason);
              }
              default -> {
                // Not a waiting reason of a pod on its way up: fail now rather than wait for the pod to be reaped.
                return Observed.retryable(finalReason, finalMessage, ErrorKind.SYSTEM);
              }
            }
          }
        }
        default -> {
          // other conditions say nothing about why the pod is pending
        }
      }
    }
    return Observed.queued("Scheduling");
  }

  private static String afterGrace(String message, Duration grace) {
    return "Grace period [" + goDuration(grace) + "] exceeded|" + message;
  }

  /** Succeeded, unless a container was OOM-killed on the way. */
  static Observed demystifySuccess(PodStatus status) {
    for (ContainerStatus s : allContainers(status)) {
      if (s.getState() != null && s.getState().getTerminated() != null
          && contains(s.getState().getTerminated().getReason(), OOM_KILLED)) {
        return Observed.retryable(OOM_KILLED, "Pod reported success despite being OOMKilled", ErrorKind.USER);
      }
    }
    return Observed.succeeded();
  }

  /** Failed: node shutdown is a system failure; otherwise the containers' exit codes and reasons explain it. */
  static Observed demystifyFailure(PodStatus status) {
    String code = status.getReason() == null || status.getReason().isEmpty() ? "UnknownError" : status.getReason();
    String message = status.getMessage() == null || status.getMessage().isEmpty()
        ? "Pod failed. No message received from kubernetes." : status.getMessage();
    if (code.equals("Shutdown") || code.equals("Terminated")) {
      return Observed.retryable(INTERRUPTED, message, ErrorKind.SYSTEM);
    }
    StringBuilder sb = new StringBuilder(message);
    for (ContainerStatus c : allContainers(status)) {
      ContainerState state = null;
      if (c.getLastState() != null && c.getLastState().getTerminated() != null) {
        state = c.getLastState();
      } else if (c.getState() != null && c.getState().getTerminated() != null) {
        state = c.getState();
      }
      if (state == null) {
        continue;
      }
      var term = state.getTerminated();
      int exit = term.getExitCode() == null ? 0 : term.getExitCode();
      if (contains(term.getReason(), OOM_KILLED)) {
        code = OOM_KILLED;
      } else if (exit == SIGKILL) {
        code = INTERRUPTED;
      }
      if (exit == 0) {
        sb.append("\r\n[").append(c.getName()).append("] terminated with ExitCode 0.");
      } else {
        sb.append("\r\n[").append(c.getName()).append("] terminated with exit code (").append(exit)
            .append("). Reason [").append(nullToEmpty(term.getReason())).append("]. Message: \n")
            .append(nullToEmpty(term.getMessage())).append(".");
      }
    }
    return Observed.retryable(code, sb.toString(), ErrorKind.USER);
  }

  /** For pods with sidecars: the primary container's exit decides, whatever the others do. */
  static Observed primaryContainerPhase(String primary, List<ContainerStatus> statuses) {
    for (ContainerStatus s : statuses) {
      if (!s.getName().equals(primary)) {
        continue;
      }
      if (s.getState() == null || s.getState().getTerminated() == null) {
        return Observed.running(null);
      }
      var term = s.getState().getTerminated();
      int exit = term.getExitCode() == null ? 0 : term.getExitCode();
      if (exit != 0 || contains(term.getReason(), OOM_KILLED)) {
        return Observed.retryable(nullToEmpty(term.getReason()), "\r\n[" + s.getName() + "] terminated with exit code ("
            + exit + "). Reason [" + nullToEmpty(term.getReason()) + "]. Message: \n"
            + nullToEmpty(term.getMessage()) + ".", ErrorKind.USER);
      }
      return Observed.succeeded();
    }
    return statuses.isEmpty() ? Observed.running(null)
        : Observed.permanent("PrimaryContainerNotFound",
            "Primary container [" + primary + "] not found in pod's container statuses", ErrorKind.USER);
  }

  private static List<ContainerStatus> allContainers(PodStatus status) {
    List<ContainerStatus> all = new ArrayList<>();
    if (status.getInitContainerStatuses() != null) {
      all.addAll(status.getInitContainerStatuses());
    }
    if (status.getContainerStatuses() != null) {
      all.addAll(status.getContainerStatuses());
    }
    if (status.getEphemeralContainerStatuses() != null) {
      all.addAll(status.getEphemeralContainerStatuses());
    }
    return all;
  }

  private static Instant created(Pod pod) {
    return pod.getMetadata() == null ? null : parse(pod.getMetadata().getCreationTimestamp());
  }

  static Instant parse(String rfc3339) {
    if (rfc3339 == null || rfc3339.isEmpty()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(rfc3339).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  /** A duration as Go prints it ({@code 3m0s}, {@code 20s}, {@code 1h0m0s}, {@code 1.5s}). */
  static String goDuration(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    long h = d.toHours();
    long m = d.toMinutesPart();
    double s = d.toSecondsPart() + d.toNanosPart() / 1e9;
    String secs = s == Math.floor(s) ? Long.toString((long) s) : PodTemplates.goFloat(s);
    if (h > 0) {
      return h + "h" + m + "m" + secs + "s";
    }
    if (m > 0) {
      return m + "m" + secs + "s";
    }
    return secs + "s";
  }

  private static boolean contains(String s, String part) {
    return s != null && s.contains(part);
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
