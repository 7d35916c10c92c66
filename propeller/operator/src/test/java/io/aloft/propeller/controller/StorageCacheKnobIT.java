package io.aloft.propeller.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code aloft.storage.cache.max-size-mbs} (Flyte's {@code storage.cache.max_size_mbs}) set to 1 MiB, the smallest
 * size: the blobs a workflow writes are read again from memory (hits), and more than a MiB of blobs evicts, the cache
 * staying within its size. Observed through the exported cache metrics.
 */
@QuarkusTest
@TestProfile(StorageCacheKnobIT.OneMib.class)
class StorageCacheKnobIT extends KnobTesting {
  public static class OneMib extends Knobs {
    @Override
    Map<String, String> knobs() {
      return Map.of("aloft.storage.cache.max-size-mbs", "1");
    }
  }

  @Inject
  PropellerRuntime runtime;

  @Override
  String namespace() {
    return "knob-storage-cache";
  }

  @Test
  void aWorkflowReadsWhatItWroteFromMemoryAndMoreThanTheSizeEvicts() throws Exception {
    create(echoChain("cached", 4));
    awaitTerminated("cached");
    // each node's inputs and outputs are written by one node and read by the next: from memory
    assertThat(metric("aloft_propeller_storage_cache_total{result=\"hit\"}")).isPositive();
    assertThat(metric("cache_gets_total{cache=\"aloft_propeller_storage_cache\",result=\"hit\"}")).isPositive();
    assertThat(metric("aloft_propeller_storage_cache_evictions_total")).isZero();

    // 1100 blobs of about 1000 bytes with their keys (the largest the 1 MiB cache keeps): more than a MiB
    byte[] blob = new byte[960];
    for (int i = 0; i < 1100; i++) {
      runtime.blobs().write(String.format("s3://aloft/knob-test/evict/%04d", i), blob);
    }
    assertThat(metric("aloft_propeller_storage_cache_evictions_total")).isPositive();
    assertThat(metric("aloft_propeller_storage_cache_bytes")).isPositive().isLessThanOrEqualTo(1024 * 1024);
  }
}
