package io.aloft.engine.data;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link BlobStore} in a map, for tests and benchmarks without S3. */
public final class InMemoryBlobStore implements BlobStore {
  private final Map<String, byte[]> objects = new ConcurrentHashMap<>();

  @Override
  public Optional<byte[]> read(String ref) {
    byte[] b = objects.get(ref);
    return b == null ? Optional.empty() : Optional.of(b.clone());
  }

  @Override
  public void write(String ref, byte[] bytes) {
    objects.put(ref, bytes.clone());
  }

  @Override
  public boolean exists(String ref) {
    return objects.containsKey(ref);
  }

  /** Every reference stored, sorted. */
  public java.util.Set<String> refs() {
    return new TreeMap<>(objects).keySet();
  }
}
