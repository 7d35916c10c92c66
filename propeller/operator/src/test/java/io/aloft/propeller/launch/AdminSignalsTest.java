package io.aloft.propeller.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import flyteidl.admin.SignalOuterClass.Signal;
import flyteidl.core.IdentifierOuterClass.SignalIdentifier;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import io.aloft.engine.remote.RemoteException;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Gate nodes' signals against a hand-written SignalService at the gRPC edge. */
class AdminSignalsTest {
  static final SignalIdentifier ID = SignalIdentifier.newBuilder().setSignalId("approve-deploy")
      .setExecutionId(WorkflowExecutionIdentifier.newBuilder().setProject("p").setDomain("d").setName("exec"))
      .build();
  static final LiteralType BOOL = LiteralType.newBuilder().setSimple(SimpleType.BOOLEAN).build();
  static final Literal YES = Literal.newBuilder().setScalar(Scalar.newBuilder()
      .setPrimitive(Primitive.newBuilder().setBoolean(true))).build();

  TestingAdmin admin;

  @BeforeEach
  void start() throws Exception {
    admin = new TestingAdmin();
  }

  @AfterEach
  void stop() {
    admin.close();
  }

  AdminSignals signals(int tps, int burst) {
    return new AdminSignals(admin.signalStub(), new AdminRateLimiter(tps, burst), Duration.ofSeconds(5));
  }

  @Test
  void aSignalNobodySetIsCreatedAndHasNoValue() throws Exception {
    assertThat(signals(1000, 1000).getOrCreate(ID, BOOL)).isEmpty();
    assertThat(admin.signalRequests).singleElement().satisfies(r -> {
      assertThat(r.getId()).isEqualTo(ID);
      assertThat(r.getType()).isEqualTo(BOOL);
    });
  }

  @Test
  void aSetSignalReturnsItsValue() throws Exception {
    admin.getOrCreateSignal = r -> Signal.newBuilder().setId(r.getId()).setType(r.getType()).setValue(YES).build();
    assertThat(signals(1000, 1000).getOrCreate(ID, BOOL)).contains(YES);
  }

  @Test
  void aValueThatHoldsNothingIsNoValue() throws Exception {
    admin.getOrCreateSignal = r -> Signal.newBuilder().setId(r.getId()).setValue(Literal.getDefaultInstance())
        .build();
    assertThat(signals(1000, 1000).getOrCreate(ID, BOOL)).isEmpty();
  }

  @Test
  void faultsAreSystemErrorsAndRefusalsUserErrors() {
    AdminSignals signals = signals(1000, 1000);
    for (Status.Code code : List.of(Status.Code.UNAVAILABLE, Status.Code.INTERNAL, Status.Code.DEADLINE_EXCEEDED)) {
      admin.getOrCreateSignal = r -> {
        throw Status.fromCode(code).asRuntimeException();
      };
      assertThatThrownBy(() -> signals.getOrCreate(ID, BOOL)).isInstanceOfSatisfying(RemoteException.class,
          e -> assertThat(e.kind()).as(code.name()).isEqualTo(RemoteException.Kind.SYSTEM));
    }
    for (Status.Code code : List.of(Status.Code.INVALID_ARGUMENT, Status.Code.NOT_FOUND)) {
      admin.getOrCreateSignal = r -> {
        throw Status.fromCode(code).withDescription("type mismatch").asRuntimeException();
      };
      assertThatThrownBy(() -> signals.getOrCreate(ID, BOOL)).isInstanceOfSatisfying(RemoteException.class, e -> {
        assertThat(e.kind()).as(code.name()).isEqualTo(RemoteException.Kind.USER);
        assertThat(e.getMessage()).contains("type mismatch").contains("approve-deploy");
      });
    }
  }

  @Test
  void everyCallWaitsForTheRateLimiter() throws Exception {
    AdminSignals signals = signals(5, 1);
    long t0 = System.nanoTime();
    for (int i = 0; i < 6; i++) {
      signals.getOrCreate(ID, BOOL);
    }
    assertThat((System.nanoTime() - t0) / 1_000_000).as("6 calls at 5/s with a burst of 1")
        .isGreaterThanOrEqualTo(900);
  }
}
