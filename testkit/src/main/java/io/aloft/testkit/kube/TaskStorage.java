package io.aloft.testkit.kube;

/**
 * Blob storage as a {@link PodRule#runTask task runtime} sees it: whole objects by URI ({@code s3://bucket/key}).
 * The test supplies it, so the test kit picks no S3 client. Over the engine's blob store:
 * {@code TaskStorage.of(uri -> blobs.read(uri).orElse(null), blobs::write)}; over an AWS SDK v2 {@code S3Client}
 * (bucket = the URI's host, key = its path without the leading slash):
 * <pre>{@code
 * TaskStorage.of(uri -> {
 *       URI u = URI.create(uri);
 *       try {
 *         return s3.getObjectAsBytes(b -> b.bucket(u.getHost()).key(u.getPath().substring(1))).asByteArray();
 *       } catch (NoSuchKeyException e) {
 *         return null;
 *       }
 *     },
 *     (uri, bytes) -> {
 *       URI u = URI.create(uri);
 *       s3.putObject(b -> b.bucket(u.getHost()).key(u.getPath().substring(1)), RequestBody.fromBytes(bytes));
 *     });
 * }</pre>
 */
public interface TaskStorage {
  /** The object at {@code uri}, or null when there is none. */
  byte[] read(String uri);

  /** Writes (replaces) the object at {@code uri}. */
  void write(String uri, byte[] bytes);

  /** A storage from two functions. */
  static TaskStorage of(java.util.function.Function<String, byte[]> read,
      java.util.function.BiConsumer<String, byte[]> write) {
    return new TaskStorage() {
      @Override
      public byte[] read(String uri) {
        return read.apply(uri);
      }

      @Override
      public void write(String uri, byte[] bytes) {
        write.accept(uri, bytes);
      }
    };
  }
}
