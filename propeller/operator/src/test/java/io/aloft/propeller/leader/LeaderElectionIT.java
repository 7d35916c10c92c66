package io.aloft.propeller.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aloft.crd.FlyteWorkflow;
import io.aloft.crd.FlyteWorkflowCrd;
import io.aloft.embedded.EmbeddedKubeApiServer;
import io.aloft.embedded.LocalProcess;
import io.aloft.embedded.QuarkusConfig;
import io.aloft.engine.status.StatusJson;
import io.aloft.engine.status.WorkflowPhase;
import io.aloft.propeller.controller.WorkflowLoopIT;
import io.aloft.propeller.controller.WorkflowWriter;
import io.aloft.testkit.SharedComponents;
import io.aloft.testkit.kube.Crds;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Packaged propeller processes with leader election on, as the {@code ha} overlay runs them, against one API server
 * (a private one: the in-JVM operators of the other tests watch every namespace of the shared one) and S3. Only the
 * Lease holder evaluates; a killed leader is replaced once its lease expires; a leader stopped gracefully releases
 * the lease, so a follower takes over long before it would expire; a leader that loses the lease exits.
 */
class LeaderElectionIT {
  private static final String LEASE_NAMESPACE = "aloft-system";
  private static final String LEASE_NAME = "propeller-leader";
  private static final String BUCKET = "leader-it";
  // Short enough to keep the test quick; the gap between lease-duration and renew-deadline separates a released
  // lease (taken over within about one retry-period) from an expired one (lease-duration after the last renewal).
  private static final Duration LEASE_DURATION = Duration.ofSeconds(6);
  private static final Duration RENEW_DEADLINE = Duration.ofSeconds(4);
  private static final Duration RETRY_PERIOD = Duration.ofMillis(500);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static EmbeddedKubeApiServer kube;
  private static KubernetesClient client;
  private static String propellerToken;
  private static final List<Replica> replicas = new ArrayList<>();
  /** Replicas this test killed or stopped (a stopping one may still run, without its HTTP server). */
  private final Set<Replica> stopped = new HashSet<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /** One propeller pod: its name, HTTP port and process. */
  record Replica(String pod, int port, LocalProcess process) {
    boolean holds(String holder) {
      return holder.startsWith(pod + "_");
    }
  }

