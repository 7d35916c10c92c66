package io.aloft.bench;

import flyteidl.admin.ExecutionOuterClass.ExecutionCreateRequest;
import flyteidl.admin.ExecutionOuterClass.ExecutionSpec;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanCreateRequest;
import flyteidl.admin.MatchableResourceOuterClass.ExecutionClusterLabel;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanSpec;
import flyteidl.admin.TaskOuterClass.TaskCreateRequest;
import flyteidl.admin.TaskOuterClass.TaskSpec;
import flyteidl.admin.WorkflowOuterClass.WorkflowCreateRequest;
import flyteidl.admin.WorkflowOuterClass.WorkflowSpec;
import flyteidl.core.Execution.WorkflowExecution;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Literals.RetryStrategy;
import flyteidl.core.Tasks.Container;
import flyteidl.core.Tasks.TaskMetadata;
import flyteidl.core.Tasks.TaskTemplate;
import flyteidl.core.Workflow.Node;
import flyteidl.core.Workflow.TaskNode;
import flyteidl.core.Workflow.WorkflowMetadata;
import flyteidl.core.Workflow.WorkflowTemplate;
import flyteidl.service.AdminServiceGrpc.AdminServiceBlockingStub;
import io.aloft.sandbox.LocalStack;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Propeller under load, in the local stack (admin, datacatalog, propeller as their packaged JVMs on a real
 * kube-apiserver, PostgreSQL and S3): {@code workflows} executions of a chain of {@code nodes} task nodes, launched
 * through admin at once, first with echo tasks (no pods), then with container tasks whose pods the test pod
 * controller runs (Running at once, Succeeded 100 ms later). Prints completed nodes per second, round latency p50/p99
 * (from propeller's round-time histogram), Kubernetes API writes per completed node (from the API server's own
 * request counters: workflow status/metadata writes, pod creates and deletes), propeller's CPU seconds (from
 * /proc) and its peak heap.
 *
 * <p>Usage: {@code ./aloft bench propeller [workflows=50] [nodes=10] [mode=both|echo|pod]}; with {@code --peer flyte},
 * Flyte v1's own propeller side by side ({@link PeerBench}).
 */
public final class PropellerBench {
  static final String PROJECT = "bench";
  static final String DOMAIN = "development";

  private PropellerBench() {}

  public static void main(String[] args) throws Exception {
    if (java.util.Arrays.asList(args).contains("--peer")) {
      PeerBench.main(args);
      return;
    }
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    int workflows = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    int nodes = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    String mode = args.length > 2 ? args[2] : "both";
    Path data = Files.createTempDirectory("aloft-bench-propeller");
    try (BenchStack bench = BenchStack.start(List.of("--data-dir", data.toString(), "--random-ports"))) {
      AdminServiceBlockingStub admin = bench.admin;
      Probe probe = new Probe(bench.stack, bench.kube);
      System.out.printf("propeller bench: %d workflows x %d chained task nodes, launched through admin at once;"
          + " propeller defaults (workers 10, max-streak-length 8, ResourceVersionCache)%n", workflows, nodes);
      // warm-up: a few small runs so JIT and connection pools are not measured
      run(admin, probe, register(admin, "warm", "echo", 3), "warm", 5, 3, false);
      if (!mode.equals("pod")) {
        report("echo", run(admin, probe, register(admin, "echo", "echo", nodes), "e", workflows, nodes, true));
      }
      if (!mode.equals("echo")) {
        report("pod", run(admin, probe, register(admin, "pod", "container", nodes), "p", workflows, nodes, true));
      }
    }
  }

  private static Identifier id(ResourceType type, String name) {
    return Identifier.newBuilder().setResourceType(type).setProject(PROJECT).setDomain(DOMAIN).setName(name)
        .setVersion("v1").build();
  }

  /** A chain of {@code nodes} task nodes of {@code type} (no inputs or outputs; order from upstream ids). */
  private static Identifier register(AdminServiceBlockingStub admin, String name, String type, int nodes) {
    return register(admin, name, type, nodes, false);
  }

