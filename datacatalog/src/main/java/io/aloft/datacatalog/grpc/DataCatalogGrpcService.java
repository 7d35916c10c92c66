package io.aloft.datacatalog.grpc;

import datacatalog.DataCatalogGrpc;
import datacatalog.Datacatalog.AddTagRequest;
import datacatalog.Datacatalog.AddTagResponse;
import datacatalog.Datacatalog.CreateArtifactRequest;
import datacatalog.Datacatalog.CreateArtifactResponse;
import datacatalog.Datacatalog.CreateDatasetRequest;
import datacatalog.Datacatalog.CreateDatasetResponse;
import datacatalog.Datacatalog.GetArtifactRequest;
import datacatalog.Datacatalog.GetArtifactResponse;
import datacatalog.Datacatalog.GetDatasetRequest;
import datacatalog.Datacatalog.GetDatasetResponse;
import datacatalog.Datacatalog.GetOrExtendReservationRequest;
import datacatalog.Datacatalog.GetOrExtendReservationResponse;
import datacatalog.Datacatalog.ListArtifactsRequest;
import datacatalog.Datacatalog.ListArtifactsResponse;
import datacatalog.Datacatalog.ListDatasetsRequest;
import datacatalog.Datacatalog.ListDatasetsResponse;
import datacatalog.Datacatalog.ReleaseReservationRequest;
import datacatalog.Datacatalog.ReleaseReservationResponse;
import datacatalog.Datacatalog.UpdateArtifactRequest;
import datacatalog.Datacatalog.UpdateArtifactResponse;
import io.aloft.datacatalog.manager.ArtifactManager;
import io.aloft.datacatalog.manager.DatasetManager;
import io.aloft.datacatalog.manager.ReservationManager;
import io.aloft.datacatalog.manager.TagManager;
import io.aloft.api.grpc.MalformedRequests;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;

/**
 * datacatalog.DataCatalog (Flyte: datacatalog/pkg/rpc/datacatalogservice/service.go): each RPC calls one manager
 * and maps the outcome to a status ({@link Rpc}). Database work blocks, so the service runs off the event loop.
 */
@GrpcService
@Blocking
public class DataCatalogGrpcService implements DataCatalogGrpc.AsyncService, io.grpc.BindableService {

  /** Requests that do not parse are refused with INVALID_ARGUMENT ({@link MalformedRequests}), never UNKNOWN. */
  @Override
  public io.grpc.ServerServiceDefinition bindService() {
    return MalformedRequests.guard(DataCatalogGrpc.bindService(this));
  }

  @Inject
  DatasetManager datasets;

  @Inject
  ArtifactManager artifacts;

  @Inject
  TagManager tags;

  @Inject
  ReservationManager reservations;

  @Override
  public void createDataset(CreateDatasetRequest request, StreamObserver<CreateDatasetResponse> out) {
    Rpc.unary(out, () -> {
      datasets.create(request);
      return CreateDatasetResponse.getDefaultInstance();
    });
  }

  @Override
  public void getDataset(GetDatasetRequest request, StreamObserver<GetDatasetResponse> out) {
    Rpc.unary(out, () -> GetDatasetResponse.newBuilder().setDataset(datasets.get(request)).build());
  }

  @Override
  public void listDatasets(ListDatasetsRequest request, StreamObserver<ListDatasetsResponse> out) {
    Rpc.unary(out, () -> datasets.list(request));
  }

  @Override
  public void createArtifact(CreateArtifactRequest request, StreamObserver<CreateArtifactResponse> out) {
    Rpc.unary(out, () -> {
      artifacts.create(request);
      return CreateArtifactResponse.getDefaultInstance();
    });
  }

  @Override
  public void getArtifact(GetArtifactRequest request, StreamObserver<GetArtifactResponse> out) {
    Rpc.unary(out, () -> GetArtifactResponse.newBuilder().setArtifact(artifacts.get(request)).build());
  }

  @Override
  public void listArtifacts(ListArtifactsRequest request, StreamObserver<ListArtifactsResponse> out) {
    Rpc.unary(out, () -> artifacts.list(request));
  }

  @Override
  public void updateArtifact(UpdateArtifactRequest request, StreamObserver<UpdateArtifactResponse> out) {
    Rpc.unary(out, () -> UpdateArtifactResponse.newBuilder().setArtifactId(artifacts.update(request)).build());
  }

  @Override
  public void addTag(AddTagRequest request, StreamObserver<AddTagResponse> out) {
    Rpc.unary(out, () -> {
      tags.add(request);
      return AddTagResponse.getDefaultInstance();
    });
  }

  @Override
  public void getOrExtendReservation(GetOrExtendReservationRequest request,
      StreamObserver<GetOrExtendReservationResponse> out) {
    Rpc.unary(out, () -> GetOrExtendReservationResponse.newBuilder()
        .setReservation(reservations.getOrExtend(request)).build());
  }

  @Override
  public void releaseReservation(ReleaseReservationRequest request,
      StreamObserver<ReleaseReservationResponse> out) {
    Rpc.unary(out, () -> {
      reservations.release(request);
      return ReleaseReservationResponse.getDefaultInstance();
    });
  }
}
