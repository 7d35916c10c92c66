package io.aloft.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import flyteidl.core.Execution.WorkflowExecution;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Scaling admin behind its Service while users launch: {@code kubectl scale} from 2 replicas to 3 and back, under a
 * steady stream of FlyteRemote launches, each on a new connection so that they land on every replica, the one that
 * goes away included. No launch may fail, and every launched execution must run to success.
 */
@ExtendWith(AloftOnCluster.Extension.class)
class AdminScalingIT {

  @Test
  void scalingAdminFromTwoToThreeAndBackLosesNoLaunch(AloftOnCluster aloft) {
    Workflows.register(aloft);
    assertThat(Replicas.ready(aloft, "aloft-admin")).hasSize(2);
    LaunchStream stream = LaunchStream.start(aloft.flytekit(), AloftOnCluster.PROJECT, AloftOnCluster.DOMAIN,
        Workflows.ECHO, Workflows.VERSION, "scale", 0.5);
    List<LaunchStream.Launch> launches;
    try {
      awaitLaunches(stream, 5);
      aloft.cluster().kubectl("scale", "-n", AloftOnCluster.NAMESPACE, "deployment/aloft-admin", "--replicas=3");
      await().atMost(Duration.ofMinutes(4)).until(() -> Replicas.ready(aloft, "aloft-admin").size() == 3);
      // launches reach every replica, the new one too, before one is taken away again
      List<Pod> three = Replicas.ready(aloft, "aloft-admin");
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).until(() -> three.stream()
          .allMatch(p -> Replicas.createExecutions(aloft, p.getMetadata().getName()) > 0));
      aloft.cluster().kubectl("scale", "-n", AloftOnCluster.NAMESPACE, "deployment/aloft-admin", "--replicas=2");
      await().atMost(Duration.ofMinutes(2)).until(() -> aloft.kube().pods().inNamespace(AloftOnCluster.NAMESPACE)
          .withLabel("app.kubernetes.io/name", "aloft-admin").list().getItems().size() == 2);
      int before = stream.launches().size();
      awaitLaunches(stream, before + 5);
    } finally {
      launches = stream.stop();
    }
    assertThat(launches).filteredOn(l -> !l.ok()).as("failed launches").isEmpty();
    assertThat(launches).hasSizeGreaterThan(15);
    Map<String, WorkflowExecution.Phase> phases = Workflows.awaitTerminal(aloft.admin(),
        launches.stream().map(LaunchStream.Launch::name).toList(), Duration.ofMinutes(4));
    assertThat(phases.values()).as("every launched execution").containsOnly(WorkflowExecution.Phase.SUCCEEDED);
  }

  private static void awaitLaunches(LaunchStream stream, int n) {
    await().atMost(Duration.ofMinutes(2)).until(() -> stream.launches().size() >= n);
  }
}
