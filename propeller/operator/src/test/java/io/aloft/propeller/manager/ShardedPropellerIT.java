package io.aloft.propeller.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Tasks;
import flyteidl.core.Tasks.TaskTemplate;
import io.aloft.crd.FlyteWorkflow;
import io.aloft.crd.FlyteWorkflowCrd;
import io.aloft.crd.WorkflowLabels;
import io.aloft.embedded.EmbeddedKubeApiServer;
import io.aloft.embedded.LocalProcess;
import io.aloft.embedded.QuarkusConfig;
import io.aloft.engine.TestWorkflows;
import io.aloft.propeller.controller.WorkflowWriter;
import io.aloft.propeller.shard.ShardStrategy;
import io.aloft.testkit.SharedComponents;
import io.aloft.testkit.kube.Crds;
import io.aloft.testkit.kube.ProcessKubelet;
import io.aloft.testkit.kube.TestPodController;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.PodTemplateBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The propeller manager and the shards it keeps, end to end on a real API server: the manager is the packaged app in
 * manager mode, and its shard pods run as packaged propeller processes ({@link ProcessKubelet} stands in for the
 * kubelet of those pods; the test pod controller moves the workflows' task pods). Which shard evaluated a workflow
 * is read from what each shard reports: its log names every workflow whose phase it changed.
 */
class ShardedPropellerIT {
  static final String SYSTEM = "aloft-system";
  static final String NS = "sharded-wf";
  static final String APP = "aloft-propeller";
  static final String TEMPLATE = "aloft-propeller-template";
  private static final String BUCKET = "sharded-it";
  private static final Pattern REPORTED = Pattern.compile("\\[[^/\\]]+/[^/\\]]+/([^\\]]+)] workflow ");

  private static EmbeddedKubeApiServer kube;
  private static KubernetesClient client;
  private static TestPodController tasks;
  private static ProcessKubelet kubelet;
  private static Path logs;
  private static final Map<String, Integer> ports = new ConcurrentHashMap<>();
  private LocalProcess manager;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @BeforeAll
  static void cluster() throws IOException {
    kube = EmbeddedKubeApiServer.builder().start();
    client = new KubernetesClientBuilder().withConfig(SharedComponents.clientConfig(kube)).build();
    Crds.install(client, FlyteWorkflowCrd.yaml());
    SharedComponents.s3().createBucket(BUCKET);
    for (String ns : List.of(SYSTEM, NS)) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
    }
    logs = Files.createDirectories(Path.of("target/sharded").toAbsolutePath());
    Path config = logs.resolve("propeller.properties");
    Files.writeString(config, propellerConfig().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining("\n", "", "\n")));
    client.resource(template(config)).create();
    tasks = TestPodController.start(client, NS);
    kubelet = ProcessKubelet.start(client, SYSTEM, Map.of("app", APP), ShardedPropellerIT::launch);
  }

  /** What every shard reads from its mounted config file, as the deploy overlays give it. */
  private static Map<String, String> propellerConfig() {
    Map<String, String> c = new LinkedHashMap<>(QuarkusConfig.kubernetesClient(kube));
    c.putAll(QuarkusConfig.s3(SharedComponents.s3(), BUCKET));
    c.put("aloft.propeller.event.type", "log");
    c.put("aloft.propeller.workflow-reeval-duration", "2s");
    c.put("aloft.propeller.limit-namespace", NS);
    return c;
  }

  /** The shards' PodTemplate, as the sharded overlay's: the config file, and the pod's name and namespace. */
  private static PodTemplate template(Path config) {
    return new PodTemplateBuilder().withNewMetadata().withName(TEMPLATE).withNamespace(SYSTEM).endMetadata()
        .withNewTemplate().withNewSpec().withTerminationGracePeriodSeconds(30L).withRestartPolicy("Never")
        .addNewContainer().withName("propeller").withImage("aloft/propeller:test")
        .withEnv(new EnvVarBuilder().withName("QUARKUS_CONFIG_LOCATIONS").withValue(config.toString()).build(),
            new EnvVarBuilder().withName("POD_NAME").withNewValueFrom().withNewFieldRef()
                .withFieldPath("metadata.name").endFieldRef().endValueFrom().build(),
            new EnvVarBuilder().withName("POD_NAMESPACE").withNewValueFrom().withNewFieldRef()
                .withFieldPath("metadata.namespace").endFieldRef().endValueFrom().build())
        .endContainer().endSpec().endTemplate().build();
  }

  /** A shard pod's process: the packaged propeller with the pod's env, its log named after the pod. */
  private static LocalProcess launch(Pod pod, Map<String, String> env) {
    int port = LocalProcess.freePort();
    String name = pod.getMetadata().getName();
    ports.put(pod.getMetadata().getUid(), port);
    List<String> cmd = List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx192m",
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dquarkus.http.port=" + port, "-jar", jar().toString());
    return LocalProcess.start(name, cmd, env, logs.resolve(name + ".log"));
  }

  private static Path jar() {
    Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
    assertThat(jar).as("the packaged propeller (failsafe runs after package)").exists();
    return jar;
  }

  @AfterEach
  void stopManager() {
    if (manager != null) {
      manager.kill();
    }
  }

  @AfterAll
  static void stop() {
    if (kubelet != null) {
      kubelet.close();
    }
    if (tasks != null) {
      tasks.close();
    }
    if (client != null) {
      client.close();
    }
    if (kube != null) {
      kube.close();
    }
  }

  @Test
  void fourHashShardsEachEvaluateTheirOwnWorkflowsAndAKilledShardIsReplaced() throws Exception {
    clean();
    startManager("hash4", Map.of("aloft.propeller.manager.shard.type", "hash",
        "aloft.propeller.manager.shard.shard-count", "4"));
    List<String> shards = awaitShards(4);
    int total = 250;
    List<String> names = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      names.add(create("h-" + i, TestWorkflows.PROJECT, TestWorkflows.DOMAIN));
      if (i == total / 3) {
        // a shard dies mid-run: its pod fails, the manager replaces it, the replacement finishes its workflows
        kubelet.kill(APP + "-2");
      }
    }
    awaitTerminated(names, Duration.ofMinutes(6));
    assertThat(kubelet.history().stream().filter(r -> r.pod().equals(APP + "-2")).count())
        .as("the killed shard was started again").isGreaterThanOrEqualTo(2);

    ShardStrategy strategy = ShardStrategy.hash(4);
    Map<String, Set<String>> reported = reportedBy(shards);
    assertExactlyOneShardEach(names, reported);
    for (int i = 0; i < 4; i++) {
      Set<Integer> keys = new HashSet<>(strategy.keysOf(i));
      assertThat(reported.get(APP + "-" + i)).as("shard %d reports only its keys %s", i, keys)
          .allMatch(n -> keys.contains(WorkflowLabels.shardKey(n)));
    }
  }

  @Test
  void projectShardsWithAWildcardTakeWhatTheMappingSays() throws Exception {
    clean();
    startManager("project", Map.of("aloft.propeller.manager.shard.type", "project",
        "aloft.propeller.manager.shard.per-shard-mapping[0].ids[0]", "alpha",
        "aloft.propeller.manager.shard.per-shard-mapping[1].ids[0]", "beta",
        "aloft.propeller.manager.shard.per-shard-mapping[1].ids[1]", "gamma",
        "aloft.propeller.manager.shard.per-shard-mapping[2].ids[0]", "*"));
    List<String> shards = awaitShards(3);
    Map<String, String> expected = new HashMap<>();
    List<String> names = new ArrayList<>();
    String[][] projects = {{"alpha", APP + "-0"}, {"beta", APP + "-1"}, {"gamma", APP + "-1"}, {"delta", APP + "-2"},
        {"epsilon", APP + "-2"}};
    for (int i = 0; i < 40; i++) {
      String[] p = projects[i % projects.length];
      String name = create("p-" + i, p[0], TestWorkflows.DOMAIN);
      names.add(name);
      expected.put(name, p[1]);
    }
    awaitTerminated(names, Duration.ofMinutes(2));
    Map<String, Set<String>> reported = reportedBy(shards);
    assertExactlyOneShardEach(names, reported);
    reported.forEach((shard, seen) -> seen.stream().filter(expected::containsKey)
        .forEach(n -> assertThat(shard).as(n + " (project " + project(n) + ")").isEqualTo(expected.get(n))));
  }

  @Test
  void reshardingFromTwoToFourUnderLoadLosesNothingAndLaunchesNoPodTwice() throws Exception {
    clean();
    Map<String, List<String>> podUids = new ConcurrentHashMap<>();
    try (Watch ignored = client.pods().inNamespace(NS).watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, Pod pod) {
        if (action == Action.ADDED && pod.getMetadata().getName().startsWith("r-")) {
          podUids.computeIfAbsent(pod.getMetadata().getName(), k -> new java.util.concurrent.CopyOnWriteArrayList<>())
              .add(pod.getMetadata().getUid());
        }
      }

      @Override
      public void onClose(WatcherException cause) {
      }
    })) {
      startManager("hash2", Map.of("aloft.propeller.manager.shard.type", "hash",
          "aloft.propeller.manager.shard.shard-count", "2"));
      awaitShards(2);
      Instant switched = null;
      List<String> names = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        names.add(create("r-" + i, TestWorkflows.PROJECT, TestWorkflows.DOMAIN));
        Thread.sleep(20);
        if (i == 120) {
          // the operator changes shard-count and restarts the manager, while executions keep coming
          manager.kill();
          switched = Instant.now();
          startManager("hash4", Map.of("aloft.propeller.manager.shard.type", "hash",
              "aloft.propeller.manager.shard.shard-count", "4"));
        }
      }
      awaitShards(4);
      awaitTerminated(names, Duration.ofMinutes(4));

      // hand-over: no shard of the new layout ran while one of the old layout still did
      Instant cut = switched;
      Instant lastOldExit = kubelet.history().stream().filter(r -> r.started().isBefore(cut))
          .map(r -> r.ended().join()).max(Instant::compareTo).orElseThrow();
      Instant firstNewStart = kubelet.history().stream().filter(r -> r.started().isAfter(cut))
          .map(ProcessKubelet.Run::started).min(Instant::compareTo).orElseThrow();
      assertThat(firstNewStart).as("the 4 new shards start only after the 2 old ones stopped")
          .isAfter(lastOldExit);
      // no task pod was created twice (a pod name seen with two uids is a second launch)
      assertThat(podUids).hasSize(names.size());
      assertThat(podUids.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey).toList())
          .as("task pods created more than once").isEmpty();
      assertExactlyOneShardAtATime(names);
    }
  }

  private void assertExactlyOneShardAtATime(List<String> names) {
    // every workflow was reported by some shard; a workflow may move shards at the hand-over, never run on two at once
    Set<String> seen = new HashSet<>();
    kubelet.history().forEach(r -> seen.addAll(reported(logs.resolve(r.pod() + ".log"))));
    assertThat(seen).containsAll(names);
  }

  private static void assertExactlyOneShardEach(List<String> names, Map<String, Set<String>> reported) {
    Map<String, List<String>> byWorkflow = new HashMap<>();
    reported.forEach((shard, seen) -> seen.forEach(n -> byWorkflow.computeIfAbsent(n, k -> new ArrayList<>())
        .add(shard)));
    for (String n : names) {
      assertThat(byWorkflow.get(n)).as("shards that evaluated " + n).hasSize(1);
    }
  }

  private static String project(String name) {
    return client.resources(FlyteWorkflow.class).inNamespace(NS).withName(name).get().getMetadata().getLabels()
        .get(WorkflowLabels.PROJECT);
  }

  /** The workflows each shard's log names (every process of that pod name). */
  private static Map<String, Set<String>> reportedBy(List<String> shards) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    for (String shard : shards) {
      out.put(shard, reported(logs.resolve(shard + ".log")));
    }
    return out;
  }

  private static Set<String> reported(Path log) {
    Set<String> out = new HashSet<>();
    try {
      for (String line : Files.readAllLines(log)) {
        Matcher m = REPORTED.matcher(line);
        if (m.find()) {
          out.add(m.group(1));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  /** Starts the manager (the packaged app in manager mode) with the given shard keys. */
  private void startManager(String logName, Map<String, String> shard) throws IOException {
    int port = LocalProcess.freePort();
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx128m",
        "-XX:+UseSerialGC", "-Dquarkus.http.port=" + port));
    Map<String, String> c = new LinkedHashMap<>(QuarkusConfig.kubernetesClient(kube));
    c.put("aloft.propeller.mode", "manager");
    c.put("aloft.propeller.manager.pod-template-name", TEMPLATE);
    c.put("aloft.propeller.manager.pod-template-namespace", SYSTEM);
    c.put("aloft.propeller.manager.pod-namespace", SYSTEM);
    c.put("aloft.propeller.manager.scan-interval", "1s");
    c.putAll(shard);
    c.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.addAll(List.of("-jar", jar().toString()));
    Path log = logs.resolve("manager-" + logName + ".log");
    Files.deleteIfExists(log);
    manager = LocalProcess.start("manager", cmd, Map.of(), log);
    URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
    manager.awaitReady("the manager", Instant.now().plus(Duration.ofSeconds(90)),
        () -> LocalProcess.httpOk(http, ready, null));
  }

  /** Waits until {@code count} shard pods run and are ready; their names. */
  private List<String> awaitShards(int count) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add(APP + "-" + i);
    }
    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(250)).until(() -> names.stream()
        .allMatch(this::shardReady));
    return names;
  }

  private boolean shardReady(String pod) {
    Pod p = client.pods().inNamespace(SYSTEM).withName(pod).get();
    if (p == null || p.getMetadata().getDeletionTimestamp() != null) {
      return false;
    }
    Integer port = ports.get(p.getMetadata().getUid());
    try {
      return port != null && LocalProcess.httpOk(http, URI.create("http://127.0.0.1:" + port + "/q/health/ready"),
          null);
    } catch (IOException notYet) {
      return false;
    }
  }

  /** Deletes what an earlier test left: its shard pods (they stop, as in a rollout) and its workflows' logs. */
  private void clean() throws IOException {
    client.pods().inNamespace(SYSTEM).withLabel("app", APP).delete();
    await().atMost(Duration.ofMinutes(1)).until(() -> client.pods().inNamespace(SYSTEM).withLabel("app", APP).list()
        .getItems().isEmpty());
    try (var files = Files.list(logs)) {
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith(APP)).toList()) {
        Files.delete(f);
      }
    }
  }

  /** Creates a one-node workflow with a container task in {@link #NS}, labelled as admin labels it. */
  private static String create(String name, String project, String domain) throws Exception {
    TaskTemplate t = TestWorkflows.task("sleepy", "container", Map.of(), 0).toBuilder()
        .setContainer(Tasks.Container.newBuilder().setImage("busybox:1.36").addArgs("true")).build();
    FlyteWorkflow wf = new TestWorkflows.Wf("one").node("n0", t, Map.of())
        .resource(name, LiteralMap.getDefaultInstance());
    wf.getMetadata().setNamespace(NS);
    wf.getMetadata().setFinalizers(List.of(FlyteWorkflow.FINALIZER));
    wf.getMetadata().getLabels().put(WorkflowLabels.PROJECT, project);
    wf.getMetadata().getLabels().put(WorkflowLabels.DOMAIN, domain);
    wf.executionId = new FlyteWorkflow.ExecutionId(project, domain, name, null);
    client.resources(FlyteWorkflow.class).inNamespace(NS).resource(wf).create();
    return name;
  }

  private static void awaitTerminated(List<String> names, Duration atMost) {
    Set<String> want = new HashSet<>(names);
    await().atMost(atMost).pollInterval(Duration.ofSeconds(1)).until(() -> client.resources(FlyteWorkflow.class)
        .inNamespace(NS).withLabel(WorkflowWriter.TERMINATION_LABEL, "terminated").list().getItems().stream()
        .map(w -> w.getMetadata().getName()).filter(want::contains).count() == want.size());
  }
}
