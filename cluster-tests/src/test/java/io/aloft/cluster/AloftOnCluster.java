package io.aloft.cluster;

import io.aloft.embedded.ClientCredentials;
import io.aloft.embedded.DevAuth;
import io.aloft.embedded.EmbeddedPostgresServer;
import io.aloft.embedded.EmbeddedS3Server;
import io.aloft.embedded.FlytekitConfig;
import io.aloft.embedded.ImageSet;
import io.aloft.embedded.cluster.EmbeddedCluster;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aloft deployed on a real single-node cluster, once for the whole tier: the cluster with the images built by
 * {@code ./aloft images} imported, a PostgreSQL and an S3 server on the node's address standing in for the user's
 * external ones, and {@code kubectl apply -k} of a site overlay ({@link SiteOverlay}) on top of
 * {@code deploy/overlays/ha}, waited for until every Deployment has rolled out. Tests reach admin through its Service
 * on a NodePort, with the real flytekit.
 *
 * <p>Test classes get it as a parameter ({@code @ExtendWith(AloftOnCluster.Extension.class)}); it is stopped when
 * the test plan ends.
 */
final class AloftOnCluster implements ExtensionContext.Store.CloseableResource {
  private static final Logger LOG = LoggerFactory.getLogger(AloftOnCluster.class);
  static final String NAMESPACE = "aloft";
  static final String PROJECT = "flytesnacks";
  static final String DOMAIN = "development";
  /** Where task pods run: admin's namespace template {{ project }}-{{ domain }}. */
  static final String EXECUTION_NAMESPACE = PROJECT + "-" + DOMAIN;
  static final int ADMIN_NODE_PORT = 30089;
  /** Admin's HTTP port on the node: the token endpoint flytekit and the tier's admin client get tokens from. */
  static final int ADMIN_HTTP_NODE_PORT = 30088;
  static final String BUCKET = "aloft";
  static final List<String> DEPLOYMENTS = List.of("aloft-admin", "aloft-datacatalog", "aloft-propeller");
  /** How long propeller tolerates ImagePullBackOff here (Flyte's default is 3m); the tier checks the bound. */
  static final Duration IMAGE_PULL_GRACE = Duration.ofSeconds(20);

  private final List<AutoCloseable> started = new ArrayList<>();
  private EmbeddedCluster cluster;
  private EmbeddedS3Server s3;
  private DevAuth auth;
  private KubernetesClient kube;
  private Flytekit flytekit;
  private AdminClient admin;
  private ClientCredentials credentials;
  private ClusterImages images;
  private Duration deployTook;
  private Path work;

  private AloftOnCluster() {}

