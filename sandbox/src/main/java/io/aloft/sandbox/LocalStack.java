package io.aloft.sandbox;

import io.aloft.embedded.EmbeddedKubeApiServer;
import io.aloft.embedded.EmbeddedPostgresServer;
import io.aloft.embedded.EmbeddedS3Server;
import io.aloft.embedded.DevAuth;
import io.aloft.embedded.FlytekitConfig;
import io.aloft.embedded.ImageSet;
import io.aloft.embedded.cluster.EmbeddedCluster;
import io.aloft.embedded.LocalProcess;
import io.aloft.embedded.MissingComponentException;
import io.aloft.embedded.QuarkusConfig;
import io.aloft.sandbox.runner.LocalPodRunner;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.PrintStream;
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
import java.util.concurrent.CountDownLatch;

/**
 * The local stack behind {@code ./aloft up}: embedded PostgreSQL, S3 and kube-apiserver + etcd on 127.0.0.1,
 * then admin, datacatalog and propeller as child JVMs configured against them. Data lives under one directory
 * (PostgreSQL, S3 objects, etcd, logs) that the next start reuses. Ctrl-C stops everything. Unless {@code
 * --no-pod-runner}, a {@link LocalPodRunner} then stands in for the kubelet: it runs the pods propeller creates as
 * host processes with the pinned flytekit virtualenv ({@code scripts/flytekit-venv.sh}).
 */
public final class LocalStack implements AutoCloseable {
  public static final String BUCKET = "aloft";

  /** Where a started service listens. */
  public record Endpoint(String name, int httpPort, int grpcPort, Path log, LocalProcess process) {}

  private final Options options;
  private final PrintStream out;
  private final List<AutoCloseable> started = new ArrayList<>();
  private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
  private final Map<String, List<String>> commands = new LinkedHashMap<>();
  /** The first propeller's settings, which {@link #launchPropeller} starts further ones with. */
  private final Map<String, String> propellerSettings = new LinkedHashMap<>();
  private EmbeddedPostgresServer postgres;
  private EmbeddedS3Server s3;
  private EmbeddedKubeApiServer kube;
  private EmbeddedCluster cluster;
  private ImageSet.Image flytekitImage;
  private Path kubeconfig;
  private Path flytekitConfig;
  private DevAuth devAuth;
  private Path venv;
  private LocalPodRunner podRunner;
  private TcpBalancer adminService;

