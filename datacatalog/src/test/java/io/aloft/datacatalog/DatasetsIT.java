package io.aloft.datacatalog;

import static org.assertj.core.api.Assertions.assertThat;

import datacatalog.Datacatalog.CreateDatasetRequest;
import datacatalog.Datacatalog.Dataset;
import datacatalog.Datacatalog.DatasetID;
import datacatalog.Datacatalog.DatasetPropertyFilter;
import datacatalog.Datacatalog.FilterExpression;
import datacatalog.Datacatalog.GetDatasetRequest;
import datacatalog.Datacatalog.ListDatasetsRequest;
import datacatalog.Datacatalog.ListDatasetsResponse;
import datacatalog.Datacatalog.Metadata;
import datacatalog.Datacatalog.PaginationOptions;
import datacatalog.Datacatalog.SinglePropertyFilter;
import datacatalog.Datacatalog.TagPropertyFilter;
import io.aloft.testkit.quarkus.FreeGrpcPortResource;
import io.aloft.testkit.quarkus.PostgresResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** CreateDataset, GetDataset and ListDatasets as Flyte's datacatalog answers them. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
    initArgs = @ResourceArg(name = "database", value = "datacatalog_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
class DatasetsIT extends CatalogTestBase {
  private static final String PROJECT = "datasets-it";

  private Dataset get(DatasetID id) {
    return catalog.getDataset(GetDatasetRequest.newBuilder().setDataset(id).build()).getDataset();
  }

  @Test
  void createdDatasetReadsBackWithAUuidMetadataAndPartitionKeysInOrder() {
    DatasetID id = datasetId(PROJECT, "roundtrip", "1.0-abcd1234-ef567890");
    createDataset(id, "region", "day", "hour");
    Dataset ds = get(id);
    assertThat(ds.getId().toBuilder().clearUUID().build()).isEqualTo(id);
    assertThat(UUID.fromString(ds.getId().getUUID())).isNotNull();
    assertThat(ds.getMetadata().getKeyMapMap()).containsEntry("task-version", "v1");
    assertThat(ds.getPartitionKeysList()).containsExactly("region", "day", "hour");
    // the UUID returned identifies the same dataset; another UUID does not
    assertThat(get(ds.getId())).isEqualTo(ds);
    assertStatus(() -> get(id.toBuilder().setUUID(UUID.randomUUID().toString()).build()), Status.Code.NOT_FOUND,
        "Dataset");
  }

  @Test
  void aSecondCreateOfTheSameIdIsAlreadyExistsAndKeepsTheFirst() {
    DatasetID id = datasetId(PROJECT, "twice", "v1");
    createDataset(id);
    assertStatus(() -> catalog.createDataset(CreateDatasetRequest.newBuilder().setDataset(Dataset.newBuilder()
            .setId(id).setMetadata(Metadata.newBuilder().putKeyMap("task-version", "v2"))).build()),
        Status.Code.ALREADY_EXISTS, "already exists");
    assertThat(get(id).getMetadata().getKeyMapMap()).containsEntry("task-version", "v1");
  }

  @Test
  void aDatasetMayBringItsOwnUuid() {
    String uuid = UUID.randomUUID().toString();
    DatasetID id = datasetId(PROJECT, "own-uuid", "v1").toBuilder().setUUID(uuid).build();
    catalog.createDataset(CreateDatasetRequest.newBuilder().setDataset(Dataset.newBuilder().setId(id)).build());
    assertThat(get(id.toBuilder().clearUUID().build()).getId().getUUID()).isEqualTo(uuid);
    // the UUID is unique too
    assertStatus(() -> catalog.createDataset(CreateDatasetRequest.newBuilder().setDataset(Dataset.newBuilder()
        .setId(id.toBuilder().setName("other"))).build()), Status.Code.ALREADY_EXISTS, "already exists");
    assertStatus(() -> catalog.createDataset(CreateDatasetRequest.newBuilder().setDataset(Dataset.newBuilder()
        .setId(id.toBuilder().setUUID("not-a-uuid"))).build()), Status.Code.INVALID_ARGUMENT, "UUID");
  }

  @Test
  void orgSeparatesDatasets() {
    DatasetID plain = datasetId(PROJECT, "org", "v1");
    DatasetID inOrg = plain.toBuilder().setOrg("acme").build();
    createDataset(plain, "a");
    createDataset(inOrg, "b");
    assertThat(get(plain).getPartitionKeysList()).containsExactly("a");
    assertThat(get(inOrg).getPartitionKeysList()).containsExactly("b");
    assertThat(get(inOrg).getId().getOrg()).isEqualTo("acme");
  }

  @Test
  void badInputIsInvalidArgumentNamingTheField() {
    assertStatus(() -> catalog.createDataset(CreateDatasetRequest.newBuilder().setDataset(Dataset.newBuilder()
        .setId(datasetId(PROJECT, "x", "v1").toBuilder().clearProject())).build()), Status.Code.INVALID_ARGUMENT,
        "missing project");
    assertStatus(() -> catalog.createDataset(CreateDatasetRequest.newBuilder().setDataset(Dataset.newBuilder()
            .setId(datasetId(PROJECT, "x", "v1").toBuilder().clearVersion()).addPartitionKeys("k")
            .addPartitionKeys("k")).build()), Status.Code.INVALID_ARGUMENT,
        "missing version, invalid value for partitionKey, value:[Keys are not unique, occurrence count: {k=2}]");
    assertStatus(() -> catalog.createDataset(CreateDatasetRequest.newBuilder().setDataset(Dataset.getDefaultInstance())
        .build()), Status.Code.INVALID_ARGUMENT, "missing dataset");
    assertStatus(() -> catalog.getDataset(GetDatasetRequest.newBuilder().setDataset(datasetId(PROJECT, "x", "v1")
        .toBuilder().clearDomain()).build()), Status.Code.INVALID_ARGUMENT, "missing domain");
    assertStatus(() -> get(datasetId(PROJECT, "never-created", "v1")), Status.Code.NOT_FOUND,
        "missing entity of type Dataset");
  }

  @Test
  void concurrentCreatesOfOneDatasetLeaveOneWinner() throws Exception {
    DatasetID id = datasetId(PROJECT, "race", "v1");
    int n = 8;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Status.Code>> results = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        Callable<Status.Code> create = () -> {
          start.await();
          try {
            createDataset(id);
            return Status.Code.OK;
          } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
          }
        };
        results.add(pool.submit(create));
      }
      start.countDown();
      List<Status.Code> codes = new ArrayList<>();
      for (Future<Status.Code> f : results) {
        codes.add(f.get());
      }
      assertThat(codes).containsOnly(Status.Code.OK, Status.Code.ALREADY_EXISTS);
      assertThat(codes).filteredOn(c -> c == Status.Code.OK).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  private static SinglePropertyFilter dataset(DatasetPropertyFilter.Builder f) {
    return SinglePropertyFilter.newBuilder().setDatasetFilter(f).build();
  }

  private ListDatasetsResponse list(FilterExpression filter, int limit, String token,
      PaginationOptions.SortOrder order) {
    return catalog.listDatasets(ListDatasetsRequest.newBuilder().setFilter(filter).setPagination(PaginationOptions
        .newBuilder().setLimit(limit).setToken(token).setSortOrder(order)).build());
  }

  @Test
  void listFiltersOnDatasetFieldsAndPagesWithOffsetTokens() {
    String project = PROJECT + "-list";
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      DatasetID id = datasetId(project, "t" + i, i % 2 == 0 ? "even" : "odd");
      createDataset(id);
      names.add(id.getName());
    }
    FilterExpression byProject = FilterExpression.newBuilder().addFilters(dataset(DatasetPropertyFilter
        .newBuilder().setProject(project))).build();

    // newest first by default, three at a time; the token is the offset of the next page
    ListDatasetsResponse p1 = list(byProject, 3, "", PaginationOptions.SortOrder.DESCENDING);
    ListDatasetsResponse p2 = list(byProject, 3, p1.getNextToken(), PaginationOptions.SortOrder.DESCENDING);
    ListDatasetsResponse p3 = list(byProject, 3, p2.getNextToken(), PaginationOptions.SortOrder.DESCENDING);
    ListDatasetsResponse p4 = list(byProject, 3, p3.getNextToken(), PaginationOptions.SortOrder.DESCENDING);
    assertThat(List.of(p1.getNextToken(), p2.getNextToken(), p3.getNextToken(), p4.getNextToken()))
        .containsExactly("3", "6", "7", "7");
    List<String> seen = new ArrayList<>();
    for (ListDatasetsResponse p : List.of(p1, p2, p3, p4)) {
      p.getDatasetsList().forEach(d -> seen.add(d.getId().getName()));
    }
    assertThat(seen).containsExactlyElementsOf(names.reversed());
    assertThat(list(byProject, 100, "", PaginationOptions.SortOrder.ASCENDING).getDatasetsList())
        .extracting(d -> d.getId().getName()).containsExactlyElementsOf(names);

    // filters AND together
    FilterExpression odd = byProject.toBuilder().addFilters(dataset(DatasetPropertyFilter.newBuilder()
        .setVersion("odd"))).addFilters(dataset(DatasetPropertyFilter.newBuilder().setDomain("development")))
        .build();
    assertThat(list(odd, 100, "", PaginationOptions.SortOrder.ASCENDING).getDatasetsList())
        .extracting(d -> d.getId().getName()).containsExactly("flyte_task-t1", "flyte_task-t3", "flyte_task-t5");
    FilterExpression one = byProject.toBuilder().addFilters(dataset(DatasetPropertyFilter.newBuilder()
        .setName("flyte_task-t4"))).build();
    assertThat(list(one, 100, "", PaginationOptions.SortOrder.ASCENDING).getDatasetsList()).hasSize(1);

    // the largest limit there is (uint32 max) with an offset
    assertThat(list(byProject, -1, "1", PaginationOptions.SortOrder.ASCENDING).getDatasetsList())
        .extracting(d -> d.getId().getName()).containsExactlyElementsOf(names.subList(1, 7));

    // without pagination options: the first 50, newest first
    ListDatasetsResponse all = catalog.listDatasets(ListDatasetsRequest.newBuilder().setFilter(byProject).build());
    assertThat(all.getDatasetsList()).hasSize(7);
    assertThat(all.getDatasetsList().get(0).getId().getName()).isEqualTo("flyte_task-t6");
  }

  @Test
  void listRefusesFiltersDatasetsDoNotHaveAndBadTokens() {
    FilterExpression byTag = FilterExpression.newBuilder().addFilters(SinglePropertyFilter.newBuilder()
        .setTagFilter(TagPropertyFilter.newBuilder().setTagName("t"))).build();
    assertStatus(() -> catalog.listDatasets(ListDatasetsRequest.newBuilder().setFilter(byTag).build()),
        Status.Code.INVALID_ARGUMENT, "Dataset cannot be filtered by Tag properties");
    assertStatus(() -> list(FilterExpression.getDefaultInstance(), 10, "x", PaginationOptions.SortOrder.ASCENDING),
        Status.Code.INVALID_ARGUMENT, "Invalid token value: x");
    assertStatus(() -> list(FilterExpression.getDefaultInstance(), 10, "-1", PaginationOptions.SortOrder.ASCENDING),
        Status.Code.INVALID_ARGUMENT, "Invalid token value: -1");
    FilterExpression emptyProject = FilterExpression.newBuilder().addFilters(dataset(DatasetPropertyFilter
        .newBuilder().setProject(""))).build();
    assertStatus(() -> list(emptyProject, 10, "", PaginationOptions.SortOrder.ASCENDING),
        Status.Code.INVALID_ARGUMENT, "missing project");
    assertStatus(() -> catalog.listDatasets(ListDatasetsRequest.newBuilder().setPagination(PaginationOptions
        .newBuilder().setSortOrderValue(7)).build()), Status.Code.INVALID_ARGUMENT, "Invalid sort order 7");
  }
}
