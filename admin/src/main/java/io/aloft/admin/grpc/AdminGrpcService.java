package io.aloft.admin.grpc;

import flyteidl.admin.ProjectOuterClass.Domain;
import flyteidl.admin.ProjectOuterClass.GetDomainRequest;
import flyteidl.admin.ProjectOuterClass.GetDomainsResponse;
import flyteidl.admin.VersionOuterClass.GetVersionRequest;
import flyteidl.admin.VersionOuterClass.GetVersionResponse;
import flyteidl.admin.VersionOuterClass.Version;
import flyteidl.service.AdminServiceGrpc;
import io.aloft.admin.config.AdminConfig;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * flyteidl.service.AdminService. RPCs not overridden here answer UNIMPLEMENTED (never UNKNOWN, which flytekit
 * would take for an authentication failure); they arrive with the admin issue.
 */
@GrpcService
public class AdminGrpcService extends AdminServiceGrpc.AdminServiceImplBase {

  @Inject
  AdminConfig config;

  @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev")
  String version;

  @Override
  public void getVersion(GetVersionRequest request, StreamObserver<GetVersionResponse> out) {
    out.onNext(GetVersionResponse.newBuilder()
        .setControlPlaneVersion(Version.newBuilder().setVersion(version).setBuild("aloft").build())
        .build());
    out.onCompleted();
  }

  @Override
  public void getDomains(GetDomainRequest request, StreamObserver<GetDomainsResponse> out) {
    GetDomainsResponse.Builder response = GetDomainsResponse.newBuilder();
    config.domains().forEach(d -> response.addDomains(Domain.newBuilder().setId(d).setName(d)));
    out.onNext(response.build());
    out.onCompleted();
  }
}