  /**
   * A launch plan of a workflow of {@code nodes} task nodes of {@code type} (no inputs or outputs): a chain, or with
   * {@code fanOut} all independent (as wide as max parallelism lets them run).
   */
  static Identifier register(AdminServiceBlockingStub admin, String name, String type, int nodes, boolean fanOut) {
    TaskTemplate.Builder task = TaskTemplate.newBuilder().setId(id(ResourceType.TASK, name + ".step")).setType(type)
        .setMetadata(TaskMetadata.newBuilder().setRetries(RetryStrategy.newBuilder().setRetries(0)))
        .setInterface(TypedInterface.getDefaultInstance());
    if (type.equals("container")) {
      task.setContainer(Container.newBuilder().setImage("bench:latest").addCommand("true"));
    }
    admin.createTask(TaskCreateRequest.newBuilder().setId(task.getId()).setSpec(TaskSpec.newBuilder()
        .setTemplate(task)).build());
    String shape = fanOut ? ".fanout" : ".chain";
    WorkflowTemplate.Builder wf = WorkflowTemplate.newBuilder().setId(id(ResourceType.WORKFLOW, name + shape))
        .setInterface(TypedInterface.getDefaultInstance()).setMetadata(WorkflowMetadata.getDefaultInstance());
    for (int i = 0; i < nodes; i++) {
      Node.Builder n = Node.newBuilder().setId("n" + i).setTaskNode(TaskNode.newBuilder()
          .setReferenceId(task.getId()));
      if (i > 0 && !fanOut) {
        n.addUpstreamNodeIds("n" + (i - 1));
      }
      wf.addNodes(n);
    }
    admin.createWorkflow(WorkflowCreateRequest.newBuilder().setId(wf.getId()).setSpec(WorkflowSpec.newBuilder()
        .setTemplate(wf)).build());
    Identifier lp = id(ResourceType.LAUNCH_PLAN, name + shape);
    admin.createLaunchPlan(LaunchPlanCreateRequest.newBuilder().setId(lp).setSpec(LaunchPlanSpec.newBuilder()
        .setWorkflowId(wf.getId())).build());
    return lp;
  }

  record Result(int workflows, int nodes, double seconds, double roundP50, double roundP99, double rounds,
      double writes, double cpuSeconds, double peakHeapMb, Map<String, Double> partsP50) {}

  private static Result run(AdminServiceBlockingStub admin, Probe probe, Identifier lp, String prefix, int workflows,
      int nodes, boolean measure) throws Exception {
    Probe.Snapshot before = probe.snapshot();
    double[] peakHeap = {0};
    double seconds = launchAndAwait(admin, lp, prefix, workflows, "", () -> peakHeap[0] = Math.max(peakHeap[0],
        probe.heapMb()));
    Probe.Snapshot after = probe.snapshot();
    Map<String, Double> parts = new LinkedHashMap<>();
    after.histograms().forEach((name, buckets) -> {
      if (name.startsWith("aloft_propeller_") && !name.startsWith("aloft_propeller_round_time")) {
        double q = Probe.quantile(before.histograms().getOrDefault(name, new TreeMap<>()), buckets, 0.50);
        if (!Double.isNaN(q)) {
          parts.put(name.replace("aloft_propeller_", "").replace("_seconds", ""), q);
        }
      }
    });
    return new Result(workflows, nodes, seconds, Probe.quantile(before.roundBuckets, after.roundBuckets, 0.50),
        Probe.quantile(before.roundBuckets, after.roundBuckets, 0.99), after.rounds - before.rounds,
        after.kubeWrites - before.kubeWrites, after.cpuSeconds - before.cpuSeconds, peakHeap[0], parts);
  }

  /** Something to do while waiting (sample memory, say). */
  interface Sampler {
    void sample() throws Exception;
  }

