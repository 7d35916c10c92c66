package io.aloft.propeller.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code aloft.storage.cache.max-size-mbs=0} (the default, set explicitly as a user turning the cache off would):
 * nothing is kept, so every lookup of a workflow's blobs is a miss and goes to S3.
 */
@QuarkusTest
@TestProfile(StorageCacheOffKnobIT.Off.class)
class StorageCacheOffKnobIT extends KnobTesting {
  public static class Off extends Knobs {
    @Override
    Map<String, String> knobs() {
      return Map.of("aloft.storage.cache.max-size-mbs", "0");
    }
  }

  @Override
  String namespace() {
    return "knob-storage-cache-off";
  }

  @Test
  void withSizeZeroEveryLookupIsAMissAndNothingIsKept() throws Exception {
    create(echoChain("uncached", 4));
    awaitTerminated("uncached");
    assertThat(metric("aloft_propeller_storage_cache_total{result=\"miss\"}")).isPositive();
    assertThat(metric("aloft_propeller_storage_cache_total{result=\"hit\"}")).isZero();
    assertThat(metric("aloft_propeller_storage_cache_size")).isZero();
    assertThat(metric("aloft_propeller_storage_cache_bytes")).isZero();
  }
}
