package io.aloft.admin.grpc;

import flyteidl.service.DataProxyServiceGrpc;
import flyteidl.service.Dataproxy.CreateUploadLocationRequest;
import flyteidl.service.Dataproxy.CreateUploadLocationResponse;
import io.aloft.admin.manager.DataProxyManager;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;

/** flyteidl.service.DataProxyService: presigned uploads (the other RPCs answer UNIMPLEMENTED for now). */
@GrpcService
@Blocking
public class DataProxyGrpcService extends DataProxyServiceGrpc.DataProxyServiceImplBase {

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
}
