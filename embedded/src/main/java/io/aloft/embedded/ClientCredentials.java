package io.aloft.embedded;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client's access token from an OAuth2 token endpoint (admin's {@code /oauth2/token}) by the client_credentials
 * grant, for tests that call admin's gRPC API directly while flytekit gets its own; kept until a minute before it
 * expires.
 */
public final class ClientCredentials {
  private static final Pattern TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern EXPIRES = Pattern.compile("\"expires_in\"\\s*:\\s*(\\d+)");

  private final URI tokenEndpoint;
  private final String clientId;
  private final String secret;
  private String token;
  private Instant renewAt = Instant.MIN;

  public ClientCredentials(URI tokenEndpoint, String clientId, String secret) {
    this.tokenEndpoint = tokenEndpoint;
    this.clientId = clientId;
    this.secret = secret;
  }

  /** A token valid for at least a minute. */
  public synchronized String token() {
    if (token == null || Instant.now().isAfter(renewAt)) {
      fetch();
    }
    return token;
  }

  private void fetch() {
    String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
        + "&client_secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(tokenEndpoint).timeout(Duration.ofSeconds(20))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
      Matcher t = TOKEN.matcher(r.body());
      if (r.statusCode() != 200 || !t.find()) {
        throw new IllegalStateException("no token for " + clientId + " from " + tokenEndpoint + ": HTTP "
            + r.statusCode() + " " + r.body());
      }
      Matcher e = EXPIRES.matcher(r.body());
      long seconds = e.find() ? Long.parseLong(e.group(1)) : 120;
      token = t.group(1);
      renewAt = Instant.now().plusSeconds(Math.max(0, seconds - 60));
    } catch (IOException e) {
      throw new IllegalStateException("cannot reach " + tokenEndpoint, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted fetching a token", e);
    }
  }
}