  private AloftOnCluster start() {
    Instant t0 = Instant.now();
    try {
      images = ClusterImages.load(Flytekit.REPO);
      EmbeddedCluster.Builder b = EmbeddedCluster.builder()
          .sandboxImage(images.pause().containerdName(), images.pause().archive());
      for (ImageSet.Image i : images.workload()) {
        b.image(i.archive());
      }
      cluster = track(b.start());
      String node = cluster.nodeAddress();
      EmbeddedPostgresServer postgres = track(EmbeddedPostgresServer.start(null, 0, node, "10.88.0.0/16"));
      postgres.createDatabase("aloft_admin");
      postgres.createDatabase("aloft_datacatalog");
      s3 = track(EmbeddedS3Server.start(null, node, 0, EmbeddedS3Server.DEFAULT_ACCESS_KEY,
          EmbeddedS3Server.DEFAULT_SECRET_KEY));
      s3.createBucket(BUCKET);
      kube = track(new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(
          Files.readString(cluster.kubeconfig()))).build());

      // Outside the checkout: pyflyte leaves git-ignored files (target/ is) out of the code it uploads. The overlay,
      // flytekit's config and the launch streams' records stay there to look at after a run.
      work = Files.createTempDirectory("aloft-cluster-tier-");
      LOG.info("the tier's work directory (overlay, flytekit config, launch records): {}", work);
      // the deploy overlays run admin with authentication on: the site replaces the dev credentials with its own, as
      // docs/operations.md ("Authentication") tells an operator to, and adds a client for flytekit and the assertions
      auth = DevAuth.create(work.resolve("auth"), DevAuth.PROPELLER, DevAuth.FLYTEKIT);
      Path overlay = siteOverlay(postgres).writeTo(work.resolve("site"));
      Instant applied = Instant.now();
      cluster.kubectl("apply", "-k", overlay.toString());
      for (String d : DEPLOYMENTS) {
        var rollout = cluster.kubectlResult("rollout", "status", "-n", NAMESPACE, "deployment/" + d, "--timeout=240s");
        if (!rollout.ok()) {
          throw new IllegalStateException("deployment " + d + " did not roll out: " + rollout.output()
              + "\n" + diagnostics(work));
        }
      }
      deployTook = Duration.between(applied, Instant.now());
      flytekit = new Flytekit(work);
      FlytekitConfig.write(work.resolve("config.yaml"), "the deployed Aloft, through admin's NodePort", node,
          ADMIN_NODE_PORT, s3, new FlytekitConfig.ClientSecret(DevAuth.FLYTEKIT,
              auth.secretFiles().get(DevAuth.FLYTEKIT)), publicUrl(node));
      credentials = new ClientCredentials(URI.create(publicUrl(node) + "/oauth2/token"), DevAuth.FLYTEKIT,
          Files.readString(auth.secretFiles().get(DevAuth.FLYTEKIT)).strip());
      admin = track(new AdminClient(node, ADMIN_NODE_PORT, PROJECT, DOMAIN, credentials));
      LOG.info("Aloft deployed on the cluster in {} s (rollout {} s)", Duration.between(t0, Instant.now())
          .toSeconds(), deployTook.toSeconds());
      return this;
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException | Error e) {
      close();
      throw e;
    }
  }

  /**
   * What an operator would look at when a rollout hangs, written to {@code diagnostics.txt} in the work directory
   * (the cluster is gone once the fixture fails): pods and events, each Aloft pod's description and its logs.
   */
  private String diagnostics(Path work) {
    StringBuilder d = new StringBuilder();
    d.append(cluster.kubectlResult("get", "pods", "-A", "-o", "wide").output());
    d.append(cluster.kubectlResult("get", "events", "-A", "--sort-by=.lastTimestamp").output());
    d.append(cluster.kubectlResult("describe", "pods", "-n", NAMESPACE).output());
    for (String pod : cluster.kubectlResult("get", "pods", "-n", NAMESPACE, "-o", "name").output().split("\\s+")) {
      if (!pod.isBlank()) {
        d.append("\n--- logs of ").append(pod).append('\n');
        d.append(cluster.kubectlResult("logs", "-n", NAMESPACE, pod, "--tail=300").output());
      }
    }
    Path file = work.resolve("diagnostics.txt");
    try {
      Files.writeString(file, d);
    } catch (IOException e) {
      return d.toString();
    }
    return "pods, events, descriptions and logs in " + file;
  }

  // What a user's overlay says: where PostgreSQL and S3 are and the credentials; the tier's own choices are the
  // NodePort, a seed project, small task pods for a 2-core node, and a short image-pull grace to check the bound.
  private static final String SELF_CLIENTS = "aloft.admin.auth.app-auth.self-auth-server.static-clients.";

  /** Where flytekit and the assertions reach admin's HTTP port (the token endpoint): its NodePort. */
  private static String publicUrl(String node) {
    return "http://" + node + ":" + ADMIN_HTTP_NODE_PORT;
  }

  private SiteOverlay siteOverlay(EmbeddedPostgresServer postgres) {
    String node = cluster.nodeAddress();
    String s3Endpoint = s3.endpoint().toString();
    SiteOverlay o = new SiteOverlay(Flytekit.REPO, "ha")
        .set("admin", "quarkus.datasource.jdbc.url", postgres.jdbcUrl(node, "aloft_admin"))
        .set("admin", "quarkus.s3.endpoint-override", s3Endpoint)
        .set("admin", "aloft.admin.seed-projects", PROJECT)
        .set("datacatalog", "quarkus.datasource.jdbc.url", postgres.jdbcUrl(node, "aloft_datacatalog"))
        .set("datacatalog", "quarkus.s3.endpoint-override", s3Endpoint)
        .set("propeller", "quarkus.s3.endpoint-override", s3Endpoint)
        .set("propeller", "aloft.propeller.plugins.k8s.default-cpus", "100m")
        .set("propeller", "aloft.propeller.plugins.k8s.default-memory", "256Mi")
        .set("propeller", "aloft.propeller.plugins.k8s.image-pull-backoff-grace-period",
            IMAGE_PULL_GRACE.toSeconds() + "s")
        .secret("aloft-s3", "access-key-id", s3.accessKey())
        .secret("aloft-s3", "secret-access-key", s3.secretKey())
        .secret("aloft-admin-db", "username", EmbeddedPostgresServer.USER)
        .secret("aloft-admin-db", "password", EmbeddedPostgresServer.PASSWORD)
        .secret("aloft-datacatalog-db", "username", EmbeddedPostgresServer.USER)
        .secret("aloft-datacatalog-db", "password", EmbeddedPostgresServer.PASSWORD)
        .set("admin", "aloft.admin.auth.public-url", publicUrl(node))
        .set("admin", SELF_CLIENTS + DevAuth.PROPELLER + ".secret", auth.secretHashes().get(DevAuth.PROPELLER))
        .set("admin", SELF_CLIENTS + DevAuth.FLYTEKIT + ".secret", auth.secretHashes().get(DevAuth.FLYTEKIT))
        .secretFile("aloft-admin-auth", "token_rsa_key.pem", auth.signingKey())
        .secretFile("aloft-propeller-auth", "client_secret", auth.secretFiles().get(DevAuth.PROPELLER))
        .adminNodePort(ADMIN_NODE_PORT, ADMIN_HTTP_NODE_PORT);
    for (String service : ClusterImages.SERVICES) {
      o.image("aloft/" + service, images.service(service).ref());
    }
    return o;
  }



  EmbeddedCluster cluster() {
    return cluster;
  }

  KubernetesClient kube() {
    return kube;
  }

  Flytekit flytekit() {
    return flytekit;
  }

  AdminClient admin() {
    return admin;
  }

  /** Admin's HTTP address through its Service's NodePort: the console and the HTTP/JSON gateway. */
  String adminHttpUrl() {
    return publicUrl(cluster.nodeAddress());
  }

  /** The flytekit client's credentials (the dev client of the overlays), for calls that need a bearer token. */
  ClientCredentials credentials() {
    return credentials;
  }

  ClusterImages images() {
    return images;
  }

  EmbeddedS3Server s3() {
    return s3;
  }

  Duration deployTook() {
    return deployTook;
  }

  private <T extends AutoCloseable> T track(T c) {
    started.add(c);
    return c;
  }

  @Override
  public void close() {
    if (cluster != null && work != null) {
      // the cluster is gone after this: keep what an operator would look at for a failed test to read afterwards
      LOG.info("the cluster's pods, events and Aloft's logs: {}", diagnostics(work));
    }
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        LOG.warn("stopping {} failed", started.get(i), e);
      }
    }
    started.clear();
  }

  /** Resolves {@link AloftOnCluster} parameters with the one instance of this test plan. */
  static final class Extension implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
      return p.getParameter().getType() == AloftOnCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
      return c.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
          .getOrComputeIfAbsent(AloftOnCluster.class, k -> new AloftOnCluster().start(), AloftOnCluster.class);
    }
  }
}
