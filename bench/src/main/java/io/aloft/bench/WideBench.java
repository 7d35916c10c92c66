package io.aloft.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import flyteidl.admin.Common.NamedEntityIdentifier;
import flyteidl.admin.Common.ResourceListRequest;
import flyteidl.admin.ExecutionOuterClass.ExecutionClosure;
import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetRequest;
import flyteidl.core.Execution.WorkflowExecution;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.service.AdminServiceGrpc;
import flyteidl.service.AdminServiceGrpc.AdminServiceBlockingStub;
import io.aloft.sandbox.FlytekitVenv;
import io.aloft.sandbox.LocalStack;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Wide workflows on the local stack: a dynamic fan-out of {@code width} echo nodes and a map over a launch plan of
 * {@code width} child executions (bench/python/wide.py), each launched with the real {@code pyflyte run --remote}.
 * Prints, for each: the execution's duration as admin recorded it, the Kubernetes API writes (as PropellerBench counts them:
 * workflow status and metadata writes, pod creates and deletes, from the API server's counters), propeller's CPU
 * seconds, and the peak size of the parent workflow resource (polled while it runs) against etcd's 1.5 MiB limit.
 *
 * <p>Usage: {@code ./aloft bench wide [width=1000]}
 */
public final class WideBench {
  private static final String PROJECT = "flytesnacks";
  private static final String DOMAIN = "development";
  /** etcd's default request size limit, which a workflow resource must stay under. */
  private static final double ETCD_LIMIT = 1.5 * 1024 * 1024;

  private WideBench() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    int width = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    Path repo = Path.of(System.getProperty("aloft.repo", ".")).toAbsolutePath().normalize();
    Path data = Files.createTempDirectory("aloft-bench-wide");
    LocalStack.Options options = LocalStack.Options.parse("--data-dir", data.toString(), "--random-ports");
    try (LocalStack stack = new LocalStack(options, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
        .start();
        KubernetesClient kube = new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(stack.kube().kubeconfigYaml())).build()) {
      ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1",
          stack.endpoints().get("admin").grpcPort()).usePlaintext().build();
      try {
        AdminServiceBlockingStub admin = AdminServiceGrpc.newBlockingStub(channel);
        Path work = Files.createTempDirectory(data, "work");
        Files.createDirectories(work.resolve("wide"));
        Files.copy(repo.resolve("bench/python/wide.py"), work.resolve("wide/wide.py"));
        Files.writeString(work.resolve("wide/__init__.py"), "");
        Files.copy(stack.flytekitConfig(), work.resolve("config.yaml"));
        Path pyflyte = FlytekitVenv.ensure(repo).resolve("bin/pyflyte");
        PropellerBench.Probe probe = new PropellerBench.Probe(stack, kube);
        System.out.printf("wide bench: width %d, on the local stack (propeller defaults; admin launcher resync 1 s)%n",
            width);
        String xs = IntStream.range(0, width).mapToObj(Integer::toString).collect(Collectors.joining(", ", "[", "]"));
        report("dynamic fan-out", width, run(admin, kube, probe, pyflyte, work, "wide-dyn", "dynamic_wf", "--n",
            Integer.toString(width)));
        report("map over a launch plan", width, run(admin, kube, probe, pyflyte, work, "wide-map", "map_lp_wf",
            "--xs", xs));
      } finally {
        channel.shutdownNow();
      }
    }
  }

  record Result(double seconds, double writes, double cpuSeconds, long peakBytes, int children) {}

  private static Result run(AdminServiceBlockingStub admin, KubernetesClient kube, PropellerBench.Probe probe,
      Path pyflyte, Path work, String name, String workflow, String... inputs) throws Exception {
    PropellerBench.Probe.Snapshot before = probe.snapshot();
    List<String> cmd = new ArrayList<>(List.of(pyflyte.toString(), "--config", "config.yaml", "run", "--remote",
        "--name", name, "wide/wide.py", workflow));
    cmd.addAll(List.of(inputs));
    Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("pyflyte run failed: " + out);
    }
    WorkflowExecutionIdentifier id = WorkflowExecutionIdentifier.newBuilder().setProject(PROJECT).setDomain(DOMAIN)
        .setName(name).build();
    ObjectMapper json = new ObjectMapper();
    long peak = 0;
    long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
    ExecutionClosure closure;
    while (true) {
      GenericKubernetesResource wf = kube.genericKubernetesResources("aloft.io/v1alpha1", "FlyteWorkflow")
          .inNamespace(PROJECT + "-" + DOMAIN).withName(name).get();
      if (wf != null) {
        peak = Math.max(peak, json.writeValueAsBytes(wf).length);
      }
      closure = admin.getExecution(WorkflowExecutionGetRequest.newBuilder().setId(id).build()).getClosure();
      WorkflowExecution.Phase phase = closure.getPhase();
      if (phase == WorkflowExecution.Phase.SUCCEEDED) {
        break;
      }
      if (phase == WorkflowExecution.Phase.FAILED || phase == WorkflowExecution.Phase.ABORTED
          || System.nanoTime() > deadline) {
        throw new IllegalStateException(name + " " + phase + ": " + closure.getError().getMessage());
      }
      Thread.sleep(250);
    }
    PropellerBench.Probe.Snapshot after = probe.snapshot();
    double seconds = closure.getDuration().getSeconds() + closure.getDuration().getNanos() / 1e9;
    return new Result(seconds, after.kubeWrites() - before.kubeWrites(), after.cpuSeconds() - before.cpuSeconds(),
        peak, children(admin, name));
  }

  /** Child executions of {@code parent} in admin. */
  private static int children(AdminServiceBlockingStub admin, String parent) {
    int n = 0;
    String token = "";
    do {
      var page = admin.listExecutions(ResourceListRequest.newBuilder().setLimit(1000).setToken(token)
          .setId(NamedEntityIdentifier.newBuilder().setProject(PROJECT).setDomain(DOMAIN)).build());
      for (var e : page.getExecutionsList()) {
        if (e.getSpec().getMetadata().getParentNodeExecution().getExecutionId().getName().equals(parent)) {
          n++;
        }
      }
      token = page.getToken();
    } while (!token.isEmpty());
    return n;
  }

  private static void report(String what, int width, Result r) {
    System.out.printf("%-23s %,d wide: %.1f s (admin's duration) | %,.0f Kubernetes API writes (%.2f per node) |"
        + " propeller CPU %.1f s | peak resource %,d bytes (%.1f%% of etcd's 1.5 MiB) | %,d child executions%n",
        what, width, r.seconds(), r.writes(), r.writes() / width, r.cpuSeconds(), r.peakBytes(),
        100.0 * r.peakBytes() / ETCD_LIMIT, r.children());
  }
}
