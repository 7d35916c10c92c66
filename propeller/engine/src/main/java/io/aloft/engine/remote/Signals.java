package io.aloft.engine.remote;

import flyteidl.core.IdentifierOuterClass.SignalIdentifier;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Types.LiteralType;
import java.util.Optional;

/** Admin's SignalService as gate nodes use it (flytepropeller's gate handler's SignalServiceClient). */
public interface Signals {
  /**
   * GetOrCreateSignal: creates signal {@code id} of {@code type} when admin does not have it yet (so ListSignals shows
   * it), and returns its value once someone set it.
   *
   * @throws RemoteException SYSTEM for a transient or server fault, USER for a refusal
   */
  Optional<Literal> getOrCreate(SignalIdentifier id, LiteralType type) throws RemoteException;

  /** The signals of an engine without admin: every call fails with a USER error (the node fails). */
  Signals NONE = (id, type) -> {
    throw new RemoteException(RemoteException.Kind.USER, "no admin signal client is configured");
  };
}
