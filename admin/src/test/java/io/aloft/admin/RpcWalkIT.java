package io.aloft.admin;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.service.AdminServiceGrpc;
import flyteidl.service.AuthMetadataServiceGrpc;
import flyteidl.service.DataProxyServiceGrpc;
import flyteidl.service.IdentityServiceGrpc;
import flyteidl.service.SignalServiceGrpc;
import io.aloft.admin.grpc.DeliberateGaps;
import io.aloft.testkit.badinput.RawBytes;
import io.aloft.testkit.quarkus.FreeGrpcPortResource;
import io.aloft.testkit.quarkus.PostgresResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.grpc.BindableService;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 18's acceptance: every RPC of the flyteidl services FlyteAdmin serves (and of every service admin itself
 * registers) is called with an empty request against a running admin. None may answer UNIMPLEMENTED unless it is a
 * {@link DeliberateGaps deliberate gap}, each gap must still be one, and none may answer UNKNOWN (bad input is
 * INVALID_ARGUMENT; flytekit takes UNKNOWN for an authentication failure).
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "admin_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
class RpcWalkIT extends AdminGrpcTestBase {

  /** FlyteAdmin's services (flyteadmin/pkg/server/service.go; the auth ones only with useAuth). */
  private static final List<ServiceDescriptor> FLYTE_ADMIN_SERVICES = List.of(
      AdminServiceGrpc.getServiceDescriptor(), DataProxyServiceGrpc.getServiceDescriptor(),
      SignalServiceGrpc.getServiceDescriptor(), AuthMetadataServiceGrpc.getServiceDescriptor(),
      IdentityServiceGrpc.getServiceDescriptor());

  @Inject
  @Any
  Instance<BindableService> registered;

  @Test
  void everyRpcIsServedOrADeliberateGapAndNoneAnswersUnknown() throws Exception {
    Map<String, MethodDescriptor<?, ?>> methods = new TreeMap<>();
    List<ServiceDescriptor> services = new ArrayList<>(FLYTE_ADMIN_SERVICES);
    registered.forEach(s -> services.add(s.bindService().getServiceDescriptor()));
    for (ServiceDescriptor s : services) {
      s.getMethods().forEach(m -> methods.put(m.getFullMethodName(), m));
    }
    assertThat(methods).as("the walk covers admin's services").containsKeys(
        "flyteidl.service.AdminService/ListActiveLaunchPlans", "flyteidl.service.DataProxyService/GetData",
        "flyteidl.service.SignalService/SetSignal", "flyteidl.service.IdentityService/UserInfo");

    Map<String, Status.Code> answers = new LinkedHashMap<>();
    for (MethodDescriptor<?, ?> m : methods.values()) {
      answers.put(m.getFullMethodName(), call(m));
    }

    List<String> problems = new ArrayList<>();
    answers.forEach((method, code) -> {
      boolean gap = DeliberateGaps.RPCS.containsKey(method);
      if (code == Status.Code.UNKNOWN) {
        problems.add(method + " answered UNKNOWN");
      } else if (code == Status.Code.UNIMPLEMENTED && !gap) {
        problems.add(method + " answered UNIMPLEMENTED and is not a deliberate gap");
      } else if (gap && code != Status.Code.UNIMPLEMENTED) {
        problems.add(method + " is listed as a deliberate gap but answered " + code + ": take it off the list");
      }
    });
    assertThat(DeliberateGaps.RPCS.keySet()).as("deliberate gaps name real RPCs").isSubsetOf(methods.keySet());
    assertThat(problems).as("answers to empty requests: %s", answers).isEmpty();
  }

  /** The status an empty request to {@code m} ends with (OK included), whatever the method's kind. */
  private Status.Code call(MethodDescriptor<?, ?> m) throws Exception {
    MethodDescriptor<byte[], byte[]> raw = MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(m.getType()).setFullMethodName(m.getFullMethodName())
        .setRequestMarshaller(RawBytes.INSTANCE).setResponseMarshaller(RawBytes.INSTANCE).build();
    ClientCall<byte[], byte[]> call = channel.newCall(raw,
        CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS));
    CompletableFuture<Status> closed = new CompletableFuture<>();
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onClose(Status status, Metadata trailers) {
        closed.complete(status);
      }
    }, new Metadata());
    call.request(Integer.MAX_VALUE);
    call.sendMessage(new byte[0]);
    call.halfClose();
    if (m.getType() == MethodDescriptor.MethodType.SERVER_STREAMING
        || m.getType() == MethodDescriptor.MethodType.BIDI_STREAMING) {
      // A stream that opened is served; end it rather than wait for its last message.
      Status early = closed.completeOnTimeout(null, 2, TimeUnit.SECONDS).get();
      if (early == null) {
        call.cancel("walked", null);
        return Status.Code.OK;
      }
      return early.getCode();
    }
    return closed.get(40, TimeUnit.SECONDS).getCode();
  }
}
