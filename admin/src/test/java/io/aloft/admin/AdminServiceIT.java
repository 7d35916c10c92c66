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
import flyteidl.service.DataProxyServiceGrpc;
import flyteidl.service.SignalServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.stub.ClientCalls;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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

  /**
   * The RPCs of the services admin serves that it does not implement: the methods AdminGrpcService,
   * SignalGrpcService and DataProxyGrpcService do not override, which grpc-java answers UNIMPLEMENTED. They are the
   * deliberate gaps ({@link io.aloft.admin.grpc.DeliberateGaps}, the one list) of these services; RpcWalkIT walks
   * the auth services too.
   */
  static final Set<String> NOT_BUILT_YET = io.aloft.admin.grpc.DeliberateGaps.RPCS.keySet().stream()
      .filter(rpc -> rpc.startsWith("flyteidl.service.AdminService/")
          || rpc.startsWith("flyteidl.service.SignalService/")
          || rpc.startsWith("flyteidl.service.DataProxyService/"))
      .collect(java.util.stream.Collectors.toSet());

  /** The services admin serves, each with the class that implements it. */
  static final Map<ServiceDescriptor, Class<?>> SERVED = Map.of(
      AdminServiceGrpc.getServiceDescriptor(), io.aloft.admin.grpc.AdminGrpcService.class,
      SignalServiceGrpc.getServiceDescriptor(), io.aloft.admin.grpc.SignalGrpcService.class,
      DataProxyServiceGrpc.getServiceDescriptor(), io.aloft.admin.grpc.DataProxyGrpcService.class);

  @Test
  void rpcsNotBuiltYetAnswerUnimplementedNeverUnknown() {
    // The list is exactly what the implementations leave to the generated base class.
    Set<String> notOverridden = new TreeSet<>();
    SERVED.forEach((service, impl) -> service.getMethods().forEach(m -> {
      if (!overrides(impl, m)) {
        notOverridden.add(m.getFullMethodName());
      }
    }));
    assertThat(notOverridden).as("RPCs the services do not override").containsExactlyInAnyOrderElementsOf(
        NOT_BUILT_YET);

    // Every RPC, called with an empty request, answers: UNIMPLEMENTED exactly for the list, and never UNKNOWN,
    // which flytekit takes for an authentication failure. An empty request is invalid for most, so the
    // implemented ones answer a validation error (or, harmlessly, a result).
    Map<String, Status.Code> answers = new TreeMap<>();
    SERVED.keySet().forEach(service -> service.getMethods().forEach(m -> answers.put(m.getFullMethodName(),
        call(m))));
    assertThat(answers).hasSize(SERVED.keySet().stream().mapToInt(s -> s.getMethods().size()).sum());
    assertThat(answers).as("no RPC answers UNKNOWN").doesNotContainValue(Status.Code.UNKNOWN);
    answers.forEach((rpc, code) -> {
      if (NOT_BUILT_YET.contains(rpc)) {
        assertThat(code).as(rpc + " is listed as not built yet").isEqualTo(Status.Code.UNIMPLEMENTED);
      } else {
        assertThat(code).as(rpc + " is implemented").isNotEqualTo(Status.Code.UNIMPLEMENTED);
      }
    });
    assertThatThrownBy(() -> admin.recoverExecution(ExecutionRecoverRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
  }

  /** Whether {@code impl} overrides the generated handler of {@code m} (named as the lower-camel RPC). */
  private static boolean overrides(Class<?> impl, MethodDescriptor<?, ?> m) {
    String rpc = m.getBareMethodName();
    String javaName = Character.toLowerCase(rpc.charAt(0)) + rpc.substring(1);
    return Arrays.stream(impl.getDeclaredMethods()).anyMatch(d -> d.getName().equals(javaName)
        && d.getParameterCount() == 2);
  }

  /** The status {@code m} answers to its request type's default instance (OK when it answers a result). */
  @SuppressWarnings("unchecked")
  private Status.Code call(MethodDescriptor<?, ?> m) {
    assertThat(m.getType()).as(m.getFullMethodName()).isEqualTo(MethodDescriptor.MethodType.UNARY);
    MethodDescriptor<Object, Object> method = (MethodDescriptor<Object, Object>) m;
    Object request = ((MethodDescriptor.PrototypeMarshaller<Object>) method.getRequestMarshaller())
        .getMessagePrototype();
    try {
      ClientCalls.blockingUnaryCall(channel, method, CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS),
          request);
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
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
