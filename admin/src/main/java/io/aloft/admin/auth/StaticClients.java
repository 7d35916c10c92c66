package io.aloft.admin.auth;

import io.aloft.admin.auth.AuthConfig.StaticClient;
import java.security.GeneralSecurityException;
import java.security.spec.InvalidKeySpecException;
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

  private final Map<String, StaticClient> clients;

  public StaticClients(Map<String, StaticClient> clients) {
    this.clients = Map.copyOf(clients);
    clients.forEach((id, c) -> decode(id, c.secret()));
  }

  /** The client's allowed scopes if {@code secret} is its secret; empty for an unknown client or a wrong secret. */
  public Optional<List<String>> authenticate(String clientId, String secret) {
    StaticClient client = clients.get(clientId);
    if (client == null) {
      return Optional.empty();
    }
    try {
      PasswordFactory factory = PasswordFactory.getInstance(BCryptPassword.ALGORITHM_BCRYPT, PROVIDER);
      Password hash = factory.translate(decode(clientId, client.secret()));
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
