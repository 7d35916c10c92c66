package io.aloft.admin.grpc;

import flyteidl.service.DataProxyServiceGrpc;
import flyteidl.service.Dataproxy.CreateUploadLocationRequest;
import flyteidl.service.Dataproxy.CreateUploadLocationResponse;
import io.aloft.admin.manager.DataProxyManager;
import io.aloft.api.grpc.MalformedRequests;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;

/** flyteidl.service.DataProxyService: presigned uploads and downloads, and flyte:// data references. */
@GrpcService
@Blocking
public class DataProxyGrpcService implements DataProxyServiceGrpc.AsyncService, io.grpc.BindableService {

  /** Requests that do not parse are refused with INVALID_ARGUMENT ({@link MalformedRequests}), never UNKNOWN. */
  @Override
  public io.grpc.ServerServiceDefinition bindService() {
    return MalformedRequests.guard(DataProxyServiceGrpc.bindService(this));
  }

  @Inject
  DataProxyManager dataProxy;

  @Override
  public void createUploadLocation(CreateUploadLocationRequest request,
      StreamObserver<CreateUploadLocationResponse> out) {
    Rpc.unary(out, () -> dataProxy.createUploadLocation(request));
  }

  @Override
  public void createDownloadLink(flyteidl.service.Dataproxy.CreateDownloadLinkRequest request,
      StreamObserver<flyteidl.service.Dataproxy.CreateDownloadLinkResponse> out) {
    Rpc.unary(out, () -> dataProxy.createDownloadLink(request));
  }

  @Override
  public void createDownloadLocation(flyteidl.service.Dataproxy.CreateDownloadLocationRequest request,
      StreamObserver<flyteidl.service.Dataproxy.CreateDownloadLocationResponse> out) {
    Rpc.unary(out, () -> dataProxy.createDownloadLocation(request));
  }

  @Override
  public void getData(flyteidl.service.Dataproxy.GetDataRequest request,
      StreamObserver<flyteidl.service.Dataproxy.GetDataResponse> out) {
    Rpc.unary(out, () -> dataProxy.getData(request));
  }
}
