package io.aloft.datacatalog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Duration;
import datacatalog.Datacatalog.DatasetID;
import datacatalog.Datacatalog.GetArtifactRequest;
import datacatalog.Datacatalog.GetOrExtendReservationRequest;
import datacatalog.Datacatalog.ReleaseReservationRequest;
import datacatalog.Datacatalog.ReservationID;
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

/** What an operator reads on /q/metrics: per-RPC latency histograms and status counts, reservation outcomes. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
    initArgs = @ResourceArg(name = "database", value = "datacatalog_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
class MetricsIT extends CatalogTestBase {
  private static final String PROJECT = "metrics-it";
  private static final String SERVICE = "datacatalog.DataCatalog";
  private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  record Sample(String name, Map<String, String> labels, double value) {}

  /** The samples of {@code name} on the endpoint now that carry all of {@code labels}. */
  private static List<Sample> scrape(String name, Map<String, String> labels) {
    String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
    List<Sample> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      Matcher m = LINE.matcher(line);
      if (line.startsWith("#") || !m.matches() || !m.group(1).equals(name)) {
        continue;
      }
      Map<String, String> found = new LinkedHashMap<>();
      if (m.group(3) != null) {
        Matcher l = LABEL.matcher(m.group(3));
        while (l.find()) {
          found.put(l.group(1), l.group(2));
        }
      }
      if (found.entrySet().containsAll(labels.entrySet())) {
        out.add(new Sample(m.group(1), found, Double.parseDouble(m.group(4))));
      }
    }
    return out;
  }

  private static double sum(String name, Map<String, String> labels) {
    return scrape(name, labels).stream().mapToDouble(Sample::value).sum();
  }

  private static Map<String, String> rpc(String method, String status) {
    return Map.of("service", SERVICE, "method", method, "methodType", "UNARY", "statusCode", status);
  }

  @Test
  void everyRpcIsTimedByStatusWithHistogramBuckets() {
    DatasetID ds = datasetId(PROJECT, "timed", "v1");
    String count = "grpc_server_processing_duration_seconds_count";
    double okBefore = sum(count, rpc("GetArtifact", "OK"));
    double missingBefore = sum(count, rpc("GetArtifact", "NOT_FOUND"));
    double invalidBefore = sum(count, rpc("GetArtifact", "INVALID_ARGUMENT"));
    createDataset(ds);
    createArtifact(artifact(ds, "m1", 1));
    for (int i = 0; i < 3; i++) {
      catalog.getArtifact(GetArtifactRequest.newBuilder().setDataset(ds).setArtifactId("m1").build());
    }
    assertStatus(() -> catalog.getArtifact(GetArtifactRequest.newBuilder().setDataset(ds).setTagName("none")
        .build()), Status.Code.NOT_FOUND, "none");
    assertStatus(() -> catalog.getArtifact(GetArtifactRequest.getDefaultInstance()), Status.Code.INVALID_ARGUMENT,
        "missing");

    assertThat(sum(count, rpc("GetArtifact", "OK")) - okBefore).isEqualTo(3);
    assertThat(sum(count, rpc("GetArtifact", "NOT_FOUND")) - missingBefore).isEqualTo(1);
    assertThat(sum(count, rpc("GetArtifact", "INVALID_ARGUMENT")) - invalidBefore).isEqualTo(1);
    assertThat(sum(count, rpc("CreateArtifact", "OK"))).isGreaterThanOrEqualTo(1);
    // buckets from 1 ms, so p50/p99 of a cache lookup can be read
    List<String> bounds = scrape("grpc_server_processing_duration_seconds_bucket", rpc("GetArtifact", "OK"))
        .stream().map(s -> s.labels().get("le")).toList();
    assertThat(bounds).contains("0.001", "0.005", "0.1", "1.0", "+Inf");
    assertThat(sum("grpc_server_processing_duration_seconds_bucket", Map.of("method", "GetArtifact",
        "statusCode", "OK", "le", "+Inf")) - okBefore).isEqualTo(3);
  }

  @Test
  void reservationOutcomesAndDataPlacementAreCounted() {
    String requests = "aloft_datacatalog_reservation_requests_total";
    String releases = "aloft_datacatalog_reservation_releases_total";
    double acquired = sum(requests, Map.of("outcome", "acquired"));
    double held = sum(requests, Map.of("outcome", "held_by_other"));
    double released = sum(releases, Map.of("outcome", "released"));
    double notHeld = sum(releases, Map.of("outcome", "not_held"));
    double inline = sum("aloft_datacatalog_artifact_data_writes_total", Map.of("place", "inline"));

    ReservationID id = ReservationID.newBuilder().setDatasetId(datasetId(PROJECT, "r", "v1")).setTagName("t")
        .build();
    for (String owner : List.of("a", "a", "b")) {
      catalog.getOrExtendReservation(GetOrExtendReservationRequest.newBuilder().setReservationId(id)
          .setOwnerId(owner).setHeartbeatInterval(Duration.newBuilder().setSeconds(5)).build());
    }
    for (String owner : List.of("b", "a")) {
      catalog.releaseReservation(ReleaseReservationRequest.newBuilder().setReservationId(id).setOwnerId(owner)
          .build());
    }
    DatasetID ds = datasetId(PROJECT, "placed", "v1");
    createDataset(ds);
    createArtifact(artifact(ds, "p1", 1));

    assertThat(sum(requests, Map.of("outcome", "acquired")) - acquired).isEqualTo(2);
    assertThat(sum(requests, Map.of("outcome", "held_by_other")) - held).isEqualTo(1);
    assertThat(sum(releases, Map.of("outcome", "released")) - released).isEqualTo(1);
    assertThat(sum(releases, Map.of("outcome", "not_held")) - notHeld).isEqualTo(1);
    assertThat(sum("aloft_datacatalog_artifact_data_writes_total", Map.of("place", "inline")) - inline)
        .isEqualTo(1);
  }
}
