package io.aloft.admin.auth;

import io.grpc.Context;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The verified token of the call being served, set by {@link AuthInterceptor} in the call's gRPC context. */
public final class Caller {
  static final Context.Key<JsonWebToken> TOKEN = Context.key("aloft-caller-token");

  private Caller() {}

  /** The caller's token; empty when authentication is off or the call is public. */
  public static Optional<JsonWebToken> current() {
    return Optional.ofNullable(TOKEN.get());
  }
}
