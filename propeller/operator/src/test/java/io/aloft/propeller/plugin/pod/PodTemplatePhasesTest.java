package io.aloft.propeller.plugin.pod;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.core.Errors.ContainerError;
import flyteidl.core.Errors.ErrorDocument;
import flyteidl.core.Execution.ExecutionError.ErrorKind;
import io.aloft.engine.plugin.PluginTransition;
import io.aloft.engine.plugin.TaskPhase;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pod statuses read as Flyte reads them (pod_helper.go DemystifyPending/Success/Failure). */
class PodTemplatePhasesTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final PodPluginConfig CONFIG = PodPluginConfig.defaults();

  static PodCondition cond(String type, String status, String reason, String message) {
    return new PodConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
        .withLastTransitionTime(T0.toString()).build();
  }

  static ContainerStatus waiting(String reason) {
    return new ContainerStatusBuilder().withName("c").withReady(false).withNewState().withNewWaiting()
        .withReason(reason).withMessage("m-" + reason).endWaiting().endState().build();
  }

  static ContainerStatus terminated(String name, int exit, String reason) {
    return new ContainerStatusBuilder().withName(name).withReady(false).withNewState().withNewTerminated()
        .withExitCode(exit).withReason(reason).withMessage("msg").endTerminated().endState().build();
  }

  static PodStatus pendingWith(ContainerStatus cs) {
    return new PodStatusBuilder().withPhase("Pending")
        .withConditions(cond("PodScheduled", "True", null, null),
            cond("Ready", "False", "ContainersNotReady", "containers with unready status: [c]"))
        .withContainerStatuses(cs).build();
  }

  @Test
  void unschedulablePodsWaitInQueue() {
    PodStatus s = new PodStatusBuilder().withPhase("Pending")
        .withConditions(cond("PodScheduled", "False", "Unschedulable", "0/1 nodes are available")).build();
    PodPhases.Observed o = PodPhases.demystifyPending(s, T0, T0.plusSeconds(3600), CONFIG);
    assertThat(o.phase()).isEqualTo(TaskPhase.QUEUED);
    assertThat(o.reason()).isEqualTo("Unschedulable:0/1 nodes are available");
  }

  @Test
  void imagePullBackOffFailsOnlyAfterItsGracePeriod() {
    PodStatus s = pendingWith(waiting("ImagePullBackOff"));
    assertThat(PodPhases.demystifyPending(s, T0, T0.plusSeconds(60), CONFIG).phase()).isEqualTo(TaskPhase.QUEUED);
    PodPhases.Observed late = PodPhases.demystifyPending(s, T0, T0.plusSeconds(180), CONFIG);
    assertThat(late.phase()).isEqualTo(TaskPhase.RETRYABLE_FAILURE);
    assertThat(late.error().getCode()).isEqualTo("ContainersNotReady|ImagePullBackOff");
    assertThat(late.error().getMessage()).startsWith("Grace period [3m0s] exceeded|");
    assertThat(late.error().getKind()).isEqualTo(ErrorKind.USER);
  }

  @Test
  void configErrorsFailForGoodAfterGraceAndBadImagesAtOnce() {
    assertThat(PodPhases.demystifyPending(pendingWith(waiting("CreateContainerConfigError")), T0,
        T0.plusSeconds(179), CONFIG).phase()).isEqualTo(TaskPhase.QUEUED);
    assertThat(PodPhases.demystifyPending(pendingWith(waiting("CreateContainerConfigError")), T0,
        T0.plusSeconds(181), CONFIG).phase()).isEqualTo(TaskPhase.PERMANENT_FAILURE);
    assertThat(PodPhases.demystifyPending(pendingWith(waiting("InvalidImageName")), T0, T0, CONFIG).phase())
        .isEqualTo(TaskPhase.PERMANENT_FAILURE);
    PodPhases.Observed creating = PodPhases.demystifyPending(pendingWith(waiting("ContainerCreating")), T0,
        T0.plusSeconds(9999), CONFIG);
    assertThat(creating.phase()).isEqualTo(TaskPhase.QUEUED);
    assertThat(creating.reason()).isEqualTo(
        "[ContainersNotReady|ContainerCreating]: containers with unready status: [c]|m-ContainerCreating");
    PodPhases.Observed odd = PodPhases.demystifyPending(pendingWith(waiting("RunContainerError")), T0, T0, CONFIG);
    assertThat(odd.phase()).isEqualTo(TaskPhase.RETRYABLE_FAILURE);
    assertThat(odd.error().getKind()).isEqualTo(ErrorKind.SYSTEM);
  }

  @Test
  void podPendingTimeoutFailsALongPendingPod() {
    PodPluginConfig c = CONFIG.withGracePeriods(Duration.ofMinutes(3), Duration.ofMinutes(3), Duration.ofMinutes(3),
        Duration.ofMinutes(5));
    PodStatus s = new PodStatusBuilder().withPhase("Pending")
        .withConditions(cond("PodScheduled", "False", "Unschedulable", "no nodes")).build();
    assertThat(PodPhases.demystifyPending(s, T0, T0.plusSeconds(299), c).phase()).isEqualTo(TaskPhase.QUEUED);
    PodPhases.Observed o = PodPhases.demystifyPending(s, T0, T0.plusSeconds(300), c);
    assertThat(o.phase()).isEqualTo(TaskPhase.RETRYABLE_FAILURE);
    assertThat(o.error().getCode()).isEqualTo("PodPendingTimeout");
  }

  @Test
  void failuresCarryExitCodesOomAndInterruptions() {
    PodPhases.Observed plain = PodPhases.demystifyFailure(new PodStatusBuilder().withPhase("Failed")
        .withContainerStatuses(terminated("c", 3, "Error")).build());
    assertThat(plain.phase()).isEqualTo(TaskPhase.RETRYABLE_FAILURE);
    assertThat(plain.error().getCode()).isEqualTo("UnknownError");
    assertThat(plain.error().getMessage()).isEqualTo("Pod failed. No message received from kubernetes."
        + "\r\n[c] terminated with exit code (3). Reason [Error]. Message: \nmsg.");
    assertThat(plain.error().getKind()).isEqualTo(ErrorKind.USER);

    assertThat(PodPhases.demystifyFailure(new PodStatusBuilder().withPhase("Failed")
        .withContainerStatuses(terminated("c", 137, "OOMKilled")).build()).error().getCode()).isEqualTo("OOMKilled");
    assertThat(PodPhases.demystifyFailure(new PodStatusBuilder().withPhase("Failed")
        .withContainerStatuses(terminated("c", 137, "Error")).build()).error().getCode()).isEqualTo("Interrupted");
    PodPhases.Observed shutdown = PodPhases.demystifyFailure(new PodStatusBuilder().withPhase("Failed")
        .withReason("Shutdown").withMessage("node shutting down").build());
    assertThat(shutdown.error().getKind()).isEqualTo(ErrorKind.SYSTEM);
    assertThat(shutdown.error().getCode()).isEqualTo("Interrupted");

    assertThat(PodPhases.demystifySuccess(new PodStatusBuilder().withPhase("Succeeded")
        .withContainerStatuses(terminated("c", 0, "OOMKilled")).build()).phase())
        .isEqualTo(TaskPhase.RETRYABLE_FAILURE);
    assertThat(PodPhases.demystifySuccess(new PodStatusBuilder().withPhase("Succeeded")
        .withContainerStatuses(terminated("c", 0, "Completed")).build()).phase()).isEqualTo(TaskPhase.SUCCEEDED);
  }

  @Test
  void thePrimaryContainerDecidesForPodsWithSidecars() {
    List<ContainerStatus> done = List.of(terminated("main", 0, "Completed"),
        new ContainerStatusBuilder().withName("envoy").withNewState().withNewRunning().endRunning().endState().build());
    assertThat(PodPhases.primaryContainerPhase("main", done).phase()).isEqualTo(TaskPhase.SUCCEEDED);
    assertThat(PodPhases.primaryContainerPhase("main", List.of(terminated("main", 2, "Error"))).phase())
        .isEqualTo(TaskPhase.RETRYABLE_FAILURE);
    assertThat(PodPhases.primaryContainerPhase("other", done).phase()).isEqualTo(TaskPhase.PERMANENT_FAILURE);
  }

  @Test
  void flytekitErrorDocumentsDecideRetryability() {
    PluginTransition recoverable = PodPlugin.userError(ErrorDocument.newBuilder().setError(ContainerError
        .newBuilder().setCode("USER:Flaky").setMessage("try again").setKind(ContainerError.Kind.RECOVERABLE)
        .setOrigin(ErrorKind.USER)).build());
    assertThat(recoverable.phase()).isEqualTo(TaskPhase.RETRYABLE_FAILURE);
    assertThat(recoverable.error().getCode()).isEqualTo("USER:Flaky");
    PluginTransition fatal = PodPlugin.userError(ErrorDocument.newBuilder().setError(ContainerError.newBuilder()
        .setCode("SYSTEM:Crash").setMessage("bad").setKind(ContainerError.Kind.NON_RECOVERABLE)
        .setOrigin(ErrorKind.SYSTEM)).build());
    assertThat(fatal.phase()).isEqualTo(TaskPhase.PERMANENT_FAILURE);
    assertThat(fatal.error().getKind()).isEqualTo(ErrorKind.SYSTEM);
  }

  @Test
  void goDurationsPrintAsGoDoes() {
    assertThat(PodPhases.goDuration(Duration.ofMinutes(3))).isEqualTo("3m0s");
    assertThat(PodPhases.goDuration(Duration.ofSeconds(20))).isEqualTo("20s");
    assertThat(PodPhases.goDuration(Duration.ofMinutes(61))).isEqualTo("1h1m0s");
    assertThat(PodPhases.goDuration(Duration.ofMillis(1500))).isEqualTo("1.5s");
  }
}
