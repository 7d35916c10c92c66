package io.aloft.propeller.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import flyteidl.admin.Event.EventErrorAlreadyInTerminalState;
import flyteidl.admin.Event.EventErrorIncompatibleCluster;
import flyteidl.admin.Event.EventFailureReason;
import io.aloft.engine.event.EventException.Reason;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.junit.jupiter.api.Test;

/** Admin's refusals, as admin builds them (admin's EventErrors), read the way Flyte's propeller reads them. */
class AdminEventSinkTest {

  private static StatusRuntimeException withReason(EventFailureReason reason) {
    return StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
        .setCode(Status.Code.FAILED_PRECONDITION.value()).setMessage("refused").addDetails(Any.pack(reason)).build());
  }

  @Test
  void failedPreconditionWithAReasonIsReadFromItsDetails() {
    assertThat(AdminEventSink.classify(withReason(EventFailureReason.newBuilder().setAlreadyInTerminalState(
        EventErrorAlreadyInTerminalState.newBuilder().setCurrentPhase("SUCCEEDED")).build())).reason())
        .isEqualTo(Reason.ALREADY_IN_TERMINAL_STATE);
    assertThat(AdminEventSink.classify(withReason(EventFailureReason.newBuilder().setIncompatibleCluster(
        EventErrorIncompatibleCluster.newBuilder().setCluster("other")).build())).reason())
        .isEqualTo(Reason.INCOMPATIBLE_CLUSTER);
  }

  @Test
  void codesMapToTheEnginesReasons() {
    assertThat(AdminEventSink.classify(Status.ALREADY_EXISTS.asRuntimeException()).reason())
        .isEqualTo(Reason.ALREADY_EXISTS);
    assertThat(AdminEventSink.classify(Status.NOT_FOUND.asRuntimeException()).reason())
        .isEqualTo(Reason.EXECUTION_NOT_FOUND);
    assertThat(AdminEventSink.classify(Status.INVALID_ARGUMENT.withDescription("too big").asRuntimeException())
        .reason()).isEqualTo(Reason.INVALID_ARGUMENT);
    // a plain FAILED_PRECONDITION (an invalid transition) and anything else fail the round, to be retried
    assertThat(AdminEventSink.classify(Status.FAILED_PRECONDITION.asRuntimeException()).reason())
        .isEqualTo(Reason.OTHER);
    assertThat(AdminEventSink.classify(Status.UNAVAILABLE.asRuntimeException()).reason()).isEqualTo(Reason.OTHER);
  }
}
