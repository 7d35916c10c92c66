package io.aloft.datacatalog.transformer;

import com.google.protobuf.InvalidProtocolBufferException;
import datacatalog.Datacatalog.Artifact;
import datacatalog.Datacatalog.ArtifactData;
import datacatalog.Datacatalog.DatasetID;
import datacatalog.Datacatalog.Partition;
import datacatalog.Datacatalog.Tag;
import flyteidl.core.Literals.Literal;
import io.aloft.datacatalog.CatalogException;
import io.aloft.datacatalog.repository.Rows.ArtifactRow;
import io.aloft.datacatalog.repository.Rows.DatasetRef;
import io.aloft.datacatalog.repository.Rows.PartitionValue;
import java.util.List;

/** Artifacts between proto and row (Flyte: repositories/transformers/artifact.go). */
public final class ArtifactTransformer {
  private ArtifactTransformer() {}

  /** The DatasetID of {@code ref}, UUID included (as Flyte's FromArtifactModel). */
  public static DatasetID datasetId(DatasetRef ref) {
    return DatasetID.newBuilder().setProject(ref.project()).setName(ref.name()).setDomain(ref.domain())
        .setVersion(ref.version()).setOrg(ref.org()).setUUID(ref.uuid().toString()).build();
  }

  /**
   * The artifact {@code row} stores, with {@code data} (its stored data, each literal already read from wherever
   * it was kept): partitions in the order given at creation, every tag that names it.
   */
  public static Artifact toProto(ArtifactRow row, List<ArtifactData> data) {
    DatasetID dataset = datasetId(row.dataset());
    Artifact.Builder a = Artifact.newBuilder().setId(row.artifactId()).setDataset(dataset).addAllData(data)
        .setMetadata(MetadataTransformer.parse(row.metadata())).setCreatedAt(Protos.timestamp(row.createdAt()));
    for (PartitionValue p : row.partitions()) {
      a.addPartitions(Partition.newBuilder().setKey(p.key()).setValue(p.value()));
    }
    for (String tag : row.tags()) {
      a.addTags(Tag.newBuilder().setName(tag).setArtifactId(row.artifactId()).setDataset(dataset));
    }
    return a.build();
  }

  /** Datum {@code name} with the literal serialized in {@code bytes}. */
  public static ArtifactData data(String name, byte[] bytes) {
    try {
      return ArtifactData.newBuilder().setName(name).setValue(Literal.parseFrom(bytes)).build();
    } catch (InvalidProtocolBufferException e) {
      throw CatalogException.internal("artifact data " + name + " is not a core.Literal: " + e.getMessage());
    }
  }

  /** The partitions of a request as stored values. */
  public static List<PartitionValue> partitions(List<Partition> partitions) {
    return partitions.stream().map(p -> new PartitionValue(p.getKey(), p.getValue())).toList();
  }
}
