package io.aloft.propeller.storage;

import io.aloft.engine.EngineException;
import io.aloft.engine.data.BlobStore;
import java.io.UncheckedIOException;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The engine's blob store on S3 (flytestdlib storage, type s3): references are {@code s3://bucket/key}. Reads of a
 * missing object are empty; every other failure (S3 unreachable, an error status) is an {@link EngineException}, which
 * fails the whole round, so the workflow is retried with the work queue's back-off (flytepropeller returns storage
 * errors from the round the same way). Any other exception a node handler throws counts against the node's system
 * retries, and an S3 outage of a few seconds would then use them up and fail the workflow.
 */
public final class S3BlobStore implements BlobStore {
  private static final int ATTEMPTS = 3;
  private final S3Client s3;
  private final io.aloft.propeller.metrics.PropellerMetrics metrics;

  public S3BlobStore(S3Client s3) {
    this(s3, null);
  }

  /** A store timing its operations into {@code metrics} ({@code aloft_propeller_storage_latency_seconds{op}}). */
  public S3BlobStore(S3Client s3, io.aloft.propeller.metrics.PropellerMetrics metrics) {
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
    return timed("read", () -> doRead(ref));
  }

  @Override
  public void write(String ref, byte[] bytes) {
    timed("write", () -> {
      doWrite(ref, bytes);
      return null;
    });
  }

  @Override
  public boolean exists(String ref) {
    return timed("head", () -> doExists(ref));
  }

  private Optional<byte[]> doRead(String ref) {
    Location l = Location.of(ref);
    for (int attempt = 1; ; attempt++) {
      try {
        return Optional.of(s3.getObjectAsBytes(b -> b.bucket(l.bucket()).key(l.key())).asByteArray());
      } catch (NoSuchKeyException e) {
        return Optional.empty();
      } catch (S3Exception e) {
        if (e.statusCode() == 404) {
          return Optional.empty();
        }
        throw failed("read", ref, e);
      } catch (UncheckedIOException e) {
        // a pooled connection the server closed: reads are idempotent, try again on a fresh connection
        if (attempt >= ATTEMPTS) {
          throw failed("read", ref, e);
        }
      } catch (SdkException e) {
        throw failed("read", ref, e);
      }
    }
  }

  private void doWrite(String ref, byte[] bytes) {
    Location l = Location.of(ref);
    for (int attempt = 1; ; attempt++) {
      try {
        s3.putObject(b -> b.bucket(l.bucket()).key(l.key()), RequestBody.fromBytes(bytes));
        return;
      } catch (UncheckedIOException e) {
        if (attempt >= ATTEMPTS) {
          throw failed("write", ref, e);
        }
      } catch (SdkException e) {
        throw failed("write", ref, e);
      }
    }
  }

  private boolean doExists(String ref) {
    Location l = Location.of(ref);
    try {
      s3.headObject(b -> b.bucket(l.bucket()).key(l.key()));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw failed("head", ref, e);
    } catch (SdkException e) {
      throw failed("head", ref, e);
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
