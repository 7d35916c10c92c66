package io.aloft.admin.event;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.admin.Event.EventFailureReason;
import io.aloft.admin.event.EventRules.Kind;
import io.aloft.admin.event.EventRules.Rejection;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.junit.jupiter.api.Test;

/** The statuses propeller's event sink reads (flyteidl/clients/go/events/errors/errors.go WrapError). */
class EventErrorsTest {
  @Test
  void terminalStateIsFailedPreconditionWithAnEventFailureReason() throws Exception {
    StatusRuntimeException e = EventErrors.toStatus(new Rejection(Kind.ALREADY_IN_TERMINAL_STATE, "too late",
        "SUCCEEDED"));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(e.getStatus().getDescription()).isEqualTo("too late");
    com.google.rpc.Status details = StatusProto.fromThrowable(e);
    assertThat(details.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION.value());
    // Go's status.Details() resolves the Any by this type URL.
    assertThat(details.getDetails(0).getTypeUrl()).isEqualTo("type.googleapis.com/flyteidl.admin.EventFailureReason");
    EventFailureReason reason = details.getDetails(0).unpack(EventFailureReason.class);
    assertThat(reason.getAlreadyInTerminalState().getCurrentPhase()).isEqualTo("SUCCEEDED");
  }

  @Test
  void incompatibleClusterNamesTheRecordedCluster() throws Exception {
    StatusRuntimeException e = EventErrors.toStatus(new Rejection(Kind.INCOMPATIBLE_CLUSTER, "elsewhere", "east"));
    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    EventFailureReason reason = StatusProto.fromThrowable(e).getDetails(0).unpack(EventFailureReason.class);
    assertThat(reason.getIncompatibleCluster().getCluster()).isEqualTo("east");
  }

  @Test
  void duplicatesAndOtherTransitionsCarryNoDetails() {
    StatusRuntimeException dup = EventErrors.toStatus(new Rejection(Kind.ALREADY_EXISTS, "again", ""));
    assertThat(dup.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
    StatusRuntimeException back = EventErrors.toStatus(new Rejection(Kind.INVALID_TRANSITION, "back", ""));
    assertThat(back.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    com.google.rpc.Status details = StatusProto.fromThrowable(back);
    assertThat(details == null ? 0 : details.getDetailsCount()).isZero();
  }
}
