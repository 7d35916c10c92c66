package io.aloft.admin.auth;

import com.google.gson.JsonObject;
import io.aloft.admin.auth.Authentication.SelfServer;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Self mode's OAuth2 endpoints on the HTTP port, open to all (FlyteAdmin's authzserver): {@code POST /oauth2/token},
 * the client_credentials grant (RFC 6749 4.4) with the client authenticated by HTTP Basic, as flytekit sends it, or
 * by {@code client_id}/{@code client_secret} form fields; and {@code GET /oauth2/jwks}, the keys tokens are signed
 * with. The metadata document, {@code /.well-known/oauth-authorization-server}, is GetOAuth2Metadata's REST binding.
 */
@ApplicationScoped
public class TokenEndpoint {
  private static final Logger LOG = Logger.getLogger(TokenEndpoint.class);
  public static final String TOKEN_PATH = "/oauth2/token";
  public static final String JWKS_PATH = "/oauth2/jwks";

  @Inject
  Authentication auth;

  void routes(@Observes Router router) {
    if (!auth.enabled() || auth.self().isEmpty()) {
      return;
    }
    // no file uploads: the body handler would otherwise make a directory, and admin's root file system is read-only
    router.post(TOKEN_PATH).handler(BodyHandler.create(false).setBodyLimit(64 * 1024)).blockingHandler(this::token);
    router.get(JWKS_PATH).handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
        .end(auth.self().orElseThrow().keys().jwks()));
  }

  private void token(RoutingContext ctx) {
    SelfServer self = auth.self().orElseThrow();
    MultiMap form = ctx.request().formAttributes();
    String[] client = clientCredentials(ctx.request().getHeader("Authorization"), form);
    if (client == null) {
      error(ctx, 401, "invalid_client", "the client is not authenticated: send HTTP Basic or client_id/client_secret");
      return;
    }
    Optional<List<String>> allowed = self.clients().authenticate(client[0], client[1]);
    if (allowed.isEmpty()) {
      LOG.infof("token refused to client %s: unknown client or wrong secret", client[0]);
      error(ctx, 401, "invalid_client", "unknown client or wrong secret");
      return;
    }
    if (!"client_credentials".equals(form.get("grant_type"))) {
      error(ctx, 400, "unsupported_grant_type", "grant_type must be client_credentials, got " + form.get("grant_type"));
      return;
    }
    List<String> scopes = scopes(form.get("scope"), allowed.get());
    if (!allowed.get().containsAll(scopes)) {
      error(ctx, 400, "invalid_scope", "client " + client[0] + " may ask for " + allowed.get() + ", asked " + scopes);
      return;
    }
    String audience = form.get("audience");
    String ours = auth.config().appAuth().selfAuthServer().audience();
    if (audience != null && !audience.isBlank() && !audience.equals(ours)) {
      error(ctx, 400, "invalid_request", "audience must be " + ours + ", got " + audience);
      return;
    }
    String token = self.issuer().issue(client[0], scopes, Instant.now());
    auth.metrics().token("issued");
    JsonObject body = new JsonObject();
    body.addProperty("access_token", token);
    body.addProperty("token_type", "bearer");
    body.addProperty("expires_in", self.issuer().lifespan().toSeconds());
    body.addProperty("scope", String.join(" ", scopes));
    respond(ctx, 200, body);
  }

  /** {@code [id, secret]} from HTTP Basic (each part form-URL-decoded, RFC 6749 2.3.1) or the form; null if none. */
  static String[] clientCredentials(String authorization, MultiMap form) {
    if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return null;
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        return null;
      }
      return new String[] {URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
          URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)};
    }
    String id = form.get("client_id");
    String secret = form.get("client_secret");
    return id == null || secret == null ? null : new String[] {id, secret};
  }

  private static List<String> scopes(String requested, List<String> allowed) {
    if (requested == null || requested.isBlank()) {
      return allowed;
    }
    return Arrays.stream(requested.trim().split("\\s+")).distinct().toList();
  }

  private void error(RoutingContext ctx, int status, String error, String description) {
    auth.metrics().token(error);
    JsonObject body = new JsonObject();
    body.addProperty("error", error);
    body.addProperty("error_description", description);
    // the challenge only to a client that tried HTTP Basic (RFC 6749 5.2): a browser answered with it would prompt
    // for a user and password, where the console's sign-in form sent client_id/client_secret
    String authorization = ctx.request().getHeader("Authorization");
    if (status == 401 && authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"aloft-admin\"");
    }
    respond(ctx, status, body);
  }

  private static void respond(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store").end(body.toString());
  }
}
