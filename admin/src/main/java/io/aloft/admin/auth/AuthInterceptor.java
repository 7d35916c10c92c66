package io.aloft.admin.auth;

import flyteidl.service.AuthMetadataServiceGrpc;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Every gRPC call (and, through the REST gateway, every HTTP call to the API) needs a valid bearer token when
 * authentication is on, but AuthMetadataService's, which clients make before they have one (FlyteAdmin's
 * auth/interceptor.go and handlers.go). The token is read from the configured metadata key ({@code
 * flyte-authorization}), else {@code authorization}; a missing or invalid one ends the call UNAUTHENTICATED, which
 * flytekit answers by fetching a token and retrying.
 */
@GlobalInterceptor
@ApplicationScoped
public class AuthInterceptor implements ServerInterceptor {
  private static final Logger LOG = Logger.getLogger(AuthInterceptor.class);
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  @Inject
  Authentication auth;

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    if (!auth.enabled()) {
      return next.startCall(call, headers);
    }
    if (AuthMetadataServiceGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName())) {
      auth.metrics().request("public");
      return next.startCall(call, headers);
    }
    String token = bearer(headers);
    if (token == null) {
      return refuse(call, "no bearer token: send 'Bearer <token>' in the " + auth.config().grpcAuthorizationHeader()
          + " or authorization metadata");
    }
    JsonWebToken verified;
    try {
      verified = auth.verifier().verify(token);
    } catch (ParseException e) {
      LOG.debugf("refused a token for %s: %s", call.getMethodDescriptor().getFullMethodName(), e.getMessage());
      return refuse(call, "invalid bearer token: " + reason(e));
    }
    auth.metrics().request("ok");
    return Contexts.interceptCall(Context.current().withValue(Caller.TOKEN, verified), call, headers, next);
  }

  private String bearer(Metadata headers) {
    String value = headers.get(Metadata.Key.of(auth.config().grpcAuthorizationHeader(),
        Metadata.ASCII_STRING_MARSHALLER));
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
    auth.metrics().request("unauthenticated");
    call.close(Status.UNAUTHENTICATED.withDescription(why), new Metadata());
    return new ServerCall.Listener<>() {};
  }

  /** The innermost cause's message: jose4j's says what was wrong (expired, audience, signature). */
  private static String reason(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? e.getMessage() : t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m.length() > 300 ? m.substring(0, 300) : m;
  }
}
