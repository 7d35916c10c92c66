package io.aloft.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.wildfly.security.password.PasswordFactory;
import org.wildfly.security.password.WildFlyElytronPasswordProvider;
import org.wildfly.security.password.interfaces.BCryptPassword;
import org.wildfly.security.password.spec.EncryptablePasswordSpec;
import org.wildfly.security.password.spec.IteratedSaltedPasswordAlgorithmSpec;
import org.wildfly.security.password.util.ModularCrypt;

/**
 * Credentials for a stack with authentication on, made as an operator makes them (docs/operations.md
 * "Authentication"): admin's token signing key (an RSA PKCS#8 PEM) and, per client, a random secret in a file of its
 * own (what flytekit's clientSecretLocation and propeller's client-secret-location read) with its bcrypt hash for
 * admin's static clients. Written under {@code dir}; a second call reuses what is there.
 */
public record DevAuth(Path signingKey, Map<String, Path> secretFiles, Map<String, String> secretHashes) {

  /** Propeller's client id, as Flyte's. */
  public static final String PROPELLER = "flytepropeller";
  /** The client flytekit (pyflyte, FlyteRemote) uses in the dev stack. */
  public static final String FLYTEKIT = "aloft-cli";

  /** Creates (or reuses) the key and a secret for each of {@code clients} in {@code dir}. */
  public static DevAuth create(Path dir, String... clients) {
    try {
      Files.createDirectories(dir);
      Path key = dir.resolve("token_rsa_key.pem");
      if (!Files.exists(key)) {
        writePrivatePem(rsa(), key);
      }
      Map<String, Path> files = new LinkedHashMap<>();
      Map<String, String> hashes = new LinkedHashMap<>();
      SecureRandom random = new SecureRandom();
      for (String client : clients) {
        Path file = dir.resolve(client + ".secret");
        if (!Files.exists(file)) {
          byte[] secret = new byte[24];
          random.nextBytes(secret);
          Files.writeString(file, HexFormat.of().formatHex(secret));
        }
        files.put(client, file);
        hashes.put(client, bcrypt(Files.readString(file).strip()));
      }
      return new DevAuth(key, Map.copyOf(files), Map.copyOf(hashes));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the dev credentials under " + dir, e);
    }
  }

  /** A new 2048-bit RSA key pair (what {@code openssl genpkey -algorithm RSA} makes). */
  public static KeyPair rsa() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make an RSA key", e);
    }
  }

  /** Writes {@code key}'s private half to {@code file} as a PKCS#8 PEM; returns {@code file}. */
  public static Path writePrivatePem(KeyPair key, Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      return Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getPrivate().getEncoded())
          + "\n-----END PRIVATE KEY-----\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** The bcrypt hash ({@code $2a$10$...}, what {@code htpasswd -B} makes) of {@code secret}. */
  public static String bcrypt(String secret) {
    try {
      PasswordFactory f = PasswordFactory.getInstance(BCryptPassword.ALGORITHM_BCRYPT,
          WildFlyElytronPasswordProvider.getInstance());
      byte[] salt = new byte[BCryptPassword.BCRYPT_SALT_SIZE];
      new SecureRandom().nextBytes(salt);
      return ModularCrypt.encodeAsString(f.generatePassword(new EncryptablePasswordSpec(secret.toCharArray(),
          new IteratedSaltedPasswordAlgorithmSpec(10, salt))));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot hash a secret", e);
    }
  }

  /** Admin's settings for Self mode with these clients, its HTTP port reached at {@code publicUrl}. */
  public Map<String, String> adminConfig(String publicUrl) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("aloft.admin.auth.enabled", "true");
    c.put("aloft.admin.auth.public-url", publicUrl);
    c.put("aloft.admin.auth.app-auth.self-auth-server.signing-key-location", signingKey.toString());
    secretHashes.forEach((id, hash) ->
        c.put("aloft.admin.auth.app-auth.self-auth-server.static-clients." + id + ".secret", hash));
    return c;
  }

  /** Datacatalog's settings to check admin's tokens, with the key set at {@code adminPublicUrl}. */
  public static Map<String, String> catalogConfig(String adminPublicUrl) {
    return Map.of("aloft.datacatalog.auth.enabled", "true",
        "aloft.datacatalog.auth.jwks-url", adminPublicUrl + "/oauth2/jwks");
  }

  /** Propeller's settings to authenticate as {@link #PROPELLER} (the token endpoint discovered from admin). */
  public Map<String, String> propellerConfig() {
    return Map.of("aloft.propeller.admin.auth-type", "ClientSecret",
        "aloft.propeller.admin.client-id", PROPELLER,
        "aloft.propeller.admin.client-secret-location", secretFiles.get(PROPELLER).toString());
  }
}
