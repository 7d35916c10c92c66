package io.aloft.propeller.auth;

import io.grpc.CallCredentials;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.concurrent.Executor;

/**
 * Puts {@code Bearer <token>} from an {@link AdminTokenSource} on every call of a stub or channel, fetching the token
 * off the calling thread (gRPC's executor for call credentials); a failure to get one fails the call UNAUTHENTICATED.
 */
public final class BearerCredentials extends CallCredentials implements ClientInterceptor {
  private final AdminTokenSource tokens;

  public BearerCredentials(AdminTokenSource tokens) {
    this.tokens = tokens;
  }

  @Override
  public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
    executor.execute(() -> {
      try {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of(tokens.header(), Metadata.ASCII_STRING_MARSHALLER), "Bearer " + tokens.token());
        applier.apply(headers);
      } catch (RuntimeException e) {
        applier.fail(Status.UNAUTHENTICATED.withDescription("no token for propeller's client: " + e.getMessage())
            .withCause(e));
      }
    });
  }

  /** The credentials on every call through a channel (for the channels used without a stub). */
  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    return next.newCall(method, options.withCallCredentials(this));
  }
}
