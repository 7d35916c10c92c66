package io.aloft.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.core.Execution.WorkflowExecution;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.RetryStrategy;
import flyteidl.core.Tasks.TaskMetadata;
import flyteidl.core.Tasks.TaskTemplate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every metric the Grafana dashboards (deploy/monitoring/dashboards) query is one the service the dashboard is
 * about exports. The three packaged services run as the local stack runs them; a workflow with a cached,
 * serialized task runs twice (a miss, then a hit) and admin's REST gateway answers once, so the meters registered
 * on first use (per RPC, per event kind, the cache and reservations, the launch stages) exist. Then each service's
 * /q/metrics is scraped.
 */
class DashboardMetricsIT {
  static final Path DASHBOARDS = Path.of(System.getProperty("aloft.repo", "..")).resolve(
      "deploy/monitoring/dashboards");

  @Test
  void everyPanelQueriesMetricsItsServiceExports() throws Exception {
    List<DashboardQueries.Query> queries = DashboardQueries.load(DASHBOARDS);
    // shared with the other tests on this option set (RunningStack.shared): they add metrics, never remove them
    RunningStack running = RunningStack.shared("--no-pod-runner",
        "--propeller", "aloft.propeller.workflow-reeval-duration=2s");
    runACachedWorkflowTwice(running);
    HttpClient http = HttpClient.newHttpClient();
    int adminHttp = running.stack().endpoints().get("admin").httpPort();
    assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminHttp
        + "/api/v1/projects?limit=10")).header("Accept", "application/json").build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

    List<String> missing = new ArrayList<>();
    for (var byDashboard : queries.stream().collect(java.util.stream.Collectors.groupingBy(
        DashboardQueries.Query::dashboard)).entrySet()) {
      // aloft-propeller.json is about propeller, and so on
      String service = byDashboard.getKey().replaceFirst("^aloft-", "");
      LocalStack.Endpoint endpoint = running.stack().endpoints().get(service);
      assertThat(endpoint).as("the service dashboard " + byDashboard.getKey() + " is about").isNotNull();
      String scrape = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.httpPort()
          + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
      Set<String> exported = DashboardQueries.exported(scrape);
      for (DashboardQueries.Query q : byDashboard.getValue()) {
        for (String metric : q.metrics()) {
          if (!exported.contains(metric)) {
            missing.add(q.dashboard() + " / " + q.panel() + ": " + metric);
          }
        }
      }
    }
    assertThat(missing).as("dashboard metrics their service does not export").isEmpty();
  }

  /** An echo task with the task cache on and serialized runs: datacatalog's lookups, reservations and writes. */
  static void runACachedWorkflowTwice(RunningStack running) throws InterruptedException {
    TaskTemplate cached = TaskTemplate.newBuilder().setId(Flows.id(ResourceType.TASK, "dash.cached", "v1"))
        .setType("echo").setInterface(TypedInterface.newBuilder().setInputs(Flows.vars(Map.of("x", Flows.INT)))
            .setOutputs(Flows.vars(Map.of("x", Flows.INT))))
        .setMetadata(TaskMetadata.newBuilder().setRetries(RetryStrategy.newBuilder().setRetries(0))
            .setDiscoverable(true).setDiscoveryVersion("1").setCacheSerializable(true)).build();
    Identifier lp = new Flows.Wf("dash.wf", "v1").input("x", Flows.INT)
        .node("n0", cached, Map.of("x", Flows.promise("start-node", "x")), null)
        .output("y", Flows.INT, Flows.promise("n0", "x")).register(running.admin());
    for (String name : List.of("dash-miss", "dash-hit")) {
      var id = Flows.launch(running.admin(), lp, name, LiteralMap.newBuilder().putLiterals("x", Flows.integer(3))
          .build(), 0);
      assertThat(Flows.await(running.admin(), id, Duration.ofSeconds(90))).isEqualTo(
          WorkflowExecution.Phase.SUCCEEDED);
    }
  }
}
