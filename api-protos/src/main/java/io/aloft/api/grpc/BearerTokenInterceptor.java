package io.aloft.api.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Locale;

/**
 * The bearer-token check admin and datacatalog share (FlyteAdmin's auth/interceptor.go): unless the service has
 * authentication off or the method is public, a call needs {@code Bearer <token>} in the service's metadata key (else
 * {@code authorization}) that {@link #verify} accepts; otherwise it ends UNAUTHENTICATED, the code on which flytekit
 * fetches a token and retries. The verified principal is put in the call's gRPC context under {@link #principal()}.
 *
 * @param <T> what a verified token gives the call
 */
public abstract class BearerTokenInterceptor<T> implements ServerInterceptor {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  /** Whether calls need a token at all. */
  protected abstract boolean enabled();

  /** The metadata key the token is read from first. */
  protected abstract String headerKey();

  /** Whether {@code method} is served without a token. */
  protected abstract boolean isPublic(MethodDescriptor<?, ?> method);

  /** The verified principal of {@code token}; throws, saying why, when the token is not acceptable. */
  protected abstract T verify(String token) throws Exception;

  /** The context key the verified principal goes under. */
  protected abstract Context.Key<T> principal();

  /** Counts a checked call by outcome: {@code ok}, {@code unauthenticated} or {@code public}. */
  protected abstract void record(String result);

  @Override
  public final <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    if (!enabled()) {
      return next.startCall(call, headers);
    }
    if (isPublic(call.getMethodDescriptor())) {
      record("public");
      return next.startCall(call, headers);
    }
    String token = bearer(headers);
    if (token == null) {
      return refuse(call, "no bearer token: send 'Bearer <token>' in the " + headerKey()
          + " or authorization metadata");
    }
    T verified;
    try {
      verified = verify(token);
    } catch (Exception e) {
      return refuse(call, "invalid bearer token: " + reason(e));
    }
    record("ok");
    return Contexts.interceptCall(Context.current().withValue(principal(), verified), call, headers, next);
  }

  private String bearer(Metadata headers) {
    String value = headers.get(Metadata.Key.of(headerKey(), Metadata.ASCII_STRING_MARSHALLER));
    if (value == null) {
      value = headers.get(AUTHORIZATION);
    }
    if (value == null || !value.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
      return null;
    }
    String token = value.substring("bearer ".length()).trim();
    return token.isEmpty() ? null : token;
  }

  private <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, String why) {
    record("unauthenticated");
    call.close(Status.UNAUTHENTICATED.withDescription(StatusDescriptions.bounded(why)), new Metadata());
    return new ServerCall.Listener<>() {};
  }

  /** The innermost cause's message: the JWT library's says what was wrong (expired, audience, signature). */
  private static String reason(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? e.getMessage() : t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m.length() > 300 ? m.substring(0, 300) : m;
  }
}
