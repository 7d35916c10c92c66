package io.aloft.engine.cache;

import datacatalog.Datacatalog.ArtifactData;
import datacatalog.Datacatalog.DatasetID;
import flyteidl.core.Catalog.CatalogMetadata;
import flyteidl.core.IdentifierOuterClass.TaskExecutionIdentifier;
import flyteidl.core.Literals.LiteralMap;
import io.aloft.engine.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A task cache in this process, with datacatalog's semantics: datasets, artifacts, tags (a put moves the tag to its
 * newer artifact, as Aloft's datacatalog does, ADR 0005), reservations that expire {@code graceMultiplier} heartbeats
 * after their owner's last call, and a maximum artifact age, all by the engine's {@link Clock}. For tests and
 * single-process use.
 */
public final class InMemoryTaskCache implements TaskCache {
  private final Clock clock;
  private final Duration maxCacheAge;
  private final Duration maxHeartbeat;
  private final int graceMultiplier;
  private final Map<DatasetID, Map<String, String>> datasets = new HashMap<>();
  private final Map<String, Artifact> artifacts = new HashMap<>();
  private final Map<TagKey, String> tags = new HashMap<>();
  private final Map<TagKey, Reservation> reservations = new HashMap<>();

  private record TagKey(DatasetID dataset, String tag) {}

  private record Artifact(String id, DatasetID dataset, List<ArtifactData> data, Map<String, String> metadata,
      Instant createdAt) {}

  /**
   * @param clock the time of creation, expiry and age checks
   * @param maxCacheAge artifacts older than this are not found (zero: never)
   * @param maxHeartbeat the longest heartbeat granted (datacatalog {@code max-reservation-heartbeat})
   * @param graceMultiplier heartbeats a reservation outlives (datacatalog {@code heartbeat-grace-period-multiplier})
   */
  public InMemoryTaskCache(Clock clock, Duration maxCacheAge, Duration maxHeartbeat, int graceMultiplier) {
    this.clock = clock;
    this.maxCacheAge = maxCacheAge == null ? Duration.ZERO : maxCacheAge;
    this.maxHeartbeat = maxHeartbeat;
    this.graceMultiplier = graceMultiplier;
  }

  /** Datacatalog's defaults: no age limit, heartbeats up to 10s, 3 heartbeats of grace. */
  public InMemoryTaskCache(Clock clock) {
    this(clock, Duration.ZERO, Duration.ofSeconds(10), 3);
  }

  @Override
  public synchronized Optional<CacheEntry> get(CacheKey key) throws CacheException {
    DatasetID ds = key.datasetId();
    Map<String, String> dsMd = datasets.get(ds);
    if (dsMd == null) {
      return Optional.empty();
    }
    String tag = key.tag();
    String id = tags.get(new TagKey(ds, tag));
    Artifact a = id == null ? null : artifacts.get(id);
    if (a == null) {
      return Optional.empty();
    }
    if (!maxCacheAge.isZero() && clock.now().isAfter(a.createdAt().plus(maxCacheAge))) {
      return Optional.empty();
    }
    LiteralMap outputs = CatalogRecords.outputs(key, a.data(), a.id());
    TaskExecutionIdentifier source = CatalogRecords.source(dsMd, a.metadata(), key.taskId());
    return Optional.of(new CacheEntry(outputs, CatalogRecords.eventMetadata(ds, a.id(), tag, source)));
  }

  @Override
  public synchronized CatalogMetadata put(CacheKey key, LiteralMap outputs, TaskExecutionIdentifier source) {
    DatasetID ds = key.datasetId();
    datasets.putIfAbsent(ds, CatalogRecords.datasetMetadata(source));
    Artifact a = new Artifact(UUID.randomUUID().toString(), ds, CatalogRecords.artifactData(outputs(key, outputs)),
        CatalogRecords.artifactMetadata(source), clock.now());
    artifacts.put(a.id(), a);
    String tag = key.tag();
    tags.put(new TagKey(ds, tag), a.id());
    return CatalogRecords.eventMetadata(ds, a.id(), tag, null);
  }

  @Override
  public synchronized CatalogMetadata update(CacheKey key, LiteralMap outputs, TaskExecutionIdentifier source) {
    DatasetID ds = key.datasetId();
    datasets.putIfAbsent(ds, CatalogRecords.datasetMetadata(source));
    String tag = key.tag();
    String id = tags.get(new TagKey(ds, tag));
    if (id == null) {
      return put(key, outputs, source);
    }
    Artifact old = artifacts.get(id);
    artifacts.put(id, new Artifact(id, ds, CatalogRecords.artifactData(outputs(key, outputs)),
        CatalogRecords.artifactMetadata(source), old.createdAt()));
    return CatalogRecords.eventMetadata(ds, id, tag, source);
  }

  @Override
  public synchronized Reservation getOrExtendReservation(CacheKey key, String ownerId, Duration heartbeat) {
    TagKey k = new TagKey(key.datasetId(), key.tag());
    Instant now = clock.now();
    Duration hb = heartbeat.compareTo(maxHeartbeat) < 0 ? heartbeat : maxHeartbeat;
    Reservation r = reservations.get(k);
    if (r == null || r.ownerId().equals(ownerId) || !now.isBefore(r.expiresAt())) {
      r = new Reservation(ownerId, now.plus(hb.multipliedBy(graceMultiplier)), hb);
      reservations.put(k, r);
    }
    return r;
  }

  @Override
  public synchronized void releaseReservation(CacheKey key, String ownerId) {
    TagKey k = new TagKey(key.datasetId(), key.tag());
    Reservation r = reservations.get(k);
    if (r != null && r.ownerId().equals(ownerId)) {
      reservations.remove(k);
    }
  }

  /** The outputs stored for {@code key}: none when the task has no outputs (prepareInputsAndOutputs). */
  private static LiteralMap outputs(CacheKey key, LiteralMap outputs) {
    return key.iface().getOutputs().getVariablesCount() == 0 || outputs == null ? LiteralMap.getDefaultInstance()
        : outputs;
  }
}
