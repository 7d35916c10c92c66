package io.aloft.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A user's first workflow on a real cluster: {@code pyflyte run --remote} through admin's Service, the task run by
 * the kubelet as a container of the flytekit image, the result read back through FlyteRemote; the console link
 * pyflyte prints is served through the same Service.
 */
@ExtendWith(AloftOnCluster.Extension.class)
class WorkflowOnClusterIT {

  @Test
  void pyflyteRunRemoteRunsTheTaskAsARealContainerAndFlyteRemoteReadsTheOutput(AloftOnCluster aloft)
      throws Exception {
    Workflows.register(aloft);
    String name = "hello-kubelet";
    String printed = aloft.flytekit().pyflyte("run", "--remote", "--project", AloftOnCluster.PROJECT, "--domain",
        AloftOnCluster.DOMAIN, "--name", name, "--image", aloft.images().flytekit().ref(),
        "examples/hello_world.py", "hello_world_wf", "--name", "Kubelet");

    JsonNode read = new ObjectMapper().readTree(aloft.flytekit().python(
        Flytekit.REPO.resolve("sandbox/src/test/resources/flyteremote/read_executions.py"), "config.yaml",
        AloftOnCluster.PROJECT, AloftOnCluster.DOMAIN, name)).get(name);
    assertThat(read.get("error").isNull()).as(read.toString()).isTrue();
    assertThat(read.get("outputs").get("o0").asText()).isEqualTo("Hello, Kubelet!");

    // the task ran in a container the kubelet started from the flytekit image, on the cluster's node
    List<Pod> pods = aloft.kube().pods().inNamespace(AloftOnCluster.EXECUTION_NAMESPACE).list().getItems().stream()
        .filter(p -> p.getMetadata().getName().startsWith(name)).toList();
    assertThat(pods).hasSize(1);
    Pod pod = pods.get(0);
    assertThat(pod.getSpec().getNodeName()).isEqualTo(aloft.cluster().nodeName());
    ContainerStatus c = pod.getStatus().getContainerStatuses().get(0);
    assertThat(c.getContainerID()).startsWith("containerd://");
    assertThat(c.getImage()).isEqualTo(aloft.images().flytekit().containerdName());
    assertThat(c.getImageID()).startsWith("sha256:");
    assertThat(c.getState().getTerminated().getExitCode()).isZero();
    assertThat(c.getState().getTerminated().getReason()).isEqualTo("Completed");
    // what the task printed, through the kubelet's log API
    assertThat(aloft.cluster().kubectl("logs", "-n", AloftOnCluster.EXECUTION_NAMESPACE, pod.getMetadata().getName()))
        .contains("saying hello to Kubelet");

    theConsoleLinkPrintedIsServedThroughAdminsService(aloft, printed, name);
  }

  /**
   * The console link pyflyte printed opens the console through admin's Service: the page and its script are public,
   * while the gateway the page reads answers only with a token (auth is on in the overlays).
   */
  private static void theConsoleLinkPrintedIsServedThroughAdminsService(AloftOnCluster aloft, String printed,
      String name) throws Exception {
    String link = aloft.adminHttpUrl() + "/console/projects/" + AloftOnCluster.PROJECT + "/domains/"
        + AloftOnCluster.DOMAIN + "/executions/" + name;
    assertThat(printed).contains("Go to " + link + " to see execution in the console");
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(link)).build(), BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    Matcher script = Pattern.compile("src=\"(/console/assets/[^\"]+\\.js)\"").matcher(page.body());
    assertThat(script.find()).as(page.body()).isTrue();
    HttpResponse<String> js = http.send(HttpRequest.newBuilder(URI.create(aloft.adminHttpUrl() + script.group(1)))
        .build(), BodyHandlers.ofString());
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).contains("javascript"));

    URI api = URI.create(aloft.adminHttpUrl() + "/api/v1/executions/" + AloftOnCluster.PROJECT + "/"
        + AloftOnCluster.DOMAIN + "/" + name);
    assertThat(http.send(HttpRequest.newBuilder(api).build(), BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    HttpResponse<String> execution = http.send(HttpRequest.newBuilder(api).header("Accept", "application/json")
        .header("Authorization", "Bearer " + aloft.credentials().token()).build(), BodyHandlers.ofString());
    assertThat(execution.statusCode()).as(execution.body()).isEqualTo(200);
    assertThat(new ObjectMapper().readTree(execution.body()).at("/closure/phase").asText()).isEqualTo("SUCCEEDED");
  }
}
