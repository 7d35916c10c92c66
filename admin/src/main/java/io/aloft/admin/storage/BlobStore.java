package io.aloft.admin.storage;

import io.aloft.admin.AdminException;
import io.grpc.Status;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Admin's blob store (FlyteAdmin's {@code storage} section): protobuf blobs under {@code s3://<bucket>/<key>}, the
 * references the rows and the custom resources carry.
 */
@ApplicationScoped
public class BlobStore {

  @Inject
  S3Client s3;

  private static final int ATTEMPTS = 3;

  @ConfigProperty(name = "aloft.storage.bucket")
  String bucket;

  /** Writes {@code bytes} at {@code key} and returns its reference {@code s3://bucket/key}. */
  public String put(String key, byte[] bytes) {
    for (int attempt = 1; ; attempt++) {
      try {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
        return "s3://" + bucket + "/" + key;
      } catch (java.io.UncheckedIOException e) {
        // A pooled connection the server had closed: the SDK's URL-connection client surfaces this outside its
        // own retries. A put to a fixed key is idempotent, so try again on a fresh connection.
        if (attempt >= ATTEMPTS) {
          throw new AdminException(Status.Code.INTERNAL, "blob store write of " + key + " failed: " + e.getMessage(),
              e);
        }
      } catch (SdkException e) {
        throw new AdminException(Status.Code.INTERNAL, "blob store write of " + key + " failed: " + e.getMessage(),
            e);
      }
    }
  }

  /** A blob reference {@code s3://bucket/key} split into its bucket and key. */
  public record Location(String bucket, String key) {
    /** The location of {@code reference}, or empty unless it has the form {@code s3://bucket/key}. */
    public static java.util.Optional<Location> parse(String reference) {
      if (reference == null || !reference.startsWith("s3://")) {
        return java.util.Optional.empty();
      }
      String path = reference.substring("s3://".length());
      int slash = path.indexOf('/');
      return slash < 0 ? java.util.Optional.empty()
          : java.util.Optional.of(new Location(path.substring(0, slash), path.substring(slash + 1)));
    }
  }

  /** The bytes at {@code reference} ({@code s3://bucket/key}). */
  public byte[] get(String reference) {
    Location at = Location.parse(reference).orElseThrow(() -> new AdminException(Status.Code.INTERNAL,
        "blob reference " + reference + " is not s3://bucket/key"));
    for (int attempt = 1; ; attempt++) {
      try {
        return s3.getObjectAsBytes(b -> b.bucket(at.bucket()).key(at.key())).asByteArray();
      } catch (NoSuchKeyException e) {
        throw new AdminException(Status.Code.INTERNAL, "blob " + reference + " is missing from the blob store");
      } catch (java.io.UncheckedIOException e) {
        if (attempt >= ATTEMPTS) {
          throw new AdminException(Status.Code.INTERNAL, "blob store read of " + reference + " failed: "
              + e.getMessage());
        }
      } catch (SdkException e) {
        throw new AdminException(Status.Code.INTERNAL, "blob store read of " + reference + " failed: "
            + e.getMessage());
      }
    }
  }

}
