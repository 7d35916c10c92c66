package io.aloft.engine.cache;

import com.google.protobuf.Timestamp;
import datacatalog.DataCatalogGrpc;
import datacatalog.Datacatalog.AddTagRequest;
import datacatalog.Datacatalog.Artifact;
import datacatalog.Datacatalog.CreateArtifactRequest;
import datacatalog.Datacatalog.CreateDatasetRequest;
import datacatalog.Datacatalog.Dataset;
import datacatalog.Datacatalog.DatasetID;
import datacatalog.Datacatalog.GetArtifactRequest;
import datacatalog.Datacatalog.GetDatasetRequest;
import datacatalog.Datacatalog.GetOrExtendReservationRequest;
import datacatalog.Datacatalog.Metadata;
import datacatalog.Datacatalog.ReleaseReservationRequest;
import datacatalog.Datacatalog.ReservationID;
import datacatalog.Datacatalog.Tag;
import datacatalog.Datacatalog.UpdateArtifactRequest;
import flyteidl.core.Catalog.CatalogMetadata;
import flyteidl.core.IdentifierOuterClass.TaskExecutionIdentifier;
import flyteidl.core.Literals.LiteralMap;
import io.aloft.engine.Clock;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The task cache in datacatalog (flytepropeller nodes/catalog/datacatalog/datacatalog.go), over its gRPC blocking
 * stub. Calls failing with UNAVAILABLE, DEADLINE_EXCEEDED or CANCELLED are tried {@code maxRetries} times in all,
 * waiting {@code backoffBase} × 2^(n-1) (± {@code backoffJitter}) before the n-th retry, as Flyte's gRPC retry
 * interceptor (100, 200, 400, 800 ms with the defaults).
 */
public final class DatacatalogTaskCache implements TaskCache {

  /**
   * Flyte's {@code catalog-cache} settings.
   *
   * @param maxCacheAge {@code max-cache-age}: older artifacts are a miss (zero: never)
   * @param maxRetries {@code max-retries}: attempts in all (go-grpc-middleware's WithMax)
   * @param backoffBase {@code base-scalar}
   * @param backoffJitter {@code backoff-jitter}
   * @param callTimeout the deadline of each call (zero: none)
   */
  public record Config(Duration maxCacheAge, int maxRetries, Duration backoffBase, double backoffJitter,
      Duration callTimeout) {
    /** Flyte's defaults: no age limit, 5 retries, 100 ms base, jitter 0.1; calls time out after 30 s. */
    public static Config defaults() {
      return new Config(Duration.ZERO, 5, Duration.ofMillis(100), 0.1, Duration.ofSeconds(30));
    }

    /** The same with {@code max-cache-age}. */
    public Config withMaxCacheAge(Duration age) {
      return new Config(age, maxRetries, backoffBase, backoffJitter, callTimeout);
    }
  }

  private final DataCatalogGrpc.DataCatalogBlockingStub stub;
  private final Config config;
  private final Clock clock;

  public DatacatalogTaskCache(Channel channel, Config config, Clock clock) {
    this.stub = DataCatalogGrpc.newBlockingStub(channel);
    this.config = config;
    this.clock = clock;
  }

  /** Flyte's defaults and the system clock. */
  public DatacatalogTaskCache(Channel channel) {
    this(channel, Config.defaults(), Clock.system());
  }

