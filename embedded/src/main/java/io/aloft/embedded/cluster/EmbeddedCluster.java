package io.aloft.embedded.cluster;

import io.aloft.embedded.EmbeddedKubeApiServer;
import io.aloft.embedded.KubeBinaries;
import io.aloft.embedded.LocalProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kubernetes cluster on this host, started from the pinned binaries: etcd, kube-apiserver,
 * kube-controller-manager, kube-scheduler, a kubelet on Debian's containerd + runc with the CNI bridge, kube-proxy in
 * iptables mode, and CoreDNS for Service names. Pods run as real containers; images come from archives imported
 * into containerd (no registry is reachable here).
 *
 * <p>Everything pods must reach binds the node bridge's address ({@link #nodeAddress()}): the API server (pods use
 * the {@code kubernetes} Service), CoreDNS ({@code kube-dns}), and whatever a test adds, such as PostgreSQL and S3.
 * The address is local to the host too, so host clients use the same URLs.
 *
 * <p>It needs root, and it is host-wide: one per host at a time ({@link ClusterLock}). It stops cleanly on
 * {@link #close()}, and a start cleans up after a run that was killed. The apiserver-only
 * {@link EmbeddedKubeApiServer} stays the fast tiers' control plane.
 */
public final class EmbeddedCluster implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedCluster.class);
  /** The cluster DNS address (kubelet's clusterDNS, the {@code kube-dns} Service), inside the Service range. */
  public static final String CLUSTER_DNS = "10.96.0.10";

  private final Builder options;
  private final Path workDir;
  private final boolean temporary;
  private final NodeNetwork network;
  private final NodeBinaries node;
  private final KubeBinaries control;
  private final Map<String, LocalProcess> processes = new LinkedHashMap<>();
  private ClusterLock lock;
  private EmbeddedKubeApiServer kube;
  private Containerd containerd;
  private Path kubeconfig;

  private EmbeddedCluster(Builder b) {
    this.options = b;
    this.temporary = b.workDir == null;
    try {
      this.workDir = b.workDir != null ? Files.createDirectories(b.workDir).toRealPath()
          : Files.createTempDirectory("aloft-cluster-").toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.network = new NodeNetwork(b.bridge, b.nodeAddress, b.prefixLength, b.podCidr);
    this.node = NodeBinaries.locate();
    this.control = KubeBinaries.locate();
  }

  public static Builder builder() {
    return new Builder();
  }

  private EmbeddedCluster start() {
    Instant began = Instant.now();
    Instant deadline = began.plus(options.startupTimeout);
    try {
      lock = ClusterLock.acquire(options.lockFile);
      lock.previousWorkDir().ifPresent(this::cleanUpAfterDeadRun);
      lock.record(workDir);
      cleanUpAfterDeadRun(workDir);
      network.setUp();
      kube = EmbeddedKubeApiServer.builder().workDir(workDir.resolve("kube")).address(network.nodeAddress())
          .serviceAccountAdmission(true)
          // the kubelet registers under an overridden hostname that does not resolve: reach it by address
          .apiServerFlag("--kubelet-preferred-address-types=InternalIP,Hostname")
          .startupTimeout(options.startupTimeout).start();
      kubeconfig = kube.writeKubeconfig(workDir.resolve("kubeconfig"));
      startContainerd(deadline);
      startControllers();
      startKubelet(deadline);
      startKubeProxy(deadline);
      startDns(deadline);
      awaitSchedulable(deadline);
      LOG.info("single-node cluster up in {} s: API {}, node {} at {}, work dir {}",
          Duration.between(began, Instant.now()).toSeconds(), kube.url(), options.nodeName, network.nodeAddress(),
          workDir);
      return this;
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private void startContainerd(Instant deadline) {
    Path cniConf = workDir.resolve("cni/net.d");
    write(cniConf.resolve("10-aloft.conflist"), network.cniConfig(workDir.resolve("cni/ipam")));
    containerd = new Containerd(workDir.resolve("containerd"));
    containerd.start(options.sandboxImage, cniConf, deadline);
    for (Path archive : options.images) {
      importImage(archive);
    }
  }

  private void startControllers() {
    Path pki = workDir.resolve("kube/pki");
    String kc = kubeconfig.toString();
    start("kube-controller-manager", List.of(node.controllerManager().toString(),
        "--kubeconfig=" + kc, "--authentication-kubeconfig=" + kc, "--authorization-kubeconfig=" + kc,
        "--leader-elect=false", "--bind-address=127.0.0.1", "--secure-port=" + LocalProcess.freePort(),
        "--cluster-name=aloft",
        // mints the legacy token controller's keys and publishes the CA pods trust (kube-root-ca.crt)
        "--service-account-private-key-file=" + pki.resolve("sa.key"),
        "--root-ca-file=" + pki.resolve("apiserver.crt"),
        "--use-service-account-credentials=false"));
    start("kube-scheduler", List.of(node.scheduler().toString(),
        "--kubeconfig=" + kc, "--authentication-kubeconfig=" + kc, "--authorization-kubeconfig=" + kc,
        "--leader-elect=false", "--bind-address=127.0.0.1", "--secure-port=" + LocalProcess.freePort()));
  }

  private void startKubelet(Instant deadline) {
    Path dir = workDir.resolve("kubelet");
    int healthz = LocalProcess.freePort();
    Path config = write(workDir.resolve("kubelet-config.yaml"), NodeConfigs.kubelet(containerd.socket(),
        network.nodeAddress(), LocalProcess.freePort(), healthz, dir, network.podCidr(), CLUSTER_DNS));
    LocalProcess kubelet = start("kubelet", List.of(node.kubelet().toString(),
        "--config=" + config, "--kubeconfig=" + kubeconfig, "--root-dir=" + dir.resolve("root"),
        "--cert-dir=" + dir.resolve("pki"), "--hostname-override=" + options.nodeName,
        "--node-ip=" + network.nodeAddress(), "--v=1"));
    HttpClient http = HttpClient.newHttpClient();
    kubelet.awaitReady("kubelet /healthz", deadline,
        () -> LocalProcess.httpOk(http, URI.create("http://127.0.0.1:" + healthz + "/healthz"), null));
    kubelet.awaitReady("node " + options.nodeName + " Ready", deadline, () -> "True".equals(kubectlQuiet(
        "get", "node", options.nodeName, "-o", "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}")));
  }

  private void startKubeProxy(Instant deadline) {
    int healthz = LocalProcess.freePort();
    Path config = write(workDir.resolve("kube-proxy-config.yaml"), NodeConfigs.kubeProxy(kubeconfig,
        options.nodeName, network.podCidr(), healthz, LocalProcess.freePort()));
    LocalProcess proxy = start("kube-proxy", List.of(node.kubeProxy().toString(), "--config=" + config));
    HttpClient http = HttpClient.newHttpClient();
    proxy.awaitReady("kube-proxy /healthz", deadline,
        () -> LocalProcess.httpOk(http, URI.create("http://127.0.0.1:" + healthz + "/healthz"), null));
  }

  private void startDns(Instant deadline) {
    int ready = LocalProcess.freePort();
    Path corefile = write(workDir.resolve("coredns/Corefile"), NodeConfigs.corefile(network.nodeAddress(),
        kubeconfig, "aloft-local", LocalProcess.freePort(), ready));
    LocalProcess dns = start("coredns", List.of(node.coredns().toString(), "-conf", corefile.toString()));
    apply(NodeConfigs.dnsService(CLUSTER_DNS, network.nodeAddress()));
    HttpClient http = HttpClient.newHttpClient();
    dns.awaitReady("CoreDNS /ready", deadline,
        () -> LocalProcess.httpOk(http, URI.create("http://127.0.0.1:" + ready + "/ready"), null));
  }

  // The node registers tainted not-ready; the controller-manager lifts the taint, creates each namespace's default
  // ServiceAccount and publishes the CA pods trust. Until then pods would not schedule or would not start.
  private void awaitSchedulable(Instant deadline) {
    LocalProcess cm = processes.get("kube-controller-manager");
    cm.awaitReady("the node's not-ready taint to be lifted", deadline,
        () -> kubectlQuiet("get", "node", options.nodeName, "-o", "jsonpath={.spec.taints}").isBlank());
    cm.awaitReady("the default ServiceAccount", deadline,
        () -> !kubectlQuiet("get", "serviceaccount", "default", "-n", "default", "-o", "name").isBlank());
    cm.awaitReady("the kube-root-ca.crt ConfigMap", deadline,
        () -> !kubectlQuiet("get", "configmap", "kube-root-ca.crt", "-n", "default", "-o", "name").isBlank());
  }

  /** Imports an image archive (OCI layout or {@code docker save} tarball) into the node's containerd. */
  public void importImage(Path archive) {
    long t0 = System.nanoTime();
    containerd.importImage(archive);
    LOG.info("imported {} in {} ms", archive.getFileName(), (System.nanoTime() - t0) / 1_000_000);
  }

  /** The images the node's containerd holds (full references, e.g. {@code docker.io/aloft/admin:0.1.0}). */
  public List<String> images() {
    return containerd.images();
  }

  /** The API server (URL, token, certificate) of this cluster. */
  public EmbeddedKubeApiServer apiServer() {
    return kube;
  }

  /** A kubeconfig of a cluster administrator for this cluster. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /** The node bridge's address: bind here what pods must reach; host clients reach it too. */
  public String nodeAddress() {
    return network.nodeAddress();
  }

  public String nodeName() {
    return options.nodeName;
  }

  public Path workDir() {
    return workDir;
  }

  /** Runs kubectl against this cluster; throws, with its output, unless it succeeds. */
  public String kubectl(String... args) {
    return Commands.run(options.commandTimeout, kubectlCommand(args));
  }

  /** Runs kubectl and returns its exit code and output without throwing. */
  public Commands.Result kubectlResult(String... args) {
    return Commands.attempt(options.commandTimeout, kubectlCommand(args));
  }

  /** {@code kubectl apply} of a YAML document (one or more objects). */
  public void apply(String yaml) {
    try {
      Path file = Files.createTempFile(workDir, "apply-", ".yaml");
      Files.writeString(file, yaml);
      kubectl("apply", "-f", file.toString());
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String kubectlQuiet(String... args) {
    Commands.Result r = kubectlResult(args);
    return r.ok() ? r.output().trim() : "";
  }

  private String[] kubectlCommand(String... args) {
    List<String> cmd = new ArrayList<>(List.of(control.kubectl().toString(), "--kubeconfig=" + kubeconfig));
    cmd.addAll(List.of(args));
    return cmd.toArray(String[]::new);
  }

  /** The log file of a component ({@code kubelet}, {@code containerd}, {@code kube-proxy}, ...). */
  public Path log(String component) {
    return component.equals("containerd") ? containerd.log() : workDir.resolve("logs/" + component + ".log");
  }

  private LocalProcess start(String name, List<String> command) {
    LocalProcess p = LocalProcess.start(name, command, workDir.resolve("logs/" + name + ".log"));
    processes.put(name, p);
    return p;
  }

  private static Path write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      return Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Stops the node first (no new pods), then the pod sandboxes through the CRI, so each pod's network is torn down
   * by its CNI plugin, then the runtime and the control plane; and removes what was made on the host.
   */
  @Override
  public void close() {
    stop("kube-scheduler");
    stop("kube-controller-manager");
    stop("kubelet");
    if (containerd != null && containerd.isRunning()) {
      String endpoint = "unix://" + containerd.socket();
      Commands.attempt(Duration.ofMinutes(2), node.crictl().toString(), "--runtime-endpoint", endpoint,
          "--timeout", "60s", "rmp", "--all", "--force");
    }
    if (containerd != null) {
      containerd.close();
    }
    stop("kube-proxy");
    stop("coredns");
    if (kube != null) {
      kube.close();
    }
    processes.values().forEach(LocalProcess::close);
    if (lock != null) {
      removeHostState(workDir);
      if (temporary) {
        HostCleanup.deleteTree(workDir);
      }
      lock.clear();
      lock.close();
      lock = null;
    }
  }

  private void stop(String name) {
    LocalProcess p = processes.remove(name);
    if (p != null) {
      p.close();
    }
  }

  private void cleanUpAfterDeadRun(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    LOG.info("cleaning up after a cluster that did not stop: {}", dir);
    removeHostState(dir);
    if (!dir.equals(workDir)) {
      HostCleanup.deleteTree(dir);
    }
  }

  // Everything outside the control plane's data: processes, mounts, namespaces, rules, cgroups, the bridge, and
  // the node's scratch directories (a persistent work dir keeps etcd, certificates and containerd's images).
  private void removeHostState(Path dir) {
    HostCleanup.killProcessesUsing(dir);
    HostCleanup.unmountUnder(dir);
    HostCleanup.removePodNetworkNamespaces();
    HostCleanup.removeIptablesRules(node.kubeProxy());
    HostCleanup.removeKubepodsCgroups();
    HostCleanup.removeKubeletHostFiles(dir);
    network.tearDown();
    HostCleanup.deleteTree(dir.resolve("kubelet"));
    HostCleanup.deleteTree(dir.resolve("containerd/state"));
    HostCleanup.deleteTree(dir.resolve("cni/ipam"));
  }

  /** Options for {@link EmbeddedCluster}. */
  public static final class Builder {
    private Path workDir;
    private Path lockFile = ClusterLock.DEFAULT_FILE;
    private String nodeName = "aloft-node";
    private String bridge = "aloft0";
    private String nodeAddress = "10.88.0.1";
    private int prefixLength = 16;
    private String podCidr = "10.88.0.0/16";
    private String sandboxImage;
    private final List<Path> images = new ArrayList<>();
    private Duration startupTimeout = Duration.ofMinutes(3);
    // kubectl commands that wait (rollout status, wait) carry their own --timeout; this only stops a hung one
    private Duration commandTimeout = Duration.ofMinutes(6);

    /** Keep state here (etcd, certificates, containerd's images) across restarts; default a temp dir. */
    public Builder workDir(Path dir) {
      this.workDir = dir;
      return this;
    }

    /** The pause image every pod sandbox runs (imported from {@code archive} before anything else). */
    public Builder sandboxImage(String ref, Path archive) {
      this.sandboxImage = ref;
      this.images.add(0, archive);
      return this;
    }

    /** An image archive to import into containerd at start. */
    public Builder image(Path archive) {
      this.images.add(archive);
      return this;
    }

    public Builder nodeName(String name) {
      this.nodeName = name;
      return this;
    }

    /** The node bridge and its address; default {@code aloft0}, 10.88.0.1/16 (pods get addresses from the rest). */
    public Builder network(String bridge, String nodeAddress, int prefixLength, String podCidr) {
      this.bridge = bridge;
      this.nodeAddress = nodeAddress;
      this.prefixLength = prefixLength;
      this.podCidr = podCidr;
      return this;
    }

    public Builder startupTimeout(Duration timeout) {
      this.startupTimeout = timeout;
      return this;
    }

    /** The host-wide lock (default /run/aloft-cluster.lock); tests of the lock itself use their own. */
    public Builder lockFile(Path file) {
      this.lockFile = file;
      return this;
    }

    public EmbeddedCluster start() {
      if (sandboxImage == null) {
        throw new IllegalArgumentException("sandboxImage(ref, archive): no registry is reachable, so the pause"
            + " image must be imported (./aloft images builds it)");
      }
      HostPrerequisites.check();
      return new EmbeddedCluster(this).start();
    }
  }
}
