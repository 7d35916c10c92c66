package io.aloft.admin.auth;

import io.aloft.admin.auth.AuthConfig.StaticClient;
import java.security.GeneralSecurityException;
import java.security.spec.InvalidKeySpecException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.wildfly.security.password.Password;
import org.wildfly.security.password.PasswordFactory;
import org.wildfly.security.password.WildFlyElytronPasswordProvider;
import org.wildfly.security.password.interfaces.BCryptPassword;
import org.wildfly.security.password.util.ModularCrypt;

/**
 * The clients of Self mode's client_credentials grant, each with the bcrypt hash of its secret (as FlyteAdmin's
 * staticClients); a secret is checked with WildFly Elytron's bcrypt, never compared as text.
 */
public final class StaticClients {
  private static final WildFlyElytronPasswordProvider PROVIDER = WildFlyElytronPasswordProvider.getInstance();

  /** A client's secret hash, decoded once at start (which also refuses a hash that is no bcrypt), and its scopes. */
  private record Client(Password hash, List<String> scopes) {}

  private final Map<String, Client> clients;

  public StaticClients(Map<String, StaticClient> clients) {
    Map<String, Client> decoded = new HashMap<>();
    clients.forEach((id, c) -> decoded.put(id, new Client(decode(id, c.secret()), List.copyOf(c.scopes()))));
    this.clients = Map.copyOf(decoded);
  }

  /** The client's allowed scopes if {@code secret} is its secret; empty for an unknown client or a wrong secret. */
  public Optional<List<String>> authenticate(String clientId, String secret) {
    Client client = clients.get(clientId);
    if (client == null) {
      return Optional.empty();
    }
    try {
      PasswordFactory factory = PasswordFactory.getInstance(BCryptPassword.ALGORITHM_BCRYPT, PROVIDER);
      Password hash = factory.translate(client.hash());
      return factory.verify(hash, secret.toCharArray()) ? Optional.of(client.scopes()) : Optional.empty();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot check the secret of client " + clientId, e);
    }
  }

  /** The hash as Elytron reads it; {@code $2b$} and {@code $2y$} (other bcrypt tools' tags) are the same algorithm. */
  private static Password decode(String clientId, String hash) {
    String h = hash.trim();
    if (h.startsWith("$2b$") || h.startsWith("$2y$")) {
      h = "$2a$" + h.substring(4);
    }
    try {
      Password p = ModularCrypt.decode(h);
      if (!(p instanceof BCryptPassword)) {
        throw new IllegalStateException("the secret of static client " + clientId + " is not a bcrypt hash");
      }
      return p;
    } catch (InvalidKeySpecException e) {
      throw new IllegalStateException("the secret of static client " + clientId
          + " is not a bcrypt hash ($2a$<cost>$...): " + e.getMessage(), e);
    }
  }
}
