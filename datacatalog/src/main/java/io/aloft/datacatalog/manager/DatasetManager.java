package io.aloft.datacatalog.manager;

import datacatalog.Datacatalog.CreateDatasetRequest;
import datacatalog.Datacatalog.Dataset;
import datacatalog.Datacatalog.DatasetID;
import datacatalog.Datacatalog.GetDatasetRequest;
import datacatalog.Datacatalog.ListDatasetsRequest;
import datacatalog.Datacatalog.ListDatasetsResponse;
import io.aloft.datacatalog.CatalogException;
import io.aloft.datacatalog.entity.DatasetEntity;
import io.aloft.datacatalog.repository.DatasetRepository;
import io.aloft.datacatalog.repository.DatasetRepository.DatasetFilter;
import io.aloft.datacatalog.transformer.DatasetTransformer;
import io.aloft.datacatalog.transformer.FilterTransformer;
import io.aloft.datacatalog.validation.CatalogValidator;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** Datasets (Flyte: datacatalog/pkg/manager/impl/dataset_manager.go). Each call is one transaction. */
@ApplicationScoped
public class DatasetManager {

  @Inject
  DatasetRepository datasets;

  @Inject
  Clock clock;

  /**
   * Creates a dataset with its metadata and partition keys. ALREADY_EXISTS if the id (or a UUID the request
   * gives) is taken: propeller creates the dataset of every cacheable task on each cache write and ignores that.
   */
  public void create(CreateDatasetRequest request) {
    CatalogValidator.createDataset(request);
    Dataset dataset = request.getDataset();
    UUID uuid;
    try {
      uuid = dataset.getId().getUUID().isEmpty() ? UUID.randomUUID() : UUID.fromString(dataset.getId().getUUID());
    } catch (IllegalArgumentException e) {
      throw CatalogException.invalid("invalid value for UUID, value:[" + dataset.getId().getUUID() + "]");
    }
    DatasetEntity row = DatasetTransformer.toEntity(dataset, uuid, Instant.now(clock).truncatedTo(ChronoUnit.MICROS));
    try {
      QuarkusTransaction.requiringNew().run(() -> {
        datasets.persist(row);
        datasets.flush();
      });
    } catch (RuntimeException e) {
      if (Names.uniqueViolation(e)) {
        throw CatalogException.alreadyExists("dataset " + Names.dataset(dataset.getId()) + " already exists");
      }
      throw e;
    }
  }

  /** The dataset {@code request} names; NOT_FOUND if there is none. */
  public Dataset get(GetDatasetRequest request) {
    CatalogValidator.datasetId(request.getDataset(), request.hasDataset());
    return QuarkusTransaction.requiringNew().call(() -> DatasetTransformer.toProto(require(request.getDataset())));
  }

  /** One page of the datasets matching the request's filters. */
  public ListDatasetsResponse list(ListDatasetsRequest request) {
    CatalogValidator.listDatasets(request);
    List<DatasetFilter> filters = FilterTransformer.datasetFilters(request.getFilter());
    Paging page = Paging.of(request.getPagination(), request.hasPagination());
    List<Dataset> found = QuarkusTransaction.requiringNew().call(() -> datasets.list(filters, page.offset(),
        page.limit(), page.ascending()).stream().map(DatasetTransformer::toProto).toList());
    return ListDatasetsResponse.newBuilder().addAllDatasets(found).setNextToken(page.nextToken(found.size()))
        .build();
  }

  /** The row of dataset {@code id}; NOT_FOUND if there is none. Runs in the caller's transaction. */
  DatasetEntity require(DatasetID id) {
    return datasets.find(id).orElseThrow(() -> CatalogException.notFound("missing entity of type Dataset with"
        + " identifier " + Names.dataset(id)));
  }
}
