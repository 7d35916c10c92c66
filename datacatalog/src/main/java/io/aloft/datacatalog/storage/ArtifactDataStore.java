package io.aloft.datacatalog.storage;

import io.aloft.datacatalog.CatalogException;
import io.aloft.datacatalog.config.CatalogConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Artifact data too large to keep inline, in the blob store at Flyte's layout (datacatalog/pkg/manager/impl/
 * artifact_data_store.go): {@code s3://<bucket>/<storage-prefix>/<project>/<domain>/<name>/<version>/<artifactId>/
 * <dataName>/data.pb}, each object one serialized core.Literal.
 */
@ApplicationScoped
public class ArtifactDataStore {
  private static final int ATTEMPTS = 3;

  @Inject
  S3Client s3;

  @Inject
  CatalogConfig config;

  @ConfigProperty(name = "aloft.storage.bucket")
  String bucket;

  /** The key of datum {@code dataName} of an artifact, under the storage prefix. */
  public String key(String project, String domain, String name, String version, String artifactId,
      String dataName) {
    String prefix = config.storagePrefix().isEmpty() ? "" : config.storagePrefix() + "/";
    return prefix + String.join("/", project, domain, name, version, artifactId, dataName, "data.pb");
  }

  /** Writes {@code literal} at {@code key}; returns its reference {@code s3://bucket/key}. */
  public String put(String key, byte[] literal) {
    retrying("write of " + key, () -> s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(literal)));
    return "s3://" + bucket + "/" + key;
  }

  /** The bytes at {@code reference}. A missing object is INTERNAL: a row names data the store lost. */
  public byte[] get(String reference) {
    Ref ref = Ref.parse(reference);
    try {
      return retrying("read of " + reference,
          () -> s3.getObjectAsBytes(b -> b.bucket(ref.bucket()).key(ref.key())).asByteArray());
    } catch (NoSuchKeyException e) {
      throw CatalogException.internal("artifact data " + reference + " is missing from the blob store");
    }
  }

  /** Deletes {@code reference}; deleting what is not there succeeds. */
  public void delete(String reference) {
    Ref ref = Ref.parse(reference);
    retrying("delete of " + reference, () -> s3.deleteObject(b -> b.bucket(ref.bucket()).key(ref.key())));
  }

  private record Ref(String bucket, String key) {
    static Ref parse(String reference) {
      if (!reference.startsWith("s3://") || reference.indexOf('/', 5) < 0) {
        throw CatalogException.internal("not a blob store reference: " + reference);
      }
      String path = reference.substring(5);
      int slash = path.indexOf('/');
      return new Ref(path.substring(0, slash), path.substring(slash + 1));
    }
  }

  /**
   * Runs an idempotent blob store call, again on a fresh connection if a pooled one had been closed by the server
   * (the URL-connection client reports that outside the SDK's own retries).
   */
  private static <T> T retrying(String what, Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (NoSuchKeyException e) {
        throw e;
      } catch (UncheckedIOException e) {
        if (attempt >= ATTEMPTS) {
          throw CatalogException.internal("blob store " + what + " failed: " + e.getMessage());
        }
      } catch (SdkException e) {
        throw CatalogException.internal("blob store " + what + " failed: " + e.getMessage());
      }
    }
  }
}
