package io.aloft.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.engine.data.BlobStore;
import io.aloft.engine.data.CachedBlobStore;
import io.aloft.engine.data.InMemoryBlobStore;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachedBlobStoreTest {

  /** An in-memory store that counts the reads that reach it. */
  private static final class Counting implements BlobStore {
    final InMemoryBlobStore store = new InMemoryBlobStore();
    final AtomicInteger reads = new AtomicInteger();

    @Override
    public Optional<byte[]> read(String ref) {
      reads.incrementAndGet();
      return store.read(ref);
    }

    @Override
    public void write(String ref, byte[] bytes) {
      store.write(ref, bytes);
    }

    @Override
    public boolean exists(String ref) {
      reads.incrementAndGet();
      return store.exists(ref);
    }
  }

  @Test
  void writesAndReadMissesFillTheCache() {
    Counting backing = new Counting();
    CachedBlobStore cache = CachedBlobStore.wrap(backing, 1);
    cache.write("s3://b/out.pb", new byte[] {1, 2, 3});
    assertThat(cache.read("s3://b/out.pb")).hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, 3));
    assertThat(cache.exists("s3://b/out.pb")).isTrue();
    assertThat(backing.reads).hasValue(0);

    backing.store.write("s3://b/other.pb", new byte[] {9});
    cache.read("s3://b/other.pb");
    cache.read("s3://b/other.pb");
    assertThat(backing.reads).hasValue(1);
    assertThat(cache.cache().stats().hitCount()).isEqualTo(3);
    assertThat(cache.cache().stats().missCount()).isEqualTo(1);
    assertThat(cache.read("s3://b/missing.pb")).isEmpty();
  }

  @Test
  void boundedByWeightAndLargeObjectsNeverKept() {
    Counting backing = new Counting();
    CachedBlobStore cache = CachedBlobStore.wrap(backing, 1); // 1 MiB, entries up to 1 KiB with their key
    byte[] kib = new byte[1000];
    for (int i = 0; i < 2048; i++) {
      cache.write("s3://b/" + i, kib);
    }
    assertThat(cache.cache().policy().eviction().orElseThrow().weightedSize().orElseThrow())
        .isLessThanOrEqualTo(1024 * 1024);
    assertThat(cache.cache().stats().evictionCount()).isPositive();
    cache.read("s3://b/2047"); // recent
    assertThat(backing.reads).hasValue(0);

    cache.write("s3://b/big", new byte[1025]);
    cache.read("s3://b/big");
    assertThat(backing.reads).hasValue(1);
  }

  @Test
  void sizeZeroKeepsNothingAndCountsEveryLookupAsAMiss() {
    Counting backing = new Counting();
    CachedBlobStore cache = CachedBlobStore.wrap(backing, 0);
    cache.write("s3://b/out.pb", new byte[] {1});
    cache.read("s3://b/out.pb");
    cache.read("s3://b/out.pb");
    assertThat(backing.reads).hasValue(2);
    assertThat(cache.cache().estimatedSize()).isZero();
    assertThat(cache.cache().stats().hitCount()).isZero();
    assertThat(cache.cache().stats().missCount()).isEqualTo(2);
  }
}
