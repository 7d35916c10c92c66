package io.aloft.datacatalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import datacatalog.Datacatalog.GetArtifactRequest;
import datacatalog.Datacatalog.GetDatasetRequest;
import flyteidl.core.Catalog.CatalogMetadata;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.NodeExecutionIdentifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import flyteidl.core.IdentifierOuterClass.TaskExecutionIdentifier;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Interface.Variable;
import flyteidl.core.Interface.VariableMap;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import io.aloft.engine.cache.CacheEntry;
import io.aloft.engine.cache.CacheException;
import io.aloft.engine.cache.CacheKey;
import io.aloft.engine.cache.DatacatalogTaskCache;
import io.aloft.engine.cache.Reservation;
import io.aloft.testkit.quarkus.FreeGrpcPortResource;
import io.aloft.testkit.quarkus.PostgresResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Propeller's task cache client ({@link DatacatalogTaskCache}, the engine's port of flytepropeller's datacatalog
 * catalog client) against this datacatalog over gRPC: what it writes is what Flyte writes, and it reads it back.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
    initArgs = @ResourceArg(name = "database", value = "datacatalog_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
class TaskCacheClientIT extends CatalogTestBase {
  private static final String PROJECT = "taskcache-it";
  private static final LiteralType INT = LiteralType.newBuilder().setSimple(SimpleType.INTEGER).build();

  /** The service's clock (see {@link TestClock}). */
  @Inject
  TestClock clock;

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  private DatacatalogTaskCache client() {
    return new DatacatalogTaskCache(channel);
  }

  private static CacheKey key(String task, long x) {
    Identifier id = Identifier.newBuilder().setResourceType(ResourceType.TASK).setProject(PROJECT)
        .setDomain("development").setName(task).setVersion("tv1").build();
    VariableMap in = VariableMap.newBuilder().putVariables("x", Variable.newBuilder().setType(INT).build()).build();
    VariableMap out = VariableMap.newBuilder().putVariables("o0", Variable.newBuilder().setType(INT).build())
        .build();
    return new CacheKey(id, "1.0", TypedInterface.newBuilder().setInputs(in).setOutputs(out).build(),
        LiteralMap.newBuilder().putLiterals("x", integer(x)).build(), List.of());
  }

  private static LiteralMap outputs(long v) {
    return LiteralMap.newBuilder().putLiterals("o0", integer(v)).build();
  }

  private static TaskExecutionIdentifier source(String exec, int attempt) {
    return TaskExecutionIdentifier.newBuilder()
        .setTaskId(Identifier.newBuilder().setResourceType(ResourceType.TASK).setProject(PROJECT)
            .setDomain("development").setName("t").setVersion("tv1"))
        .setNodeExecutionId(NodeExecutionIdentifier.newBuilder().setNodeId("n0")
            .setExecutionId(WorkflowExecutionIdentifier.newBuilder().setProject(PROJECT).setDomain("development")
                .setName(exec)))
        .setRetryAttempt(attempt).build();
  }

  @Test
  void aPutReadsBackWithFlytesDatasetArtifactAndTagAndTheSource() throws Exception {
    DatacatalogTaskCache c = client();
    CacheKey key = key("t_roundtrip", 1);
    assertThat(c.get(key)).isEmpty();

    CatalogMetadata put = c.put(key, outputs(10), source("exec-a", 2));
    assertThat(put.getDatasetId().getName()).isEqualTo("flyte_task-t_roundtrip");
    assertThat(put.getDatasetId().getVersion()).isEqualTo(key.datasetId().getVersion());
    assertThat(put.getArtifactTag().getName()).isEqualTo(key.tag());

    // Stored as Flyte stores it: dataset metadata task-version, artifact metadata naming the producer.
    var ds = catalog.getDataset(GetDatasetRequest.newBuilder().setDataset(key.datasetId()).build()).getDataset();
    assertThat(ds.getMetadata().getKeyMapMap()).containsEntry("task-version", "tv1");
    var artifact = catalog.getArtifact(GetArtifactRequest.newBuilder().setDataset(key.datasetId())
        .setTagName(key.tag()).build()).getArtifact();
    assertThat(artifact.getId()).isEqualTo(put.getArtifactTag().getArtifactId());
    assertThat(artifact.getMetadata().getKeyMapMap()).containsEntry("exec-project", PROJECT)
        .containsEntry("exec-domain", "development").containsEntry("execution-name", "exec-a")
        .containsEntry("exec-node", "n0").containsEntry("exec-attempt", "2");

    Optional<CacheEntry> hit = c.get(key);
    assertThat(hit).isPresent();
    assertThat(hit.get().outputs()).isEqualTo(outputs(10));
    TaskExecutionIdentifier src = hit.get().metadata().getSourceTaskExecution();
    assertThat(src.getNodeExecutionId().getExecutionId().getName()).isEqualTo("exec-a");
    assertThat(src.getRetryAttempt()).isEqualTo(2);
    assertThat(src.getTaskId().getVersion()).isEqualTo("tv1");
    assertThat(hit.get().metadata().getArtifactTag().getArtifactId()).isEqualTo(artifact.getId());

    // A second put of the same key (a racing writer): a new artifact, and Aloft's datacatalog moves the tag to the
    // newer one (ADR 0005; where it refuses, with ALREADY_EXISTS, the client carries on as Flyte's does).
    CatalogMetadata second = c.put(key, outputs(11), source("exec-b", 0));
    assertThat(second.getArtifactTag().getArtifactId()).isNotEqualTo(put.getArtifactTag().getArtifactId());
    CacheEntry newest = c.get(key).orElseThrow();
    assertThat(newest.outputs()).isEqualTo(outputs(11));
    assertThat(newest.metadata().getSourceTaskExecution().getNodeExecutionId().getExecutionId().getName())
        .isEqualTo("exec-b");
    assertThat(c.get(key("t_roundtrip", 2))).isEmpty();
  }

  @Test
  void updateOverwritesTheTaggedArtifactAndCreatesOneWhenMissing() throws Exception {
    DatacatalogTaskCache c = client();
    CacheKey fresh = key("t_update", 1);
    CatalogMetadata created = c.update(fresh, outputs(1), source("exec-a", 0));
    assertThat(c.get(fresh).orElseThrow().outputs()).isEqualTo(outputs(1));

    CatalogMetadata updated = c.update(fresh, outputs(2), source("exec-b", 1));
    assertThat(updated.getArtifactTag().getArtifactId()).isEqualTo(created.getArtifactTag().getArtifactId());
    CacheEntry e = c.get(fresh).orElseThrow();
    assertThat(e.outputs()).isEqualTo(outputs(2));
    assertThat(e.metadata().getSourceTaskExecution().getNodeExecutionId().getExecutionId().getName())
        .isEqualTo("exec-b");
  }

  @Test
  void reservationsGoToOneOwnerAtATimeAndLapseWithoutHeartbeats() throws Exception {
    DatacatalogTaskCache c = client();
    CacheKey key = key("t_reserve", 1);
    Reservation a = c.getOrExtendReservation(key, "owner-a", Duration.ofSeconds(10));
    assertThat(a.ownerId()).isEqualTo("owner-a");
    assertThat(a.heartbeat()).isEqualTo(Duration.ofSeconds(10));
    assertThat(a.expiresAt()).isAfter(Instant.now().plusSeconds(20));

    Reservation b = c.getOrExtendReservation(key, "owner-b", Duration.ofSeconds(10));
    assertThat(b.ownerId()).isEqualTo("owner-a");
    Reservation extended = c.getOrExtendReservation(key, "owner-a", Duration.ofSeconds(10));
    assertThat(extended.ownerId()).isEqualTo("owner-a");
    assertThat(extended.expiresAt()).isAfterOrEqualTo(a.expiresAt());

    c.releaseReservation(key, "owner-b"); // not the holder: nothing happens
    assertThat(c.getOrExtendReservation(key, "owner-b", Duration.ofSeconds(10)).ownerId()).isEqualTo("owner-a");
    c.releaseReservation(key, "owner-a");
    c.releaseReservation(key, "owner-a"); // releasing twice is fine
    assertThat(c.getOrExtendReservation(key, "owner-b", Duration.ofSeconds(10)).ownerId()).isEqualTo("owner-b");

    // Without extensions the reservation lapses after the grace period (3 heartbeats); then another owner gets it.
    CacheKey other = key("t_reserve", 2);
    assertThat(c.getOrExtendReservation(other, "owner-a", Duration.ofSeconds(10)).ownerId()).isEqualTo("owner-a");
    clock.advance(Duration.ofSeconds(29));
    assertThat(c.getOrExtendReservation(other, "owner-b", Duration.ofSeconds(10)).ownerId()).isEqualTo("owner-a");
    clock.advance(Duration.ofSeconds(2));
    assertThat(c.getOrExtendReservation(other, "owner-b", Duration.ofSeconds(10)).ownerId()).isEqualTo("owner-b");
  }

  @Test
  void anUnreachableCatalogIsRetriedWithBackoffThenReportedAsAFailureNotAMiss() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // free, and closed again: connections are refused
    }
    ManagedChannel dead = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    try {
      DatacatalogTaskCache c = new DatacatalogTaskCache(dead);
      long start = System.nanoTime();
      assertThatThrownBy(() -> c.get(key("t_dead", 1))).isInstanceOfSatisfying(CacheException.class, e -> {
        assertThat(e.kind()).isEqualTo(CacheException.Kind.FAILED);
        assertThat(e.getMessage()).contains("after 5 attempt(s)").contains("UNAVAILABLE");
      });
      // Waits of 100, 200, 400 and 800 ms (each within 10% jitter) between the five attempts.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1350));
    } finally {
      dead.shutdownNow();
    }
  }

  @Test
  void artifactsOlderThanMaxCacheAgeAreMisses() throws Exception {
    CacheKey key = key("t_age", 1);
    client().put(key, outputs(5), source("exec-a", 0));
    DatacatalogTaskCache.Config hour = DatacatalogTaskCache.Config.defaults().withMaxCacheAge(Duration.ofHours(1));
    assertThat(new DatacatalogTaskCache(channel, hour, io.aloft.engine.Clock.system()).get(key)).isPresent();
    // Two hours later by the client's clock, the artifact is over the age limit.
    io.aloft.engine.Clock later = () -> Instant.now().plus(Duration.ofHours(2));
    assertThat(new DatacatalogTaskCache(channel, hour, later).get(key)).isEmpty();
    // No limit: never expires.
    assertThat(new DatacatalogTaskCache(channel, DatacatalogTaskCache.Config.defaults(), later).get(key)).isPresent();
  }
}