  @BeforeAll
  static void cluster() {
    kube = EmbeddedKubeApiServer.builder().start();
    client = new KubernetesClientBuilder().withConfig(SharedComponents.clientConfig(kube)).build();
    Crds.install(client, FlyteWorkflowCrd.yaml());
    SharedComponents.s3().createBucket(BUCKET);
    for (String ns : List.of(LEASE_NAMESPACE, WorkflowLoopIT.NS)) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
    }
    propellerToken = leastPrivilegeToken();
  }

  /**
   * The replicas run as service account {@code aloft-system/propeller} with the lease rights docs/operations.md
   * lists and nothing more (create, and get/update/patch of this lease only; fabric8's elector renews with PATCH,
   * which the operator SDK's check at start does not ask for), plus what these echo workflows need: the workflows
   * and their status, and the pods the pod plugin watches.
   */
  private static String leastPrivilegeToken() {
    client.serviceAccounts().resource(new ServiceAccountBuilder().withNewMetadata().withName("propeller")
        .withNamespace(LEASE_NAMESPACE).endMetadata().build()).create();
    Subject subject = new SubjectBuilder().withKind("ServiceAccount").withName("propeller")
        .withNamespace(LEASE_NAMESPACE).build();
    client.rbac().roles().resource(new RoleBuilder().withNewMetadata().withName("propeller-leader-election")
        .withNamespace(LEASE_NAMESPACE).endMetadata()
        .addToRules(rule("coordination.k8s.io", "leases", "create"))
        .addToRules(new PolicyRuleBuilder(rule("coordination.k8s.io", "leases", "get", "update", "patch"))
            .withResourceNames(LEASE_NAME).build()).build()).create();
    client.rbac().roleBindings().resource(new RoleBindingBuilder().withNewMetadata()
        .withName("propeller-leader-election").withNamespace(LEASE_NAMESPACE).endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "Role", "propeller-leader-election")
        .withSubjects(subject).build()).create();
    client.rbac().clusterRoles().resource(new ClusterRoleBuilder().withNewMetadata()
        .withName("leader-it-workflows").endMetadata()
        .addToRules(rule("aloft.io", "flyteworkflows", "get", "list", "watch", "update", "patch"))
        .addToRules(rule("aloft.io", "flyteworkflows/status", "get", "update", "patch"))
        .addToRules(rule("", "pods", "get", "list", "watch")).build()).create();
    client.rbac().clusterRoleBindings().resource(new ClusterRoleBindingBuilder().withNewMetadata()
        .withName("leader-it-workflows").endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "leader-it-workflows")
        .withSubjects(subject).build()).create();
    return client.serviceAccounts().inNamespace(LEASE_NAMESPACE).withName("propeller")
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
        .getStatus().getToken();
  }

  private static PolicyRule rule(String group, String resource, String... verbs) {
    return new PolicyRuleBuilder().withApiGroups(group).withResources(resource).withVerbs(verbs).build();
  }

  @AfterAll
  static void stop() {
    replicas.forEach(r -> r.process().kill());
    if (client != null) {
      client.close();
    }
    if (kube != null) {
      kube.close();
    }
  }

  @Test
  void onlyTheHolderEvaluatesAndAFollowerTakesOverWhenTheLeaderDiesOrLeaves() throws Exception {
    List<Replica> first = startAndAwaitReady("propeller-a", "propeller-b");
    Replica leader = awaitLeader(first);
    Replica follower = other(first, leader);
    // the lease is written before the elector's callback opens the leader's gate
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(leaderElectionHealth(leader).get("leading").asBoolean()).isTrue());
    assertThat(leaderElectionHealth(follower).get("leading").asBoolean()).isFalse();
    // the follower learns the holder from its own next look at the lease, up to a retry-period later
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(leaderElectionHealth(follower).get("leader").asText()).isEqualTo(holder()));

    runToSuccess("before");
    assertThat(metric(leader, "aloft_propeller_round_success_total")).isPositive();
    assertThat(metric(leader, "aloft_propeller_leader")).isEqualTo(1);
    assertOnlyFollows(follower);

    // SIGKILL, as a node failure: nothing releases the lease, the follower waits for it to expire
    Instant killed = Instant.now();
    stopped.add(leader);
    leader.process().kill();
    Duration afterKill = awaitHolder(follower, killed);
    System.out.printf("leader SIGKILLed: %s took over after %d ms (lease-duration %s)%n", follower.pod(),
        afterKill.toMillis(), LEASE_DURATION);
    assertThat(afterKill).isBetween(LEASE_DURATION.minus(RETRY_PERIOD.multipliedBy(2)),
        LEASE_DURATION.plusSeconds(3));
    Replica survivor = follower;
    runToSuccess("after-kill");
    assertThat(metric(survivor, "aloft_propeller_round_success_total")).isPositive();
    assertThat(metric(survivor, "aloft_propeller_leader_transitions_total")).isEqualTo(1);

    // the killed pod's replacement, and a third replica
    List<Replica> next = startAndAwaitReady("propeller-c", "propeller-d");
    assertThat(holder()).startsWith(survivor.pod() + "_");
    next.forEach(this::assertOnlyFollows);

    // SIGTERM, as a pod deletion or rolling update: the leader drains, stops and releases the lease
    Instant terminated = Instant.now();
    stopped.add(survivor);
    survivor.process().terminate();
    Replica successor = awaitLeader(next);
    Duration afterTerm = Duration.between(terminated, Instant.now());
    System.out.printf("leader SIGTERMed: %s took over after %d ms (lease-duration %s)%n", successor.pod(),
        afterTerm.toMillis(), LEASE_DURATION);
    assertThat(afterTerm).as("released, not expired").isLessThan(RENEW_DEADLINE);
    assertThat(survivor.process().awaitExit(Duration.ofSeconds(15))).isPresent();
    assertThat(Files.readString(survivor.process().log())).contains(survivor.pod() + "_",
        "released the Lease " + LEASE_NAMESPACE + "/" + LEASE_NAME);
    runToSuccess("after-term");
    assertThat(metric(successor, "aloft_propeller_round_success_total")).isPositive();
    Replica bystander = other(next, successor);
    assertOnlyFollows(bystander);

    // another holder appears (what a partitioned leader finds once it reaches the API server again): it exits
    stopped.add(successor);
    steal();
    OptionalInt exit = successor.process().awaitExit(Duration.ofSeconds(15));
    assertThat(exit).as("the deposed leader exits").hasValue(1);
    assertThat(Files.readString(successor.process().log())).contains("lost the Lease");
    client.resources(FlyteWorkflow.class).inNamespace(WorkflowLoopIT.NS)
        .resource(WorkflowLoopIT.chain("orphan", 2)).create();
    await("nobody holds the lease: nobody evaluates").during(LEASE_DURATION.dividedBy(2))
        .atMost(LEASE_DURATION).until(() -> workflow("orphan").status == null);
    assertOnlyFollows(bystander);
  }

  /** Starts propeller pods {@code pods} (the packaged app) and waits until each is ready, followers included. */
  private List<Replica> startAndAwaitReady(String... pods) throws IOException {
    Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
    assertThat(jar).as("the packaged propeller (failsafe runs after package)").exists();
    List<Replica> started = new ArrayList<>();
    for (String pod : pods) {
      int port = LocalProcess.freePort();
      List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
          "-Xmx256m", "-XX:+UseSerialGC", "-Dquarkus.http.port=" + port));
      config().forEach((k, v) -> cmd.add("-D" + k + "=" + v));
      cmd.addAll(List.of("-jar", jar.toString()));
      Path log = Files.createDirectories(Path.of("target/leader-election")).resolve(pod + ".log");
      Files.deleteIfExists(log);
      // the Downward API env of the ha overlay's Deployment
      LocalProcess process = LocalProcess.start(pod, cmd, Map.of("POD_NAME", pod, "POD_NAMESPACE", LEASE_NAMESPACE),
          log);
      Replica replica = new Replica(pod, port, process);
      replicas.add(replica);
      started.add(replica);
    }
    for (Replica r : started) {
      URI ready = URI.create("http://127.0.0.1:" + r.port() + "/q/health/ready");
      r.process().awaitReady(r.pod() + " readiness", Instant.now().plus(Duration.ofSeconds(90)),
          () -> LocalProcess.httpOk(http, ready, null));
    }
    return started;
  }

  private static Map<String, String> config() {
    Map<String, String> c = new LinkedHashMap<>(QuarkusConfig.kubernetesClient(kube));
    c.put("quarkus.kubernetes-client.token", propellerToken);
    c.putAll(QuarkusConfig.s3(SharedComponents.s3(), BUCKET));
    c.put("aloft.propeller.event.type", "log");
    c.put("aloft.propeller.workflow-reeval-duration", "1s");
    c.put("aloft.propeller.leader-election.enabled", "true");
    c.put("aloft.propeller.leader-election.lease-duration", LEASE_DURATION.toMillis() + "ms");
    c.put("aloft.propeller.leader-election.renew-deadline", RENEW_DEADLINE.toMillis() + "ms");
    c.put("aloft.propeller.leader-election.retry-period", RETRY_PERIOD.toMillis() + "ms");
    return c;
  }

  /** The holder of the lease, or "" when there is none. */
  private static String holder() {
    Lease lease = client.resources(Lease.class).inNamespace(LEASE_NAMESPACE).withName(LEASE_NAME).get();
    return lease == null || lease.getSpec().getHolderIdentity() == null ? "" : lease.getSpec().getHolderIdentity();
  }

  /** Waits until one of {@code candidates} holds the lease, and asserts that no other replica claims to lead. */
  private Replica awaitLeader(List<Replica> candidates) {
    String h = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
        .until(LeaderElectionIT::holder, s -> candidates.stream().anyMatch(r -> r.holds(s)));
    Replica leader = candidates.stream().filter(r -> r.holds(h)).findFirst().orElseThrow();
    for (Replica r : replicas) {
      if (r != leader && !stopped.contains(r)) {
        assertThat(leaderElectionHealth(r).get("leading").asBoolean()).as(r.pod() + " leads too").isFalse();
      }
    }
    return leader;
  }

  /** Waits until {@code next} holds the lease; the time since {@code since}. */
  private Duration awaitHolder(Replica next, Instant since) {
    awaitLeader(List.of(next));
    return Duration.between(since, Instant.now());
  }

  private static Replica other(List<Replica> pair, Replica one) {
    return pair.get(0) == one ? pair.get(1) : pair.get(0);
  }

  /**
   * A follower is ready, says it follows, keeps no queue (Flyte's standbys fill theirs, flyteorg/flyte#6435), and has
   * evaluated nothing and written nothing.
   */
  private void assertOnlyFollows(Replica r) {
    assertThat(leaderElectionHealth(r).get("leading").asBoolean()).as(r.pod() + " leading").isFalse();
    assertThat(metric(r, "aloft_propeller_leader")).as(r.pod()).isZero();
    assertThat(body(r, "/q/metrics")).contains("aloft_propeller_workqueue_depth ");
    assertThat(metric(r, "aloft_propeller_workqueue_depth")).as(r.pod() + " queue").isZero();
    for (String series : List.of("aloft_propeller_round_success_total", "aloft_propeller_round_error_total",
        "aloft_propeller_round_skipped_total", "aloft_propeller_wf_updated_total")) {
      assertThat(metric(r, series)).as(r.pod() + " " + series).isZero();
    }
  }

  /** Creates three echo chains named {@code prefix-i} and waits until each succeeded and was finished. */
  private void runToSuccess(String prefix) throws Exception {
    for (int i = 0; i < 3; i++) {
      client.resources(FlyteWorkflow.class).inNamespace(WorkflowLoopIT.NS)
          .resource(WorkflowLoopIT.chain(prefix + "-" + i, 3)).create();
    }
    for (int i = 0; i < 3; i++) {
      String name = prefix + "-" + i;
      FlyteWorkflow done = await().atMost(Duration.ofSeconds(30)).until(() -> workflow(name),
          w -> w != null && w.getMetadata().getLabels() != null
              && "terminated".equals(w.getMetadata().getLabels().get(WorkflowWriter.TERMINATION_LABEL)));
      assertThat(StatusJson.fromNode(done.status).phase).as(name).isEqualTo(WorkflowPhase.SUCCESS);
    }
  }

  private static FlyteWorkflow workflow(String name) {
    return client.resources(FlyteWorkflow.class).inNamespace(WorkflowLoopIT.NS).withName(name).get();
  }

  /**
   * Another identity takes the lease for an hour, as if the leader had been partitioned away and replaced. The
   * leader renews the lease meanwhile, so a stale edit is refused (409 Conflict) and is made again on the new version.
   */
  private static void steal() {
    for (int attempt = 0; ; attempt++) {
      try {
        stealOnce();
        return;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= 10) {
          throw e;
        }
      }
    }
  }

  private static void stealOnce() {
    client.resources(Lease.class).inNamespace(LEASE_NAMESPACE).withName(LEASE_NAME).edit(l -> {
      ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
      l.getSpec().setHolderIdentity("intruder_0");
      l.getSpec().setLeaseDurationSeconds(3600);
      l.getSpec().setAcquireTime(now);
      l.getSpec().setRenewTime(now);
      return l;
    });
  }

  private JsonNode leaderElectionHealth(Replica r) {
    JsonNode health = get(r, "/q/health/ready");
    for (JsonNode check : health.get("checks")) {
      if ("leader-election".equals(check.get("name").asText())) {
        assertThat(check.get("status").asText()).isEqualTo("UP");
        return check.get("data");
      }
    }
    throw new AssertionError(r.pod() + " has no leader-election check: " + health);
  }

  private double metric(Replica r, String series) {
    return WorkflowLoopIT.counter(body(r, "/q/metrics"), series);
  }

  private JsonNode get(Replica r, String path) {
    try {
      return JSON.readTree(body(r, path));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private String body(Replica r, String path) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r.port() + path))
          .timeout(Duration.ofSeconds(5)).GET().build();
      return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      throw new IllegalStateException(r.pod() + " " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
