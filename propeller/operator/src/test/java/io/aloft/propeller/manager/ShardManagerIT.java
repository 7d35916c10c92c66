package io.aloft.propeller.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aloft.embedded.EmbeddedKubeApiServer;
import io.aloft.embedded.LocalProcess;
import io.aloft.embedded.QuarkusConfig;
import io.aloft.propeller.shard.ShardStrategy;
import io.aloft.testkit.SharedComponents;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.PodTemplateBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The packaged propeller in manager mode against a private API server, as the {@code sharded} overlay runs it: as a
 * service account holding exactly the manager's rights. There is no kubelet, so the shard pods never run; the test
 * moves their phase itself through the status subresource, and holds old pods with a finalizer where a kubelet would
 * hold them for their graceful termination.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShardManagerIT {
  private static final String NS = "aloft";
  private static final String APP = "aloft-propeller";
  private static final String TEMPLATE = "aloft-propeller-template";
  private static final String HOLD = "aloft.io/test-hold";
  private static final String MANAGER_POD = "aloft-propeller-manager-7d9f-x2x";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static EmbeddedKubeApiServer kube;
  private static KubernetesClient client;
  private static String managerToken;
  private static OwnerReference replicaSet;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private Manager manager;

  record Manager(int port, LocalProcess process) {}

  @BeforeAll
  static void cluster() {
    kube = EmbeddedKubeApiServer.builder().start();
    client = new KubernetesClientBuilder().withConfig(SharedComponents.clientConfig(kube)).build();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    client.resources(PodTemplate.class).inNamespace(NS).resource(new PodTemplateBuilder().withNewMetadata()
        .withName(TEMPLATE).endMetadata().withNewTemplate().withNewMetadata()
        .addToLabels("app.kubernetes.io/name", "aloft-propeller").addToAnnotations("from", "template").endMetadata()
        .withNewSpec().addNewContainer().withName("propeller").withImage("aloft/propeller:test")
        .addNewEnv().withName("ALOFT_PROPELLER_LEADER_ELECTION_LOCK_CONFIG_MAP_NAME").withValue("propeller-leader")
        .endEnv().endContainer().endSpec().endTemplate().build()).create();
    // the manager's own pod, owned by its ReplicaSet as a Deployment's pod is
    replicaSet = new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder().withApiVersion("apps/v1")
        .withKind("ReplicaSet").withName("aloft-propeller-manager-7d9f").withUid("0b7c2a4e-1111-2222-3333-444455556666")
        .withController(true).withBlockOwnerDeletion(true).build();
    client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(MANAGER_POD)
        .addToLabels("app.kubernetes.io/name", "aloft-propeller-manager").withOwnerReferences(replicaSet)
        .endMetadata().withNewSpec().addNewContainer().withName("propeller").withImage("aloft/propeller:test")
        .endContainer().endSpec().build()).create();
    managerToken = managerToken();
  }

  /** Service account aloft/aloft-propeller-manager with the manager's Role of deploy/overlays/sharded. */
  private static String managerToken() {
    client.serviceAccounts().resource(new ServiceAccountBuilder().withNewMetadata()
        .withName("aloft-propeller-manager").withNamespace(NS).endMetadata().build()).create();
    client.rbac().roles().resource(new RoleBuilder().withNewMetadata().withName("aloft-propeller-manager")
        .withNamespace(NS).endMetadata()
        .addToRules(new PolicyRuleBuilder().withApiGroups("").withResources("pods")
            .withVerbs("get", "list", "create", "delete").build())
        .addToRules(new PolicyRuleBuilder().withApiGroups("").withResources("podtemplates").withVerbs("get")
            .build()).build()).create();
    client.rbac().roleBindings().resource(new RoleBindingBuilder().withNewMetadata()
        .withName("aloft-propeller-manager").withNamespace(NS).endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "Role", "aloft-propeller-manager")
        .addNewSubject().withKind("ServiceAccount").withName("aloft-propeller-manager").withNamespace(NS)
        .endSubject().build()).create();
    return client.serviceAccounts().inNamespace(NS).withName("aloft-propeller-manager")
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
        .getStatus().getToken();
  }

  @AfterEach
  void stopManager() {
    if (manager != null) {
      manager.process().kill();
      manager = null;
    }
    // a failed test leaves no pod held for the next
    managedPods().stream().filter(p -> p.getMetadata().getFinalizers() != null
        && p.getMetadata().getFinalizers().contains(HOLD)).forEach(p -> release(p.getMetadata().getName()));
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (kube != null) {
      kube.close();
    }
  }

  @Test
  @Order(1)
  void invalidMappingsAreRefusedAtStartNamingTheRule() throws Exception {
    assertRefused("two-wildcards", Map.of("aloft.propeller.manager.shard.type", "project",
        "aloft.propeller.manager.shard.per-shard-mapping[0].ids", "*",
        "aloft.propeller.manager.shard.per-shard-mapping[1].ids", "*"),
        "aloft.propeller.manager.shard.per-shard-mapping: at most one per-shard-mapping entry may be '*'");
    assertRefused("id-twice", Map.of("aloft.propeller.manager.shard.type", "domain",
        "aloft.propeller.manager.shard.per-shard-mapping[0].ids", "development,staging",
        "aloft.propeller.manager.shard.per-shard-mapping[1].ids", "staging"),
        "aloft.propeller.manager.shard.per-shard-mapping: 'staging' appears in two per-shard-mapping entries");
    assertRefused("wildcard-with-others", Map.of("aloft.propeller.manager.shard.type", "project",
        "aloft.propeller.manager.shard.per-shard-mapping[0].ids", "flytesnacks,*"),
        "aloft.propeller.manager.shard.per-shard-mapping: '*' must be the only id of its per-shard-mapping entry");
    assertThat(managedPods()).isEmpty();
  }

  private void assertRefused(String name, Map<String, String> config, String message) throws Exception {
    Manager m = start(name, config, false);
    OptionalInt exit = m.process().awaitExit(Duration.ofSeconds(60));
    assertThat(exit).as(name + " exits").isPresent();
    assertThat(exit.getAsInt()).as(name + " exit status").isNotZero();
    assertThat(Files.readString(m.process().log())).as(name + " log").contains(message);
  }

  @Test
  @Order(2)
  void hashShardsAreCreatedAndRepaired() throws Exception {
    manager = start("hash-3", Map.of());
    ShardStrategy three = ShardStrategy.hash(3);
    List<Pod> pods = awaitShards(3);
    String layout = pods.get(0).getMetadata().getAnnotations().get(ShardPods.LAYOUT_ANNOTATION);
    String version = template().getMetadata().getResourceVersion();
    for (int i = 0; i < 3; i++) {
      Pod pod = pods.get(i);
      assertThat(pod.getMetadata().getName()).isEqualTo(APP + "-" + i);
      assertThat(pod.getMetadata().getLabels()).containsEntry("app", APP)
          .containsEntry(ShardPods.SHARD_LABEL, String.valueOf(i))
          .containsEntry("app.kubernetes.io/name", "aloft-propeller");
      assertThat(pod.getMetadata().getAnnotations()).containsEntry(ShardPods.TEMPLATE_ANNOTATION, version)
          .containsEntry(ShardPods.LAYOUT_ANNOTATION, layout).containsEntry("from", "template");
      Map<String, String> env = env(pod);
      assertThat(env).containsEntry("ALOFT_PROPELLER_INCLUDE_SHARD_KEY_LABEL", three.keysOf(i).stream()
          .map(String::valueOf).collect(Collectors.joining(",")))
          .containsEntry("ALOFT_PROPELLER_LEADER_ELECTION_LOCK_CONFIG_MAP_NAME", "propeller-leader-" + i)
          .containsEntry("ALOFT_PROPELLER_MODE", "propeller");
      // the template's own lock name is replaced, not doubled
      assertThat(container(pod).getEnv()).filteredOn(e -> e.getName().endsWith("LOCK_CONFIG_MAP_NAME")).hasSize(1);
      // owned as Flyte's manager sets it: by the manager pod's ReplicaSet, not as its controller
      assertThat(pod.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
        assertThat(o.getUid()).isEqualTo(replicaSet.getUid());
        assertThat(o.getKind()).isEqualTo("ReplicaSet");
        assertThat(o.getController()).isFalse();
        assertThat(o.getBlockOwnerDeletion()).isFalse();
      });
    }
    pods.forEach(p -> phase(p.getMetadata().getName(), "Running"));
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      String metrics = body("/q/metrics");
      assertThat(metric(metrics, "aloft_propeller_manager_shards")).isEqualTo(3);
      assertThat(metric(metrics, "aloft_propeller_manager_pods_running")).isEqualTo(3);
      assertThat(metric(metrics, "aloft_propeller_manager_pods_created_total")).isEqualTo(3);
      assertThat(metric(metrics, "aloft_propeller_manager_handover_waiting")).isZero();
      assertThat(metric(metrics, "aloft_propeller_manager_round_time_seconds_count")).isPositive();
    });
    // ready by its own check; the operator SDK's and leader election's are off in manager mode
    JsonNode ready = JSON.readTree(body("/q/health/ready"));
    assertThat(ready.get("status").asText()).isEqualTo("UP");
    List<String> checks = new ArrayList<>();
    ready.get("checks").forEach(c -> checks.add(c.get("name").asText()));
    assertThat(checks).contains("shard-manager", "kube-apiserver").doesNotContain("leader-election",
        "Quarkus Operator SDK health check");
    String log = Files.readString(manager.process().log());
    assertThat(log).contains("created pod aloft/aloft-propeller-0");
    assertThat(log).doesNotContain("Starting operator");

    // a deleted pod comes back
    String uid1 = pod(1).getMetadata().getUid();
    client.pods().inNamespace(NS).withName(APP + "-1").delete();
    await().atMost(Duration.ofSeconds(20)).until(() -> replaced(1, uid1));

    // a Failed pod is replaced
    String uid2 = pod(2).getMetadata().getUid();
    phase(APP + "-2", "Failed");
    await().atMost(Duration.ofSeconds(20)).until(() -> replaced(2, uid2));
    assertThat(deleted("failed")).isEqualTo(1);

    // a pod with the app label that is not a shard is removed
    Pod extra = new PodBuilder(pod(0)).editMetadata().withName(APP + "-9").withResourceVersion(null).withUid(null)
        .withOwnerReferences(List.of()).endMetadata().withStatus(null).build();
    client.pods().inNamespace(NS).resource(extra).create();
    await().atMost(Duration.ofSeconds(20)).until(() -> client.pods().inNamespace(NS).withName(APP + "-9").get()
        == null);
    assertThat(deleted("surplus")).isEqualTo(1);
    assertThat(managedPods()).hasSize(3);

    // an edit of the PodTemplate replaces every pod
    client.resources(PodTemplate.class).inNamespace(NS).withName(TEMPLATE)
        .edit(t -> new PodTemplateBuilder(t).editTemplate().editMetadata().addToLabels("edited", "yes")
            .endMetadata().endTemplate().build());
    String edited = template().getMetadata().getResourceVersion();
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      List<Pod> now = managedPods();
      assertThat(now).hasSize(3).allSatisfy(p -> {
        assertThat(p.getMetadata().getAnnotations()).containsEntry(ShardPods.TEMPLATE_ANNOTATION, edited);
        assertThat(p.getMetadata().getLabels()).containsEntry("edited", "yes");
      });
    });
    assertThat(deleted("stale-template")).isEqualTo(3);
    assertThat(log()).contains("deleted pod aloft/aloft-propeller-2 (failed)",
        "deleted pod aloft/aloft-propeller-9 (surplus)", "(stale-template)");
  }

  @Test
  @Order(3)
  void aNewLayoutStartsOnlyOnceEveryPodOfTheOldOneIsGone() throws Exception {
    manager = start("hash-3-again", Map.of());
    List<Pod> old = awaitShards(3);
    String oldLayout = old.get(0).getMetadata().getAnnotations().get(ShardPods.LAYOUT_ANNOTATION);
    // as a kubelet holds a pod during its graceful termination (propeller drains on SIGTERM)
    for (Pod p : old) {
      client.pods().inNamespace(NS).withName(p.getMetadata().getName())
          .edit(x -> new PodBuilder(x).editMetadata().addToFinalizers(HOLD).endMetadata().build());
    }
    stopGracefully();

    manager = start("hash-4", Map.of("aloft.propeller.manager.shard.shard-count", "4"));
    await().atMost(Duration.ofSeconds(60)).until(() -> managedPods().stream().filter(p -> oldLayout.equals(
        p.getMetadata().getAnnotations().get(ShardPods.LAYOUT_ANNOTATION)))
        .filter(p -> p.getMetadata().getDeletionTimestamp() != null).count() == 3);
    // several scans (every 300 ms) while the old pods linger: nothing of the new layout appears
    await("only the 3 old pods, terminating").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
        .until(() -> onlyOld(oldLayout, 3));
    assertThat(metric(body("/q/metrics"), "aloft_propeller_manager_handover_waiting")).isEqualTo(1);
    // two of three gone: still waiting
    release(APP + "-0");
    release(APP + "-2");
    await("only the last old pod, terminating").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
        .until(() -> onlyOld(oldLayout, 1));
    release(APP + "-1");

    ShardStrategy four = ShardStrategy.hash(4);
    List<Pod> pods = awaitShards(4);
    for (int i = 0; i < 4; i++) {
      assertThat(pods.get(i).getMetadata().getAnnotations().get(ShardPods.LAYOUT_ANNOTATION)).isNotEqualTo(oldLayout);
      assertThat(env(pods.get(i))).containsEntry("ALOFT_PROPELLER_INCLUDE_SHARD_KEY_LABEL", four.keysOf(i).stream()
          .map(String::valueOf).collect(Collectors.joining(",")));
    }
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      String metrics = body("/q/metrics");
      assertThat(metric(metrics, "aloft_propeller_manager_handover_waiting")).isZero();
      assertThat(metric(metrics, "aloft_propeller_manager_shards")).isEqualTo(4);
    });
    assertThat(deleted("stale-layout")).isEqualTo(3);
    assertThat(log()).contains("waiting for 3 pod(s) of another layout to be gone");
  }

  @Test
  @Order(4)
  void aProjectLayoutsWildcardShardTakesEveryOtherProject() throws Exception {
    manager = start("project", Map.of("aloft.propeller.manager.shard.type", "project",
        "aloft.propeller.manager.shard.per-shard-mapping[0].ids", "flytesnacks,examples",
        "aloft.propeller.manager.shard.per-shard-mapping[1].ids", "*",
        "aloft.propeller.manager.shard.per-shard-mapping[2].ids", "ml"));
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      List<Pod> pods = managedPods();
      assertThat(pods).hasSize(3).allSatisfy(p -> assertThat(p.getMetadata().getDeletionTimestamp()).isNull());
      assertThat(env(pods.get(0))).containsEntry("ALOFT_PROPELLER_INCLUDE_PROJECT_LABEL", "flytesnacks,examples")
          .doesNotContainKey("ALOFT_PROPELLER_INCLUDE_SHARD_KEY_LABEL");
      assertThat(env(pods.get(1))).containsEntry("ALOFT_PROPELLER_EXCLUDE_PROJECT_LABEL", "flytesnacks,examples,ml")
          .doesNotContainKey("ALOFT_PROPELLER_INCLUDE_PROJECT_LABEL");
      assertThat(env(pods.get(2))).containsEntry("ALOFT_PROPELLER_INCLUDE_PROJECT_LABEL", "ml");
    });
  }

  // --- helpers

  private Manager start(String name, Map<String, String> extra) throws IOException {
    return start(name, extra, true);
  }

  /** Starts the packaged app in manager mode with {@code extra} settings; waits until it serves if {@code serves}. */
  private Manager start(String name, Map<String, String> extra, boolean serves) throws IOException {
    Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
    assertThat(jar).as("the packaged propeller (failsafe runs after package)").exists();
    int port = LocalProcess.freePort();
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dquarkus.http.port=" + port));
    Map<String, String> config = new LinkedHashMap<>(QuarkusConfig.kubernetesClient(kube));
    config.put("quarkus.kubernetes-client.token", managerToken);
    config.put("aloft.propeller.manager.scan-interval", "300ms");
    config.putAll(extra);
    config.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.addAll(List.of("-jar", jar.toString()));
    Path log = Files.createDirectories(Path.of("target/shard-manager")).resolve(name + ".log");
    Files.deleteIfExists(log);
    // the manager Deployment's env: its mode, and the Downward API
    LocalProcess process = LocalProcess.start("manager-" + name, cmd, Map.of("ALOFT_PROPELLER_MODE", "manager",
        "POD_NAME", MANAGER_POD, "POD_NAMESPACE", NS), log);
    Manager m = new Manager(port, process);
    if (serves) {
      URI live = URI.create("http://127.0.0.1:" + port + "/q/health/live");
      process.awaitReady(name + " liveness", Instant.now().plus(Duration.ofSeconds(90)),
          () -> LocalProcess.httpOk(http, live, null));
    }
    return m;
  }

  private void stopGracefully() {
    manager.process().terminate();
    assertThat(manager.process().awaitExit(Duration.ofSeconds(30))).isPresent();
    manager = null;
  }

  /** Waits for {@code n} live shard pods (none terminating), sorted by index. */
  private List<Pod> awaitShards(int n) {
    return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(ShardManagerIT::managedPods,
        pods -> pods.size() == n && pods.stream().allMatch(p -> p.getMetadata().getDeletionTimestamp() == null));
  }

  /** Exactly {@code n} pods are left, all of layout {@code layout} and terminating. */
  private boolean onlyOld(String layout, int n) {
    List<Pod> pods = managedPods();
    return pods.size() == n && pods.stream().allMatch(p -> p.getMetadata().getDeletionTimestamp() != null
        && layout.equals(p.getMetadata().getAnnotations().get(ShardPods.LAYOUT_ANNOTATION)));
  }

  private static void release(String pod) {
    client.pods().inNamespace(NS).withName(pod).edit(x -> new PodBuilder(x).editMetadata().removeFromFinalizers(HOLD)
        .endMetadata().build());
  }

  private static List<Pod> managedPods() {
    return client.pods().inNamespace(NS).withLabel("app", APP).list().getItems().stream()
        .sorted(java.util.Comparator.comparing(p -> p.getMetadata().getName())).toList();
  }

  private static Pod pod(int i) {
    return client.pods().inNamespace(NS).withName(APP + "-" + i).get();
  }

  /** Shard i's pod exists and is not the one with {@code uid}. */
  private static boolean replaced(int i, String uid) {
    Pod p = pod(i);
    return p != null && !p.getMetadata().getUid().equals(uid);
  }

  private static PodTemplate template() {
    return client.resources(PodTemplate.class).inNamespace(NS).withName(TEMPLATE).get();
  }

  /** Sets a pod's phase through the status subresource, as a kubelet would. */
  private static void phase(String pod, String phase) {
    for (int attempt = 0; ; attempt++) {
      try {
        client.pods().inNamespace(NS).withName(pod).editStatus(p -> new PodBuilder(p).editOrNewStatus()
            .withPhase(phase).endStatus().build());
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt > 5) {
          throw e;
        }
      }
    }
  }

  private static Container container(Pod pod) {
    return pod.getSpec().getContainers().stream().filter(c -> c.getName().equals("propeller")).findFirst()
        .orElseThrow();
  }

  private static Map<String, String> env(Pod pod) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar e : container(pod).getEnv()) {
      env.put(e.getName(), e.getValue());
    }
    return env;
  }

  private double deleted(String reason) {
    return metric(body("/q/metrics"), "aloft_propeller_manager_pods_deleted_total{reason=\"" + reason + "\"}");
  }

  private static double metric(String metrics, String series) {
    return metrics.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(
        l.substring(series.length() + 1).trim())).sum();
  }

  private String log() throws IOException {
    return Files.readString(manager.process().log());
  }

  private String body(String path) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + manager.port() + path))
          .timeout(Duration.ofSeconds(5)).GET().build();
      return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      throw new IllegalStateException(path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
