package io.aloft.propeller.controller;

import static io.aloft.propeller.controller.KnobWorkflows.metric;
import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.testkit.quarkus.KubeApiServerResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code aloft.storage.cache.max-size-mbs=0} (the default, set explicitly as a user turning the cache off would):
 * nothing is kept, so every lookup of a workflow's blobs is a miss and goes to S3.
 */
@QuarkusTest
@QuarkusTestResource(value = KubeApiServerResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = WorkflowCrdResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = S3Resource.class, restrictToAnnotatedClass = false)
@TestProfile(StorageCacheOffKnobIT.Off.class)
class StorageCacheOffKnobIT {
  static final String NS = "knob-storage-cache-off";

  public static class Off implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("aloft.storage.cache.max-size-mbs", "0", "aloft.propeller.event.type", "log");
    }
  }

  @Inject
  KubernetesClient kube;

  @AfterEach
  void cleanUp() {
    KnobWorkflows.deleteAll(kube, NS);
  }

  @Test
  void withSizeZeroEveryLookupIsAMissAndNothingIsKept() throws Exception {
    KnobWorkflows.namespace(kube, NS);
    KnobWorkflows.create(kube, KnobWorkflows.echoChain(NS, "uncached", 4));
    KnobWorkflows.awaitTerminated(kube, NS, "uncached");
    assertThat(metric("aloft_propeller_storage_cache_total{result=\"miss\"}")).isPositive();
    assertThat(metric("aloft_propeller_storage_cache_total{result=\"hit\"}")).isZero();
    assertThat(metric("aloft_propeller_storage_cache_size")).isZero();
    assertThat(metric("aloft_propeller_storage_cache_bytes")).isZero();
  }
}
