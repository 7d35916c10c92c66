package io.aloft.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.deploy.Kustomize.Rendering;
import io.aloft.deploy.ServicePermissions.Permission;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What each overlay renders to ({@code kubectl kustomize}, the pinned kubectl's kustomize): what tells single and ha
 * apart, and what every Aloft pod must have to run on a cluster. DeployDryRunIT then has a real API server accept it.
 */
class DeployManifestsTest {
  static final String NS = "aloft";
  static final List<String> SERVICES = List.of("admin", "datacatalog", "propeller");

  static Rendering render(String overlay) {
    return Kustomize.render("overlays/" + overlay);
  }

  static Container container(Deployment d) {
    List<Container> containers = d.getSpec().getTemplate().getSpec().getContainers();
    assertThat(containers).as(d.getMetadata().getName() + " containers").hasSize(1);
    return containers.get(0);
  }

  /** The Deployment running {@code service} in {@code overlay}: the shard manager in place of propeller if sharded. */
  static String deployment(String overlay, String service) {
    return overlay.equals("sharded") && service.equals("propeller") ? "aloft-propeller-manager" : "aloft-" + service;
  }

  static String env(Container c, String name) {
    return c.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst()
        .orElse(null);
  }

  @Test
  void singleRunsOneReplicaOfEachAndNoDisruptionBudgets() {
    Rendering single = render("single");
    for (String s : SERVICES) {
      assertThat(single.named(Deployment.class, "aloft-" + s).getSpec().getReplicas()).as(s).isEqualTo(1);
    }
    assertThat(single.all(PodDisruptionBudget.class)).isEmpty();
  }

  @Test
  void haRunsTwoReplicasOfEachKeptAboveOneByDisruptionBudgets() {
    Rendering ha = render("ha");
    for (String s : SERVICES) {
      Deployment d = ha.named(Deployment.class, "aloft-" + s);
      assertThat(d.getSpec().getReplicas()).as(s).isEqualTo(2);
      PodDisruptionBudget pdb = ha.named(PodDisruptionBudget.class, "aloft-" + s);
      assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
      assertThat(pdb.getSpec().getSelector().getMatchLabels())
          .isEqualTo(d.getSpec().getSelector().getMatchLabels());
      // replicas prefer different nodes but still schedule on one
      assertThat(d.getSpec().getTemplate().getSpec().getTopologySpreadConstraints()).singleElement()
          .satisfies(t -> assertThat(t.getWhenUnsatisfiable()).isEqualTo("ScheduleAnyway"));
    }
  }

  /**
   * The sharded overlay: the base's propeller Deployment became the manager (one replica, Recreate, manager mode,
   * propeller's image and ConfigMap), and the PodTemplate it reads is propeller's pod as the other overlays run it.
   */
  @Test
  void shardedRunsTheManagerInPlaceOfPropellerFromPropellersOwnPod() {
    Rendering sharded = render("sharded");
    assertThat(sharded.all(Deployment.class)).extracting(d -> d.getMetadata().getName())
        .containsExactlyInAnyOrder("aloft-admin", "aloft-datacatalog", "aloft-propeller-manager");
    Deployment manager = sharded.named(Deployment.class, "aloft-propeller-manager");
    assertThat(manager.getSpec().getReplicas()).isEqualTo(1);
    assertThat(manager.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    assertThat(manager.getSpec().getStrategy().getRollingUpdate()).isNull();
    assertThat(manager.getSpec().getSelector().getMatchLabels())
        .containsEntry("app.kubernetes.io/name", "aloft-propeller-manager");
    PodSpec managerPod = manager.getSpec().getTemplate().getSpec();
    assertThat(managerPod.getServiceAccountName()).isEqualTo("aloft-propeller-manager");
    assertThat(env(container(manager), "ALOFT_PROPELLER_MODE")).isEqualTo("manager");

    // the template the manager's settings name, with the container they name
    Properties config = sharded.properties("aloft-propeller-manager");
    PodTemplate template = sharded.named(PodTemplate.class,
        config.getProperty("aloft.propeller.manager.pod-template-name"));
    assertThat(template.getMetadata().getName()).isEqualTo(ServicePermissions.POD_TEMPLATE);
    assertThat(template.getMetadata().getNamespace())
        .isEqualTo(config.getProperty("aloft.propeller.manager.pod-template-namespace"));
    PodSpec shard = template.getTemplate().getSpec();
    assertThat(shard.getContainers()).extracting(Container::getName)
        .contains(config.getProperty("aloft.propeller.manager.pod-template-container-name"));
    // exactly the pod the single overlay runs as propeller: same image, ConfigMap, Secrets, probes, security
    Deployment propeller = render("single").named(Deployment.class, "aloft-propeller");
    assertThat(shard).isEqualTo(propeller.getSpec().getTemplate().getSpec());
    assertThat(template.getTemplate().getMetadata().getLabels())
        .isEqualTo(propeller.getSpec().getTemplate().getMetadata().getLabels());
    assertThat(env(shard.getContainers().get(0), "ALOFT_PROPELLER_MODE")).isNull();
    // the manager reads the same settings and runs the same image
    assertThat(managerPod.getVolumes()).isEqualTo(shard.getVolumes());
    assertThat(container(manager).getImage()).isEqualTo(shard.getContainers().get(0).getImage());

    // each shard's lease is one the shards' Role names
    int shards = Integer.parseInt(config.getProperty("aloft.propeller.manager.shard.shard-count"));
    assertThat(config.getProperty("aloft.propeller.manager.shard.type")).isEqualTo("hash");
    assertThat(ServicePermissions.SHARD_LEASES).hasSize(shards);
    for (int i = 0; i < shards; i++) {
      assertThat(ServicePermissions.SHARD_LEASES).contains("propeller-leader-" + i);
    }
    // the base's Service scrapes the shards (they carry the template's labels), the manager's its own pod
    Service shardsService = sharded.named(Service.class, "aloft-propeller");
    assertThat(template.getTemplate().getMetadata().getLabels()).containsAllEntriesOf(
        shardsService.getSpec().getSelector());
    assertThat(manager.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(
        sharded.named(Service.class, "aloft-propeller-manager").getSpec().getSelector());
    assertThat(sharded.all(PodDisruptionBudget.class)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"single", "ha"})
  void propellerElectsALeaderOnALeaseItMayWrite(String overlay) {
    Rendering r = render(overlay);
    Properties config = r.properties("aloft-propeller");
    assertThat(config.getProperty("aloft.propeller.leader-election.enabled")).isEqualTo("true");
    assertThat(config.getProperty("aloft.propeller.leader-election.lock-config-map.name"))
        .isEqualTo(ServicePermissions.LEASE);
    assertThat(config.getProperty("aloft.propeller.leader-election.lock-config-map.namespace"))
        .isEqualTo("${POD_NAMESPACE}");
    Container propeller = container(r.named(Deployment.class, "aloft-propeller"));
    assertThat(propeller.getEnv()).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("POD_NAMESPACE");
      assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
    }).anySatisfy(e -> {
      assertThat(e.getName()).isEqualTo("POD_NAME");
      assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"single", "ha", "sharded"})
  void imagesAreTheMavenProjectVersionPulledOnlyWhenAbsent(String overlay) {
    String version = System.getProperty("aloft.version");
    assertThat(version).as("system property aloft.version (the pom sets it)").isNotBlank();
    Rendering r = render(overlay);
    for (String s : SERVICES) {
      Container c = container(r.named(Deployment.class, deployment(overlay, s)));
      assertThat(c.getImage()).isEqualTo("aloft/" + s + ":" + version);
      assertThat(c.getImagePullPolicy()).isEqualTo("IfNotPresent");
    }
    for (PodTemplate t : r.all(PodTemplate.class)) {
      assertThat(t.getTemplate().getSpec().getContainers()).allSatisfy(c -> {
        assertThat(c.getImage()).isEqualTo("aloft/propeller:" + version);
        assertThat(c.getImagePullPolicy()).isEqualTo("IfNotPresent");
      });
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"single", "ha", "sharded"})
  void everyContainerHasProbesRequestsAndAMemoryLimit(String overlay) {
    for (Deployment d : render(overlay).all(Deployment.class)) {
      String name = d.getMetadata().getName();
      Container c = container(d);
      Set<String> ports = new HashSet<>(c.getPorts().stream().map(ContainerPort::getName).toList());
      Map<String, Probe> probes = Map.of("/q/health/started", c.getStartupProbe(),
          "/q/health/live", c.getLivenessProbe(), "/q/health/ready", c.getReadinessProbe());
      probes.forEach((path, probe) -> {
        assertThat(probe).as(name + " probe " + path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        assertThat(ports).as(name + " ports").contains(probe.getHttpGet().getPort().getStrVal());
      });
      // a JVM starting on a busy node: a minute at least before the startup probe gives up
      Probe startup = c.getStartupProbe();
      assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold()).isGreaterThanOrEqualTo(60);
      assertThat(c.getResources().getRequests()).as(name + " requests").containsKeys("cpu", "memory");
      assertThat(c.getResources().getLimits()).as(name + " limits").containsKey("memory");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"single", "ha", "sharded"})
  void podsBindEveryInterfaceReadTheMountedConfigAndNothingBindsLoopback(String overlay) {
    Rendering r = render(overlay);
    for (Deployment d : r.all(Deployment.class)) {
      Container c = container(d);
      assertThat(env(c, "QUARKUS_HTTP_HOST")).isEqualTo("0.0.0.0");
      assertThat(env(c, "QUARKUS_GRPC_SERVER_HOST")).isEqualTo("0.0.0.0");
      String mount = c.getVolumeMounts().stream().filter(m -> m.getName().equals("config")).findFirst()
          .orElseThrow().getMountPath();
      // the first location wins: an installation's overrides over the base's settings
      assertThat(env(c, "QUARKUS_CONFIG_LOCATIONS")).isEqualTo(mount + "/" + Kustomize.OVERRIDES + "," + mount
          + "/" + Kustomize.APPLICATION);
      r.properties(d.getMetadata().getName());
    }
    assertThat(r.yaml()).doesNotContain("127.0.0.1").doesNotContain("localhost");
  }

  @ParameterizedTest
  @ValueSource(strings = {"single", "ha", "sharded"})
  void podsMeetTheRestrictedStandardAndShutDownGracefully(String overlay) {
    Rendering r = render(overlay);
    for (Deployment d : r.all(Deployment.class)) {
      String name = d.getMetadata().getName();
      PodSpec pod = d.getSpec().getTemplate().getSpec();
      Container c = container(d);
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
      assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
      assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
      assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
      assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
      // the one place the JVM writes
      assertThat(c.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
      assertThat(pod.getVolumes()).anySatisfy(v -> assertThat(v.getEmptyDir()).isNotNull());
      // preStop lets endpoints drop the pod, then requests in flight get quarkus.shutdown.timeout: both fit the grace
      long preStop = c.getLifecycle().getPreStop().getSleep().getSeconds();
      Duration shutdown = Duration.parse("PT" + r.properties(name).getProperty("quarkus.shutdown.timeout")
          .toUpperCase(java.util.Locale.ROOT));
      assertThat(preStop).as(name + " preStop sleep").isGreaterThanOrEqualTo(5);
      assertThat(pod.getTerminationGracePeriodSeconds()).as(name + " grace period")
          .isGreaterThan(preStop + shutdown.toSeconds());
    }
    assertThat(r.named(Namespace.class, NS).getMetadata().getLabels())
        .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
  }

  @ParameterizedTest
  @ValueSource(strings = {"single", "ha", "sharded"})
  void everySecretAPodReadsExistsWithItsKey(String overlay) {
    Rendering r = render(overlay);
    for (Deployment d : r.all(Deployment.class)) {
      for (EnvVar e : container(d).getEnv()) {
        if (e.getValueFrom() == null || e.getValueFrom().getSecretKeyRef() == null) {
          continue;
        }
        var ref = e.getValueFrom().getSecretKeyRef();
        assertThat(r.named(Secret.class, ref.getName()).getData()).as(ref.getName()).containsKey(ref.getKey());
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"single", "ha", "sharded"})
  void authenticationIsOnAndEachServiceMountsOnlyItsOwnCredentials(String overlay) {
    Rendering r = render(overlay);
    Properties admin = r.properties("aloft-admin");
    assertThat(admin.getProperty("aloft.admin.auth.enabled")).isEqualTo("true");
    assertThat(admin.getProperty("aloft.admin.auth.app-auth.auth-server-type")).isEqualTo("Self");
    assertThat(admin.getProperty("aloft.admin.auth.app-auth.self-auth-server.static-clients.flytepropeller.secret"))
        .as("a bcrypt hash").startsWith("$2");
    PodSpec adminPod = r.named(Deployment.class, "aloft-admin").getSpec().getTemplate().getSpec();
    String key = admin.getProperty("aloft.admin.auth.app-auth.self-auth-server.signing-key-location");
    assertThat(secretFile(r, adminPod, key)).startsWith("-----BEGIN PRIVATE KEY-----");

    Properties propeller = r.properties(deployment(overlay, "propeller"));
    assertThat(propeller.getProperty("aloft.propeller.admin.auth-type")).isEqualTo("ClientSecret");
    assertThat(propeller.getProperty("aloft.propeller.admin.client-id")).isEqualTo("flytepropeller");
    PodSpec propellerPod = overlay.equals("sharded")
        ? r.named(PodTemplate.class, propeller.getProperty("aloft.propeller.manager.pod-template-name"))
            .getTemplate().getSpec()
        : r.named(Deployment.class, "aloft-propeller").getSpec().getTemplate().getSpec();
    assertThat(secretFile(r, propellerPod, propeller.getProperty("aloft.propeller.admin.client-secret-location")))
        .isNotBlank();
    assertThat(r.properties("aloft-datacatalog").getProperty("aloft.datacatalog.auth.enabled")).isEqualTo("true");

    // least privilege: only admin's pod has the signing key (anyone holding it could mint tokens)
    String signingSecret = volumeAt(adminPod, key).getSecret().getSecretName();
    List<PodSpec> others = new ArrayList<>();
    r.all(Deployment.class).stream().filter(d -> !d.getMetadata().getName().equals("aloft-admin"))
        .forEach(d -> others.add(d.getSpec().getTemplate().getSpec()));
    r.all(PodTemplate.class).forEach(t -> others.add(t.getTemplate().getSpec()));
    for (PodSpec pod : others) {
      assertThat(pod.getVolumes()).noneMatch(v -> v.getSecret() != null
          && signingSecret.equals(v.getSecret().getSecretName()));
    }
  }

  /** The content of the file at {@code path} in {@code pod}'s container: a Secret's key mounted in its directory. */
  static String secretFile(Rendering r, PodSpec pod, String path) {
    io.fabric8.kubernetes.api.model.Volume volume = volumeAt(pod, path);
    assertThat(volume.getSecret()).as(path + " comes from a Secret").isNotNull();
    String data = r.named(Secret.class, volume.getSecret().getSecretName()).getData()
        .get(path.substring(path.lastIndexOf('/') + 1));
    assertThat(data).as(path + " is a key of " + volume.getSecret().getSecretName()).isNotNull();
    return new String(java.util.Base64.getMimeDecoder().decode(data), java.nio.charset.StandardCharsets.UTF_8);
  }

  static io.fabric8.kubernetes.api.model.Volume volumeAt(PodSpec pod, String path) {
    String dir = path.substring(0, path.lastIndexOf('/'));
    String name = pod.getContainers().get(0).getVolumeMounts().stream().filter(m -> m.getMountPath().equals(dir))
        .findFirst().orElseThrow(() -> new AssertionError("nothing is mounted at " + dir)).getName();
    return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void servicesReachTheirPodsOnNamedPorts() {
    Rendering r = render("ha");
    Map<String, Map<String, Integer>> expected = Map.of(
        "aloft-admin", Map.of("grpc", 8089, "http", 8088),
        "aloft-datacatalog", Map.of("grpc", 8091, "http", 8090),
        "aloft-propeller", Map.of("http", 10254));
    expected.forEach((name, ports) -> {
      Service svc = r.named(Service.class, name);
      List<Deployment> selected = r.all(Deployment.class).stream().filter(d -> d.getSpec().getTemplate()
          .getMetadata().getLabels().entrySet().containsAll(svc.getSpec().getSelector().entrySet())).toList();
      assertThat(selected).as(name + " selects").extracting(d -> d.getMetadata().getName()).containsExactly(name);
      Container c = container(selected.get(0));
      Map<String, Integer> actual = new java.util.HashMap<>();
      for (ServicePort p : svc.getSpec().getPorts()) {
        actual.put(p.getName(), p.getPort());
        assertThat(p.getAppProtocol()).isEqualTo(p.getName());
        assertThat(c.getPorts()).as(name + " container port " + p.getTargetPort().getStrVal())
            .anySatisfy(cp -> assertThat(cp.getName()).isEqualTo(p.getTargetPort().getStrVal()));
      }
      assertThat(actual).isEqualTo(ports);
    });
    // propeller reaches admin and datacatalog through those Services
    Properties propeller = r.properties("aloft-propeller");
    for (String client : List.of("admin", "datacatalog")) {
      Service svc = r.named(Service.class, propeller.getProperty("quarkus.grpc.clients." + client + ".host"));
      assertThat(svc.getMetadata().getName()).isEqualTo("aloft-" + client);
      assertThat(svc.getSpec().getPorts()).anySatisfy(p -> {
        assertThat(p.getName()).isEqualTo("grpc");
        assertThat(p.getPort()).hasToString(propeller.getProperty("quarkus.grpc.clients." + client + ".port"));
      });
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"single", "ha", "sharded"})
  void everyServiceAccountHasExactlyTheRbacItsServiceNeeds(String overlay) {
    Rendering r = render(overlay);
    Map<String, List<Permission>> required = ServicePermissions.required(overlay);
    List<PodSpec> pods = new ArrayList<>(r.all(Deployment.class).stream().map(d -> d.getSpec().getTemplate()
        .getSpec()).toList());
    r.all(PodTemplate.class).forEach(t -> pods.add(t.getTemplate().getSpec()));
    Set<String> accounts = new HashSet<>();
    for (PodSpec pod : pods) {
      String account = pod.getServiceAccountName();
      accounts.add(account);
      r.named(ServiceAccount.class, account);
      assertThat(required).as("permissions of " + account).containsKey(account);
      assertThat(granted(r, account)).as(account).containsExactlyInAnyOrderElementsOf(required.get(account));
    }
    assertThat(accounts).as("accounts of " + overlay).containsExactlyInAnyOrderElementsOf(required.keySet());
    // no API access, no token in its pods
    assertThat(r.named(ServiceAccount.class, "aloft-datacatalog").getAutomountServiceAccountToken()).isFalse();
    assertThat(r.named(Deployment.class, "aloft-datacatalog").getSpec().getTemplate().getSpec()
        .getAutomountServiceAccountToken()).isFalse();
  }

  /** Everything the rendered RBAC grants ServiceAccount {@code account} of namespace aloft. */
  static List<Permission> granted(Rendering r, String account) {
    List<Permission> out = new ArrayList<>();
    Stream.concat(
        r.all(ClusterRoleBinding.class).stream().map(b -> new Binding(null, b.getRoleRef(), b.getSubjects())),
        r.all(RoleBinding.class).stream()
            .map(b -> new Binding(b.getMetadata().getNamespace(), b.getRoleRef(), b.getSubjects())))
        .filter(b -> b.subjects().stream().anyMatch(s -> s.getKind().equals("ServiceAccount")
            && s.getName().equals(account) && NS.equals(s.getNamespace())))
        .forEach(b -> {
          List<PolicyRule> rules = b.roleRef().getKind().equals("ClusterRole")
              ? r.named(ClusterRole.class, b.roleRef().getName()).getRules()
              : r.all(Role.class).stream().filter(role -> role.getMetadata().getName().equals(b.roleRef().getName())
                  && role.getMetadata().getNamespace().equals(b.namespace())).findFirst()
                  .orElseThrow(() -> new AssertionError("no Role " + b.roleRef().getName())).getRules();
          for (PolicyRule rule : rules) {
            List<String> names = rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
                ? java.util.Collections.singletonList(null) : rule.getResourceNames();
            for (String group : rule.getApiGroups()) {
              for (String resource : rule.getResources()) {
                for (String verb : rule.getVerbs()) {
                  for (String name : names) {
                    out.add(new Permission(group, resource, verb, b.namespace(), name));
                  }
                }
              }
            }
          }
        });
    return out;
  }

  record Binding(String namespace, RoleRef roleRef, List<Subject> subjects) {}

  /** The overlay docs/operations.md walks through: a registry, PostgreSQL, S3 and credentials of its own. */
  @Test
  void anInstallationsOverlayReplacesImagesSettingsAndCredentials() {
    Rendering r = Kustomize.render("examples/my-aloft");
    for (String s : SERVICES) {
      assertThat(container(r.named(Deployment.class, "aloft-" + s)).getImage())
          .isEqualTo("registry.example.com/aloft/" + s + ":" + System.getProperty("aloft.version"));
    }
    assertThat(r.properties("aloft-admin").getProperty("quarkus.datasource.jdbc.url"))
        .isEqualTo("jdbc:postgresql://postgres.data.svc:5432/aloft_admin");
    assertThat(r.properties("aloft-datacatalog").getProperty("quarkus.datasource.jdbc.url"))
        .isEqualTo("jdbc:postgresql://postgres.data.svc:5432/aloft_datacatalog");
    // settings the overlay leaves alone keep the base's values
    assertThat(r.properties("aloft-propeller").getProperty("aloft.propeller.workers")).isEqualTo("10");
    assertThat(r.properties("aloft-propeller").getProperty("aloft.propeller.plugins.k8s.default-cpus"))
        .isEqualTo("500m");
    for (String s : SERVICES) {
      assertThat(r.properties("aloft-" + s).getProperty("quarkus.s3.endpoint-override"))
          .isEqualTo("http://minio.data.svc:9000");
    }
    Secret db = r.all(Secret.class).stream().filter(x -> x.getMetadata().getName().startsWith("aloft-admin-db"))
        .findFirst().orElseThrow();
    assertThat(new String(java.util.Base64.getDecoder().decode(db.getData().get("password"))))
        .isEqualTo("example-admin-password");
    // the Deployments read the replaced Secret (kustomize renamed the references with its hash)
    assertThat(container(r.named(Deployment.class, "aloft-admin")).getEnv()).filteredOn(e -> e.getValueFrom() != null
        && e.getValueFrom().getSecretKeyRef() != null && e.getValueFrom().getSecretKeyRef().getKey().equals("password"))
        .singleElement().satisfies(e -> assertThat(e.getValueFrom().getSecretKeyRef().getName())
            .isEqualTo(db.getMetadata().getName()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"single", "ha", "sharded"})
  void everythingNamespacedIsInAloft(String overlay) {
    for (HasMetadata o : render(overlay).items()) {
      boolean clusterScoped = Set.of("Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding")
          .contains(o.getKind());
      assertThat(o.getMetadata().getNamespace()).as(o.getKind() + " " + o.getMetadata().getName())
          .isEqualTo(clusterScoped ? null : NS);
    }
  }
}
