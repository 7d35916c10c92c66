package io.aloft.bench;

import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.service.AdminServiceGrpc.AdminServiceBlockingStub;
import io.aloft.bench.peer.ApiServerCeiling;
import io.aloft.bench.peer.FlytePropeller;
import io.aloft.crd.FlyteWorkflow;
import io.aloft.embedded.EmbeddedS3Server;
import io.aloft.sandbox.LocalStack;
import io.aloft.testkit.kube.Crds;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Aloft's propeller and Flyte v1's own flytepropeller side by side, in one run, on the same API server, admin, S3 and
 * settings: {@code ./aloft bench propeller --peer flyte [workflows] [nodes] [options]}.
 *
 * <p>Admin has two execution clusters on its own API server: "aloft" (resource group aloft.io, Aloft's propeller) and
 * "flyte" (flyte.lyft.com, Flyte's). Each case (chain or fan-out of {@code nodes} echo or pod tasks,
 * {@code workflows} executions launched through admin at once) runs first on Aloft, after the same case once
 * unmeasured (the JVM's steady state, JIT done), then on a freshly started Flyte propeller after a small warm-up. Both send their events to admin over gRPC and keep their data in the same
 * S3 bucket; the test pod controller moves both systems' pods. Printed per case and system: completed nodes/s,
 * propeller API writes per node (the API server's own counters), propeller CPU ms per node (/proc), round latency
 * p50/p99 and peak RSS; then the ratios; and the API server's raw write ceiling, measured first in the same run.
 */
public final class PeerBench {
  private static final Set<String> WRITE_VERBS = Set.of("POST", "PUT", "PATCH", "DELETE");
  private static final List<String> EVENT_KINDS = List.of("Workflow", "Node", "Task");

  private PeerBench() {}

  /** Options: positional workflows, nodes; --shapes, --kinds, --workers, --kube-qps, --kube-burst, --flyte-bin. */
  record Options(int workflows, int nodes, List<String> shapes, List<String> kinds, FlytePropeller.Settings settings,
      Path flyteBinary, int ceilingWriters) {
    static Options parse(String[] args) {
      List<String> positional = new ArrayList<>();
      List<String> shapes = List.of("chain", "fanout");
      List<String> kinds = List.of("echo", "pod");
      int workers = 10;
      int qps = 100;
      int burst = 25;
      int ceiling = 32;
      String tools = System.getProperty("aloft.tools.dir", System.getProperty("user.home") + "/.cache/aloft");
      Path binary = Path.of(tools, "flyte-peer", "bin", "flytepropeller");
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--peer" -> {
            if (!"flyte".equals(args[++i])) {
              throw new IllegalArgumentException("--peer knows only flyte");
            }
          }
          case "--shapes" -> shapes = List.of(args[++i].split(","));
          case "--kinds" -> kinds = List.of(args[++i].split(","));
          case "--workers" -> workers = Integer.parseInt(args[++i]);
          case "--kube-qps" -> qps = Integer.parseInt(args[++i]);
          case "--kube-burst" -> burst = Integer.parseInt(args[++i]);
          case "--ceiling-writers" -> ceiling = Integer.parseInt(args[++i]);
          case "--flyte-bin" -> binary = Path.of(args[++i]);
          default -> positional.add(args[i]);
        }
      }
      int workflows = positional.size() > 0 ? Integer.parseInt(positional.get(0)) : 30;
      int nodes = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 10;
      return new Options(workflows, nodes, shapes, kinds, new FlytePropeller.Settings(workers, qps, burst), binary,
          ceiling);
    }
  }

  /** One system's figures for one case. */
  record Figures(double seconds, double completedNodes, double writes, double cpuSeconds, double peakRssMb,
      double roundP50, double roundP99, double events, double eventSeconds) {
    double nodesPerSecond() {
      return completedNodes / seconds;
    }

    double writesPerNode() {
      return writes / completedNodes;
    }

    double cpuMsPerNode() {
      return cpuSeconds * 1000 / completedNodes;
    }

    /** The same figures with the round latency quantiles given. */
    Figures withRounds(double p50, double p99) {
      return new Figures(seconds, completedNodes, writes, cpuSeconds, peakRssMb, p50, p99, events, eventSeconds);
    }
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    Options o = Options.parse(args);
    if (!Files.isExecutable(o.flyteBinary())) {
      throw new IllegalStateException("Flyte's flytepropeller is not built at " + o.flyteBinary()
          + ": run bench/flyte-peer/build.sh (./aloft bench propeller --peer flyte runs it first)");
    }
    Path data = Files.createTempDirectory("aloft-bench-peer");
    FlytePropeller.Settings s = o.settings();
    List<String> stackArgs = new ArrayList<>(List.of("--data-dir", data.toString(), "--random-ports",
        "--propeller", "aloft.propeller.workers=" + s.workers(),
        "--propeller", "aloft.propeller.kube-client-config.qps=" + s.kubeQps(),
        "--propeller", "aloft.propeller.kube-client-config.burst=" + s.kubeBurst(),
        // two execution clusters on admin's own API server, told apart by the resource group
        "--admin", "aloft.admin.clusters.cluster-configs.aloft.resource-group=" + FlyteWorkflow.GROUP,
        "--admin", "aloft.admin.clusters.cluster-configs.flyte.resource-group=" + FlyteWorkflow.FLYTE_GROUP,
        "--admin", "aloft.admin.clusters.label-cluster-map.aloft=aloft",
        "--admin", "aloft.admin.clusters.label-cluster-map.flyte=flyte",
        "--admin", "aloft.admin.clusters.default-execution-label=aloft"));
    try (BenchStack bench = BenchStack.start(stackArgs)) {
      LocalStack stack = bench.stack;
      KubernetesClient kube = bench.kube;
      AdminServiceBlockingStub admin = bench.admin;
      Crds.install(kube, Crds.FLYTE_OWN_WORKFLOW);
      EmbeddedS3Server s3 = stack.s3();
      FlytePropeller.Stack where = new FlytePropeller.Stack(stack.kubeconfig(), s3.endpoint(), LocalStack.BUCKET,
          EmbeddedS3Server.REGION, s3.accessKey(), s3.secretKey(), stack.adminGrpcPort());
      System.out.printf("peer bench: %d workflows x %d task nodes per case, launched through admin at once;"
          + " both propellers: workers %d, kube-client qps %d burst %d, max-streak-length 8, events to admin"
          + " over gRPC, storage in the same S3 (s3proxy)%n", o.workflows(), o.nodes(), s.workers(), s.kubeQps(),
          s.kubeBurst());
      ApiServerCeiling.Result ceiling = ApiServerCeiling.measure(kube, o.ceilingWriters(), 256, 10);
      System.out.printf("API server write ceiling (this run, %d writers, PUT /status of ~2 KB, fabric8, no"
          + " client limit): %,.0f writes/s, p50 %.1f ms, p99 %.1f ms%n", ceiling.writers(),
          ceiling.writesPerSecond(), ceiling.p50Ms(), ceiling.p99Ms());
      Runner runner = new Runner(admin, kube, stack, where, o, data);
      List<String> table = new ArrayList<>();
      for (String shape : o.shapes()) {
        for (String kind : o.kinds()) {
          Figures aloft = runner.aloft(shape, kind);
          Figures flyte = runner.flyte(shape, kind);
          table.add(row(shape + " " + kind, "Aloft", aloft));
          table.add(row(shape + " " + kind, "Flyte", flyte));
          table.add(ratio(shape + " " + kind, aloft, flyte));
        }
      }
      System.out.println();
      System.out.println("| case | system | completed nodes/s | API writes/node | propeller CPU ms/node"
          + " | round p50 / p99 ms | peak RSS MB | events/node | admin ms/event |");
      System.out.println("|---|---|---|---|---|---|---|---|---|");
      table.forEach(System.out::println);
      System.out.printf("%nRatios are Aloft / Flyte: above 1 is better for nodes/s, below 1 better for the rest."
          + " Round latency: Aloft's from its histogram (bucket upper bounds), Flyte's from its round-time summary"
          + " (whole ms, window includes its warm-up). Events: the event RPCs admin served during the run, and its"
          + " mean time per event (its per-RPC timer). Ceiling: %,.0f writes/s.%n", ceiling.writesPerSecond());
    }
  }

  private static String row(String name, String system, Figures f) {
    return String.format("| %s | %s | %.1f | %.2f | %.1f | %.0f / %.0f | %.0f | %.2f | %.1f |", name, system,
        f.nodesPerSecond(), f.writesPerNode(), f.cpuMsPerNode(), f.roundP50() * 1000, f.roundP99() * 1000,
        f.peakRssMb(), f.events() / f.completedNodes(), f.eventSeconds() * 1000 / f.events());
  }

  private static String ratio(String name, Figures a, Figures f) {
    return String.format("| %s | **Aloft / Flyte** | **%.2f** | **%.2f** | **%.2f** | %.2f / %.2f | %.2f | %.2f | %.2f |",
        name, a.nodesPerSecond() / f.nodesPerSecond(), a.writesPerNode() / f.writesPerNode(),
        a.cpuMsPerNode() / f.cpuMsPerNode(), a.roundP50() / f.roundP50(), a.roundP99() / f.roundP99(),
        a.peakRssMb() / f.peakRssMb(), a.events() / f.events(),
        (a.eventSeconds() / a.events()) / (f.eventSeconds() / f.events()));
  }

  /** The shared processes whose CPU per node each case prints. */
  static final java.util.List<String> STACK_PARTS = java.util.List.of("admin", "kube-apiserver", "etcd", "postgres",
      "bench JVM (S3, pod controller)");

  /** Runs the cases on each system and takes the figures. */
  static final class Runner {
    private final AdminServiceBlockingStub admin;
    private final KubernetesClient kube;
    private final LocalStack stack;
    private final FlytePropeller.Stack where;
    private final Options o;
    private final Path data;
    private final HttpClient http = HttpClient.newHttpClient();
    private final java.util.Map<String, Identifier> plans = new java.util.HashMap<>();
    private int runs;

    Runner(AdminServiceBlockingStub admin, KubernetesClient kube, LocalStack stack, FlytePropeller.Stack where,
        Options o, Path data) {
      this.admin = admin;
      this.kube = kube;
      this.stack = stack;
      this.where = where;
      this.o = o;
      this.data = data;
    }

    /** The launch plan of the case, registered once. */
    private Identifier plan(String shape, String kind, int nodes) {
      return plans.computeIfAbsent(shape + "-" + kind + "-" + nodes, name -> PropellerBench.register(admin, name,
          kind.equals("pod") ? "container" : "echo", nodes, shape.equals("fanout")));
    }

    Figures aloft(String shape, String kind) throws Exception {
      long pid = stack.endpoints().get("propeller").process().pid();
      // a JVM is measured in its steady state, as a propeller that has run for a while: the same case three times,
      // unmeasured (after one, the JIT compilers still took about a third of the propeller's CPU in the measured run)
      for (int warm = 0; warm < 3; warm++) {
        PropellerBench.launchAndAwait(admin, plan(shape, kind, o.nodes()), "w" + (runs++) + "-", o.workflows(),
            "aloft", () -> {});
      }
      TreeMap<Double, Double> before = roundBuckets();
      Figures f = measure(pid, "aloft", FlyteWorkflow.GROUP, shape, kind);
      TreeMap<Double, Double> after = roundBuckets();
      return f.withRounds(PropellerBench.Probe.quantile(before, after, 0.5),
          PropellerBench.Probe.quantile(before, after, 0.99));
    }

    Figures flyte(String shape, String kind) throws Exception {
      try (FlytePropeller flyte = FlytePropeller.start(o.flyteBinary(), data.resolve("flyte-" + runs), where,
          o.settings())) {
        // Go needs no JIT warm-up: a small run fills its informers and connections, and keeps its round-time
        // summary (which cannot be reset) nearly free of warm-up rounds
        PropellerBench.launchAndAwait(admin, plan(shape, kind, 3), "w" + (runs++) + "-", 5, "flyte", () -> {});
        Figures f = measure(flyte.pid(), "flyte", FlyteWorkflow.FLYTE_GROUP, shape, kind);
        return f.withRounds(flyte.roundQuantile(0.5), flyte.roundQuantile(0.99));
      }
    }

    private Figures measure(long pid, String label, String group, String shape, String kind) throws Exception {
      Identifier lp = plan(shape, kind, o.nodes());
      double writesBefore = writes(group);
      double[] eventsBefore = adminEvents();
      double cpuBefore = ProcStats.cpuSeconds(pid);
      double[] stackBefore = stackCpu();
      double[] peak = {ProcStats.rssMb(pid)};
      double seconds = PropellerBench.launchAndAwait(admin, lp, "m" + (runs++) + "-", o.workflows(), label,
          () -> peak[0] = Math.max(peak[0], ProcStats.rssMb(pid)));
      double cpu = ProcStats.cpuSeconds(pid) - cpuBefore;
      double writes = writes(group) - writesBefore;
      double[] events = adminEvents();
      StringBuilder detail = new StringBuilder("  " + label + " " + shape + " " + kind + ": admin ms per event");
      for (int i = 0; i < EVENT_KINDS.size(); i++) {
        double n = events[2 + 2 * i] - eventsBefore[2 + 2 * i];
        detail.append(String.format(" %s %.1f (%,.0f)", EVENT_KINDS.get(i).toLowerCase(java.util.Locale.ROOT),
            (events[3 + 2 * i] - eventsBefore[3 + 2 * i]) * 1000 / n, n));
      }
      double[] stackAfter = stackCpu();
      double nodes = (double) o.workflows() * o.nodes();
      detail.append(String.format("%n  %s %s %s: CPU ms per node of the rest of the stack:", label, shape, kind));
      double rest = 0;
      for (int i = 0; i < STACK_PARTS.size(); i++) {
        double ms = (stackAfter[i] - stackBefore[i]) * 1000 / nodes;
        rest += ms;
        detail.append(String.format(" %s %.1f", STACK_PARTS.get(i), ms));
      }
      detail.append(String.format("; with the propeller %.1f ms per node in all", rest + cpu * 1000 / nodes));
      System.out.println(detail);
      return new Figures(seconds, (double) o.workflows() * o.nodes(), writes, cpu, peak[0], Double.NaN, Double.NaN,
          events[0] - eventsBefore[0], events[1] - eventsBefore[1]);
    }

    /**
     * CPU seconds so far of the processes both systems share, in {@link #STACK_PARTS} order: admin, the API server,
     * etcd, PostgreSQL, and this JVM (S3 server, test pod controller, launches).
     */
    private double[] stackCpu() {
      return new double[] {ProcStats.cpuSeconds(stack.endpoints().get("admin").process().pid()),
          ProcStats.cpuSecondsOf("kube-apiserver"), ProcStats.cpuSecondsOf("etcd"),
          ProcStats.cpuSecondsOf("postgres"), ProcStats.cpuSeconds(ProcessHandle.current().pid())};
    }

    /**
     * Writes a propeller makes, from the API server's request counters: its workflow resources' updates and patches
     * (status included) in {@code group}, and every write to pods (not their status, which the test pod controller
     * writes) and events. Only one system runs at a time, so pod and event writes are that system's.
     */
    private double writes(String group) {
      return MetricsText.parse(kube.raw("/metrics")).sum("apiserver_request_total", s -> {
        String resource = s.label("resource");
        String verb = s.label("verb");
        if (resource.equals("flyteworkflows")) {
          return s.label("group").equals(group) && (verb.equals("PUT") || verb.equals("PATCH"));
        }
        return (resource.equals("pods") && s.label("subresource").isEmpty() || resource.equals("events"))
            && WRITE_VERBS.contains(verb);
      });
    }

    /**
     * The event RPCs admin has served (CreateWorkflowEvent, CreateNodeEvent, CreateTaskEvent): count and seconds
     * spent, from its per-RPC timer, so that admin's share of a round is seen apart from the propeller's.
     */
    private double[] adminEvents() throws Exception {
      MetricsText m = quarkusMetrics("admin");
      double[] out = new double[2 + 2 * EVENT_KINDS.size()];
      for (int i = 0; i < EVENT_KINDS.size(); i++) {
        String method = "Create" + EVENT_KINDS.get(i) + "Event";
        out[2 + 2 * i] = m.sum("grpc_server_processing_duration_seconds_count", x -> x.label("method").equals(method));
        out[3 + 2 * i] = m.sum("grpc_server_processing_duration_seconds_sum", x -> x.label("method").equals(method));
        out[0] += out[2 + 2 * i];
        out[1] += out[3 + 2 * i];
      }
      return out;
    }

    private MetricsText quarkusMetrics(String service) throws Exception {
      URI uri = URI.create("http://127.0.0.1:" + stack.endpoints().get(service).httpPort() + "/q/metrics");
      return MetricsText.parse(http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
          .body());
    }

    private TreeMap<Double, Double> roundBuckets() throws Exception {
      TreeMap<Double, Double> buckets = new TreeMap<>();
      for (MetricsText.Sample sample : quarkusMetrics("propeller").samples()) {
        if (sample.name().equals("aloft_propeller_round_time_seconds_bucket")) {
          String le = sample.label("le");
          buckets.put(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), sample.value());
        }
      }
      return buckets;
    }
  }
}
