package io.aloft.datacatalog.manager;

import datacatalog.Datacatalog.Artifact;
import datacatalog.Datacatalog.ArtifactData;
import datacatalog.Datacatalog.CreateArtifactRequest;
import datacatalog.Datacatalog.DatasetID;
import datacatalog.Datacatalog.GetArtifactRequest;
import datacatalog.Datacatalog.ListArtifactsRequest;
import datacatalog.Datacatalog.ListArtifactsResponse;
import datacatalog.Datacatalog.Metadata;
import datacatalog.Datacatalog.UpdateArtifactRequest;
import io.aloft.datacatalog.CatalogException;
import io.aloft.datacatalog.config.CatalogConfig;
import io.aloft.datacatalog.entity.DatasetEntity;
import io.aloft.datacatalog.repository.ArtifactRepository;
import io.aloft.datacatalog.repository.ArtifactRepository.ArtifactFilter;
import io.aloft.datacatalog.repository.Rows.ArtifactRow;
import io.aloft.datacatalog.repository.Rows.StoredData;
import io.aloft.datacatalog.storage.ArtifactDataStore;
import io.aloft.datacatalog.transformer.ArtifactTransformer;
import io.aloft.datacatalog.transformer.FilterTransformer;
import io.aloft.datacatalog.transformer.MetadataTransformer;
import io.aloft.datacatalog.validation.CatalogValidator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Artifacts and their data (Flyte: datacatalog/pkg/manager/impl/artifact_manager.go). Each datum is kept inline
 * in PostgreSQL up to {@code inline-data-max-bytes}, in the blob store beyond (ADR 0005). Blob store calls run
 * outside database transactions, so a slow store never holds a connection.
 */
@ApplicationScoped
public class ArtifactManager {
  private static final Logger LOG = Logger.getLogger(ArtifactManager.class);

  @Inject
  ArtifactRepository artifacts;

  @Inject
  DatasetManager datasets;

  @Inject
  ArtifactDataStore store;

  @Inject
  CatalogConfig config;

  @Inject
  MeterRegistry registry;

  @Inject
  Clock clock;

  private Counter inlineWrites;
  private Counter blobWrites;

  @PostConstruct
  void meters() {
    inlineWrites = Counter.builder("aloft.datacatalog.artifact.data.writes").tag("place", "inline")
        .description("Artifact data written, by where it is kept").register(registry);
    blobWrites = Counter.builder("aloft.datacatalog.artifact.data.writes").tag("place", "blob")
        .description("Artifact data written, by where it is kept").register(registry);
  }

  /** A datum of a request, serialized, and whether it goes to the blob store. */
  private record Prepared(String name, byte[] bytes, boolean offload) {}

  /**
   * Creates an artifact with its data and partitions in an existing dataset. NOT_FOUND without the dataset;
   * INVALID_ARGUMENT if the partitions are not exactly the dataset's keys; ALREADY_EXISTS if the dataset has an
   * artifact with that id.
   */
  public void create(CreateArtifactRequest request) {
    CatalogValidator.artifact(request.getArtifact(), request.hasArtifact());
    Artifact artifact = request.getArtifact();
    DatasetID datasetId = artifact.getDataset();
    List<Prepared> prepared = prepare(artifact.getDataList());
    if (prepared.stream().anyMatch(Prepared::offload)) {
      // check before writing blobs at the artifact's fixed paths, so a duplicate never overwrites another's data
      QuarkusTransaction.requiringNew().run(() -> {
        DatasetEntity dataset = datasets.require(datasetId);
        CatalogValidator.partitions(List.of(dataset.partitionKeys), artifact.getPartitionsList());
        if (artifacts.head(dataset.id, artifact.getId()).isPresent()) {
          throw duplicate(artifact);
        }
      });
    }
    List<StoredData> stored = store(datasetId, artifact.getId(), prepared);
    Instant now = now();
    byte[] metadata = MetadataTransformer.serialize(artifact.hasMetadata() ? artifact.getMetadata() : null);
    try {
      QuarkusTransaction.requiringNew().run(() -> {
        DatasetEntity dataset = datasets.require(datasetId);
        CatalogValidator.partitions(List.of(dataset.partitionKeys), artifact.getPartitionsList());
        artifacts.insert(dataset.id, artifact.getId(), metadata, now, stored,
            ArtifactTransformer.partitions(artifact.getPartitionsList()));
      });
      countInline(stored);
    } catch (RuntimeException e) {
      if (Names.uniqueViolation(e)) {
        throw duplicate(artifact);
      }
      throw e;
    }
  }

  /** The artifact a request names by id or by tag, with its data; NOT_FOUND if there is none. */
  public Artifact get(GetArtifactRequest request) {
    CatalogValidator.getArtifact(request);
    DatasetID dataset = request.hasDataset() ? request.getDataset() : null;
    ArtifactRow row = QuarkusTransaction.requiringNew().call(() -> find(dataset, request.getArtifactId(),
        request.getTagName()));
    return toProto(row);
  }

  /** One page of a dataset's artifacts matching all partition and tag filters, each with its data. */
  public ListArtifactsResponse list(ListArtifactsRequest request) {
    CatalogValidator.listArtifacts(request);
    List<ArtifactFilter> filters = FilterTransformer.artifactFilters(request.getFilter());
    Paging page = Paging.of(request.getPagination(), request.hasPagination());
    List<ArtifactRow> rows = QuarkusTransaction.requiringNew().call(() -> {
      DatasetEntity dataset = datasets.require(request.getDataset());
      return artifacts.list(dataset.id, filters, page.offset(), page.limit(), page.ascending());
    });
    List<Artifact> out = rows.stream().map(this::toProto).toList();
    return ListArtifactsResponse.newBuilder().addAllArtifacts(out).setNextToken(page.nextToken(out.size())).build();
  }

