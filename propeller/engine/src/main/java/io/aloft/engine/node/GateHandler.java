package io.aloft.engine.node;

import flyteidl.core.Execution.ExecutionError;
import flyteidl.core.IdentifierOuterClass.SignalIdentifier;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import io.aloft.crd.GateNodeSpec;
import io.aloft.engine.EngineException;
import io.aloft.engine.remote.RemoteException;
import io.aloft.engine.remote.Signals;
import java.time.Duration;
import java.util.Optional;

/**
 * Gate nodes (flytepropeller nodes/gate/handler.go): sleep until a duration has passed since the attempt started;
 * wait for a typed signal ({@code wait_for_input}) whose value becomes the node's output; or wait for a boolean
 * approval, after which the node's inputs pass through as its outputs (a rejection fails it). Signals are created in
 * admin on the first check (so {@code ListSignals} shows them) and set through admin's SignalService
 * ({@code FlyteRemote.set_signal}, {@code approve}). A gate's timeout is its node deadline.
 */
public final class GateHandler implements NodeHandler {
  private static final LiteralType BOOLEAN = LiteralType.newBuilder().setSimple(SimpleType.BOOLEAN).build();

  private final Signals signals;

  public GateHandler(Signals signals) {
    this.signals = signals;
  }

  @Override
  public boolean isExecutable() {
    return false;
  }

  @Override
  public Transition handle(NodeContext ctx) {
    try {
      return check(ctx);
    } catch (Refused e) {
      return Transition.permanent("SignalRefused", e.getMessage(), ExecutionError.ErrorKind.USER);
    }
  }

  private Transition check(NodeContext ctx) {
    GateNodeSpec gate = ctx.node().gate;
    if (gate == null || gate.kind == null) {
      return bad("gateNode does not have a supported condition reference");
    }
    return switch (gate.kind) {
      case SLEEP -> gate.sleep == null ? bad("gateNode sleep condition is nil") : sleep(ctx, gate);
      case SIGNAL -> gate.signal == null ? bad("gateNode signal condition is nil") : signal(ctx, gate);
      case APPROVE -> gate.approve == null ? bad("gateNode approve condition is nil") : approve(ctx, gate);
    };
  }

  private static Transition sleep(NodeContext ctx, GateNodeSpec gate) {
    var d = gate.sleep.getDuration();
    Duration duration = Duration.ofSeconds(d.getSeconds(), d.getNanos());
    var started = ctx.status().lastAttemptStartedAt;
    if (started != null && !ctx.now().isBefore(started.plus(duration))) {
      return Transition.success();
    }
    return Transition.running("sleeping for " + io.aloft.crd.GoDuration.format(duration));
  }

  private Transition signal(NodeContext ctx, GateNodeSpec gate) {
    Optional<Literal> value = get(ctx, gate.signal.getSignalId(), gate.signal.getType());
    if (value.isEmpty()) {
      return Transition.running("waiting for signal " + gate.signal.getSignalId());
    }
    ctx.blobs().writeProto(ctx.outputsPath(), LiteralMap.newBuilder()
        .putLiterals(gate.signal.getOutputVariableName(), value.get()).build());
    return Transition.success();
  }

  private Transition approve(NodeContext ctx, GateNodeSpec gate) {
    Optional<Literal> value = get(ctx, gate.approve.getSignalId(), BOOLEAN);
    if (value.isEmpty()) {
      return Transition.running("waiting for approval " + gate.approve.getSignalId());
    }
    Literal v = value.get();
    if (!v.hasScalar() || !v.getScalar().hasPrimitive() || !v.getScalar().getPrimitive().hasBoolean()) {
      return Transition.permanent("RuntimeExecutionError", "received a non-boolean approve signal value [" + v
          + "]", ExecutionError.ErrorKind.UNKNOWN);
    }
    if (!v.getScalar().getPrimitive().getBoolean()) {
      return Transition.permanent("ReceivedRejectSignal",
          "received a reject signal to disapprove the node input values", ExecutionError.ErrorKind.USER);
    }
    ctx.blobs().writeProto(ctx.outputsPath(), ctx.inputs());
    return Transition.success();
  }

  /** The signal's value once set; a refusal fails the node ({@link Refused}), a fault fails the round. */
  private Optional<Literal> get(NodeContext ctx, String signalId, LiteralType type) {
    SignalIdentifier id = SignalIdentifier.newBuilder().setExecutionId(ctx.exec().executionId())
        .setSignalId(signalId).build();
    try {
      return signals.getOrCreate(id, type);
    } catch (RemoteException e) {
      if (e.kind() == RemoteException.Kind.SYSTEM) {
        throw new EngineException("signal " + signalId + ": " + e.getMessage(), e);
      }
      throw new Refused("signal " + signalId + " refused: " + e.getMessage());
    }
  }

  /** Admin refused a signal request: the node fails with a user error. */
  private static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message);
    }
  }

  private static Transition bad(String message) {
    return Transition.permanent("BadSpecificationError", message, ExecutionError.ErrorKind.SYSTEM);
  }

  @Override
  public void abort(NodeContext ctx, String reason) {}

  @Override
  public void finalize(NodeContext ctx) {}
}
