package io.aloft.datacatalog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import datacatalog.DataCatalogGrpc;
import datacatalog.Datacatalog.GetDatasetRequest;
import io.aloft.testkit.quarkus.FreeGrpcPortResource;
import io.aloft.testkit.quarkus.PostgresResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** Datacatalog boots against the real PostgreSQL and S3 and serves datacatalog.DataCatalog over gRPC. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
    initArgs = @ResourceArg(name = "database", value = "datacatalog_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
class DataCatalogServiceIT {

  @Test
  void servesTheDataCatalogServiceOnGrpc() {
    int port = ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
    ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    try {
      assertThatThrownBy(() -> DataCatalogGrpc.newBlockingStub(channel).getDataset(GetDatasetRequest.getDefaultInstance()))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
    } finally {
      channel.shutdownNow();
    }
  }

  @Test
  void healthCoversTheDatabase() {
    given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
        .body(containsString("Database connections health check"));
    given().get("/q/metrics").then().statusCode(200).body(containsString("agroal_active_count"));
  }
}
