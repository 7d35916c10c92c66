package io.aloft.datacatalog.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Duration;
import datacatalog.Datacatalog.AddTagRequest;
import datacatalog.Datacatalog.Artifact;
import datacatalog.Datacatalog.ArtifactData;
import datacatalog.Datacatalog.CreateDatasetRequest;
import datacatalog.Datacatalog.Dataset;
import datacatalog.Datacatalog.DatasetID;
import datacatalog.Datacatalog.DatasetPropertyFilter;
import datacatalog.Datacatalog.FilterExpression;
import datacatalog.Datacatalog.GetArtifactRequest;
import datacatalog.Datacatalog.GetOrExtendReservationRequest;
import datacatalog.Datacatalog.ListArtifactsRequest;
import datacatalog.Datacatalog.ListDatasetsRequest;
import datacatalog.Datacatalog.PaginationOptions;
import datacatalog.Datacatalog.Partition;
import datacatalog.Datacatalog.PartitionPropertyFilter;
import datacatalog.Datacatalog.ReservationID;
import datacatalog.Datacatalog.SinglePropertyFilter;
import datacatalog.Datacatalog.Tag;
import datacatalog.Datacatalog.UpdateArtifactRequest;
import io.aloft.datacatalog.CatalogException;
import io.grpc.Status;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class CatalogValidatorTest {
  private static final DatasetID DS = DatasetID.newBuilder().setProject("p").setDomain("d").setName("n")
      .setVersion("v").build();
  private static final ArtifactData DATUM = ArtifactData.newBuilder().setName("o0").build();

  private static void invalid(ThrowingCallable call, String message) {
    assertThatThrownBy(call).isInstanceOfSatisfying(CatalogException.class, e -> {
      assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
      assertThat(e.getMessage()).isEqualTo(message);
    });
  }

  @Test
  void aDatasetIdNamesProjectDomainNameAndVersionInThatOrder() {
    assertThatCode(() -> CatalogValidator.datasetId(DS, true)).doesNotThrowAnyException();
    invalid(() -> CatalogValidator.datasetId(DS, false), "missing dataset");
    invalid(() -> CatalogValidator.datasetId(DatasetID.getDefaultInstance(), true), "missing project");
    invalid(() -> CatalogValidator.datasetId(DS.toBuilder().clearDomain().build(), true), "missing domain");
    invalid(() -> CatalogValidator.datasetId(DS.toBuilder().clearName().build(), true), "missing name");
    invalid(() -> CatalogValidator.datasetId(DS.toBuilder().clearVersion().build(), true), "missing version");
  }

  @Test
  void aNulCharacterInAnIdIsRefusedBeforeTheDatabaseSeesIt() {
    invalid(() -> CatalogValidator.datasetId(DS.toBuilder().setName("a\u0000b").build(), true),
        "invalid value for name: must not contain a NUL character");
    invalid(() -> CatalogValidator.datasetId(DS.toBuilder().setOrg("\u0000").build(), true),
        "invalid value for org: must not contain a NUL character");
  }

  @Test
  void createDatasetReportsEveryProblemAtOnce() {
    invalid(() -> CatalogValidator.createDataset(CreateDatasetRequest.getDefaultInstance()), "missing dataset");
    invalid(() -> CatalogValidator.createDataset(CreateDatasetRequest.newBuilder().setDataset(Dataset.newBuilder()
            .setId(DS.toBuilder().clearName()).addAllPartitionKeys(List.of("a", "b", "a"))).build()),
        "missing name, invalid value for partitionKey, value:[Keys are not unique, occurrence count: {a=2, b=1}]");
    invalid(() -> CatalogValidator.createDataset(CreateDatasetRequest.newBuilder().setDataset(Dataset.newBuilder()
        .setId(DS).addPartitionKeys("")).build()), "missing partitionKey");
    assertThatCode(() -> CatalogValidator.createDataset(CreateDatasetRequest.newBuilder().setDataset(Dataset
        .newBuilder().setId(DS).addPartitionKeys("a").addPartitionKeys("b")).build())).doesNotThrowAnyException();
  }

  @Test
  void anArtifactNeedsDatasetIdAndUniquelyNamedData() {
    Artifact ok = Artifact.newBuilder().setDataset(DS).setId("a").addData(DATUM).build();
    assertThatCode(() -> CatalogValidator.artifact(ok, true)).doesNotThrowAnyException();
    invalid(() -> CatalogValidator.artifact(ok, false), "missing artifact");
    invalid(() -> CatalogValidator.artifact(ok.toBuilder().clearDataset().build(), true), "missing dataset");
    invalid(() -> CatalogValidator.artifact(ok.toBuilder().clearId().build(), true), "missing artifactID");
    invalid(() -> CatalogValidator.artifact(ok.toBuilder().clearData().build(), true), "missing artifactData");
    invalid(() -> CatalogValidator.artifact(ok.toBuilder().addData(ArtifactData.getDefaultInstance()).build(), true),
        "missing artifactData[1].name");
    invalid(() -> CatalogValidator.artifact(ok.toBuilder().addData(DATUM).build(), true),
        "invalid value for artifactData, value:[o0 appears twice]");
  }

  @Test
  void getAndUpdateTakeAnIdWithAnOptionalDatasetOrATagWithADataset() {
    assertThatCode(() -> CatalogValidator.getArtifact(GetArtifactRequest.newBuilder().setArtifactId("a").build()))
        .doesNotThrowAnyException();
    invalid(() -> CatalogValidator.getArtifact(GetArtifactRequest.newBuilder().setDataset(DS).build()),
        "missing one of artifactID/tagName");
    invalid(() -> CatalogValidator.getArtifact(GetArtifactRequest.newBuilder().setArtifactId("a")
        .setDataset(DS.toBuilder().clearProject()).build()), "missing project");
    invalid(() -> CatalogValidator.getArtifact(GetArtifactRequest.newBuilder().setTagName("t").build()),
        "missing dataset");
    invalid(() -> CatalogValidator.getArtifact(GetArtifactRequest.newBuilder().setDataset(DS).setTagName("")
        .build()), "missing tagName");
    invalid(() -> CatalogValidator.getArtifact(GetArtifactRequest.newBuilder().setDataset(DS).setArtifactId("")
        .build()), "missing artifactID");

    UpdateArtifactRequest update = UpdateArtifactRequest.newBuilder().setDataset(DS).setTagName("t").addData(DATUM)
        .build();
    assertThatCode(() -> CatalogValidator.updateArtifact(update)).doesNotThrowAnyException();
    invalid(() -> CatalogValidator.updateArtifact(update.toBuilder().clearData().build()), "missing artifactData");
    invalid(() -> CatalogValidator.updateArtifact(update.toBuilder().clearQueryHandle().build()),
        "missing one of artifactID/tagName");
    invalid(() -> CatalogValidator.updateArtifact(update.toBuilder().clearDataset().build()), "missing dataset");
  }

  @Test
  void aTagNamesDatasetTagAndArtifact() {
    Tag ok = Tag.newBuilder().setDataset(DS).setName("t").setArtifactId("a").build();
    assertThatCode(() -> CatalogValidator.tag(AddTagRequest.newBuilder().setTag(ok).build()))
        .doesNotThrowAnyException();
    invalid(() -> CatalogValidator.tag(AddTagRequest.getDefaultInstance()), "missing tag");
    invalid(() -> CatalogValidator.tag(AddTagRequest.newBuilder().setTag(ok.toBuilder().clearName()).build()),
        "missing tagName");
    invalid(() -> CatalogValidator.tag(AddTagRequest.newBuilder().setTag(ok.toBuilder().clearArtifactId()).build()),
        "missing artifactID");
  }

  @Test
  void listsRefuseFiltersOnPropertiesTheyDoNotHave() {
    SinglePropertyFilter byProject = SinglePropertyFilter.newBuilder().setDatasetFilter(DatasetPropertyFilter
        .newBuilder().setProject("p")).build();
    SinglePropertyFilter byPartition = SinglePropertyFilter.newBuilder().setPartitionFilter(PartitionPropertyFilter
        .getDefaultInstance()).build();
    invalid(() -> CatalogValidator.listArtifacts(ListArtifactsRequest.newBuilder().setDataset(DS)
        .setFilter(FilterExpression.newBuilder().addFilters(byProject)).build()),
        "Artifact cannot be filtered by Dataset properties");
    invalid(() -> CatalogValidator.listArtifacts(ListArtifactsRequest.getDefaultInstance()), "missing dataset");
    invalid(() -> CatalogValidator.listDatasets(ListDatasetsRequest.newBuilder().setFilter(FilterExpression
        .newBuilder().addFilters(byPartition)).build()), "Dataset cannot be filtered by Partition properties");
    assertThatCode(() -> CatalogValidator.listDatasets(ListDatasetsRequest.newBuilder().setFilter(FilterExpression
        .newBuilder().addFilters(byProject)).build())).doesNotThrowAnyException();
  }

  @Test
  void pageTokensAreUnsigned32BitOffsets() {
    assertThat(CatalogValidator.offset("")).isZero();
    assertThat(CatalogValidator.offset("  ")).isZero();
    assertThat(CatalogValidator.offset("150")).isEqualTo(150);
    assertThat(CatalogValidator.offset("4294967295")).isEqualTo(4294967295L);
    invalid(() -> CatalogValidator.offset("4294967296"), "Invalid token value: 4294967296");
    invalid(() -> CatalogValidator.offset("-1"), "Invalid token value: -1");
    invalid(() -> CatalogValidator.offset("next"), "Invalid token value: next");
    invalid(() -> CatalogValidator.pagination(PaginationOptions.newBuilder().setSortKeyValue(3).build()),
        "Invalid sort key 3");
    invalid(() -> CatalogValidator.pagination(PaginationOptions.newBuilder().setSortOrderValue(2).build()),
        "Invalid sort order 2");
  }

  @Test
  void aReservationRequestNamesKeyOwnerAndANonNegativeHeartbeat() {
    GetOrExtendReservationRequest ok = GetOrExtendReservationRequest.newBuilder().setReservationId(ReservationID
        .newBuilder().setDatasetId(DS).setTagName("t")).setOwnerId("o").setHeartbeatInterval(Duration.newBuilder()
        .setSeconds(10)).build();
    assertThatCode(() -> CatalogValidator.getOrExtendReservation(ok)).doesNotThrowAnyException();
    assertThatCode(() -> CatalogValidator.getOrExtendReservation(ok.toBuilder().setHeartbeatInterval(Duration
        .getDefaultInstance()).build())).doesNotThrowAnyException();
    invalid(() -> CatalogValidator.getOrExtendReservation(ok.toBuilder().clearReservationId().build()),
        "missing reservationID");
    invalid(() -> CatalogValidator.getOrExtendReservation(ok.toBuilder().setReservationId(ok.getReservationId()
        .toBuilder().clearDatasetId()).build()), "missing dataset");
    invalid(() -> CatalogValidator.getOrExtendReservation(ok.toBuilder().clearOwnerId().build()),
        "missing ownerID");
    invalid(() -> CatalogValidator.getOrExtendReservation(ok.toBuilder().clearHeartbeatInterval().build()),
        "missing heartbeatInterval");
    invalid(() -> CatalogValidator.getOrExtendReservation(ok.toBuilder().setHeartbeatInterval(Duration.newBuilder()
        .setSeconds(-5)).build()), "invalid value for heartbeatInterval, value:[-5s 0ns]");
  }

  @Test
  void partitionsAreExactlyTheDatasetKeysEachWithAValue() {
    List<String> keys = List.of("region", "day");
    Partition eu = Partition.newBuilder().setKey("region").setValue("eu").build();
    Partition mon = Partition.newBuilder().setKey("day").setValue("mon").build();
    assertThatCode(() -> CatalogValidator.partitions(keys, List.of(mon, eu))).doesNotThrowAnyException();
    assertThatCode(() -> CatalogValidator.partitions(List.of(), List.of())).doesNotThrowAnyException();
    invalid(() -> CatalogValidator.partitions(keys, List.of(eu)),
        "Partition key mismatch, dataset keys: [region, day], artifact Partitions: [region=eu]");
    invalid(() -> CatalogValidator.partitions(keys, List.of(eu, eu)),
        "Artifact partition assignment does not match dataset partition keys: {region=true, day=false}");
    invalid(() -> CatalogValidator.partitions(keys, List.of(eu, mon.toBuilder().setKey("hour").build())),
        "Artifact partition assignment does not match dataset partition keys: {region=true, day=false}");
    invalid(() -> CatalogValidator.partitions(keys, List.of(eu.toBuilder().clearKey().build(),
        mon.toBuilder().clearValue().build())), "missing partitionKey[0], missing partitionValue[1]");
  }
}
