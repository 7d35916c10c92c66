package io.aloft.datacatalog.transformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Timestamp;
import datacatalog.Datacatalog.Artifact;
import datacatalog.Datacatalog.ArtifactData;
import datacatalog.Datacatalog.DatasetID;
import datacatalog.Datacatalog.Metadata;
import datacatalog.Datacatalog.Partition;
import datacatalog.Datacatalog.Tag;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import io.aloft.datacatalog.CatalogException;
import io.aloft.datacatalog.repository.Rows.ArtifactRow;
import io.aloft.datacatalog.repository.Rows.DatasetRef;
import io.aloft.datacatalog.repository.Rows.PartitionValue;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ArtifactTransformerTest {
  private static final UUID UUID_1 = UUID.fromString("3f0f6d2c-8a3b-4a8e-9b7e-1d2c3b4a5f60");

  @Test
  void aRowBecomesTheArtifactFlyteReturns() {
    Literal one = Literal.newBuilder().setScalar(Scalar.newBuilder().setPrimitive(Primitive.newBuilder()
        .setInteger(1))).build();
    Metadata metadata = Metadata.newBuilder().putKeyMap("execution-name", "e1").build();
    ArtifactRow row = new ArtifactRow(7, new DatasetRef(3, "p", "flyte_task-t", "d", "v1", "", UUID_1), "a1",
        metadata.toByteArray(), Instant.parse("2024-05-01T10:00:00.123456Z"), List.of(),
        List.of(new PartitionValue("region", "eu"), new PartitionValue("day", "mon")), List.of("t1", "t2"));
    DatasetID ds = DatasetID.newBuilder().setProject("p").setName("flyte_task-t").setDomain("d").setVersion("v1")
        .setUUID(UUID_1.toString()).build();

    Artifact a = ArtifactTransformer.toProto(row, List.of(ArtifactTransformer.data("o0", one.toByteArray())));

    assertThat(a).isEqualTo(Artifact.newBuilder().setId("a1").setDataset(ds)
        .addData(ArtifactData.newBuilder().setName("o0").setValue(one)).setMetadata(metadata)
        .addPartitions(Partition.newBuilder().setKey("region").setValue("eu"))
        .addPartitions(Partition.newBuilder().setKey("day").setValue("mon"))
        .addTags(Tag.newBuilder().setName("t1").setArtifactId("a1").setDataset(ds))
        .addTags(Tag.newBuilder().setName("t2").setArtifactId("a1").setDataset(ds))
        .setCreatedAt(Timestamp.newBuilder().setSeconds(1714557600).setNanos(123456000)).build());
  }

  @Test
  void storedBytesThatAreNoLiteralAreAnInternalError() {
    assertThatThrownBy(() -> ArtifactTransformer.data("o0", new byte[] {(byte) 0xff, 1, 2}))
        .isInstanceOf(CatalogException.class).hasMessageContaining("artifact data o0 is not a core.Literal");
    assertThat(ArtifactTransformer.data("o0", new byte[0]).getValue()).isEqualTo(Literal.getDefaultInstance());
  }
}
