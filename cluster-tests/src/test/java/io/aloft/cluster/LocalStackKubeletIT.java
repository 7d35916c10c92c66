package io.aloft.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aloft.embedded.ImageSet;
import io.aloft.sandbox.LocalStack;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code ./aloft up --kubelet}: the local stack with its task pods run by the kubelet of a real single-node cluster
 * instead of the host pod runner. A user's hello world through the stack's own flytekit config runs in a container
 * of the flytekit image, which {@code kubectl get pods} shows, and FlyteRemote reads its output. Runs in a failsafe
 * execution of its own, after the tier's deployment has stopped (one cluster per host).
 */
class LocalStackKubeletIT {

  @Test
  void upWithKubeletRunsTaskPodsAsRealContainers() throws Exception {
    Path data = Files.createTempDirectory("aloft-up-kubelet");
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    try (LocalStack stack = new LocalStack(LocalStack.Options.parse("--kubelet", "--random-ports", "--data-dir",
        data.toString()), new PrintStream(printed, true)).start();
        KubernetesClient kube = new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(stack.kube().kubeconfigYaml())).build()) {
      assertThat(stack.podRunner()).as("no host pod runner with --kubelet").isNull();
      ImageSet.Image flytekit = ImageSet.load(Flytekit.REPO.resolve("target/images")).image("flytekit");
      // what the summary tells the user to run
      assertThat(printed.toString()).contains("run --remote --wait --image " + flytekit.ref(), "kubelet");

      Path work = Files.createTempDirectory("aloft-up-kubelet-work");
      Files.createDirectories(work.resolve("examples"));
      Files.copy(Flytekit.REPO.resolve("examples/hello_world.py"), work.resolve("examples/hello_world.py"));
      Files.copy(stack.flytekitConfig(), work.resolve("config.yaml"));
      Flytekit pyflyte = new Flytekit(work);
      pyflyte.pyflyte("run", "--remote", "--name", "up-kubelet", "--image", flytekit.ref(),
          "examples/hello_world.py", "hello_world_wf", "--name", "Containers");

      JsonNode read = new ObjectMapper().readTree(pyflyte.python(
          Flytekit.REPO.resolve("sandbox/src/test/resources/flyteremote/read_executions.py"), "config.yaml",
          "flytesnacks", "development", "up-kubelet")).get("up-kubelet");
      assertThat(read.get("outputs").get("o0").asText()).isEqualTo("Hello, Containers!");

      List<Pod> pods = kube.pods().inNamespace("flytesnacks-development").list().getItems().stream()
          .filter(p -> p.getMetadata().getName().startsWith("up-kubelet")).toList();
      assertThat(pods).hasSize(1);
      ContainerStatus c = pods.get(0).getStatus().getContainerStatuses().get(0);
      assertThat(c.getContainerID()).startsWith("containerd://");
      assertThat(c.getImage()).isEqualTo(flytekit.containerdName());
      assertThat(c.getState().getTerminated().getReason()).isEqualTo("Completed");
    }
  }
}
