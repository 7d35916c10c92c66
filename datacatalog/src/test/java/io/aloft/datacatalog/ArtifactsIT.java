package io.aloft.datacatalog;

import static org.assertj.core.api.Assertions.assertThat;

import datacatalog.Datacatalog.AddTagRequest;
import datacatalog.Datacatalog.Artifact;
import datacatalog.Datacatalog.ArtifactData;
import datacatalog.Datacatalog.CreateArtifactRequest;
import datacatalog.Datacatalog.DatasetID;
import datacatalog.Datacatalog.DatasetPropertyFilter;
import datacatalog.Datacatalog.FilterExpression;
import datacatalog.Datacatalog.GetArtifactRequest;
import datacatalog.Datacatalog.KeyValuePair;
import datacatalog.Datacatalog.ListArtifactsRequest;
import datacatalog.Datacatalog.ListArtifactsResponse;
import datacatalog.Datacatalog.Metadata;
import datacatalog.Datacatalog.PaginationOptions;
import datacatalog.Datacatalog.PartitionPropertyFilter;
import datacatalog.Datacatalog.SinglePropertyFilter;
import datacatalog.Datacatalog.Tag;
import datacatalog.Datacatalog.TagPropertyFilter;
import datacatalog.Datacatalog.UpdateArtifactRequest;
import io.aloft.testkit.quarkus.FreeGrpcPortResource;
import io.aloft.testkit.quarkus.PostgresResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.grpc.Status;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * CreateArtifact, GetArtifact (by id and by tag), ListArtifacts and UpdateArtifact as Flyte's datacatalog answers
 * them, with small data kept in PostgreSQL and large data in the real S3 server at Flyte's layout.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
    initArgs = @ResourceArg(name = "database", value = "datacatalog_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
class ArtifactsIT extends CatalogTestBase {
  private static final String PROJECT = "artifacts-it";

  @Inject
  S3Client s3;

  @ConfigProperty(name = "aloft.storage.bucket")
  String bucket;

  private Artifact byId(DatasetID dataset, String id) {
    return catalog.getArtifact(GetArtifactRequest.newBuilder().setDataset(dataset).setArtifactId(id).build())
        .getArtifact();
  }

  private Artifact byTag(DatasetID dataset, String tag) {
    return catalog.getArtifact(GetArtifactRequest.newBuilder().setDataset(dataset).setTagName(tag).build())
        .getArtifact();
  }

  private void tag(DatasetID dataset, String tag, String artifactId) {
    catalog.addTag(AddTagRequest.newBuilder().setTag(Tag.newBuilder().setDataset(dataset).setName(tag)
        .setArtifactId(artifactId)).build());
  }

  @Test
  void anArtifactReadsBackByIdAndByTagWithDataMetadataPartitionsAndTags() {
    DatasetID ds = datasetId(PROJECT, "full", "v1");
    createDataset(ds, "region", "day");
    Instant before = Instant.now().minusSeconds(1);
    createArtifact(artifact(ds, "a1", 42).addData(ArtifactData.newBuilder().setName("o1").setValue(string("x")))
        .addPartitions(partition("region", "eu")).addPartitions(partition("day", "2024-01-01")));
    tag(ds, "flyte_cached-abc", "a1");

    Artifact a = byId(ds, "a1");
    assertThat(a.getId()).isEqualTo("a1");
    assertThat(a.getDataset().toBuilder().clearUUID().build()).isEqualTo(ds);
    assertThat(a.getDataset().getUUID()).isNotEmpty();
    assertThat(a.getDataList()).extracting(ArtifactData::getName).containsExactly("o0", "o1");
    assertThat(a.getData(0).getValue()).isEqualTo(integer(42));
    assertThat(a.getData(1).getValue()).isEqualTo(string("x"));
    assertThat(a.getMetadata().getKeyMapMap()).containsEntry("execution-name", "exec-a1");
    assertThat(a.getPartitionsList()).containsExactly(partition("region", "eu"), partition("day", "2024-01-01"));
    assertThat(a.getTagsList()).containsExactly(Tag.newBuilder().setName("flyte_cached-abc").setArtifactId("a1")
        .setDataset(a.getDataset()).build());
    assertThat(Instant.ofEpochSecond(a.getCreatedAt().getSeconds())).isAfter(before);

    assertThat(byTag(ds, "flyte_cached-abc")).isEqualTo(a);
    // by id the dataset may be left out (Flyte allows it)
    assertThat(catalog.getArtifact(GetArtifactRequest.newBuilder().setArtifactId("a1").build()).getArtifact())
        .isEqualTo(a);
  }

  @Test
  void whatIsNotThereIsNotFound() {
    DatasetID ds = datasetId(PROJECT, "missing", "v1");
    createDataset(ds);
    createArtifact(artifact(ds, "present", 1));
    assertStatus(() -> byTag(ds, "flyte_cached-nothing"), Status.Code.NOT_FOUND, "flyte_cached-nothing");
    assertStatus(() -> byId(ds, "absent"), Status.Code.NOT_FOUND, "missing entity of type Artifact");
    // an artifact of another dataset is not found through this one
    DatasetID other = datasetId(PROJECT, "missing", "v2");
    createDataset(other);
    assertStatus(() -> byId(other, "present"), Status.Code.NOT_FOUND, "present");
    // the dataset must exist
    DatasetID none = datasetId(PROJECT, "never", "v1");
    assertStatus(() -> createArtifact(artifact(none, "x", 1)), Status.Code.NOT_FOUND,
        "missing entity of type Dataset");
    assertStatus(() -> catalog.listArtifacts(ListArtifactsRequest.newBuilder().setDataset(none).build()),
        Status.Code.NOT_FOUND, "Dataset");
  }

  @Test
  void aSecondArtifactWithTheSameIdIsAlreadyExistsAndChangesNothing() {
    DatasetID ds = datasetId(PROJECT, "dup", "v1");
    createDataset(ds);
    createArtifact(artifact(ds, "same", 1));
    assertStatus(() -> createArtifact(artifact(ds, "same", 2)), Status.Code.ALREADY_EXISTS, "same");
    assertThat(byId(ds, "same").getData(0).getValue()).isEqualTo(integer(1));
    // the same id in another dataset is another artifact
    DatasetID other = datasetId(PROJECT, "dup", "v2");
    createDataset(other);
    createArtifact(artifact(other, "same", 3));
    assertThat(byId(other, "same").getData(0).getValue()).isEqualTo(integer(3));
  }

  @Test
  void partitionsMustBeExactlyTheDatasetKeys() {
    DatasetID ds = datasetId(PROJECT, "parts", "v1");
    createDataset(ds, "region", "day");
    assertStatus(() -> createArtifact(artifact(ds, "p1", 1).addPartitions(partition("region", "eu"))),
        Status.Code.INVALID_ARGUMENT, "Partition key mismatch");
    assertStatus(() -> createArtifact(artifact(ds, "p1", 1).addPartitions(partition("region", "eu"))
        .addPartitions(partition("hour", "1"))), Status.Code.INVALID_ARGUMENT,
        "Artifact partition assignment does not match dataset partition keys");
    assertStatus(() -> createArtifact(artifact(ds, "p1", 1).addPartitions(partition("region", "eu"))
        .addPartitions(partition("region", "us"))), Status.Code.INVALID_ARGUMENT,
        "Artifact partition assignment does not match dataset partition keys");
    assertStatus(() -> createArtifact(artifact(ds, "p1", 1).addPartitions(partition("region", ""))
        .addPartitions(partition("day", "1"))), Status.Code.INVALID_ARGUMENT, "missing partitionValue[0]");
    // an unpartitioned dataset takes no partitions
    DatasetID flat = datasetId(PROJECT, "flat", "v1");
    createDataset(flat);
    assertStatus(() -> createArtifact(artifact(flat, "p1", 1).addPartitions(partition("region", "eu"))),
        Status.Code.INVALID_ARGUMENT, "Partition key mismatch");
    assertStatus(() -> byId(ds, "p1"), Status.Code.NOT_FOUND, "p1");
  }

  @Test
  void badRequestsAreInvalidArgumentNamingTheField() {
    DatasetID ds = datasetId(PROJECT, "bad", "v1");
    createDataset(ds);
    assertStatus(() -> createArtifact(artifact(ds, "", 1)), Status.Code.INVALID_ARGUMENT, "missing artifactID");
    assertStatus(() -> createArtifact(artifact(ds, "x", 1).clearData()), Status.Code.INVALID_ARGUMENT,
        "missing artifactData");
    assertStatus(() -> createArtifact(artifact(ds, "x", 1).addData(ArtifactData.newBuilder().setName("o0"))),
        Status.Code.INVALID_ARGUMENT, "o0 appears twice");
    assertStatus(() -> createArtifact(artifact(ds, "x", 1).setDataset(ds.toBuilder().clearName())),
        Status.Code.INVALID_ARGUMENT, "missing name");
    assertStatus(() -> catalog.createArtifact(CreateArtifactRequest.getDefaultInstance()),
        Status.Code.INVALID_ARGUMENT, "missing artifact");
    assertStatus(() -> catalog.getArtifact(GetArtifactRequest.newBuilder().setDataset(ds).build()),
        Status.Code.INVALID_ARGUMENT, "missing one of artifactID/tagName");
    assertStatus(() -> catalog.getArtifact(GetArtifactRequest.newBuilder().setTagName("t").build()),
        Status.Code.INVALID_ARGUMENT, "missing dataset");
    assertStatus(() -> catalog.getArtifact(GetArtifactRequest.newBuilder().setDataset(ds).setTagName("").build()),
        Status.Code.INVALID_ARGUMENT, "missing tagName");
  }

  private static SinglePropertyFilter partitionFilter(String key, String value) {
    return SinglePropertyFilter.newBuilder().setPartitionFilter(PartitionPropertyFilter.newBuilder()
        .setKeyVal(KeyValuePair.newBuilder().setKey(key).setValue(value))).build();
  }

  private static SinglePropertyFilter tagFilter(String name) {
    return SinglePropertyFilter.newBuilder().setTagFilter(TagPropertyFilter.newBuilder().setTagName(name)).build();
  }

  private ListArtifactsResponse list(DatasetID ds, FilterExpression filter, int limit, String token,
      PaginationOptions.SortOrder order) {
    return catalog.listArtifacts(ListArtifactsRequest.newBuilder().setDataset(ds).setFilter(filter)
        .setPagination(PaginationOptions.newBuilder().setLimit(limit).setToken(token).setSortOrder(order)).build());
  }

  private static List<String> ids(ListArtifactsResponse r) {
    return r.getArtifactsList().stream().map(Artifact::getId).toList();
  }

  @Test
  void listFiltersOnPartitionsAndTagsAndPages() {
    DatasetID ds = datasetId(PROJECT, "list", "v1");
    createDataset(ds, "region", "day");
    List<String> created = new ArrayList<>();
    String[] regions = {"eu", "us", "eu", "us", "eu", "ap"};
    for (int i = 0; i < regions.length; i++) {
      createArtifact(artifact(ds, "l" + i, i).addPartitions(partition("region", regions[i]))
          .addPartitions(partition("day", i < 3 ? "mon" : "tue")));
      created.add("l" + i);
    }
    tag(ds, "latest-eu", "l4");
    FilterExpression none = FilterExpression.getDefaultInstance();

    // newest first, two per page; tokens are offsets and keep counting on the last (empty) page
    List<String> seen = new ArrayList<>();
    List<String> tokens = new ArrayList<>();
    String token = "";
    for (int page = 0; page < 4; page++) {
      ListArtifactsResponse r = list(ds, none, 2, token, PaginationOptions.SortOrder.DESCENDING);
      seen.addAll(ids(r));
      token = r.getNextToken();
      tokens.add(token);
    }
    assertThat(seen).containsExactlyElementsOf(created.reversed());
    assertThat(tokens).containsExactly("2", "4", "6", "6");
    assertThat(ids(list(ds, none, 100, "", PaginationOptions.SortOrder.ASCENDING))).containsExactlyElementsOf(created);
    // listed artifacts carry their data, partitions and tags
    Artifact l4 = list(ds, none, 1, "1", PaginationOptions.SortOrder.DESCENDING).getArtifacts(0);
    assertThat(l4).isEqualTo(byId(ds, "l4"));
    assertThat(l4.getTagsList()).extracting(Tag::getName).containsExactly("latest-eu");

    FilterExpression eu = FilterExpression.newBuilder().addFilters(partitionFilter("region", "eu")).build();
    assertThat(ids(list(ds, eu, 100, "", PaginationOptions.SortOrder.ASCENDING))).containsExactly("l0", "l2", "l4");
    FilterExpression euMonday = eu.toBuilder().addFilters(partitionFilter("day", "mon")).build();
    assertThat(ids(list(ds, euMonday, 100, "", PaginationOptions.SortOrder.ASCENDING))).containsExactly("l0", "l2");
    FilterExpression tagged = FilterExpression.newBuilder().addFilters(tagFilter("latest-eu")).build();
    assertThat(ids(list(ds, tagged, 100, "", PaginationOptions.SortOrder.ASCENDING))).containsExactly("l4");
    FilterExpression taggedMonday = tagged.toBuilder().addFilters(partitionFilter("day", "mon")).build();
    assertThat(ids(list(ds, taggedMonday, 100, "", PaginationOptions.SortOrder.ASCENDING))).isEmpty();
    // without pagination options: the first 50, newest first
    assertThat(ids(catalog.listArtifacts(ListArtifactsRequest.newBuilder().setDataset(ds).setFilter(eu).build())))
        .containsExactly("l4", "l2", "l0");
  }

  @Test
  void listRefusesDatasetFiltersEmptyValuesAndBadTokens() {
    DatasetID ds = datasetId(PROJECT, "list-bad", "v1");
    createDataset(ds);
    FilterExpression byProject = FilterExpression.newBuilder().addFilters(SinglePropertyFilter.newBuilder()
        .setDatasetFilter(DatasetPropertyFilter.newBuilder().setProject(PROJECT))).build();
    assertStatus(() -> list(ds, byProject, 10, "", PaginationOptions.SortOrder.ASCENDING),
        Status.Code.INVALID_ARGUMENT, "Artifact cannot be filtered by Dataset properties");
    assertStatus(() -> list(ds, FilterExpression.newBuilder().addFilters(partitionFilter("", "x")).build(), 10, "",
        PaginationOptions.SortOrder.ASCENDING), Status.Code.INVALID_ARGUMENT, "missing PartitionKey");
    assertStatus(() -> list(ds, FilterExpression.newBuilder().addFilters(tagFilter("")).build(), 10, "",
        PaginationOptions.SortOrder.ASCENDING), Status.Code.INVALID_ARGUMENT, "missing TagName");
    assertStatus(() -> list(ds, FilterExpression.getDefaultInstance(), 10, "abc",
        PaginationOptions.SortOrder.ASCENDING), Status.Code.INVALID_ARGUMENT, "Invalid token value: abc");
    assertStatus(() -> catalog.listArtifacts(ListArtifactsRequest.getDefaultInstance()),
        Status.Code.INVALID_ARGUMENT, "missing dataset");
  }

  private UpdateArtifactRequest.Builder update(DatasetID ds, ArtifactData... data) {
    return UpdateArtifactRequest.newBuilder().setDataset(ds).addAllData(List.of(data))
        .setMetadata(Metadata.newBuilder().putKeyMap("execution-name", "overwriter"));
  }

  private static ArtifactData datum(String name, flyteidl.core.Literals.Literal v) {
    return ArtifactData.newBuilder().setName(name).setValue(v).build();
  }

  @Test
  void updateReplacesAllDataAndTheMetadata() {
    DatasetID ds = datasetId(PROJECT, "update", "v1");
    createDataset(ds);
    createArtifact(artifact(ds, "u1", 1).addData(ArtifactData.newBuilder().setName("o1").setValue(string("old"))));
    tag(ds, "flyte_cached-u", "u1");

    String id = catalog.updateArtifact(update(ds, datum("o0", integer(2)), datum("o2", string("new")))
        .setArtifactId("u1").build()).getArtifactId();
    assertThat(id).isEqualTo("u1");
    Artifact a = byId(ds, "u1");
    assertThat(a.getDataList()).containsExactly(datum("o0", integer(2)), datum("o2", string("new")));
    assertThat(a.getMetadata().getKeyMapMap()).containsExactly(java.util.Map.entry("execution-name", "overwriter"));
    assertThat(a.getTagsList()).extracting(Tag::getName).containsExactly("flyte_cached-u");

    // by tag, as propeller overwrites a cached result
    assertThat(catalog.updateArtifact(update(ds, datum("o0", integer(3))).setTagName("flyte_cached-u")
        .build()).getArtifactId()).isEqualTo("u1");
    assertThat(byTag(ds, "flyte_cached-u").getDataList()).containsExactly(datum("o0", integer(3)));

    assertStatus(() -> catalog.updateArtifact(update(ds, datum("o0", integer(1))).setArtifactId("nope")
        .build()), Status.Code.NOT_FOUND, "nope");
    assertStatus(() -> catalog.updateArtifact(update(ds, datum("o0", integer(1))).setTagName("no-tag")
        .build()), Status.Code.NOT_FOUND, "no-tag");
    assertStatus(() -> catalog.updateArtifact(update(ds).setArtifactId("u1").build()), Status.Code.INVALID_ARGUMENT,
        "missing artifactData");
    assertStatus(() -> catalog.updateArtifact(update(ds, datum("o0", integer(1))).build()),
        Status.Code.INVALID_ARGUMENT, "missing one of artifactID/tagName");
  }

  private boolean blobExists(String key) {
    try {
      s3.headObject(b -> b.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  @Test
  void largeDataGoesToTheBlobStoreAtFlytesLayoutAndIsDeletedWhenReplaced() throws Exception {
    DatasetID ds = datasetId(PROJECT, "large", "v1");
    createDataset(ds);
    flyteidl.core.Literals.Literal big = string("x".repeat(100_000));
    createArtifact(artifact(ds, "big1", 1).addData(ArtifactData.newBuilder().setName("o1").setValue(big)));
    String key = "metadata/" + PROJECT + "/development/flyte_task-large/v1/big1/o1/data.pb";
    assertThat(blobExists(key)).isTrue();
    assertThat(flyteidl.core.Literals.Literal.parseFrom(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key))
        .asByteArray())).isEqualTo(big);
    // the small datum stays in the database
    assertThat(blobExists("metadata/" + PROJECT + "/development/flyte_task-large/v1/big1/o0/data.pb")).isFalse();
    Artifact a = byId(ds, "big1");
    assertThat(a.getDataList()).extracting(ArtifactData::getValue).containsExactly(integer(1), big);

    // a duplicate create must not overwrite the stored data
    flyteidl.core.Literals.Literal other = string("y".repeat(100_000));
    assertStatus(() -> createArtifact(artifact(ds, "big1", 9).addData(ArtifactData.newBuilder().setName("o1")
        .setValue(other))), Status.Code.ALREADY_EXISTS, "big1");
    assertThat(byId(ds, "big1").getData(1).getValue()).isEqualTo(big);

    // replacing the large datum with a small one removes its blob
    catalog.updateArtifact(update(ds, datum("o0", integer(5)), datum("o1", string("small")))
        .setArtifactId("big1").build());
    assertThat(byId(ds, "big1").getDataList()).extracting(ArtifactData::getValue)
        .containsExactly(integer(5), string("small"));
    assertThat(blobExists(key)).isFalse();

    // and an update may bring large data too
    catalog.updateArtifact(update(ds, datum("o1", other)).setArtifactId("big1").build());
    assertThat(byId(ds, "big1").getDataList()).containsExactly(datum("o1", other));
    assertThat(blobExists(key)).isTrue();
  }
}
