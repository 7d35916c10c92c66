package io.aloft.admin.grpc;

import flyteidl.service.Auth.OAuth2MetadataRequest;
import flyteidl.service.Auth.OAuth2MetadataResponse;
import flyteidl.service.Auth.PublicClientAuthConfigRequest;
import flyteidl.service.Auth.PublicClientAuthConfigResponse;
import flyteidl.service.AuthMetadataServiceGrpc;
import io.aloft.admin.auth.AuthMetadataManager;
import io.aloft.api.grpc.MalformedRequests;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;

/** flyteidl.service.AuthMetadataService: what clients read, without a token, before they authenticate. */
@GrpcService
@Blocking
public class AuthMetadataGrpcService implements AuthMetadataServiceGrpc.AsyncService, BindableService {

  @Inject
  AuthMetadataManager metadata;

  /** Requests that do not parse are refused with INVALID_ARGUMENT ({@link MalformedRequests}), never UNKNOWN. */
  @Override
  public ServerServiceDefinition bindService() {
    return MalformedRequests.guard(AuthMetadataServiceGrpc.bindService(this));
  }

  @Override
  public void getOAuth2Metadata(OAuth2MetadataRequest request, StreamObserver<OAuth2MetadataResponse> out) {
    Rpc.unary(out, metadata::oauth2Metadata);
  }

  @Override
  public void getPublicClientConfig(PublicClientAuthConfigRequest request,
      StreamObserver<PublicClientAuthConfigResponse> out) {
    Rpc.unary(out, metadata::publicClientConfig);
  }
}
