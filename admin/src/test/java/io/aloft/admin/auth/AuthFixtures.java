package io.aloft.admin.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Base64;
import org.wildfly.security.password.PasswordFactory;
import org.wildfly.security.password.WildFlyElytronPasswordProvider;
import org.wildfly.security.password.interfaces.BCryptPassword;
import org.wildfly.security.password.spec.EncryptablePasswordSpec;
import org.wildfly.security.password.spec.IteratedSaltedPasswordAlgorithmSpec;
import org.wildfly.security.password.util.ModularCrypt;

/** Keys and secret hashes for tests, made as an operator makes them (openssl genpkey, htpasswd -B). */
public final class AuthFixtures {
  private AuthFixtures() {}

  /** A new 2048-bit RSA key pair. */
  public static KeyPair rsa() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes {@code key}'s private half as a PKCS#8 PEM ({@code openssl genpkey}'s format) to {@code file}. */
  public static Path writePrivatePem(KeyPair key, Path file) {
    String pem = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      return Files.writeString(file, pem);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bcrypt hash ({@code $2a$10$...}) of {@code secret}. */
  public static String bcrypt(String secret) {
    try {
      PasswordFactory f = PasswordFactory.getInstance(BCryptPassword.ALGORITHM_BCRYPT,
          WildFlyElytronPasswordProvider.getInstance());
      byte[] salt = new byte[BCryptPassword.BCRYPT_SALT_SIZE];
      new SecureRandom().nextBytes(salt);
      return ModularCrypt.encodeAsString(f.generatePassword(new EncryptablePasswordSpec(secret.toCharArray(),
          new IteratedSaltedPasswordAlgorithmSpec(10, salt))));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
