package io.aloft.propeller.launch;

import flyteidl.admin.SignalOuterClass.Signal;
import flyteidl.admin.SignalOuterClass.SignalGetOrCreateRequest;
import flyteidl.core.IdentifierOuterClass.SignalIdentifier;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Types.LiteralType;
import flyteidl.service.SignalServiceGrpc.SignalServiceBlockingStub;
import io.aloft.engine.remote.RemoteException;
import io.aloft.engine.remote.Signals;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Gate nodes' signals, served by admin's SignalService (flytepropeller {@code nodes/gate/handler.go}): one
 * GetOrCreateSignal per call, through the launcher's {@link AdminRateLimiter}. No cache: a gate's round asks again.
 */
public final class AdminSignals implements Signals {
  private final SignalServiceBlockingStub signals;
  private final AdminRateLimiter limiter;
  private final Duration callTimeout;

  /** @param callTimeout deadline of each call to admin */
  public AdminSignals(SignalServiceBlockingStub signals, AdminRateLimiter limiter, Duration callTimeout) {
    this.signals = signals;
    this.limiter = limiter;
    this.callTimeout = callTimeout;
  }

  @Override
  public Optional<Literal> getOrCreate(SignalIdentifier id, LiteralType type) throws RemoteException {
    SignalGetOrCreateRequest request = SignalGetOrCreateRequest.newBuilder().setId(id).setType(type).build();
    Signal signal;
    try {
      signal = limiter.call(() -> signals.withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS)
          .getOrCreateSignal(request));
    } catch (StatusRuntimeException e) {
      throw RemoteErrors.userOrSystem("signal " + id.getSignalId() + " of execution "
          + id.getExecutionId().getName(), e);
    }
    // Flyte's check: a value, and a value that holds something
    return signal.hasValue() && signal.getValue().getValueCase() != Literal.ValueCase.VALUE_NOT_SET
        ? Optional.of(signal.getValue()) : Optional.empty();
  }
}
