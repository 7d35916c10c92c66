package io.aloft.datacatalog.validation;

import datacatalog.Datacatalog.AddTagRequest;
import datacatalog.Datacatalog.Artifact;
import datacatalog.Datacatalog.ArtifactData;
import datacatalog.Datacatalog.CreateDatasetRequest;
import datacatalog.Datacatalog.DatasetID;
import datacatalog.Datacatalog.GetArtifactRequest;
import datacatalog.Datacatalog.GetOrExtendReservationRequest;
import datacatalog.Datacatalog.ListArtifactsRequest;
import datacatalog.Datacatalog.ListDatasetsRequest;
import datacatalog.Datacatalog.PaginationOptions;
import datacatalog.Datacatalog.Partition;
import datacatalog.Datacatalog.ReleaseReservationRequest;
import datacatalog.Datacatalog.ReservationID;
import datacatalog.Datacatalog.SinglePropertyFilter;
import datacatalog.Datacatalog.Tag;
import datacatalog.Datacatalog.UpdateArtifactRequest;
import io.aloft.datacatalog.CatalogException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Request checks with the messages of Flyte's datacatalog validators (datacatalog/pkg/manager/impl/validators):
 * every failure is INVALID_ARGUMENT naming the field. Pure: no database, so each rule has a unit test.
 */
public final class CatalogValidator {
  private CatalogValidator() {}

  /** A dataset id names project, domain, name and version (validators/dataset_validator.go ValidateDatasetID). */
  public static void datasetId(DatasetID id, boolean present) {
    if (!present) {
      throw CatalogException.missing("dataset");
    }
    requireNonEmpty(id.getProject(), "project");
    requireNonEmpty(id.getDomain(), "domain");
    requireNonEmpty(id.getName(), "name");
    requireNonEmpty(id.getVersion(), "version");
    storable(id.getOrg(), "org");
  }

