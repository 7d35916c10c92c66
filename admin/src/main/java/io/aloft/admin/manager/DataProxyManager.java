package io.aloft.admin.manager;

import flyteidl.service.Dataproxy.CreateUploadLocationRequest;
import flyteidl.service.Dataproxy.CreateUploadLocationResponse;
import io.aloft.admin.AdminException;
import io.aloft.admin.transformer.Protos;
import io.aloft.admin.validation.Validation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Presigned uploads for fast registration and file inputs (flyteadmin/dataproxy/service.go): a PUT URL whose
 * signature covers the content MD5, so the stored object is exactly the one the client hashed.
 */
@ApplicationScoped
public class DataProxyManager {
  private static final Duration MAX_EXPIRES_IN = Duration.ofHours(1);
  private static final String MD5_METADATA = "flytecontentmd5";
  private static final char[] RANDOM_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  private final SecureRandom random = new SecureRandom();

  @Inject
  S3Client s3;

  @Inject
  S3Presigner presigner;

  @ConfigProperty(name = "aloft.storage.bucket")
  String bucket;

  @ConfigProperty(name = "aloft.admin.data-proxy.upload-prefix", defaultValue = "uploads")
  String uploadPrefix;

  /** A signed PUT URL for the object the request names; INVALID_ARGUMENT / ALREADY_EXISTS as FlyteAdmin answers. */
  public CreateUploadLocationResponse createUploadLocation(CreateUploadLocationRequest request) {
    Validation.required(request.getProject(), "project");
    Validation.required(request.getDomain(), "domain");
    if (request.getContentMd5().size() != 16) {
      throw AdminException.invalid("content_md5 must be the 16 bytes of the content's MD5 digest (got "
          + request.getContentMd5().size() + " bytes)");
    }
    Duration expiresIn = request.hasExpiresIn()
        ? Duration.ofSeconds(request.getExpiresIn().getSeconds(), request.getExpiresIn().getNanos()) : MAX_EXPIRES_IN;
    if (expiresIn.isNegative() || expiresIn.isZero() || expiresIn.compareTo(MAX_EXPIRES_IN) > 0) {
      throw AdminException.invalid("expires_in must be between 0 and " + MAX_EXPIRES_IN.toMinutes() + " minutes");
    }
    byte[] md5 = request.getContentMd5().toByteArray();
    String md5Base64 = Base64.getEncoder().encodeToString(md5);
    String root = request.getFilenameRoot().isEmpty() ? base32(md5) : request.getFilenameRoot();
    String file = request.getFilename().isEmpty() ? randomName() : request.getFilename();
    String key = String.join("/", uploadPrefix, request.getProject(), request.getDomain(), root, file);

    if (!request.getFilenameRoot().isEmpty() && !request.getFilename().isEmpty()) {
      requireSameContentIfPresent(key, md5);
    }
    Map<String, String> metadata = request.getAddContentMd5Metadata() ? Map.of(MD5_METADATA, md5Base64) : Map.of();
    var presigned = presigner.presignPutObject(p -> p.signatureDuration(expiresIn)
        .putObjectRequest(o -> o.bucket(bucket).key(key).contentMD5(md5Base64).metadata(metadata)));
    CreateUploadLocationResponse.Builder response = CreateUploadLocationResponse.newBuilder()
        .setSignedUrl(presigned.url().toString())
        .setNativeUrl("s3://" + bucket + "/" + key)
        .setExpiresAt(Protos.timestamp(Instant.now().plus(expiresIn)));
    // Every signed header the client must send back; flytekit adds exactly these to its PUT.
    presigned.signedHeaders().forEach((name, values) -> {
      if (!name.equalsIgnoreCase("host")) {
        response.putHeaders(name, String.join(",", values));
      }
    });
    return response.build();
  }

  private void requireSameContentIfPresent(String key, byte[] md5) {
    HeadObjectResponse head;
    try {
      head = s3.headObject(h -> h.bucket(bucket).key(key));
    } catch (NoSuchKeyException e) {
      return;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return;
      }
      throw e;
    }
    String stored = head.metadata().get(MD5_METADATA);
    boolean same = stored != null ? stored.equals(Base64.getEncoder().encodeToString(md5))
        : head.eTag() != null && head.eTag().replace("\"", "").equalsIgnoreCase(HexFormat.of().formatHex(md5));
    if (!same) {
      throw AdminException.alreadyExists("an object with different content already exists at " + key);
    }
  }

  /** RFC 4648 base32 without padding, as FlyteAdmin names an upload by its hash. */
  static String base32(byte[] bytes) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    StringBuilder out = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        out.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      out.append(alphabet.charAt((buffer << (5 - bits)) & 31));
    }
    return out.toString();
  }

  private String randomName() {
    char[] c = new char[20];
    for (int i = 0; i < c.length; i++) {
      c[i] = RANDOM_ALPHABET[random.nextInt(RANDOM_ALPHABET.length)];
    }
    return new String(c);
  }

}
