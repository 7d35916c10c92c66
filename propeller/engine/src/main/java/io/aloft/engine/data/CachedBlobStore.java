package io.aloft.engine.data;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The storage cache of Flyte's propeller (flytestdlib/storage/cached_rawstore.go; the seed's
 * {@code storage.cache.max_size_mbs}): an in-memory byte cache in front of the blob store, keyed by the full
 * reference, filled on every write and on a read miss, consulted by existence checks, bounded to
 * {@code maxSizeBytes} (least recently used first out). Like Flyte's freecache, an object larger than 1/1024 of the
 * cache is never kept. Blobs a round writes (node inputs and outputs) are read again by the next nodes and
 * rounds, so the cache saves those round trips; the size 0 turns it off ({@link #wrap}).
 */
public final class CachedBlobStore implements BlobStore {
  private final BlobStore delegate;
  private final long maxSizeBytes;
  private final long maxEntryBytes;
  private final LinkedHashMap<String, byte[]> entries = new LinkedHashMap<>(256, 0.75f, true);
  private long sizeBytes;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();

  private CachedBlobStore(BlobStore delegate, long maxSizeBytes) {
    this.delegate = delegate;
    this.maxSizeBytes = maxSizeBytes;
    this.maxEntryBytes = maxSizeBytes / 1024;
  }

  /** {@code delegate} behind a cache of {@code maxSizeMbs} MiB, or {@code delegate} itself when that is 0 or less. */
  public static BlobStore wrap(BlobStore delegate, int maxSizeMbs) {
    return maxSizeMbs <= 0 ? delegate : new CachedBlobStore(delegate, maxSizeMbs * 1024L * 1024L);
  }

  @Override
  public Optional<byte[]> read(String ref) {
    byte[] cached = get(ref);
    if (cached != null) {
      hits.incrementAndGet();
      return Optional.of(cached);
    }
    misses.incrementAndGet();
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
    if (get(ref) != null) {
      hits.incrementAndGet();
      return true;
    }
    misses.incrementAndGet();
    return delegate.exists(ref);
  }

  /** Reads and existence checks served from memory. */
  public long hits() {
    return hits.get();
  }

  /** Reads and existence checks that went to the blob store. */
  public long misses() {
    return misses.get();
  }

  /** Bytes held now. */
  public synchronized long sizeBytes() {
    return sizeBytes;
  }

  private synchronized byte[] get(String ref) {
    return entries.get(ref);
  }

  private synchronized void put(String ref, byte[] bytes) {
    byte[] old = entries.remove(ref);
    if (old != null) {
      sizeBytes -= old.length;
    }
    if (bytes.length > maxEntryBytes) {
      return; // too large for the cache: always read from the store
    }
    entries.put(ref, bytes.clone());
    sizeBytes += bytes.length;
    var it = entries.entrySet().iterator();
    while (sizeBytes > maxSizeBytes && it.hasNext()) {
      Map.Entry<String, byte[]> eldest = it.next();
      sizeBytes -= eldest.getValue().length;
      it.remove();
    }
  }
}
