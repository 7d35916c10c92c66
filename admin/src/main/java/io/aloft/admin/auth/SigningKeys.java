package io.aloft.admin.auth;

import io.smallrye.jwt.util.KeyUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.lang.JoseException;

/**
 * Self mode's keys: the RSA key tokens are signed with, read from config (never generated, so that every replica
 * signs and verifies alike), and the JSON Web Key Set of every key a token may be signed with (the signing key's
 * public half, then the previous keys while rotating), each named by a key id derived from the key itself.
 */
public final class SigningKeys {
  private final PrivateKey signingKey;
  private final String keyId;
  private final String jwks;

  private SigningKeys(PrivateKey signingKey, String keyId, String jwks) {
    this.signingKey = signingKey;
    this.keyId = keyId;
    this.jwks = jwks;
  }

  /** Reads the PKCS#8 PEM at {@code signingKey} and the public key PEMs at {@code previous}. */
  public static SigningKeys load(String signingKey, List<String> previous) {
    try {
      PrivateKey key = KeyUtils.decodePrivateKey(pem(signingKey));
      if (!(key instanceof RSAPrivateCrtKey rsa)) {
        throw new IllegalStateException("the signing key at " + signingKey + " is not an RSA private key");
      }
      PublicKey current = KeyFactory.getInstance("RSA")
          .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
      List<JsonWebKey> keys = new ArrayList<>();
      keys.add(jwk(current));
      for (String p : previous) {
        keys.add(jwk(KeyUtils.decodePublicKey(pem(p))));
      }
      return new SigningKeys(key, keys.get(0).getKeyId(), new JsonWebKeySet(keys).toJson());
    } catch (IOException | GeneralSecurityException | JoseException e) {
      throw new IllegalStateException("cannot read the token signing keys (" + signingKey + ", " + previous + "): "
          + e.getMessage(), e);
    }
  }

  /** The key tokens are signed with. */
  public PrivateKey signingKey() {
    return signingKey;
  }

  /** The signing key's id ({@code kid}), as in the key set. */
  public String keyId() {
    return keyId;
  }

  /** The public keys as a JSON Web Key Set, served at /oauth2/jwks and verified against. */
  public String jwks() {
    return jwks;
  }

  private static JsonWebKey jwk(PublicKey key) throws JoseException, GeneralSecurityException {
    RsaJsonWebKey jwk = new RsaJsonWebKey((java.security.interfaces.RSAPublicKey) key);
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
    jwk.setKeyId(Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 16));
    jwk.setAlgorithm("RS256");
    jwk.setUse("sig");
    return jwk;
  }

  /** The PEM text at {@code location}: a file, or a {@code classpath:} resource. */
  private static String pem(String location) throws IOException {
    if (location.startsWith("classpath:")) {
      return KeyUtils.readKeyContent(location.substring("classpath:".length()));
    }
    return Files.readString(Path.of(location));
  }
}
