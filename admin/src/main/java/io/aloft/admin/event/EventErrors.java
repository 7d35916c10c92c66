package io.aloft.admin.event;

import com.google.protobuf.Any;
import flyteidl.admin.Event.EventErrorAlreadyInTerminalState;
import flyteidl.admin.Event.EventErrorIncompatibleCluster;
import flyteidl.admin.Event.EventFailureReason;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * The gRPC status for a refused event, as FlyteAdmin's errors.NewAlreadyInTerminalStateError and
 * NewIncompatibleClusterError build it: FAILED_PRECONDITION whose google.rpc.Status details carry a
 * flyteidl.admin.EventFailureReason, which propeller's event sink (flyteidl/clients/go/events/errors/errors.go
 * WrapError) reads before looking at the code.
 */
public final class EventErrors {
  private EventErrors() {}

  /** The status exception for {@code r}; the RPC layer passes it to the client unchanged. */
  public static StatusRuntimeException toStatus(EventRules.Rejection r) {
    return switch (r.kind()) {
      case ALREADY_EXISTS -> Status.ALREADY_EXISTS.withDescription(r.message()).asRuntimeException();
      case INVALID_TRANSITION -> Status.FAILED_PRECONDITION.withDescription(r.message()).asRuntimeException();
      case ALREADY_IN_TERMINAL_STATE -> withReason(r.message(), EventFailureReason.newBuilder()
          .setAlreadyInTerminalState(EventErrorAlreadyInTerminalState.newBuilder().setCurrentPhase(r.detail()))
          .build());
      case INCOMPATIBLE_CLUSTER -> withReason(r.message(), EventFailureReason.newBuilder()
          .setIncompatibleCluster(EventErrorIncompatibleCluster.newBuilder().setCluster(r.detail()))
          .build());
    };
  }

  private static StatusRuntimeException withReason(String message, EventFailureReason reason) {
    return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
        .setCode(Status.Code.FAILED_PRECONDITION.value())
        .setMessage(message)
        .addDetails(Any.pack(reason))
        .build());
  }
}
