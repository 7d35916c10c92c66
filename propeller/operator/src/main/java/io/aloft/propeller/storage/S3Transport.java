package io.aloft.propeller.storage;

import java.io.IOException;
import java.util.Optional;

/**
 * How {@link S3BlobStore} reaches S3 for one object: get, put, head. An {@link IOException} is a connection the
 * server closed or could not make (the store may try again); an {@link S3Failure} is an answer that is not a success.
 */
public interface S3Transport {
  /** The object's bytes; empty when it does not exist. */
  Optional<byte[]> get(String bucket, String key) throws IOException;

  void put(String bucket, String key, byte[] bytes) throws IOException;

  /** Whether the object exists. */
  boolean head(String bucket, String key) throws IOException;

  /** S3 answered with an error (or the client failed otherwise). */
  final class S3Failure extends RuntimeException {
    public S3Failure(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