  /** CreateDataset: a valid id and unique partition keys, every problem reported at once (dataset_manager.go). */
  public static void createDataset(CreateDatasetRequest request) {
    if (!request.hasDataset()) {
      throw CatalogException.missing("dataset");
    }
    List<String> problems = new ArrayList<>();
    try {
      datasetId(request.getDataset().getId(), request.getDataset().hasId());
    } catch (CatalogException e) {
      problems.add(e.getMessage());
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (String key : request.getDataset().getPartitionKeysList()) {
      storable(key, "partitionKey");
      counts.merge(key, 1, Integer::sum);
    }
    if (counts.values().stream().anyMatch(c -> c > 1)) {
      problems.add("invalid value for partitionKey, value:[Keys are not unique, occurrence count: " + counts + "]");
    }
    if (counts.containsKey("")) {
      problems.add("missing partitionKey");
    }
    if (!problems.isEmpty()) {
      throw CatalogException.invalid(String.join(", ", problems));
    }
  }

  /** CreateArtifact: dataset, id and at least one datum (validators/artifact_validator.go ValidateArtifact). */
  public static void artifact(Artifact artifact, boolean present) {
    if (!present) {
      throw CatalogException.missing("artifact");
    }
    datasetId(artifact.getDataset(), artifact.hasDataset());
    requireNonEmpty(artifact.getId(), "artifactID");
    artifactData(artifact.getDataList());
  }

  /**
   * At least one datum, each named once. Flyte checks only the first; a nameless or repeated datum would give a
   * blob path without a name or a duplicate key in its database, so Aloft refuses both up front.
   */
  public static void artifactData(List<ArtifactData> data) {
    if (data.isEmpty()) {
      throw CatalogException.missing("artifactData");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < data.size(); i++) {
      String name = data.get(i).getName();
      if (name.isEmpty()) {
        throw CatalogException.missing("artifactData[" + i + "].name");
      }
      storable(name, "artifactData[" + i + "].name");
      if (!names.add(name)) {
        throw CatalogException.invalid("invalid value for artifactData, value:[" + name + " appears twice]");
      }
    }
  }

  /** GetArtifact: by artifact id (the dataset optional) or by tag (the dataset required). */
  public static void getArtifact(GetArtifactRequest request) {
    switch (request.getQueryHandleCase()) {
      case ARTIFACT_ID -> {
        if (request.hasDataset()) {
          datasetId(request.getDataset(), true);
        }
        requireNonEmpty(request.getArtifactId(), "artifactID");
      }
      case TAG_NAME -> {
        datasetId(request.getDataset(), request.hasDataset());
        requireNonEmpty(request.getTagName(), "tagName");
      }
      default -> throw CatalogException.missing("one of artifactID/tagName");
    }
  }

  /** UpdateArtifact: a handle as GetArtifact's, and the complete new data. */
  public static void updateArtifact(UpdateArtifactRequest request) {
    switch (request.getQueryHandleCase()) {
      case ARTIFACT_ID -> {
        if (request.hasDataset()) {
          datasetId(request.getDataset(), true);
        }
        requireNonEmpty(request.getArtifactId(), "artifactID");
      }
      case TAG_NAME -> {
        datasetId(request.getDataset(), request.hasDataset());
        requireNonEmpty(request.getTagName(), "tagName");
      }
      default -> throw CatalogException.missing("one of artifactID/tagName");
    }
    artifactData(request.getDataList());
  }

  /** AddTag: dataset, tag name and artifact id (validators/tag_validator.go). */
  public static void tag(AddTagRequest request) {
    if (!request.hasTag()) {
      throw CatalogException.missing("tag");
    }
    Tag tag = request.getTag();
    datasetId(tag.getDataset(), tag.hasDataset());
    requireNonEmpty(tag.getName(), "tagName");
    requireNonEmpty(tag.getArtifactId(), "artifactID");
  }

  /** ListArtifacts: a dataset, no dataset filters (artifacts are never listed across datasets), valid paging. */
  public static void listArtifacts(ListArtifactsRequest request) {
    datasetId(request.getDataset(), request.hasDataset());
    for (SinglePropertyFilter f : request.getFilter().getFiltersList()) {
      if (f.hasDatasetFilter()) {
        throw CatalogException.invalid("Artifact cannot be filtered by Dataset properties");
      }
    }
    if (request.hasPagination()) {
      pagination(request.getPagination());
    }
  }

  /** ListDatasets: only dataset filters, valid paging. */
  public static void listDatasets(ListDatasetsRequest request) {
    if (request.hasPagination()) {
      pagination(request.getPagination());
    }
    for (SinglePropertyFilter f : request.getFilter().getFiltersList()) {
      if (f.hasTagFilter()) {
        throw CatalogException.invalid("Dataset cannot be filtered by Tag properties");
      } else if (f.hasPartitionFilter()) {
        throw CatalogException.invalid("Dataset cannot be filtered by Partition properties");
      } else if (f.hasArtifactFilter()) {
        throw CatalogException.invalid("Dataset cannot be filtered by Artifact properties");
      }
    }
  }

  /** The token is an unsigned 32-bit offset; sort key and order must be known (pagination_validator.go). */
  public static void pagination(PaginationOptions options) {
    offset(options.getToken());
    if (options.getSortKey() != PaginationOptions.SortKey.CREATION_TIME) {
      throw CatalogException.invalid("Invalid sort key " + options.getSortKeyValue());
    }
    if (options.getSortOrder() != PaginationOptions.SortOrder.ASCENDING
        && options.getSortOrder() != PaginationOptions.SortOrder.DESCENDING) {
      throw CatalogException.invalid("Invalid sort order " + options.getSortOrderValue());
    }
  }

  /** The offset a page token stands for: blank is 0, otherwise an unsigned 32-bit decimal. */
  public static long offset(String token) {
    if (token.strip().isEmpty()) {
      return 0;
    }
    try {
      long offset = Long.parseLong(token);
      if (offset < 0 || offset > 0xFFFF_FFFFL) {
        throw new NumberFormatException();
      }
      return offset;
    } catch (NumberFormatException e) {
      throw CatalogException.invalid("Invalid token value: " + token);
    }
  }

  /** GetOrExtendReservation: reservation id, owner and a heartbeat interval (reservation_validator.go). */
  public static void getOrExtendReservation(GetOrExtendReservationRequest request) {
    reservationId(request.getReservationId(), request.hasReservationId());
    requireNonEmpty(request.getOwnerId(), "ownerID");
    if (!request.hasHeartbeatInterval()) {
      throw CatalogException.missing("heartbeatInterval");
    }
    var hb = request.getHeartbeatInterval();
    if (hb.getSeconds() < 0 || hb.getNanos() < 0) {
      throw CatalogException.invalid("invalid value for heartbeatInterval, value:[" + hb.getSeconds() + "s "
          + hb.getNanos() + "ns]");
    }
  }

  /** ReleaseReservation: reservation id and owner. */
  public static void releaseReservation(ReleaseReservationRequest request) {
    reservationId(request.getReservationId(), request.hasReservationId());
    requireNonEmpty(request.getOwnerId(), "ownerID");
  }

  private static void reservationId(ReservationID id, boolean present) {
    if (!present) {
      throw CatalogException.missing("reservationID");
    }
    datasetId(id.getDatasetId(), id.hasDatasetId());
    requireNonEmpty(id.getTagName(), "tagName");
  }

  /**
   * An artifact gives exactly the dataset's partition keys, each with a value (partition_validator.go
   * ValidatePartitions); all problems are reported together.
   */
  public static void partitions(List<String> datasetKeys, List<Partition> partitions) {
    if (datasetKeys.size() != partitions.size()) {
      throw CatalogException.invalid("Partition key mismatch, dataset keys: " + datasetKeys
          + ", artifact Partitions: " + partitions.stream().map(p -> p.getKey() + "=" + p.getValue()).toList());
    }
    if (datasetKeys.isEmpty()) {
      return;
    }
    List<String> problems = new ArrayList<>();
    Map<String, Boolean> matched = new LinkedHashMap<>();
    datasetKeys.forEach(k -> matched.put(k, false));
    boolean mismatch = false;
    for (int i = 0; i < partitions.size(); i++) {
      Partition p = partitions.get(i);
      if (p.getKey().isEmpty()) {
        problems.add("missing partitionKey[" + i + "]");
      } else if (p.getValue().isEmpty()) {
        problems.add("missing partitionValue[" + i + "]");
      } else if ((p.getKey() + p.getValue()).indexOf('\0') >= 0) {
        problems.add("invalid value for partition[" + i + "]: must not contain a NUL character");
      } else if (matched.containsKey(p.getKey())) {
        matched.put(p.getKey(), true);
      } else {
        mismatch = true;
      }
    }
    if (mismatch || matched.containsValue(false) && problems.isEmpty()) {
      problems.add("Artifact partition assignment does not match dataset partition keys: " + matched);
    }
    if (!problems.isEmpty()) {
      throw CatalogException.invalid(String.join(", ", problems));
    }
  }

  /** Flyte's ValidateEmptyStringField: INVALID_ARGUMENT "missing {name}"; and {@link #storable}. */
  public static void requireNonEmpty(String value, String name) {
    if (value.isEmpty()) {
      throw CatalogException.missing(name);
    }
    storable(value, name);
  }

  /**
   * INVALID_ARGUMENT if {@code value} holds a NUL character: PostgreSQL cannot store one in text (nor compare with
   * it), so nothing with it can exist, and a query with it would fail as a server fault.
   */
  public static void storable(String value, String name) {
    if (value.indexOf('\0') >= 0) {
      throw CatalogException.invalid("invalid value for " + name + ": must not contain a NUL character");
    }
  }
}
