package io.aloft.admin.auth;

import flyteidl.service.AuthMetadataServiceGrpc;
import io.aloft.api.grpc.BearerTokenInterceptor;
import io.grpc.Context;
import io.grpc.MethodDescriptor;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Every gRPC call (and, through the REST gateway, every HTTP call to the API) needs a valid bearer token when
 * authentication is on, but AuthMetadataService's, which clients make before they have one (FlyteAdmin's
 * auth/interceptor.go and handlers.go). The token is read from the configured metadata key ({@code
 * flyte-authorization}), else {@code authorization}, and verified by {@link TokenVerifier}.
 */
@GlobalInterceptor
@ApplicationScoped
public class AuthInterceptor extends BearerTokenInterceptor<JsonWebToken> {

  @Inject
  Authentication auth;

  @Override
  protected boolean enabled() {
    return auth.enabled();
  }

  @Override
  protected String headerKey() {
    return auth.config().grpcAuthorizationHeader();
  }

  @Override
  protected boolean isPublic(MethodDescriptor<?, ?> method) {
    return AuthMetadataServiceGrpc.SERVICE_NAME.equals(method.getServiceName());
  }

  @Override
  protected JsonWebToken verify(String token) throws Exception {
    return auth.verifier().verify(token);
  }

  @Override
  protected Context.Key<JsonWebToken> principal() {
    return Caller.TOKEN;
  }

  @Override
  protected void record(String result) {
    auth.metrics().request(result);
  }
}