  /**
   * Launches {@code workflows} executions of {@code lp} through admin at once (8 threads), named {@code prefix0..},
   * in the execution cluster {@code label} (empty: the default), and waits until every one has SUCCEEDED, calling
   * {@code sampler} every 50 ms; returns the seconds from the first launch to the last success.
   */
  static double launchAndAwait(AdminServiceBlockingStub admin, Identifier lp, String prefix, int workflows,
      String label, Sampler sampler) throws Exception {
    long t0 = System.nanoTime();
    ExecutorService launcher = Executors.newFixedThreadPool(8);
    List<Future<WorkflowExecutionIdentifier>> launched = new ArrayList<>();
    for (int i = 0; i < workflows; i++) {
      ExecutionSpec.Builder spec = ExecutionSpec.newBuilder().setLaunchPlan(lp);
      if (!label.isEmpty()) {
        spec.setExecutionClusterLabel(ExecutionClusterLabel.newBuilder().setValue(label));
      }
      ExecutionCreateRequest request = ExecutionCreateRequest.newBuilder().setProject(PROJECT).setDomain(DOMAIN)
          .setName(prefix + i).setSpec(spec).build();
      launched.add(launcher.submit(() -> admin.createExecution(request).getId()));
    }
    List<WorkflowExecutionIdentifier> open = new ArrayList<>();
    for (Future<WorkflowExecutionIdentifier> f : launched) {
      open.add(f.get());
    }
    launcher.shutdown();
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    java.util.Set<String> pending = new java.util.HashSet<>();
    open.forEach(id -> pending.add(id.getName()));
    // One ListExecutions of the batch's finished executions every 100 ms: a GetExecution per open execution every
    // 50 ms was up to 600 calls/s, an admin and PostgreSQL load on the two cores as large as the propeller's own.
    String filter = "value_in(name," + String.join(";", pending) + ")+value_in(phase,SUCCEEDED;FAILED;ABORTED;"
        + "TIMED_OUT)";
    while (!pending.isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(pending.size() + " of " + workflows + " executions not done after 10 minutes");
      }
      sampler.sample();
      var done = admin.listExecutions(flyteidl.admin.Common.ResourceListRequest.newBuilder()
          .setId(flyteidl.admin.Common.NamedEntityIdentifier.newBuilder().setProject(PROJECT).setDomain(DOMAIN))
          .setFilters(filter).setLimit(workflows + 1).build());
      for (var e : done.getExecutionsList()) {
        WorkflowExecution.Phase phase = e.getClosure().getPhase();
        if (phase != WorkflowExecution.Phase.SUCCEEDED) {
          throw new IllegalStateException("execution " + e.getId().getName() + " " + phase + ": "
              + e.getClosure().getError().getMessage() + e.getClosure().getAbortMetadata().getCause());
        }
        pending.remove(e.getId().getName());
      }
      if (!pending.isEmpty()) {
        Thread.sleep(100);
      }
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private static void report(String mode, Result r) {
    double completed = (double) r.workflows() * r.nodes();
    System.out.printf("%-5s %,d nodes in %.2f s: %,.1f completed nodes/s | round latency p50 %.2f ms p99 %.2f ms"
        + " (%,.0f rounds) | %.2f Kubernetes API writes per node | propeller CPU %.1f s, peak heap %.0f MB%n",
        mode, (long) completed, r.seconds(), completed / r.seconds(), r.roundP50() * 1000, r.roundP99() * 1000,
        r.rounds(), r.writes() / completed, r.cpuSeconds(), r.peakHeapMb());
    StringBuilder parts = new StringBuilder("      p50 of the parts (histogram bucket bounds):");
    r.partsP50().forEach((k, v) -> parts.append(String.format(" %s %.1f ms;", k, v * 1000)));
    System.out.println(parts);
  }

  /** Reads propeller's and the API server's metrics, and propeller's CPU time. */
  static final class Probe {
    record Snapshot(TreeMap<Double, Double> roundBuckets, double rounds, double kubeWrites, double cpuSeconds,
        Map<String, TreeMap<Double, Double>> histograms) {}

    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:]+)(?:\\{([^}]*)})?\\s+([0-9.eE+-]+)");
    private final LocalStack stack;
    private final KubernetesClient kube;
    private final HttpClient http = HttpClient.newHttpClient();

    Probe(LocalStack stack, KubernetesClient kube) {
      this.stack = stack;
      this.kube = kube;
    }

    String propellerMetrics() throws Exception {
      URI uri = URI.create("http://127.0.0.1:" + stack.endpoints().get("propeller").httpPort() + "/q/metrics");
      return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    double heapMb() throws Exception {
      double sum = 0;
      for (String line : propellerMetrics().split("\n")) {
        Matcher m = LINE.matcher(line);
        if (m.find() && m.group(1).equals("jvm_memory_used_bytes") && m.group(2) != null && m.group(2).contains("area=\"heap\"")) {
          sum += Double.parseDouble(m.group(3));
        }
      }
      return sum / (1024 * 1024);
    }

    Snapshot snapshot() throws Exception {
      TreeMap<Double, Double> buckets = new TreeMap<>();
      Map<String, TreeMap<Double, Double>> histograms = new LinkedHashMap<>();
      double rounds = 0;
      for (String line : propellerMetrics().split("\n")) {
        Matcher m = LINE.matcher(line);
        if (!m.find()) {
          continue;
        }
        if (m.group(1).endsWith("_seconds_bucket") && m.group(2) != null) {
          Matcher le = Pattern.compile("le=\"([^\"]+)\"").matcher(m.group(2));
          if (le.find()) {
            String key = m.group(1).replace("_bucket", "") + "{" + m.group(2).replaceAll(",?le=\"[^\"]+\",?", "")
                .replaceAll(",$", "") + "}";
            double bound = le.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le.group(1));
            histograms.computeIfAbsent(key, k -> new TreeMap<>()).put(bound, Double.parseDouble(m.group(3)));
          }
        }
        if (m.group(1).equals("aloft_propeller_round_time_seconds_bucket") && m.group(2) != null) {
          Matcher le = Pattern.compile("le=\"([^\"]+)\"").matcher(m.group(2));
          if (le.find()) {
            double bound = le.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le.group(1));
            buckets.put(bound, Double.parseDouble(m.group(3)));
          }
        } else if (m.group(1).equals("aloft_propeller_round_time_seconds_count")) {
          rounds = Double.parseDouble(m.group(3));
        }
      }
      double writes = 0;
      for (String line : kube.raw("/metrics").split("\n")) {
        if (!line.startsWith("apiserver_request_total{")) {
          continue;
        }
        Matcher m = LINE.matcher(line);
        if (!m.find()) {
          continue;
        }
        Map<String, String> labels = labels(m.group(2) == null ? "" : m.group(2));
        String verb = labels.getOrDefault("verb", "");
        String resource = labels.getOrDefault("resource", "");
        String sub = labels.getOrDefault("subresource", "");
        boolean workflowWrite = resource.equals("flyteworkflows") && (verb.equals("PUT") || verb.equals("PATCH"));
        boolean podWrite = resource.equals("pods") && sub.isEmpty() && (verb.equals("POST")
            || verb.equals("DELETE"));
        if (workflowWrite || podWrite) {
          writes += Double.parseDouble(m.group(3));
        }
      }
      return new Snapshot(buckets, rounds, writes, cpuSeconds(), histograms);
    }

    private double cpuSeconds() throws Exception {
      long pid = stack.endpoints().get("propeller").process().pid();
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // fields after the command: state(0) ... utime(11) stime(12), in clock ticks (100 per second on Linux)
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    private static Map<String, String> labels(String s) {
      Map<String, String> out = new LinkedHashMap<>();
      Matcher m = Pattern.compile("(\\w+)=\"([^\"]*)\"").matcher(s);
      while (m.find()) {
        out.put(m.group(1), m.group(2));
      }
      return out;
    }

    /** The {@code q} quantile of the observations between two cumulative bucket snapshots (upper bucket bound). */
    static double quantile(TreeMap<Double, Double> before, TreeMap<Double, Double> after, double q) {
      double total = after.lastEntry().getValue() - before.getOrDefault(after.lastKey(), 0.0);
      if (total <= 0) {
        return Double.NaN;
      }
      for (Map.Entry<Double, Double> e : after.entrySet()) {
        double n = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
        if (n >= q * total) {
          return e.getKey();
        }
      }
      return after.lastKey();
    }
  }
}