  /**
   * Replaces all data of the artifact a request names by id or by tag (data it leaves out is deleted) and its
   * metadata with the request's; returns the artifact id. NOT_FOUND if there is no such artifact: propeller then
   * creates it (overwrite_cache).
   */
  public String update(UpdateArtifactRequest request) {
    CatalogValidator.updateArtifact(request);
    DatasetID dataset = request.hasDataset() ? request.getDataset() : null;
    List<Prepared> prepared = prepare(request.getDataList());
    byte[] metadata = MetadataTransformer.serialize(request.hasMetadata() ? request.getMetadata()
        : Metadata.getDefaultInstance());
    Instant now = now();
    record Updated(String artifactId, List<StoredData> before, List<StoredData> after) {}
    Updated updated;
    if (prepared.stream().anyMatch(Prepared::offload)) {
      // the blob paths depend on the artifact the handle names: resolve it, write, then update that artifact
      ArtifactRow target = QuarkusTransaction.requiringNew().call(() -> find(dataset, request.getArtifactId(),
          request.getTagName()));
      List<StoredData> stored = store(ArtifactTransformer.datasetId(target.dataset()), target.artifactId(),
          prepared);
      updated = QuarkusTransaction.requiringNew().call(() -> {
        ArtifactRow row = artifacts.lock(target.pk()).orElseThrow(() -> missingArtifact(target.artifactId()));
        return new Updated(row.artifactId(), artifacts.replaceData(row.pk(), metadata, now, stored), stored);
      });
    } else {
      List<StoredData> stored = prepared.stream().map(p -> new StoredData(p.name(), p.bytes(), null)).toList();
      updated = QuarkusTransaction.requiringNew().call(() -> {
        ArtifactRow found = find(dataset, request.getArtifactId(), request.getTagName());
        ArtifactRow row = artifacts.lock(found.pk()).orElseThrow(() -> missingArtifact(found.artifactId()));
        return new Updated(row.artifactId(), artifacts.replaceData(row.pk(), metadata, now, stored), stored);
      });
    }
    countInline(updated.after());
    // blobs nothing references any more; a failure leaves an orphan in the store, never a dangling row
    Set<String> kept = new HashSet<>();
    updated.after().stream().filter(d -> !d.inline()).forEach(d -> kept.add(d.location()));
    for (StoredData old : updated.before()) {
      if (!old.inline() && !kept.contains(old.location())) {
        try {
          store.delete(old.location());
        } catch (RuntimeException e) {
          LOG.warnf("could not delete replaced artifact data %s: %s", old.location(), e.getMessage());
        }
      }
    }
    return updated.artifactId();
  }

  /** The artifact with {@code artifactId}, or else the one {@code tagName} names. In the caller's transaction. */
  private ArtifactRow find(DatasetID dataset, String artifactId, String tagName) {
    Optional<ArtifactRow> row = artifactId.isEmpty() ? artifacts.byTag(dataset, tagName)
        : artifacts.byId(dataset, artifactId);
    return row.orElseThrow(() -> artifactId.isEmpty()
        ? CatalogException.notFound("missing entity of type Tag with identifier " + tagName + " in dataset "
            + Names.dataset(dataset))
        : missingArtifact(artifactId));
  }

  private static CatalogException missingArtifact(String artifactId) {
    return CatalogException.notFound("missing entity of type Artifact with identifier " + artifactId);
  }

  private static CatalogException duplicate(Artifact artifact) {
    return CatalogException.alreadyExists("artifact " + artifact.getId() + " already exists in dataset "
        + Names.dataset(artifact.getDataset()));
  }

  private List<Prepared> prepare(List<ArtifactData> data) {
    List<Prepared> out = new ArrayList<>(data.size());
    for (ArtifactData d : data) {
      byte[] bytes = d.getValue().toByteArray();
      out.add(new Prepared(d.getName(), bytes, bytes.length > config.inlineDataMaxBytes()));
    }
    return out;
  }

  /** Writes the data that goes to the blob store; returns every datum as the row will store it. */
  private List<StoredData> store(DatasetID dataset, String artifactId, List<Prepared> prepared) {
    List<StoredData> out = new ArrayList<>(prepared.size());
    for (Prepared p : prepared) {
      if (p.offload()) {
        String key = store.key(dataset.getProject(), dataset.getDomain(), dataset.getName(), dataset.getVersion(),
            artifactId, p.name());
        out.add(new StoredData(p.name(), null, store.put(key, p.bytes())));
        blobWrites.increment();
      } else {
        out.add(new StoredData(p.name(), p.bytes(), null));
      }
    }
    return out;
  }

  private void countInline(List<StoredData> stored) {
    inlineWrites.increment(stored.stream().filter(StoredData::inline).count());
  }

  /** The artifact {@code row} stores, its offloaded data read from the blob store. */
  private Artifact toProto(ArtifactRow row) {
    List<ArtifactData> data = new ArrayList<>(row.data().size());
    for (StoredData d : row.data()) {
      data.add(ArtifactTransformer.data(d.name(), d.inline() ? d.value() : store.get(d.location())));
    }
    return ArtifactTransformer.toProto(row, data);
  }

  private Instant now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
  }
}
