package io.aloft.admin.grpc;

import flyteidl.service.Identity.UserInfoRequest;
import flyteidl.service.Identity.UserInfoResponse;
import flyteidl.service.IdentityServiceGrpc;
import io.aloft.admin.auth.AuthMetadataManager;
import io.aloft.api.grpc.MalformedRequests;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import jakarta.inject.Inject;

/**
 * flyteidl.service.IdentityService: who the caller is, from the token the interceptor verified. Not blocking: it
 * reads the call's gRPC context, which the interceptor set on this thread.
 */
@GrpcService
public class IdentityGrpcService implements IdentityServiceGrpc.AsyncService, BindableService {

  @Inject
  AuthMetadataManager metadata;

  /** Requests that do not parse are refused with INVALID_ARGUMENT ({@link MalformedRequests}), never UNKNOWN. */
  @Override
  public ServerServiceDefinition bindService() {
    return MalformedRequests.guard(IdentityServiceGrpc.bindService(this));
  }

  @Override
  public void userInfo(UserInfoRequest request, StreamObserver<UserInfoResponse> out) {
    Rpc.unary(out, metadata::userInfo);
  }
}
