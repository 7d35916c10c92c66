package io.aloft.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.admin.ExecutionOuterClass.Execution;
import flyteidl.admin.TaskExecutionOuterClass.TaskExecution;
import flyteidl.core.Execution.WorkflowExecution;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the kubelet reports when a task cannot run, as Aloft reports it to the user, the way Flyte's pod plugin does
 * (flytek8s/pod_helper.go): an OOM-killed container fails the attempt with code OOMKilled; an image that exists
 * nowhere fails it with the pull error once the image-pull back-off grace period
 * ({@code aloft.propeller.plugins.k8s.image-pull-backoff-grace-period}) has passed, instead of leaving it queued.
 */
@ExtendWith(AloftOnCluster.Extension.class)
class KubeletFailuresIT {

  @Test
  void aTaskOverItsMemoryLimitIsOomKilledAndReportedAsOomKilled(AloftOnCluster aloft) {
    Workflows.register(aloft);
    String name = "oom-kubelet";
    Execution ex;
    Pod pod;
    try (PodLaunches pods = new PodLaunches(aloft.kube(), AloftOnCluster.EXECUTION_NAMESPACE)) {
      run(aloft, name, "oom_wf");
      ex = await(aloft, name, Duration.ofMinutes(4));
      pod = pods.last(name + "-").orElseThrow();
    }
    assertThat(ex.getClosure().getPhase()).isEqualTo(WorkflowExecution.Phase.FAILED);
    TaskExecution attempt = onlyAttempt(aloft, name);
    assertThat(attempt.getClosure().getError().getCode()).isEqualTo("OOMKilled");
    // the kernel killed the task's Python process inside the container (pyflyte-fast-execute's child), so the
    // container's exit code is its parent's (247, or 137 when the container's first process is the victim); the
    // kubelet's reason is what says OOM, as Flyte's pod plugin reads it
    assertThat(attempt.getClosure().getError().getMessage()).contains("Reason [OOMKilled]");
    assertThat(ex.getClosure().getError().getMessage()).contains("OOMKilled");
    ContainerStatus c = pod.getStatus().getContainerStatuses().get(0);
    assertThat(c.getState().getTerminated().getReason()).isEqualTo("OOMKilled");
    assertThat(c.getState().getTerminated().getExitCode()).isNotZero();
  }

  @Test
  void aTaskWhoseImageExistsNowhereFailsWithThePullErrorWithinTheGracePeriod(AloftOnCluster aloft) {
    Workflows.register(aloft);
    String name = "noimage-kubelet";
    Instant launched = Instant.now();
    Execution ex;
    Duration took;
    java.util.Set<String> waited;
    try (PodLaunches pods = new PodLaunches(aloft.kube(), AloftOnCluster.EXECUTION_NAMESPACE)) {
      run(aloft, name, "missing_image_wf");
      ex = await(aloft, name, Duration.ofMinutes(4));
      took = Duration.between(launched, Instant.now());
      waited = pods.waitingReasons(name + "-");
    }
    // what the kubelet said while the pod was pending
    assertThat(waited).contains("ImagePullBackOff");
    assertThat(ex.getClosure().getPhase()).isEqualTo(WorkflowExecution.Phase.FAILED);
    TaskExecution attempt = onlyAttempt(aloft, name);
    assertThat(attempt.getClosure().getError().getCode()).contains("ImagePullBackOff");
    assertThat(attempt.getClosure().getError().getMessage())
        .contains("Grace period [" + AloftOnCluster.IMAGE_PULL_GRACE.toSeconds() + "s] exceeded",
            "localhost/aloft/does-not-exist:0.0.0");
    // bounded: the grace period plus the kubelet's first pull attempts, not the 3m default and never forever
    assertThat(took).isLessThan(AloftOnCluster.IMAGE_PULL_GRACE.plus(Duration.ofSeconds(100)));
    // the failed attempt's pod is cleaned up, as Flyte does after an image pull failure
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> aloft.kube().pods()
        .inNamespace(AloftOnCluster.EXECUTION_NAMESPACE).list().getItems().stream()
        .noneMatch(p -> p.getMetadata().getName().startsWith(name)));
  }

  private static void run(AloftOnCluster aloft, String name, String workflow) {
    aloft.flytekit().pyflyte("run", "--remote", "--project", AloftOnCluster.PROJECT, "--domain",
        AloftOnCluster.DOMAIN, "--name", name, "--image", aloft.images().flytekit().ref(),
        "workflows/cluster_cases.py", workflow);
  }

  private static Execution await(AloftOnCluster aloft, String name, Duration timeout) {
    Workflows.awaitTerminal(aloft.admin(), List.of(name), timeout);
    return aloft.admin().execution(name);
  }

  private static TaskExecution onlyAttempt(AloftOnCluster aloft, String name) {
    List<TaskExecution> attempts = aloft.admin().taskExecutions(name);
    assertThat(attempts).hasSize(1);
    return attempts.get(0);
  }
}
