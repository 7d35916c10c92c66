package io.aloft.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.admin.Common.ObjectGetRequest;
import flyteidl.admin.ProjectOuterClass.ProjectListRequest;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import io.aloft.testkit.quarkus.FreeGrpcPortResource;
import io.aloft.testkit.quarkus.PostgresResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.grpc.Status;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What an operator reads on /q/metrics: per-RPC latency and status counts for gRPC and REST calls, the REST
 * gateway's own timer, HTTP requests by route template, and the database pool.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "admin_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
class MetricsIT extends AdminGrpcTestBase {
  private static final String PROJECT = "metrics-it";
  private static final String SERVICE = "flyteidl.service.AdminService";

  /** One scrape of the Prometheus endpoint: samples by name, each with its labels. */
  record Scrape(Map<String, List<Sample>> samples) {
    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    record Sample(Map<String, String> labels, double value) {}

    static Scrape now() {
      String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
      Map<String, List<Sample>> samples = new LinkedHashMap<>();
      for (String line : text.split("\n")) {
        Matcher m = LINE.matcher(line);
        if (line.startsWith("#") || !m.matches()) {
          continue;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (m.group(3) != null) {
          Matcher l = LABEL.matcher(m.group(3));
          while (l.find()) {
            labels.put(l.group(1), l.group(2));
          }
        }
        samples.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(new Sample(labels,
            Double.parseDouble(m.group(4))));
      }
      return new Scrape(samples);
    }

    /** The sum of the samples of {@code name} carrying all of {@code labels}; 0 if there is none. */
    double sum(String name, Map<String, String> labels) {
      return matching(name, labels).stream().mapToDouble(Sample::value).sum();
    }

    List<Sample> matching(String name, Map<String, String> labels) {
      return samples.getOrDefault(name, List.of()).stream()
          .filter(s -> s.labels.entrySet().containsAll(labels.entrySet())).toList();
    }
  }

  private static Map<String, String> rpc(String method, String status) {
    return Map.of("service", SERVICE, "method", method, "methodType", "UNARY", "statusCode", status);
  }

  private ObjectGetRequest missingTask() {
    return ObjectGetRequest.newBuilder().setId(Identifier.newBuilder().setResourceType(ResourceType.TASK)
        .setProject(PROJECT).setDomain("development").setName("absent").setVersion("v1")).build();
  }

  @Test
  void perRpcLatencyAndStatusCountsCoverGrpcAndRestCalls() {
    ensureProject(PROJECT, "Metrics IT");
    Scrape before = Scrape.now();

    admin.listProjects(ProjectListRequest.newBuilder().setLimit(10).build());
    for (int i = 0; i < 2; i++) {
      assertStatus(() -> admin.getTask(missingTask()), Status.Code.NOT_FOUND, "absent");
    }
    given().accept("application/json").get("/api/v1/projects?limit=10").then().statusCode(200);
    given().accept("application/json").get("/api/v1/tasks/" + PROJECT + "/development/absent/v1").then()
        .statusCode(404);
    given().accept("application/json").get("/api/v1/tasks/" + PROJECT + "/development/absent?limit=0").then()
        .statusCode(400);

    Scrape after = Scrape.now();
    String timer = "grpc_server_processing_duration_seconds_count";
    // gRPC calls, and the REST gateway's calls, which go through the same server interceptor
    assertThat(after.sum(timer, rpc("ListProjects", "OK")) - before.sum(timer, rpc("ListProjects", "OK")))
        .isEqualTo(2);
    assertThat(after.sum(timer, rpc("GetTask", "NOT_FOUND")) - before.sum(timer, rpc("GetTask", "NOT_FOUND")))
        .isEqualTo(3);
    assertThat(after.sum(timer, rpc("ListTasks", "INVALID_ARGUMENT"))
        - before.sum(timer, rpc("ListTasks", "INVALID_ARGUMENT"))).isEqualTo(1);
    assertThat(after.sum("grpc_server_processing_duration_seconds_sum", rpc("GetTask", "NOT_FOUND")))
        .isGreaterThan(0);
    // latency histogram buckets, so quantiles can be taken across replicas
    assertThat(after.matching("grpc_server_processing_duration_seconds_bucket", rpc("GetTask", "NOT_FOUND")))
        .extracting(s -> s.labels().get("le")).contains("0.005", "0.1", "1.0", "10.0", "+Inf");
    assertThat(after.sum("grpc_server_processing_duration_seconds_bucket",
        Map.of("method", "GetTask", "statusCode", "NOT_FOUND", "le", "+Inf")))
        .isEqualTo(after.sum(timer, rpc("GetTask", "NOT_FOUND")));
    assertThat(after.sum("grpc_server_requests_received_messages_total", Map.of("method", "GetTask")))
        .isGreaterThanOrEqualTo(3);

    // the gateway's own timer: HTTP method, route template, RPC and HTTP status
    String rest = "aloft_admin_rest_requests_seconds_count";
    Map<String, String> notFound = Map.of("method", "GET", "route",
        "/api/v1/tasks/{id.project}/{id.domain}/{id.name}/{id.version}", "rpc", SERVICE + "/GetTask",
        "status", "404");
    assertThat(after.sum(rest, notFound) - before.sum(rest, notFound)).isEqualTo(1);
    Map<String, String> listed = Map.of("route", "/api/v1/projects", "rpc", SERVICE + "/ListProjects",
        "status", "200");
    assertThat(after.sum(rest, listed) - before.sum(rest, listed)).isEqualTo(1);
    Map<String, String> refused = Map.of("rpc", SERVICE + "/ListTasks", "status", "400");
    assertThat(after.sum(rest, refused) - before.sum(rest, refused)).isEqualTo(1);
    assertThat(after.matching("aloft_admin_rest_requests_seconds_bucket", notFound)).isNotEmpty();

    // Quarkus's HTTP server metrics name the route template, not every task's path
    assertThat(after.matching("http_server_requests_seconds_count", Map.of("uri",
        "/api/v1/tasks/{id.project}/{id.domain}/{id.name}/{id.version}", "status", "404"))).hasSize(1);
    assertThat(after.samples().getOrDefault("http_server_requests_seconds_count", List.of()))
        .noneMatch(s -> s.labels().getOrDefault("uri", "").contains("absent"));
  }

  @Test
  void databasePoolGaugesAreExported() {
    admin.listProjects(ProjectListRequest.newBuilder().setLimit(10).build());
    Scrape scrape = Scrape.now();
    Map<String, String> pool = Map.of("datasource", "default");
    for (String gauge : List.of("agroal_active_count", "agroal_available_count", "agroal_max_used_count",
        "agroal_awaiting_count")) {
      assertThat(scrape.matching(gauge, pool)).as(gauge).hasSize(1);
    }
    assertThat(scrape.sum("agroal_max_used_count", pool)).isGreaterThanOrEqualTo(1);
    assertThat(scrape.sum("agroal_acquire_count_total", pool)).isGreaterThanOrEqualTo(1);

    double acquired = scrape.sum("agroal_acquire_count_total", pool);
    admin.listProjects(ProjectListRequest.newBuilder().setLimit(10).build());
    assertThat(Scrape.now().sum("agroal_acquire_count_total", pool)).isGreaterThan(acquired);
  }
}
