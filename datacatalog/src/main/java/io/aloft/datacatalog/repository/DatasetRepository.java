package io.aloft.datacatalog.repository;

import datacatalog.Datacatalog.DatasetID;
import io.aloft.datacatalog.entity.DatasetEntity;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Datasets (Flyte: gormimpl/dataset.go). Callers run inside a transaction. */
@ApplicationScoped
public class DatasetRepository implements PanacheRepository<DatasetEntity> {

  /** A filter of ListDatasets: dataset column to the value it must equal. */
  public record DatasetFilter(String column, String value) {
    /** The columns ListDatasets filters on (DatasetPropertyFilter). */
    public static final List<String> COLUMNS = List.of("project", "name", "domain", "version", "org");
  }

  /**
   * The dataset {@code id} names, or empty. A non-empty UUID must match too (Flyte queries with every set field of
   * the DatasetID); a UUID that is not one matches nothing.
   */
  public Optional<DatasetEntity> find(DatasetID id) {
    Parameters p = Parameters.with("project", id.getProject()).and("name", id.getName())
        .and("domain", id.getDomain()).and("version", id.getVersion()).and("org", id.getOrg());
    String query = "project = :project and name = :name and domain = :domain and version = :version and org = :org";
    if (!id.getUUID().isEmpty()) {
      UUID uuid;
      try {
        uuid = UUID.fromString(id.getUUID());
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
      query += " and uuid = :uuid";
      p = p.and("uuid", uuid);
    }
    return find(query, p).firstResultOptional();
  }

  /** Datasets matching all {@code filters}, by creation time (id breaking ties), one page. */
  public List<DatasetEntity> list(List<DatasetFilter> filters, long offset, int limit, boolean ascending) {
    StringBuilder query = new StringBuilder();
    Map<String, Object> params = new LinkedHashMap<>();
    for (int i = 0; i < filters.size(); i++) {
      DatasetFilter f = filters.get(i);
      if (!DatasetFilter.COLUMNS.contains(f.column())) {
        throw new IllegalArgumentException("not a dataset filter column: " + f.column());
      }
      query.append(query.isEmpty() ? "" : " and ").append(f.column()).append(" = :f").append(i);
      params.put("f" + i, f.value());
    }
    if (offset > Integer.MAX_VALUE - 1) {
      return List.of();
    }
    // Panache ranges are int indexes: a page ends at the last index there can be
    int last = (int) Math.min(Integer.MAX_VALUE - 1L, offset + limit - 1);
    Sort.Direction direction = ascending ? Sort.Direction.Ascending : Sort.Direction.Descending;
    Sort sort = Sort.by("createdAt", direction).and("id", direction);
    var q = query.isEmpty() ? findAll(sort) : find(query.toString(), sort, params);
    // Panache pages by index; an offset that is not a multiple of the limit needs the range form.
    return q.range((int) offset, last).list();
  }
}
