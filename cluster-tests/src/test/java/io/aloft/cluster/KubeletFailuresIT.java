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
    run(aloft, name, "oom_wf");

    Execution ex = await(aloft, name, Duration.ofMinutes(4));
    assertThat(ex.getClosure().getPhase()).isEqualTo(WorkflowExecution.Phase.FAILED);
    TaskExecution attempt = onlyAttempt(aloft, name);
    assertThat(attempt.getClosure().getError().getCode()).isEqualTo("OOMKilled");
    assertThat(attempt.getClosure().getError().getMessage()).contains("exit code (137)", "Reason [OOMKilled]");
    ContainerStatus c = pod(aloft, name).getStatus().getContainerStatuses().get(0);
    assertThat(c.getState().getTerminated().getReason()).isEqualTo("OOMKilled");
    assertThat(c.getState().getTerminated().getExitCode()).isEqualTo(137);
  }

  @Test
  void aTaskWhoseImageExistsNowhereFailsWithThePullErrorWithinTheGracePeriod(AloftOnCluster aloft) {
    Workflows.register(aloft);
    String name = "noimage-kubelet";
    Instant launched = Instant.now();
    run(aloft, name, "missing_image_wf");

    Execution ex = await(aloft, name, Duration.ofMinutes(4));
    Duration took = Duration.between(launched, Instant.now());
    assertThat(ex.getClosure().getPhase()).isEqualTo(WorkflowExecution.Phase.FAILED);
    TaskExecution attempt = onlyAttempt(aloft, name);
    assertThat(attempt.getClosure().getError().getCode()).contains("ImagePullBackOff");
    assertThat(attempt.getClosure().getError().getMessage())
        .contains("Grace period [" + AloftOnCluster.IMAGE_PULL_GRACE.toSeconds() + "s] exceeded",
            "aloft/does-not-exist:0.0.0");
    // bounded: the grace period plus the kubelet's first pull attempts, not the 3m default and never forever
    assertThat(took).isLessThan(AloftOnCluster.IMAGE_PULL_GRACE.plus(Duration.ofSeconds(100)));
    ContainerStatus c = pod(aloft, name).getStatus().getContainerStatuses().get(0);
    assertThat(c.getState().getWaiting()).isNotNull();
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

  private static Pod pod(AloftOnCluster aloft, String name) {
    return aloft.kube().pods().inNamespace(AloftOnCluster.EXECUTION_NAMESPACE).list().getItems().stream()
        .filter(p -> p.getMetadata().getName().startsWith(name)).findFirst().orElseThrow();
  }
}