  @Override
  public Optional<CacheEntry> get(CacheKey key) throws CacheException {
    DatasetID id = key.datasetId();
    Dataset dataset;
    try {
      dataset = call("GetDataset", s -> s.getDataset(GetDatasetRequest.newBuilder().setDataset(id).build()))
          .getDataset();
    } catch (CacheException e) {
      if (e.notFound()) {
        return Optional.empty();
      }
      throw e;
    }
    String tag = key.tag();
    Artifact artifact;
    try {
      artifact = call("GetArtifact", s -> s.getArtifact(GetArtifactRequest.newBuilder().setDataset(dataset.getId())
          .setTagName(tag).build())).getArtifact();
    } catch (CacheException e) {
      if (e.notFound()) {
        return Optional.empty();
      }
      throw e;
    }
    if (!config.maxCacheAge().isZero() && !config.maxCacheAge().isNegative()) {
      Timestamp c = artifact.getCreatedAt();
      Instant created = Instant.ofEpochSecond(c.getSeconds(), c.getNanos());
      if (Duration.between(created, clock.now()).compareTo(config.maxCacheAge()) > 0) {
        return Optional.empty(); // "Artifact over age limit"
      }
    }
    Tag relevant = artifact.getTagsCount() > 0 ? artifact.getTags(0) : null;
    TaskExecutionIdentifier source = CatalogRecords.source(dataset.getMetadata().getKeyMapMap(),
        artifact.getMetadata().getKeyMapMap(), key.taskId());
    LiteralMap outputs = CatalogRecords.outputs(key, artifact.getDataList(), artifact.getId());
    return Optional.of(new CacheEntry(outputs, CatalogRecords.eventMetadata(dataset.getId(),
        relevant == null ? null : relevant.getArtifactId(), relevant == null ? null : relevant.getName(), source)));
  }

  @Override
  public CatalogMetadata put(CacheKey key, LiteralMap outputs, TaskExecutionIdentifier source)
      throws CacheException {
    DatasetID id = createDataset(key, source);
    return createArtifact(key, id, outputs(key, outputs), source);
  }

  @Override
  public CatalogMetadata update(CacheKey key, LiteralMap outputs, TaskExecutionIdentifier source)
      throws CacheException {
    DatasetID id = createDataset(key, source);
    LiteralMap out = outputs(key, outputs);
    String tag = key.tag();
    try {
      String artifactId = call("UpdateArtifact", s -> s.updateArtifact(UpdateArtifactRequest.newBuilder()
          .setDataset(id).setTagName(tag).addAllData(CatalogRecords.artifactData(out))
          .setMetadata(metadata(CatalogRecords.artifactMetadata(source))).build())).getArtifactId();
      return CatalogRecords.eventMetadata(id, artifactId, tag, source);
    } catch (CacheException e) {
      if (e.notFound()) {
        return createArtifact(key, id, out, source);
      }
      throw e;
    }
  }

  @Override
  public Reservation getOrExtendReservation(CacheKey key, String ownerId, Duration heartbeat)
      throws CacheException {
    ReservationID rid = ReservationID.newBuilder().setDatasetId(key.datasetId()).setTagName(key.tag()).build();
    datacatalog.Datacatalog.Reservation r = call("GetOrExtendReservation", s -> s.getOrExtendReservation(
        GetOrExtendReservationRequest.newBuilder().setReservationId(rid).setOwnerId(ownerId)
            .setHeartbeatInterval(com.google.protobuf.Duration.newBuilder().setSeconds(heartbeat.getSeconds())
                .setNanos(heartbeat.getNano()))
            .build())).getReservation();
    return new Reservation(r.getOwnerId(),
        Instant.ofEpochSecond(r.getExpiresAt().getSeconds(), r.getExpiresAt().getNanos()),
        Duration.ofSeconds(r.getHeartbeatInterval().getSeconds(), r.getHeartbeatInterval().getNanos()));
  }

  @Override
  public void releaseReservation(CacheKey key, String ownerId) throws CacheException {
    ReservationID rid = ReservationID.newBuilder().setDatasetId(key.datasetId()).setTagName(key.tag()).build();
    try {
      call("ReleaseReservation", s -> s.releaseReservation(ReleaseReservationRequest.newBuilder()
          .setReservationId(rid).setOwnerId(ownerId).build()));
    } catch (CacheException e) {
      if (!e.notFound()) {
        throw e;
      }
    }
  }

  private DatasetID createDataset(CacheKey key, TaskExecutionIdentifier source) throws CacheException {
    DatasetID id = key.datasetId();
    Dataset ds = Dataset.newBuilder().setId(id).setMetadata(metadata(CatalogRecords.datasetMetadata(source)))
        .build();
    callAllowingExisting("CreateDataset", s -> s.createDataset(CreateDatasetRequest.newBuilder().setDataset(ds)
        .build()));
    return id;
  }

