package io.aloft.engine.data;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;

/**
 * The storage cache of Flyte's propeller (flytestdlib/storage/cached_rawstore.go; the seed's
 * {@code storage.cache.max_size_mbs}): an in-memory byte cache in front of the blob store, keyed by the full
 * reference, filled on every write and on a read miss, consulted by existence checks. A Caffeine cache bounded to
 * {@code maxSizeBytes} by weight (key and value bytes, as freecache counts them); like freecache, an object larger
 * than 1/1024 of the cache is never kept. Blobs a round writes (node inputs and outputs) are read again by the next
 * nodes and rounds, so the cache saves those round trips. The size 0 keeps nothing: every lookup is a miss, which the
 * statistics show ({@link #cache}).
 */
public final class CachedBlobStore implements BlobStore {
  private final BlobStore delegate;
  private final long maxEntryBytes;
  private final Cache<String, byte[]> entries;

  private CachedBlobStore(BlobStore delegate, long maxSizeBytes) {
    this.delegate = delegate;
    this.maxEntryBytes = maxSizeBytes / 1024;
    // eviction on the calling thread, not the common ForkJoinPool, which a blocked task elsewhere may starve
    this.entries = Caffeine.newBuilder().maximumWeight(maxSizeBytes)
        .<String, byte[]>weigher((ref, bytes) -> weight(ref, bytes)).executor(Runnable::run).recordStats().build();
  }

  /** {@code delegate} behind a cache of {@code maxSizeMbs} MiB; 0 or less keeps nothing. */
  public static CachedBlobStore wrap(BlobStore delegate, int maxSizeMbs) {
    return new CachedBlobStore(delegate, Math.max(0, maxSizeMbs) * 1024L * 1024L);
  }

  @Override
  public Optional<byte[]> read(String ref) {
    byte[] cached = entries.getIfPresent(ref);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<byte[]> bytes = delegate.read(ref);
    bytes.ifPresent(b -> put(ref, b));
    return bytes;
  }

  @Override
  public void write(String ref, byte[] bytes) {
    delegate.write(ref, bytes);
    put(ref, bytes);
  }

  @Override
  public boolean exists(String ref) {
    return entries.getIfPresent(ref) != null || delegate.exists(ref);
  }

  /**
   * The cache itself, for its statistics (hits and misses of reads and existence checks, evictions) and its weighted
   * size in bytes; the operator exports them as metrics.
   */
  public Cache<String, byte[]> cache() {
    return entries;
  }

  private void put(String ref, byte[] bytes) {
    if (weight(ref, bytes) > maxEntryBytes) {
      entries.invalidate(ref); // too large for the cache (or the cache is off): always read from the store
      return;
    }
    entries.put(ref, bytes.clone());
  }

  private static int weight(String ref, byte[] bytes) {
    return ref.length() + bytes.length;
  }
}
