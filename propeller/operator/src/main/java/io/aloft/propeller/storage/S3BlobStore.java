package io.aloft.propeller.storage;

import io.aloft.engine.EngineException;
import io.aloft.engine.data.BlobStore;
import java.io.IOException;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The engine's blob store on S3 (flytestdlib storage, type s3): references are {@code s3://bucket/key}. Reads of a
 * missing object are empty; every other failure (S3 unreachable, an error status) is an {@link EngineException}, which
 * fails the whole round, so the workflow is retried with the work queue's back-off (flytepropeller returns storage
 * errors from the round the same way). Any other exception a node handler throws counts against the node's system
 * retries, and an S3 outage of a few seconds would then use them up and fail the workflow.
 */
public final class S3BlobStore implements BlobStore {
  private static final int ATTEMPTS = 3;
  private final S3Transport s3;
  private final io.aloft.propeller.metrics.PropellerMetrics metrics;

  public S3BlobStore(S3Client s3) {
    this(new SdkS3Transport(s3), null);
  }

  /** A store timing its operations into {@code metrics} ({@code aloft_propeller_storage_latency_seconds{op}}). */
  public S3BlobStore(S3Transport s3, io.aloft.propeller.metrics.PropellerMetrics metrics) {
    this.s3 = s3;
    this.metrics = metrics;
  }

  private <T> T timed(String op, java.util.function.Supplier<T> call) {
    if (metrics == null) {
      return call.get();
    }
    long t0 = System.nanoTime();
    try {
      return call.get();
    } finally {
      metrics.storage(op).record(java.time.Duration.ofNanos(System.nanoTime() - t0));
    }
  }

  @Override
  public Optional<byte[]> read(String ref) {
    return timed("read", () -> attempt("read", ref, ATTEMPTS, l -> s3.get(l.bucket(), l.key())));
  }

  @Override
  public void write(String ref, byte[] bytes) {
    timed("write", () -> attempt("write", ref, ATTEMPTS, l -> {
      s3.put(l.bucket(), l.key(), bytes);
      return null;
    }));
  }

  @Override
  public boolean exists(String ref) {
    return timed("head", () -> attempt("head", ref, 1, l -> s3.head(l.bucket(), l.key())));
  }

  private interface Call<T> {
    T on(Location l) throws IOException;
  }

  /**
   * {@code call} on the object {@code ref} names, again on a fresh connection after one the server closed (reads and
   * writes of a whole object are idempotent), up to {@code attempts} times.
   */
  private static <T> T attempt(String op, String ref, int attempts, Call<T> call) {
    Location l = Location.of(ref);
    for (int attempt = 1; ; attempt++) {
      try {
        return call.on(l);
      } catch (IOException e) {
        if (attempt >= attempts) {
          throw failed(op, ref, e);
        }
      } catch (S3Transport.S3Failure e) {
        throw failed(op, ref, e);
      }
    }
  }

  private static EngineException failed(String op, String ref, Exception e) {
    return new EngineException(op + " of " + ref + " failed: " + e.getMessage(), e);
  }

  /** {@code s3://bucket/key} split. */
  record Location(String bucket, String key) {
    static Location of(String ref) {
      if (ref == null || !ref.startsWith("s3://")) {
        throw new IllegalArgumentException("not an s3:// reference: " + ref);
      }
      String path = ref.substring("s3://".length());
      int slash = path.indexOf('/');
      if (slash <= 0 || slash == path.length() - 1) {
        throw new IllegalArgumentException("not an s3://bucket/key reference: " + ref);
      }
      return new Location(path.substring(0, slash), path.substring(slash + 1));
    }
  }
}