  private CatalogMetadata createArtifact(CacheKey key, DatasetID id, LiteralMap outputs,
      TaskExecutionIdentifier source) throws CacheException {
    String artifactId = UUID.randomUUID().toString();
    Artifact a = Artifact.newBuilder().setId(artifactId).setDataset(id)
        .addAllData(CatalogRecords.artifactData(outputs))
        .setMetadata(metadata(CatalogRecords.artifactMetadata(source))).build();
    call("CreateArtifact", s -> s.createArtifact(CreateArtifactRequest.newBuilder().setArtifact(a).build()));
    String tag = key.tag();
    Tag t = Tag.newBuilder().setName(tag).setDataset(id).setArtifactId(artifactId).build();
    callAllowingExisting("AddTag", s -> s.addTag(AddTagRequest.newBuilder().setTag(t).build()));
    return CatalogRecords.eventMetadata(id, artifactId, tag, null);
  }

  /** The outputs stored for {@code key}: none when the task declares none (prepareInputsAndOutputs). */
  private static LiteralMap outputs(CacheKey key, LiteralMap outputs) {
    return key.iface().getOutputs().getVariablesCount() == 0 || outputs == null ? LiteralMap.getDefaultInstance()
        : outputs;
  }

  private static Metadata metadata(java.util.Map<String, String> m) {
    return Metadata.newBuilder().putAllKeyMap(m).build();
  }

  @FunctionalInterface
  private interface Rpc<T> {
    T call(DataCatalogGrpc.DataCatalogBlockingStub stub);
  }

  private void callAllowingExisting(String name, Rpc<?> rpc) throws CacheException {
    try {
      call(name, rpc);
    } catch (CacheException e) {
      if (!(e.getCause() instanceof StatusRuntimeException s
          && s.getStatus().getCode() == Status.Code.ALREADY_EXISTS)) {
        throw e;
      }
    }
  }

  /**
   * One RPC with Flyte's retries (go-grpc-middleware retry with WithMax(max-retries): at most {@code maxRetries}
   * attempts in all, UNAVAILABLE, DEADLINE_EXCEEDED and CANCELLED retried); its failure classified.
   */
  private <T> T call(String name, Rpc<T> rpc) throws CacheException {
    int attempts = Math.max(1, config.maxRetries());
    for (int attempt = 0; ; attempt++) {
      if (attempt > 0) {
        sleep(backoff(attempt));
      }
      DataCatalogGrpc.DataCatalogBlockingStub s = stub;
      if (!config.callTimeout().isZero()) {
        s = s.withDeadlineAfter(config.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
      }
      try {
        return rpc.call(s);
      } catch (StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        boolean retryable = code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED
            || code == Status.Code.CANCELLED;
        if (retryable && attempt + 1 < attempts) {
          continue;
        }
        CacheException.Kind kind = switch (code) {
          case NOT_FOUND -> CacheException.Kind.NOT_FOUND;
          case INVALID_ARGUMENT -> CacheException.Kind.INVALID;
          default -> CacheException.Kind.FAILED;
        };
        throw new CacheException(kind, "datacatalog " + name + " failed after " + (attempt + 1) + " attempt(s): "
            + e.getStatus(), e);
      }
    }
  }

  /** go-grpc-middleware BackoffExponentialWithJitter before attempt {@code n} (from 1): base × 2^(n-1), ± jitter. */
  Duration backoff(int n) {
    long base = config.backoffBase().toMillis() << Math.min(20, n - 1);
    double j = config.backoffJitter() <= 0 ? 0 : ThreadLocalRandom.current().nextDouble(-1, 1) * config.backoffJitter();
    return Duration.ofMillis(Math.max(0, Math.round(base * (1 + j))));
  }

  private static void sleep(Duration d) throws CacheException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheException(CacheException.Kind.FAILED, "interrupted while retrying", e);
    }
  }
}
