package io.aloft.admin.grpc;

import flyteidl.admin.SignalOuterClass.Signal;
import flyteidl.admin.SignalOuterClass.SignalGetOrCreateRequest;
import flyteidl.admin.SignalOuterClass.SignalList;
import flyteidl.admin.SignalOuterClass.SignalListRequest;
import flyteidl.admin.SignalOuterClass.SignalSetRequest;
import flyteidl.admin.SignalOuterClass.SignalSetResponse;
import flyteidl.service.SignalServiceGrpc;
import io.aloft.admin.manager.SignalManager;
import io.aloft.api.grpc.MalformedRequests;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;

/** flyteidl.service.SignalService: gate-node signals, for propeller (GetOrCreate) and users (List, Set). */
@GrpcService
@Blocking
public class SignalGrpcService implements SignalServiceGrpc.AsyncService, io.grpc.BindableService {

  /** Requests that do not parse are refused with INVALID_ARGUMENT ({@link MalformedRequests}), never UNKNOWN. */
  @Override
  public io.grpc.ServerServiceDefinition bindService() {
    return MalformedRequests.guard(SignalServiceGrpc.bindService(this));
  }

  @Inject
  SignalManager signals;

  @Override
  public void getOrCreateSignal(SignalGetOrCreateRequest request, StreamObserver<Signal> out) {
    Rpc.unary(out, () -> signals.getOrCreate(request));
  }

  @Override
  public void listSignals(SignalListRequest request, StreamObserver<SignalList> out) {
    Rpc.unary(out, () -> signals.list(request));
  }

  @Override
  public void setSignal(SignalSetRequest request, StreamObserver<SignalSetResponse> out) {
    Rpc.unary(out, () -> {
      signals.set(request);
      return SignalSetResponse.getDefaultInstance();
    });
  }
}