  public LocalStack(Options options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  public static void main(String[] args) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("aloft up: " + e.getMessage() + "\n" + Options.USAGE);
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.println(Options.USAGE);
      return;
    }
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    LocalStack stack = new LocalStack(options, System.out);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("\nstopping the local stack ...");
      stack.close();
      stopped.countDown();
    }, "aloft-stop"));
    try {
      stack.start();
    } catch (MissingComponentException e) {
      System.err.println("aloft up: " + e.getMessage());
      System.exit(1);
    } catch (RuntimeException e) {
      System.err.println("aloft up: failed to start: " + e.getMessage());
      System.exit(1);
    }
    if (options.exitWhenReady()) {
      System.exit(0);
    }
    System.out.println("Press Ctrl-C to stop.");
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts every component and service and waits until each reports ready. */
  public LocalStack start() {
    try {
      return startAll();
    } catch (RuntimeException | Error e) {
      // what started stops again: child JVMs, and with --kubelet the cluster's host state (bridge, iptables, mounts)
      close();
      throw e;
    }
  }

  private LocalStack startAll() {
    Instant t0 = Instant.now();
    Path data = options.dataDir();
    try {
      Files.createDirectories(data.resolve("logs"));
    } catch (IOException e) {
      throw new IllegalStateException("cannot create " + data, e);
    }
    track(DataDirLock.take(data));
    if (options.podRunner()) {
      venv = flytekitVenv();
    }
    out.println("Aloft local stack, data in " + data);

    if (options.kubelet()) {
      // first: the node bridge must exist before S3 binds its address, which task pods reach it at
      cluster = track(startCluster(data));
      kube = cluster.apiServer();
    }
    postgres = track(EmbeddedPostgresServer.start(data.resolve("postgres"), port(5432)));
    postgres.createDatabase("aloft_admin");
    postgres.createDatabase("aloft_datacatalog");
    s3 = track(EmbeddedS3Server.start(data.resolve("s3"), cluster == null ? "127.0.0.1" : cluster.nodeAddress(),
        port(9000), EmbeddedS3Server.DEFAULT_ACCESS_KEY, EmbeddedS3Server.DEFAULT_SECRET_KEY));
    s3.createBucket(BUCKET);
    if (kube == null) {
      kube = track(EmbeddedKubeApiServer.builder().workDir(data.resolve("kube")).start());
    }
    kubeconfig = kube.writeKubeconfig(data.resolve("kubeconfig"));
    applyCrds();

    Map<String, String> storage = QuarkusConfig.s3(s3, BUCKET);
    Map<String, String> admin = new LinkedHashMap<>(QuarkusConfig.datasource(postgres, "aloft_admin"));
    admin.putAll(storage);
    admin.putAll(QuarkusConfig.kubernetesClient(kube));
    // pyflyte's default project, as Flyte's sandbox has it
    admin.put("aloft.admin.seed-projects", "flytesnacks");
    // a launch whose workflow resource met the API server restarting gets it from the launch repair within seconds,
    // not the cluster defaults' minutes (a launch's own create never takes 15 s here)
    admin.put("aloft.admin.executions.launch-repair.interval", "5s");
    admin.put("aloft.admin.executions.launch-repair.grace", "15s");
    Map<String, String> catalog = new LinkedHashMap<>(QuarkusConfig.datasource(postgres, "aloft_datacatalog"));
    catalog.putAll(storage);
    Map<String, String> propeller = new LinkedHashMap<>(QuarkusConfig.kubernetesClient(kube));
    propeller.putAll(storage);

    int adminGrpc = port(8089);
    int catalogGrpc = port(8091);
    List<Integer> replicaPorts = new ArrayList<>();
    if (options.adminReplicas() > 1) {
      // admin's well-known port is the replicas' "Service"; each replica listens on a port of its own
      for (int i = 0; i < options.adminReplicas(); i++) {
        replicaPorts.add(LocalProcess.freePort());
      }
      adminService = track(newBalancer(adminGrpc, replicaPorts));
    }
    propeller.put("quarkus.grpc.clients.admin.port", Integer.toString(adminGrpc));
    propeller.put("quarkus.grpc.clients.datacatalog.port", Integer.toString(catalogGrpc));
    propeller.put("aloft.propeller.catalog-cache.type", "datacatalog");
    // a child execution's end reaches its launch-plan node within a second, not the cluster default's 30 s: on one
    // laptop the extra GetExecution calls cost nothing
    propeller.put("aloft.propeller.admin-launcher.cache-resync-duration", "1s");
    // where tasks put offloaded data (files, dataframes) when an execution names no raw output prefix, as Flyte's
    // sandbox configures propeller's rawoutput-prefix
    propeller.put("aloft.propeller.rawoutput-prefix", "s3://" + BUCKET + "/data");
    if (options.podRunner()) {
      // flytekit in a task pod that calls admin (an @eager workflow, FlyteRemote in a task) reaches this stack's admin
      // on whatever port it has, as Flyte's deployments tell pods through default-env-vars; without these it falls
      // back to its sandbox default (localhost:30080)
      propeller.put("aloft.propeller.plugins.k8s.default-env-vars.FLYTE_PLATFORM_URL", "127.0.0.1:" + adminGrpc);
      propeller.put("aloft.propeller.plugins.k8s.default-env-vars.FLYTE_PLATFORM_INSECURE", "true");
      // each task execution's log link (pyflyte, FlyteRemote, flytectl show it) is the file the pod runner writes
      propeller.put("aloft.propeller.plugins.logs.templates[0].display-name", "Local Pod Logs");
      propeller.put("aloft.propeller.plugins.logs.templates[0].template-uris[0]",
          LocalPodRunner.logLinkTemplate(podsDir()));
    }
    if (cluster != null) {
      // task pods are containers now: flytekit in them reaches S3 at the node address (Flyte's sandbox sets the same
      // FLYTE_AWS_* through default-env-vars), and a 2-core laptop should hold more than one task pod at a time
      propeller.put("aloft.propeller.plugins.k8s.default-env-vars.FLYTE_AWS_ENDPOINT", s3.endpoint().toString());
      propeller.put("aloft.propeller.plugins.k8s.default-env-vars.FLYTE_AWS_ACCESS_KEY_ID", s3.accessKey());
      propeller.put("aloft.propeller.plugins.k8s.default-env-vars.FLYTE_AWS_SECRET_ACCESS_KEY", s3.secretKey());
      propeller.put("aloft.propeller.plugins.k8s.default-cpus", "100m");
      propeller.put("aloft.propeller.plugins.k8s.default-memory", "512Mi");
    }
    int adminHttp = port(8088);
    if (options.auth()) {
      devAuth = DevAuth.create(data.resolve("auth"), DevAuth.PROPELLER, DevAuth.FLYTEKIT);
      admin.putAll(devAuth.adminConfig("http://127.0.0.1:" + adminHttp));
      catalog.putAll(DevAuth.catalogConfig("http://127.0.0.1:" + adminHttp));
      propeller.putAll(devAuth.propellerConfig());
    }
    propeller.putAll(options.propellerConfig());
    admin.putAll(options.adminConfig());
    launch("admin", options.repo().resolve("admin"), adminHttp, adminService == null ? adminGrpc : replicaPorts.get(0),
        admin);
    launch("datacatalog", options.repo().resolve("datacatalog"), port(8090), catalogGrpc, catalog);
    propellerSettings.putAll(propeller);
    launch("propeller", options.repo().resolve("propeller/operator"), port(10254), 0, propeller);
    for (Endpoint e : endpoints.values()) {
      awaitReady(e);
    }
    // further replicas once the first has migrated the schema, so that no two run Flyway at once
    for (int i = 1; i < replicaPorts.size(); i++) {
      launch("admin-" + (i + 1), options.repo().resolve("admin"), LocalProcess.freePort(), replicaPorts.get(i), admin);
      awaitReady(endpoints.get("admin-" + (i + 1)));
    }
    if (options.podRunner()) {
      startPodRunner();
    }
    flytekitConfig = writeFlytekitConfig(options.dataDir().resolve("flytekit.yaml"));
    printSummary(Duration.between(t0, Instant.now()));
    return this;
  }

  public Map<String, Endpoint> endpoints() {
    return endpoints;
  }

  /**
   * The port clients reach admin's gRPC API at: the one admin's, or with {@code --admin-replicas} the balancer in
   * front of the replicas (endpoints "admin", "admin-2", ...).
   */
  public int adminGrpcPort() {
    return adminService != null ? adminService.port() : endpoints.get("admin").grpcPort();
  }

  private static TcpBalancer newBalancer(int port, List<Integer> backends) {
    try {
      return new TcpBalancer(port, backends);
    } catch (IOException e) {
      throw new IllegalStateException("cannot listen on " + port + " for admin's replicas", e);
    }
  }

  /** The pod runner, or null with {@code --no-pod-runner}. */
  public LocalPodRunner podRunner() {
    return podRunner;
  }

  /**
   * The real single-node cluster of {@code --kubelet}, its state under the data directory (etcd and containerd's
   * images survive a restart), with the pause and flytekit images of {@code ./aloft images} imported.
   */
  private EmbeddedCluster startCluster(Path data) {
    ImageSet images = ImageSet.load(options.repo().resolve("target/images"));
    ImageSet.Image pause = images.image("pause");
    flytekitImage = images.image("flytekit");
    out.println("Starting the single-node cluster (kubelet, containerd) ...");
    return EmbeddedCluster.builder().workDir(data.resolve("cluster")).sandboxImage(pause.containerdName(), pause.archive())
        .image(flytekitImage.archive()).start();
  }

  /** After propeller is ready; tracked last, so it is the first thing {@link #close()} stops. */
  private void startPodRunner() {
    KubernetesClient client = new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(kube.kubeconfigYaml())).build();
    track(client);
    podRunner = track(new LocalPodRunner(client, new LocalPodRunner.Settings(podsDir(),
        LocalPodRunner.DEFAULT_NODE_NAME, options.maxPods(), venv,
        LocalPodRunner.flytekitS3Env(s3.endpoint().toString(), s3.accessKey(), s3.secretKey())), out).start());
  }

  /**
   * The pinned flytekit virtualenv the pods run with: {@code --flytekit-venv}, else the one {@code
   * scripts/flytekit-venv.sh} makes (or reuses) from the pinned requirements. Fails with the fix when it cannot.
   */
  private Path flytekitVenv() {
    if (options.flytekitVenv() != null) {
      if (!Files.isExecutable(options.flytekitVenv().resolve("bin/pyflyte-execute"))) {
        throw new MissingComponentException("--flytekit-venv " + options.flytekitVenv() + " has no bin/pyflyte-execute;"
            + " point it at a virtualenv with flytekit installed, or leave it out to build the pinned one.");
      }
      return options.flytekitVenv();
    }
    out.println("Preparing the flytekit virtualenv for the pod runner (scripts/flytekit-venv.sh) ...");
    return FlytekitVenv.ensure(options.repo());
  }

  public EmbeddedKubeApiServer kube() {
    return kube;
  }

  public Path kubeconfig() {
    return kubeconfig;
  }

  /** Where the pod runner runs pods and keeps their logs. */
  private Path podsDir() {
    return options.dataDir().resolve("pods");
  }

  /** The directory holding the stack's data and logs. */
  public Path dataDir() {
    return options.dataDir();
  }

  /** The flytekit config file for this stack ({@code pyflyte --config <it> run --remote ...}). */
  public Path flytekitConfig() {
    return flytekitConfig;
  }

  /**
   * A flytekit config (the {@code ~/.flyte/config.yaml} format) pointing at this stack: admin's gRPC endpoint
   * (insecure), the S3 endpoint and keys flytekit uploads code and data with, and admin's HTTP address as the
   * console endpoint, so the link pyflyte prints opens the run in admin's console.
   */
  private Path writeFlytekitConfig(Path file) {
    return FlytekitConfig.write(file, "flytekit config for the Aloft local stack: pyflyte --config " + file
        + " run --remote ...", "127.0.0.1", adminGrpcPort(), s3, devAuth == null ? null
        : new FlytekitConfig.ClientSecret(DevAuth.FLYTEKIT, devAuth.secretFiles().get(DevAuth.FLYTEKIT)),
        consoleEndpoint());
  }

  /** Where the web console is: admin's HTTP address (the first replica's); open {@code <it>/console/}. */
  public String consoleEndpoint() {
    return "http://127.0.0.1:" + endpoints.get("admin").httpPort();
  }

  /** With {@code --auth}: the signing key and the clients' secret files; empty otherwise. */
  public java.util.Optional<DevAuth> devAuth() {
    return java.util.Optional.ofNullable(devAuth);
  }

  public EmbeddedS3Server s3() {
    return s3;
  }

  public EmbeddedPostgresServer postgres() {
    return postgres;
  }

  /**
   * {@code kubectl apply -k deploy/crds}, as users install Aloft (the directory is a kustomization the manifests'
   * base also uses), then waits until every CRD it holds is served.
   */
  private void applyCrds() {
    Path crds = options.repo().resolve("deploy/crds");
    String kubectl = kube.binaries().kubectl().toString();
    kubectl(List.of(kubectl, "--kubeconfig", kubeconfig.toString(), "apply", "--server-side", "-k", crds.toString()));
    kubectl(List.of(kubectl, "--kubeconfig", kubeconfig.toString(), "wait", "--for", "condition=established",
        "--timeout=60s", "crd", "--all"));
  }

  private void kubectl(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!p.waitFor(90, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", cmd) + " failed: " + output);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + cmd.get(0), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private int port(int preferred) {
    return options.randomPorts() ? LocalProcess.freePort() : LocalProcess.preferredOrFreePort(preferred);
  }

  private void launch(String name, Path module, int httpPort, int grpcPort, Map<String, String> config) {
    Path jar = module.resolve("target/quarkus-app/quarkus-run.jar");
    if (!Files.isRegularFile(jar)) {
      throw new MissingComponentException(name + " is not built (" + jar + " is missing). Run ./aloft build first,"
          + " or ./aloft up without ALOFT_SKIP_BUILD.");
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("-Xmx512m");
    cmd.addAll(jvmOptions(name));
    cmd.add("-Dquarkus.http.port=" + httpPort);
    if (grpcPort > 0) {
      cmd.add("-Dquarkus.grpc.server.port=" + grpcPort);
    }
    config.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
    cmd.add("-jar");
    cmd.add(jar.toString());
    Path log = options.dataDir().resolve("logs").resolve(name + ".log");
    LocalProcess process = track(LocalProcess.start(name, cmd, log));
    endpoints.put(name, new Endpoint(name, httpPort, grpcPort, log, process));
    commands.put(name, cmd);
  }

  /**
   * Extra JVM options for service {@code name} from the environment, {@code ALOFT_<SERVICE>_JVM_OPTS} (e.g.
   * {@code ALOFT_ADMIN_JVM_OPTS="-XX:StartFlightRecording=filename=/tmp/admin.jfr"}), split on whitespace; replicas
   * ({@code admin-2}) take their service's. After {@code -Xmx512m}, so they can override it.
   */
  static List<String> jvmOptions(String name) {
    String service = name.replaceFirst("-\\d+$", "").toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    String opts = System.getenv("ALOFT_" + service + "_JVM_OPTS");
    return opts == null || opts.isBlank() ? List.of() : List.of(opts.trim().split("\\s+"));
  }

  /**
   * Starts another propeller beside the first (e.g. a further shard), with the first one's settings and {@code extra}
   * on top, on a free HTTP port, and waits until it is ready.
   */
  public synchronized Endpoint launchPropeller(String name, Map<String, String> extra) {
    Map<String, String> config = new LinkedHashMap<>(propellerSettings);
    config.putAll(extra);
    launch(name, options.repo().resolve("propeller/operator"), LocalProcess.freePort(), 0, config);
    awaitReady(endpoints.get(name));
    return endpoints.get(name);
  }

  /**
   * Kills service {@code name} (SIGKILL, as a crashed pod) and starts it again with the same command and ports, then
   * waits until it is ready: what a propeller restart mid-execution looks like.
   */
  public synchronized void restart(String name) {
    Endpoint e = endpoints.get(name);
    if (e == null) {
      throw new IllegalArgumentException("no service " + name);
    }
    e.process().kill();
    started.remove(e.process());
    LocalProcess process = track(LocalProcess.start(name, commands.get(name), e.log()));
    Endpoint restarted = new Endpoint(name, e.httpPort(), e.grpcPort(), e.log(), process);
    endpoints.put(name, restarted);
    awaitReady(restarted);
  }

  private void awaitReady(Endpoint e) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI ready = URI.create("http://127.0.0.1:" + e.httpPort() + "/q/health/ready");
    e.process().awaitReady(e.name() + " readiness (" + ready + ")", Instant.now().plus(options.startupTimeout()),
        () -> LocalProcess.httpOk(http, ready, null));
  }

  private void printSummary(Duration took) {
    Endpoint admin = endpoints.get("admin");
    Endpoint catalog = endpoints.get("datacatalog");
    Endpoint propeller = endpoints.get("propeller");
    out.printf("""

        Aloft is up (%.1f s).
          admin           gRPC 127.0.0.1:%d   HTTP http://127.0.0.1:%d   (flytekit/flytectl endpoint: dns:///127.0.0.1:%d, insecure)
          console         %s/console/
          datacatalog     gRPC 127.0.0.1:%d   HTTP http://127.0.0.1:%d
          propeller       HTTP http://127.0.0.1:%d   (metrics /q/metrics, health /q/health)
          kube-apiserver  %s   kubeconfig %s
          S3              %s   bucket %s, access key %s, secret key %s (path-style)
          PostgreSQL      %s
          logs            %s
          pods            %s
          flytekit config %s
          authentication  %s
        Try, in %s (./aloft pyflyte is the pinned flytekit's pyflyte):
          ./aloft pyflyte --config %s run --remote --wait%s examples/hello_world.py hello_world_wf --name Aloft
          KUBECONFIG=%s %s get fwf -A
        """,
        took.toMillis() / 1000.0,
        adminGrpcPort(), admin.httpPort(), adminGrpcPort(), consoleEndpoint(),
        catalog.grpcPort(), catalog.httpPort(),
        propeller.httpPort(),
        kube.url(), kubeconfig,
        s3.endpoint(), BUCKET, s3.accessKey(), s3.secretKey(),
        postgres.jdbcUrl("aloft_admin") + " (and aloft_datacatalog), user " + EmbeddedPostgresServer.USER,
        options.dataDir().resolve("logs"),
        podsSummary(), flytekitConfig, authSummary(), options.repo(), flytekitConfig, imageOption(), kubeconfig,
        kube.binaries().kubectl());
  }

  private String authSummary() {
    return devAuth == null ? "off (--auth turns it on)" : "on, Self mode: signing key and client secrets ("
        + DevAuth.PROPELLER + " for propeller, " + DevAuth.FLYTEKIT + " in the flytekit config) in "
        + devAuth.signingKey().getParent();
  }

  private String podsSummary() {
    if (cluster != null) {
      return "real containers, run by the kubelet of the single-node cluster (node " + cluster.nodeName() + " at "
          + cluster.nodeAddress() + ", containerd): watch them with kubectl get pods -A, read them with kubectl logs;"
          + " task image " + flytekitImage.ref() + " (pass it to pyflyte with --image)";
    }
    return podRunner == null ? "not run (--no-pod-runner): nothing runs the pods propeller creates"
        : "run on this host by the local pod runner (node " + LocalPodRunner.DEFAULT_NODE_NAME + ", at most "
        + options.maxPods() + " at once, flytekit from " + venv + "), logs in " + podsDir();
  }

  private String imageOption() {
    return flytekitImage == null ? "" : " --image " + flytekitImage.ref();
  }

  private <T extends AutoCloseable> T track(T component) {
    started.add(component);
    return component;
  }

  /** Stops services first, then the components they use. */
  @Override
  public synchronized void close() {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        out.println("stopping " + started.get(i) + " failed: " + e.getMessage());
      }
    }
    started.clear();
  }

  /** Command-line options of {@code ./aloft up}. */
  public record Options(Path repo, Path dataDir, boolean randomPorts, boolean exitWhenReady, Duration startupTimeout,
      boolean help, Map<String, String> propellerConfig, Map<String, String> adminConfig, boolean podRunner, int maxPods, Path flytekitVenv,
      boolean kubelet, int adminReplicas, boolean auth) {
    static final String USAGE = """
        usage: ./aloft up [--data-dir DIR] [--random-ports] [--exit-when-ready] [--startup-timeout SECONDS]
          --data-dir DIR      where PostgreSQL, S3 objects, etcd and logs live (default $ALOFT_HOME/local,
                              ALOFT_HOME defaults to ~/.aloft); a second start reuses it
          --random-ports      free ports for everything instead of the defaults (admin 8089/8088, S3 9000, ...)
          --exit-when-ready   start, print the endpoints, stop (a smoke check)
          --propeller K=V     a propeller setting, e.g. aloft.propeller.workers=20 (repeatable)
          --admin K=V         an admin setting, e.g. aloft.admin.executions.offload-inputs=false (repeatable)
          --no-pod-runner     do not run pods (by default the local pod runner runs each task pod as a host process)
          --max-pods N        pods the pod runner runs at once (default: the number of CPUs)
          --flytekit-venv DIR the virtualenv pods run with (default: the pinned one scripts/flytekit-venv.sh makes)
          --kubelet           run task pods as real containers on a real single-node cluster (kubelet, containerd)
                              instead of host processes; needs root and the images of ./aloft images
          --admin-replicas N  run N admin processes behind one gRPC port that balances connections over them
          --auth              admin with authentication on (Self mode): a signing key and client secrets are made
                              under DIR/auth; propeller and the flytekit config use client credentials""";

    public static Options parse(String... args) {
      String home = System.getenv().getOrDefault("ALOFT_HOME", System.getProperty("user.home") + "/.aloft");
      Path repo = Path.of(System.getProperty("aloft.repo", ".")).toAbsolutePath().normalize();
      Path data = Path.of(home, "local");
      boolean random = false;
      boolean exit = false;
      boolean help = false;
      Duration timeout = Duration.ofSeconds(120);
      Map<String, String> propeller = new LinkedHashMap<>();
      Map<String, String> admin = new LinkedHashMap<>();
      boolean podRunner = true;
      int maxPods = Runtime.getRuntime().availableProcessors();
      Path venv = null;
      boolean kubelet = false;
      boolean runnerOptions = false;
      int adminReplicas = 1;
      boolean auth = false;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--data-dir" -> data = Path.of(value(args, ++i, "--data-dir"));
          case "--random-ports" -> random = true;
          case "--exit-when-ready" -> exit = true;
          case "--startup-timeout" -> timeout = Duration.ofSeconds(Long.parseLong(value(args, ++i, "--startup-timeout")));
          case "--propeller" -> setting(propeller, "--propeller", value(args, ++i, "--propeller"));
          case "--admin" -> setting(admin, "--admin", value(args, ++i, "--admin"));
          case "--no-pod-runner" -> podRunner = false;
          case "--kubelet" -> kubelet = true;
          case "--max-pods" -> {
            runnerOptions = true;
            maxPods = Integer.parseInt(value(args, ++i, "--max-pods"));
            if (maxPods < 1) {
              throw new IllegalArgumentException("--max-pods must be at least 1");
            }
          }
          case "--flytekit-venv" -> {
            runnerOptions = true;
            venv = Path.of(value(args, ++i, "--flytekit-venv")).toAbsolutePath().normalize();
          }
          case "--admin-replicas" -> {
            adminReplicas = Integer.parseInt(value(args, ++i, "--admin-replicas"));
            if (adminReplicas < 1) {
              throw new IllegalArgumentException("--admin-replicas must be at least 1");
            }
          }
          case "--auth" -> auth = true;
          case "-h", "--help" -> help = true;
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      if (kubelet && runnerOptions) {
        throw new IllegalArgumentException("--max-pods and --flytekit-venv are the host pod runner's; with --kubelet"
            + " the kubelet runs pods in the flytekit image");
      }
      // with --kubelet the kubelet runs the pods, never the host pod runner
      return new Options(repo, data.toAbsolutePath().normalize(), random, exit, timeout, help, Map.copyOf(propeller),
          Map.copyOf(admin), podRunner && !kubelet, maxPods, venv, kubelet, adminReplicas, auth);
    }

    private static void setting(Map<String, String> into, String option, String kv) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(option + " needs KEY=VALUE, got " + kv);
      }
      into.put(kv.substring(0, eq), kv.substring(eq + 1));
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[i];
    }
  }
}
