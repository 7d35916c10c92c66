package io.aloft.datacatalog.transformer;

import datacatalog.Datacatalog.Dataset;
import datacatalog.Datacatalog.DatasetID;
import io.aloft.datacatalog.entity.DatasetEntity;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Datasets between proto and row (Flyte: repositories/transformers/dataset.go). */
public final class DatasetTransformer {
  private DatasetTransformer() {}

  /** The row for {@code dataset}, with {@code uuid} (the request's if it gave one, otherwise a new one). */
  public static DatasetEntity toEntity(Dataset dataset, UUID uuid, Instant now) {
    DatasetID id = dataset.getId();
    DatasetEntity row = new DatasetEntity();
    row.project = id.getProject();
    row.name = id.getName();
    row.domain = id.getDomain();
    row.version = id.getVersion();
    row.org = id.getOrg();
    row.uuid = uuid;
    row.metadata = MetadataTransformer.serialize(dataset.hasMetadata() ? dataset.getMetadata() : null);
    row.partitionKeys = dataset.getPartitionKeysList().toArray(new String[0]);
    row.createdAt = now;
    return row;
  }

  /** The dataset {@code row} stores, its id carrying the UUID. */
  public static Dataset toProto(DatasetEntity row) {
    return Dataset.newBuilder().setId(id(row)).setMetadata(MetadataTransformer.parse(row.metadata))
        .addAllPartitionKeys(List.of(row.partitionKeys)).build();
  }

  public static DatasetID id(DatasetEntity row) {
    return DatasetID.newBuilder().setProject(row.project).setName(row.name).setDomain(row.domain)
        .setVersion(row.version).setOrg(row.org).setUUID(row.uuid.toString()).build();
  }
}
