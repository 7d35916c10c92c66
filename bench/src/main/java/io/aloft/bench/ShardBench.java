package io.aloft.bench;

import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.service.AdminServiceGrpc.AdminServiceBlockingStub;
import io.aloft.propeller.shard.ShardStrategy;
import io.aloft.sandbox.LocalStack;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Propeller sharded by hash, 1, 2 and 4 shards, each a packaged propeller process with its shard's selector (what the
 * manager gives each shard pod), in a fresh local stack per shard count: {@code workflows} executions of a chain of
 * {@code nodes} container-task nodes launched through admin at once, their pods moved by the test pod controller.
 * Prints completed nodes/s, the propellers' CPU per node (all shards together), Kubernetes API writes per node, and
 * how the rounds spread over the shards; each count against the single propeller of the same run.
 *
 * <p>On 2 cores more shards cannot add CPU: the figures show what sharding costs (a JVM, informers and connections
 * per shard), not what it gains on a machine with cores to spare.
 *
 * <p>Usage: {@code ./aloft bench shards [workflows=60] [nodes=5] [counts=1,2,4]}
 */
public final class ShardBench {
  private ShardBench() {}

  record Result(int shards, double seconds, double nodes, double cpuSeconds, double writes, List<Double> rounds) {
    double nodesPerSecond() {
      return nodes / seconds;
    }

    double cpuMsPerNode() {
      return cpuSeconds * 1000 / nodes;
    }
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    int workflows = args.length > 0 ? Integer.parseInt(args[0]) : 60;
    int nodes = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    List<Integer> counts = args.length > 2 ? Arrays.stream(args[2].split(",")).map(Integer::parseInt).toList()
        : List.of(1, 2, 4);
    System.out.printf("shard bench: %d workflows x %d chained pod-task nodes per shard count %s, launched through"
        + " admin at once; hash shards, propeller defaults; %d cores%n", workflows, nodes, counts,
        Runtime.getRuntime().availableProcessors());
    List<Result> results = new ArrayList<>();
    for (int count : counts) {
      results.add(run(count, workflows, nodes));
    }
    Result one = results.get(0);
    System.out.println();
    System.out.println("| shards | completed nodes/s | x first | propeller CPU ms/node (all shards) | x first"
        + " | API writes/node | rounds per shard |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (Result r : results) {
      System.out.printf("| %d | %.1f | %.2f | %.1f | %.2f | %.2f | %s |%n", r.shards(), r.nodesPerSecond(),
          r.nodesPerSecond() / one.nodesPerSecond(), r.cpuMsPerNode(), r.cpuMsPerNode() / one.cpuMsPerNode(),
          r.writes() / r.nodes(), r.rounds().stream().map(d -> String.format("%.0f", d)).toList());
    }
  }

  private static Result run(int shards, int workflows, int nodes) throws Exception {
    ShardStrategy strategy = ShardStrategy.hash(shards);
    List<String> args = new ArrayList<>(List.of("--data-dir",
        Files.createTempDirectory("aloft-bench-shards").toString(), "--random-ports"));
    if (shards > 1) {
      strategy.shardConfig(0).forEach((k, v) -> args.addAll(List.of("--propeller", k + "=" + v)));
    }
    try (BenchStack bench = BenchStack.start(args)) {
      List<LocalStack.Endpoint> propellers = new ArrayList<>(List.of(bench.stack.endpoints().get("propeller")));
      for (int i = 1; i < shards; i++) {
        propellers.add(bench.stack.launchPropeller("propeller-" + (i + 1), strategy.shardConfig(i)));
      }
      AdminServiceBlockingStub admin = bench.admin;
      Identifier lp = PropellerBench.register(admin, "pod", "container", nodes, false);
      // warm-up: JIT and connection pools of every shard, not measured
      for (int w = 0; w < 2; w++) {
        PropellerBench.launchAndAwait(admin, lp, "warm" + w + "-", Math.max(8, 4 * shards), "", () -> { });
      }
      PropellerBench.Probe probe = new PropellerBench.Probe(bench.stack, bench.kube);
      double writesBefore = probe.snapshot().kubeWrites();
      double cpuBefore = cpu(propellers);
      List<Double> roundsBefore = rounds(propellers);
      double seconds = PropellerBench.launchAndAwait(admin, lp, "s-", workflows, "", () -> { });
      double cpu = cpu(propellers) - cpuBefore;
      double writes = probe.snapshot().kubeWrites() - writesBefore;
      List<Double> roundsAfter = rounds(propellers);
      List<Double> rounds = new ArrayList<>();
      for (int i = 0; i < shards; i++) {
        rounds.add(roundsAfter.get(i) - roundsBefore.get(i));
      }
      Result r = new Result(shards, seconds, (double) workflows * nodes, cpu, writes, rounds);
      System.out.printf("%d shard(s): %,.0f nodes in %.1f s: %.1f nodes/s; propellers' CPU %.1f ms/node;"
          + " %.2f API writes/node; rounds per shard %s%n", shards, r.nodes(), seconds, r.nodesPerSecond(),
          r.cpuMsPerNode(), writes / r.nodes(), rounds);
      return r;
    }
  }

  private static double cpu(List<LocalStack.Endpoint> propellers) {
    return propellers.stream().mapToDouble(e -> ProcStats.cpuSeconds(e.process().pid())).sum();
  }

  /** Each propeller's rounds so far (aloft_propeller_round_time_seconds_count). */
  private static List<Double> rounds(List<LocalStack.Endpoint> propellers) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    List<Double> out = new ArrayList<>();
    for (LocalStack.Endpoint e : propellers) {
      String text = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + e.httpPort() + "/q/metrics"))
          .build(), HttpResponse.BodyHandlers.ofString()).body();
      out.add(MetricsText.parse(text).sum("aloft_propeller_round_time_seconds_count", s -> true));
    }
    return out;
  }
}
