package io.aloft.datacatalog.transformer;

import static org.assertj.core.api.Assertions.assertThat;

import datacatalog.Datacatalog.Dataset;
import datacatalog.Datacatalog.DatasetID;
import datacatalog.Datacatalog.Metadata;
import io.aloft.datacatalog.entity.DatasetEntity;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DatasetTransformerTest {
  @Test
  void aDatasetRoundTripsWithItsUuidOrgMetadataAndKeyOrder() {
    UUID uuid = UUID.randomUUID();
    Dataset in = Dataset.newBuilder().setId(DatasetID.newBuilder().setProject("p").setDomain("d").setName("n")
        .setVersion("v").setOrg("acme")).setMetadata(Metadata.newBuilder().putKeyMap("task-version", "1"))
        .addPartitionKeys("z").addPartitionKeys("a").build();
    Instant now = Instant.parse("2024-01-01T00:00:00Z");
    DatasetEntity row = DatasetTransformer.toEntity(in, uuid, now);
    assertThat(row.createdAt).isEqualTo(now);
    assertThat(row.partitionKeys).containsExactly("z", "a");
    assertThat(DatasetTransformer.toProto(row)).isEqualTo(in.toBuilder().setId(in.getId().toBuilder()
        .setUUID(uuid.toString())).build());
  }

  @Test
  void absentMetadataIsStoredAsEmptyMetadata() {
    DatasetEntity row = DatasetTransformer.toEntity(Dataset.newBuilder().setId(DatasetID.newBuilder()
        .setProject("p")).build(), UUID.randomUUID(), Instant.EPOCH);
    assertThat(row.metadata).isEmpty();
    assertThat(DatasetTransformer.toProto(row).getMetadata()).isEqualTo(Metadata.getDefaultInstance());
    assertThat(DatasetTransformer.toProto(row).hasMetadata()).isTrue();
  }
}
