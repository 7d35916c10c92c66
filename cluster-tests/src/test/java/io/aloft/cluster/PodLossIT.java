package io.aloft.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import flyteidl.admin.TaskExecutionOuterClass.TaskExecution;
import flyteidl.core.Execution.WorkflowExecution;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Losing pods under load: while users launch one-task executions at a steady pace, an admin pod and then the
 * propeller leader's pod are deleted. Every launch is accepted, every execution completes, none is lost, and no task
 * pod is launched twice: each execution has one task attempt, and each task pod name was created once (one uid).
 */
@ExtendWith(AloftOnCluster.Extension.class)
class PodLossIT {
  static final String PREFIX = "podloss";

  @Test
  void deletingAnAdminPodAndThePropellerLeaderLosesAndRepeatsNothing(AloftOnCluster aloft) {
    Workflows.register(aloft);
    String leader = leaderPod(aloft);
    List<LaunchStream.Launch> launches;
    try (PodLaunches pods = new PodLaunches(aloft.kube(), AloftOnCluster.EXECUTION_NAMESPACE)) {
      LaunchStream stream = LaunchStream.start(aloft.flytekit(), AloftOnCluster.PROJECT, AloftOnCluster.DOMAIN,
          Workflows.ONE_POD, Workflows.VERSION, PREFIX, 2.5);
      try {
        await().atMost(Duration.ofMinutes(2)).until(() -> stream.launches().size() >= 3);
        String adminPod = Replicas.ready(aloft, "aloft-admin").get(0).getMetadata().getName();
        aloft.cluster().kubectl("delete", "pod", "-n", AloftOnCluster.NAMESPACE, adminPod, "--wait=false");
        await().atMost(Duration.ofMinutes(2)).until(() -> stream.launches().size() >= 6);
        aloft.cluster().kubectl("delete", "pod", "-n", AloftOnCluster.NAMESPACE, leader, "--wait=false");
        // the other replica takes the lease; the deleted one is replaced by the Deployment
        await().atMost(Duration.ofMinutes(2)).until(() -> {
          String now = leaderPod(aloft);
          return now != null && !now.equals(leader);
        });
        await().atMost(Duration.ofMinutes(2)).until(() -> stream.launches().size() >= 12);
      } finally {
        launches = stream.stop();
      }
      assertThat(launches).filteredOn(l -> !l.ok()).as("failed launches").isEmpty();
      List<String> names = launches.stream().map(LaunchStream.Launch::name).toList();
      Map<String, WorkflowExecution.Phase> phases = Workflows.awaitTerminal(aloft.admin(), names,
          Duration.ofMinutes(6));
      assertThat(phases.values()).as("every launched execution").containsOnly(WorkflowExecution.Phase.SUCCEEDED);
      for (String name : names) {
        List<TaskExecution> attempts = aloft.admin().taskExecutions(name);
        assertThat(attempts).as("task attempts of " + name).hasSize(1);
        assertThat(attempts.get(0).getId().getRetryAttempt()).isZero();
      }
      Map<String, Set<String>> launched = pods.launches(PREFIX + "-");
      assertThat(launched).as("one task pod per execution").hasSize(names.size());
      assertThat(launched).allSatisfy((pod, uids) -> assertThat(uids).as("pod " + pod + " creations").hasSize(1));
    }
    assertThat(Replicas.ready(aloft, "aloft-admin")).hasSize(2);
  }

  /** The pod holding propeller's Lease ({@code aloft.propeller.leader-election.lock-config-map.name}). */
  static String leaderPod(AloftOnCluster aloft) {
    Lease lease = aloft.kube().leases().inNamespace(AloftOnCluster.NAMESPACE).withName("propeller-leader").get();
    if (lease == null || lease.getSpec().getHolderIdentity() == null) {
      return null;
    }
    String holder = lease.getSpec().getHolderIdentity();
    return aloft.kube().pods().inNamespace(AloftOnCluster.NAMESPACE).withLabel("app.kubernetes.io/name",
        "aloft-propeller").list().getItems().stream().map(Pod::getMetadata).map(m -> m.getName())
        .filter(holder::startsWith).findFirst().orElse(null);
  }
}
