package io.aloft.datacatalog.transformer;

import datacatalog.Datacatalog.DatasetPropertyFilter;
import datacatalog.Datacatalog.FilterExpression;
import datacatalog.Datacatalog.KeyValuePair;
import datacatalog.Datacatalog.SinglePropertyFilter;
import io.aloft.datacatalog.CatalogException;
import io.aloft.datacatalog.repository.ArtifactRepository.ArtifactFilter;
import io.aloft.datacatalog.repository.ArtifactRepository.PartitionFilter;
import io.aloft.datacatalog.repository.ArtifactRepository.TagFilter;
import io.aloft.datacatalog.repository.DatasetRepository.DatasetFilter;
import io.aloft.datacatalog.validation.CatalogValidator;
import java.util.ArrayList;
import java.util.List;

/**
 * A FilterExpression as the conditions the repositories apply, all of which must hold (Flyte:
 * repositories/transformers/filters.go). EQUALS is the only operator flyteidl defines; an operator this build
 * does not know is refused rather than read as EQUALS.
 */
public final class FilterTransformer {
  private FilterTransformer() {}

  /** ListArtifacts filters: partition key/value and tag name (dataset filters are refused by the validator). */
  public static List<ArtifactFilter> artifactFilters(FilterExpression expression) {
    List<ArtifactFilter> out = new ArrayList<>();
    for (SinglePropertyFilter f : expression.getFiltersList()) {
      operator(f);
      switch (f.getPropertyFilterCase()) {
        case PARTITION_FILTER -> {
          if (!f.getPartitionFilter().hasKeyVal()) {
            throw CatalogException.missing("PartitionFilter.key_val");
          }
          KeyValuePair kv = f.getPartitionFilter().getKeyVal();
          CatalogValidator.requireNonEmpty(kv.getKey(), "PartitionKey");
          CatalogValidator.requireNonEmpty(kv.getValue(), "PartitionValue");
          out.add(new PartitionFilter(kv.getKey(), kv.getValue()));
        }
        case TAG_FILTER -> {
          CatalogValidator.requireNonEmpty(f.getTagFilter().getTagName(), "TagName");
          out.add(new TagFilter(f.getTagFilter().getTagName()));
        }
        // Flyte builds no condition for these and its list query then refuses the empty filter
        case ARTIFACT_FILTER -> throw CatalogException.invalid("Artifact cannot be filtered by Artifact properties");
        case DATASET_FILTER -> throw CatalogException.invalid("Artifact cannot be filtered by Dataset properties");
        default -> throw CatalogException.missing("property_filter");
      }
    }
    return out;
  }

  /** ListDatasets filters: project, name, domain, version or org equals a value. */
  public static List<DatasetFilter> datasetFilters(FilterExpression expression) {
    List<DatasetFilter> out = new ArrayList<>();
    for (SinglePropertyFilter f : expression.getFiltersList()) {
      operator(f);
      if (!f.hasDatasetFilter()) {
        throw CatalogException.missing("dataset_filter");
      }
      DatasetPropertyFilter d = f.getDatasetFilter();
      String column = switch (d.getPropertyCase()) {
        case PROJECT -> "project";
        case NAME -> "name";
        case DOMAIN -> "domain";
        case VERSION -> "version";
        case ORG -> "org";
        default -> throw CatalogException.missing("DatasetPropertyFilter.property");
      };
      String value = switch (d.getPropertyCase()) {
        case PROJECT -> d.getProject();
        case NAME -> d.getName();
        case DOMAIN -> d.getDomain();
        case VERSION -> d.getVersion();
        default -> d.getOrg();
      };
      CatalogValidator.requireNonEmpty(value, column);
      out.add(new DatasetFilter(column, value));
    }
    return out;
  }

  private static void operator(SinglePropertyFilter f) {
    if (f.getOperator() != SinglePropertyFilter.ComparisonOperator.EQUALS) {
      throw CatalogException.invalid("unsupported filter expression operator index: " + f.getOperatorValue());
    }
  }
}
