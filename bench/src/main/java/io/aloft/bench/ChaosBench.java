package io.aloft.bench;

import io.aloft.sandbox.LocalStack;
import io.aloft.sandbox.chaos.ChaosCounts;
import io.aloft.sandbox.chaos.ChaosFault;
import io.aloft.sandbox.chaos.ChaosRun;
import io.aloft.testkit.kube.PodRule;
import io.aloft.testkit.kube.TaskResult;
import io.aloft.testkit.kube.TaskStorage;
import io.aloft.testkit.kube.TestPodController;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The chaos scenarios of the test suite's ChaosIT, run longer, on one local stack (two admin replicas behind one port,
 * the test pod controller running each pod's task code): 1,000 executions while propeller is SIGKILLed every 4 s, 200
 * while one admin replica is killed, PostgreSQL is restarted (down 5 s), S3 is unreachable for 30 s and kube-apiserver
 * is restarted. Prints each scenario's counts (launched, succeeded, wrong outputs, work or records duplicated) and
 * wall time; exits 1 when a scenario did not end with every execution succeeded, correct and done once.
 *
 * <p>Usage: {@code ./aloft bench chaos [scenario[,scenario...]|all] [executions]} (scenarios: propeller-kill,
 * admin-kill, postgres-restart, s3-outage, apiserver-restart; executions overrides every scenario's size)
 */
public final class ChaosBench {
  private ChaosBench() {}

  record Scenario(ChaosFault fault, int executions, Duration strike) {}

  static final List<Scenario> SCENARIOS = List.of(
      new Scenario(ChaosFault.PROPELLER_KILL, 1000, Duration.ofSeconds(4)),
      new Scenario(ChaosFault.ADMIN_KILL, 200, Duration.ZERO),
      new Scenario(ChaosFault.POSTGRES_RESTART, 200, Duration.ofSeconds(5)),
      new Scenario(ChaosFault.S3_OUTAGE, 200, Duration.ofSeconds(30)),
      new Scenario(ChaosFault.APISERVER_RESTART, 200, Duration.ZERO));

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    String which = args.length > 0 ? args[0] : "all";
    Integer size = args.length > 1 ? Integer.valueOf(args[1]) : null;
    List<Scenario> chosen = new ArrayList<>();
    for (Scenario s : SCENARIOS) {
      if (which.equals("all") || List.of(which.split(",")).contains(s.fault().label())) {
        chosen.add(new Scenario(s.fault(), size != null ? size : s.executions(), s.strike()));
      }
    }
    for (String name : which.equals("all") ? new String[0] : which.split(",")) {
      ChaosFault.of(name); // says which scenarios there are
    }
    LocalStack.Options options = LocalStack.Options.parse("--data-dir",
        Files.createTempDirectory("aloft-bench-chaos").toString(), "--random-ports", "--no-pod-runner",
        "--admin-replicas", "2");
    long t0 = System.nanoTime();
    List<ChaosCounts> results = new ArrayList<>();
    try (LocalStack stack = new LocalStack(options, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
        .start();
        KubernetesClient kube = new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(stack.kube().kubeconfigYaml())).build();
        ChaosRun chaos = new ChaosRun(stack);
        TestPodController pods = TestPodController.start(kube, null)) {
      pods.rule(PodRule.matching(p -> true).runFor(Duration.ofMillis(100)).runTask(
          TaskStorage.of(chaos::read, chaos::write),
          (in, pod) -> TaskResult.outputs(chaos.task(in, pod.getMetadata().getLabels().get("execution-id")))));
      System.out.printf("chaos bench: %d scenario(s) on one local stack (2 admin replicas, test pod controller),"
          + " a two-node workflow (a pod, then an echo task) per execution%n", chosen.size());
      for (Scenario s : chosen) {
        System.out.printf("%s: %d executions, fault %s ...%n", s.fault().label(), s.executions(),
            s.strike().isZero() ? "once" : (s.fault() == ChaosFault.PROPELLER_KILL ? "every " : "for ") + s.strike());
        ChaosCounts c = chaos.run(s.fault(), s.fault().label(), new ChaosRun.Settings(s.executions(), s.strike(), 0,
            Duration.ofMinutes(60)));
        results.add(c);
        ChaosCounts.print(System.out, List.of(c));
      }
    }
    System.out.println();
    ChaosCounts.print(System.out, results);
    boolean clean = results.stream().allMatch(ChaosCounts::clean);
    System.out.printf("%s; total wall time %.1f s (stack start included)%n", clean
        ? "every execution succeeded with its correct output; nothing launched, run or recorded twice"
        : "NOT CLEAN: see the counts above", (System.nanoTime() - t0) / 1e9);
    System.exit(clean ? 0 : 1);
  }
}
