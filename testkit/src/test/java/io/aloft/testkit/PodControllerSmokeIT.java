package io.aloft.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aloft.testkit.kube.PodRule;
import io.aloft.testkit.kube.PodTransition;
import io.aloft.testkit.kube.TestPodController;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The stand-in kubelet moves real pods on the real API server by per-test rules. */
class PodControllerSmokeIT {
  private static final String NS = "smoke-pods";
  private static KubernetesClient client;
  private static TestPodController pods;

  @BeforeAll
  static void start() {
    client = SharedComponents.kubernetesClient();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .serverSideApply();
    pods = TestPodController.start(client, NS)
        .rule(PodRule.matching(PodRule.labelled("outcome", "fail")).runFor(Duration.ofMillis(300)).fail(3, "boom"))
        .rule(PodRule.matching(PodRule.labelled("outcome", "hang")).pendingFor(Duration.ofMillis(200)).runForever());
  }

  @AfterAll
  static void stop() {
    pods.close();
    client.close();
  }

  private static Pod pod(String name, String outcome) {
    return client.pods().inNamespace(NS).resource(new PodBuilder()
        .withNewMetadata().withName(name).addToLabels("outcome", outcome).endMetadata()
        .withNewSpec().withRestartPolicy("Never")
          .addNewContainer().withName("main").withImage("ghcr.io/flyteorg/flytekit:py3.11").endContainer()
        .endSpec().build()).create();
  }

  private static String phase(String name) {
    Pod p = client.pods().inNamespace(NS).withName(name).get();
    return p == null || p.getStatus() == null ? null : p.getStatus().getPhase();
  }

  @Test
  void podsMoveThroughTheirPhasesByRule() {
    pod("ok-1", "succeed");
    pod("bad-1", "fail");

    await().atMost(Duration.ofSeconds(15)).until(() -> "Succeeded".equals(phase("ok-1")));
    await().atMost(Duration.ofSeconds(15)).until(() -> "Failed".equals(phase("bad-1")));

    Pod failed = client.pods().inNamespace(NS).withName("bad-1").get();
    assertThat(failed.getStatus().getContainerStatuses()).singleElement().satisfies(cs -> {
      assertThat(cs.getName()).isEqualTo("main");
      assertThat(cs.getState().getTerminated().getExitCode()).isEqualTo(3);
      assertThat(cs.getState().getTerminated().getReason()).isEqualTo("Error");
    });
    Pod ok = client.pods().inNamespace(NS).withName("ok-1").get();
    assertThat(ok.getStatus().getContainerStatuses().get(0).getState().getTerminated().getExitCode()).isZero();

    List<String> okPhases = pods.timeline().stream().filter(t -> t.name().equals("ok-1"))
        .map(PodTransition::phase).toList();
    assertThat(okPhases).containsExactly("Running", "Succeeded");
    List<String> badPhases = pods.timeline().stream().filter(t -> t.name().equals("bad-1"))
        .map(PodTransition::phase).toList();
    assertThat(badPhases).containsExactly("Running", "Failed");
    assertThat(pods.errors()).isEmpty();
  }

  @Test
  void aHangingPodRunsUntilDeleted() {
    pod("hang-1", "hang");
    assertThat(phase("hang-1")).isEqualTo("Pending");
    await().atMost(Duration.ofSeconds(15)).until(() -> "Running".equals(phase("hang-1")));

    client.pods().inNamespace(NS).withName("hang-1").delete();

    await().atMost(Duration.ofSeconds(15)).until(() -> client.pods().inNamespace(NS).withName("hang-1").get() == null);
    assertThat(pods.maxConcurrentlyRunning()).isGreaterThanOrEqualTo(1);
  }
}
