package io.aloft.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import flyteidl.admin.ProjectOuterClass.Domain;
import flyteidl.admin.ProjectOuterClass.GetDomainRequest;
import flyteidl.admin.ExecutionOuterClass.ExecutionRecoverRequest;
import flyteidl.admin.VersionOuterClass.GetVersionRequest;
import io.aloft.testkit.quarkus.FreeGrpcPortResource;
import io.aloft.testkit.quarkus.PostgresResource;
import io.aloft.testkit.quarkus.S3Resource;
import flyteidl.service.AdminServiceGrpc;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** Admin boots against the real PostgreSQL and S3 and serves flyteidl's AdminService over gRPC. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "admin_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
class AdminServiceIT extends AdminGrpcTestBase {

  @Test
  void servesVersionAndConfiguredDomains() {
    assertThat(admin.getVersion(GetVersionRequest.getDefaultInstance()).getControlPlaneVersion().getBuild())
        .isEqualTo("aloft");
    assertThat(admin.getDomains(GetDomainRequest.getDefaultInstance()).getDomainsList())
        .extracting(Domain::getId)
        .containsExactly("development", "staging", "production");
  }

  @Test
  void rpcsNotBuiltYetAnswerUnimplementedNeverUnknown() {
    assertThatThrownBy(() -> admin.getExecutionMetrics(
        flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetMetricsRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED));
    assertThatThrownBy(() -> admin.recoverExecution(ExecutionRecoverRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  @Test
  void clientsThatPingToKeepTheirConnectionAliveAreNotSentAway() throws Exception {
    // as flytekit's channels do (every 30 s there; 10 s is grpc-java's shortest), with no call in flight
    int port = ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
    ManagedChannel pinging = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext()
        .keepAliveTime(10, TimeUnit.SECONDS).keepAliveWithoutCalls(true).build();
    try {
      AdminServiceGrpc.newBlockingStub(pinging).getVersion(GetVersionRequest.getDefaultInstance());
      assertThat(pinging.getState(false)).isEqualTo(ConnectivityState.READY);
      // three pings: a server refusing them strikes each and sends GOAWAY "too_many_pings" after the third, and
      // the channel leaves READY; it must stay READY throughout
      await().during(35, TimeUnit.SECONDS).atMost(45, TimeUnit.SECONDS).pollInterval(1, TimeUnit.SECONDS)
          .until(() -> pinging.getState(false) == ConnectivityState.READY);
    } finally {
      pinging.shutdownNow();
    }
  }

  @Test
  void healthCoversTheDatabaseAndMetricsAreExported() {
    admin.getVersion(GetVersionRequest.getDefaultInstance());
    given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
        .body(containsString("Database connections health check"));
    given().get("/q/metrics").then().statusCode(200)
        .body(containsString("grpc_server_processing_duration_seconds"))
        .body(containsString("agroal_active_count"));
  }
}
