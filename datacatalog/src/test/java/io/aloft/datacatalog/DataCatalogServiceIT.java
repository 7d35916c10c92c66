package io.aloft.datacatalog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import datacatalog.DataCatalogGrpc;
import datacatalog.Datacatalog.AddTagRequest;
import datacatalog.Datacatalog.CreateArtifactRequest;
import datacatalog.Datacatalog.CreateDatasetRequest;
import datacatalog.Datacatalog.GetArtifactRequest;
import datacatalog.Datacatalog.GetDatasetRequest;
import datacatalog.Datacatalog.GetOrExtendReservationRequest;
import datacatalog.Datacatalog.ListArtifactsRequest;
import datacatalog.Datacatalog.ListDatasetsRequest;
import datacatalog.Datacatalog.ReleaseReservationRequest;
import datacatalog.Datacatalog.UpdateArtifactRequest;
import io.aloft.testkit.quarkus.FreeGrpcPortResource;
import io.aloft.testkit.quarkus.PostgresResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Datacatalog boots against the real PostgreSQL and S3, migrates its schema and serves every DataCatalog RPC. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
    initArgs = @ResourceArg(name = "database", value = "datacatalog_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
class DataCatalogServiceIT extends CatalogTestBase {

  /** Every method of the service answers; an empty request is INVALID_ARGUMENT naming what is missing. */
  @Test
  void everyRpcIsServedAndRefusesAnEmptyRequest() {
    Map<MethodDescriptor<?, ?>, Object> empty = new LinkedHashMap<>();
    empty.put(DataCatalogGrpc.getCreateDatasetMethod(), CreateDatasetRequest.getDefaultInstance());
    empty.put(DataCatalogGrpc.getGetDatasetMethod(), GetDatasetRequest.getDefaultInstance());
    empty.put(DataCatalogGrpc.getCreateArtifactMethod(), CreateArtifactRequest.getDefaultInstance());
    empty.put(DataCatalogGrpc.getGetArtifactMethod(), GetArtifactRequest.getDefaultInstance());
    empty.put(DataCatalogGrpc.getAddTagMethod(), AddTagRequest.getDefaultInstance());
    empty.put(DataCatalogGrpc.getListArtifactsMethod(), ListArtifactsRequest.getDefaultInstance());
    empty.put(DataCatalogGrpc.getUpdateArtifactMethod(), UpdateArtifactRequest.getDefaultInstance());
    empty.put(DataCatalogGrpc.getGetOrExtendReservationMethod(), GetOrExtendReservationRequest.getDefaultInstance());
    empty.put(DataCatalogGrpc.getReleaseReservationMethod(), ReleaseReservationRequest.getDefaultInstance());
    assertThat(empty).hasSize(DataCatalogGrpc.getServiceDescriptor().getMethods().size() - 1); // ListDatasets
    empty.forEach((method, request) -> assertStatus(() -> call(method, request), Status.Code.INVALID_ARGUMENT,
        "missing "));
    // ListDatasets needs nothing: an empty request lists the first page
    assertThat(catalog.listDatasets(ListDatasetsRequest.getDefaultInstance()).getNextToken()).isNotEmpty();
  }

  @SuppressWarnings("unchecked")
  private Object call(MethodDescriptor<?, ?> method, Object request) {
    return ClientCalls.blockingUnaryCall(channel, (MethodDescriptor<Object, Object>) method,
        io.grpc.CallOptions.DEFAULT, request);
  }

  @Test
  void aMissingDatasetIsNotFound() {
    assertStatus(() -> catalog.getDataset(GetDatasetRequest.newBuilder()
        .setDataset(datasetId("service-it", "nothing", "v1")).build()), Status.Code.NOT_FOUND, "Dataset");
  }

  @Test
  void healthCoversTheDatabase() {
    given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
        .body(containsString("Database connections health check"));
    given().get("/q/metrics").then().statusCode(200).body(containsString("agroal_active_count"));
  }
}
