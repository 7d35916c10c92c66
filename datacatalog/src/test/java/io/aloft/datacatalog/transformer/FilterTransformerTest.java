package io.aloft.datacatalog.transformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import datacatalog.Datacatalog.ArtifactPropertyFilter;
import datacatalog.Datacatalog.DatasetPropertyFilter;
import datacatalog.Datacatalog.FilterExpression;
import datacatalog.Datacatalog.KeyValuePair;
import datacatalog.Datacatalog.PartitionPropertyFilter;
import datacatalog.Datacatalog.SinglePropertyFilter;
import datacatalog.Datacatalog.TagPropertyFilter;
import io.aloft.datacatalog.CatalogException;
import io.aloft.datacatalog.repository.ArtifactRepository.PartitionFilter;
import io.aloft.datacatalog.repository.ArtifactRepository.TagFilter;
import io.aloft.datacatalog.repository.DatasetRepository.DatasetFilter;
import org.junit.jupiter.api.Test;

class FilterTransformerTest {
  private static SinglePropertyFilter partition(String k, String v) {
    return SinglePropertyFilter.newBuilder().setPartitionFilter(PartitionPropertyFilter.newBuilder()
        .setKeyVal(KeyValuePair.newBuilder().setKey(k).setValue(v))).build();
  }

  private static FilterExpression of(SinglePropertyFilter... filters) {
    return FilterExpression.newBuilder().addAllFilters(java.util.List.of(filters)).build();
  }

  @Test
  void artifactFiltersArePartitionAndTagConditionsInOrder() {
    assertThat(FilterTransformer.artifactFilters(of(partition("region", "eu"), SinglePropertyFilter.newBuilder()
        .setTagFilter(TagPropertyFilter.newBuilder().setTagName("latest")).build(), partition("day", "mon"))))
        .containsExactly(new PartitionFilter("region", "eu"), new TagFilter("latest"),
            new PartitionFilter("day", "mon"));
    assertThat(FilterTransformer.artifactFilters(FilterExpression.getDefaultInstance())).isEmpty();
  }

  @Test
  void emptyValuesUnknownOperatorsAndArtifactPropertiesAreRefused() {
    assertThatThrownBy(() -> FilterTransformer.artifactFilters(of(partition("", "eu"))))
        .isInstanceOf(CatalogException.class).hasMessage("missing PartitionKey");
    assertThatThrownBy(() -> FilterTransformer.artifactFilters(of(partition("region", ""))))
        .hasMessage("missing PartitionValue");
    assertThatThrownBy(() -> FilterTransformer.artifactFilters(of(partition("r", "eu").toBuilder()
        .setOperatorValue(4).build()))).hasMessage("unsupported filter expression operator index: 4");
    assertThatThrownBy(() -> FilterTransformer.artifactFilters(of(SinglePropertyFilter.newBuilder()
        .setArtifactFilter(ArtifactPropertyFilter.newBuilder().setArtifactId("a")).build())))
        .hasMessage("Artifact cannot be filtered by Artifact properties");
    assertThatThrownBy(() -> FilterTransformer.artifactFilters(of(SinglePropertyFilter.getDefaultInstance())))
        .hasMessage("missing property_filter");
  }

  @Test
  void datasetFiltersNameTheirColumn() {
    assertThat(FilterTransformer.datasetFilters(of(
        SinglePropertyFilter.newBuilder().setDatasetFilter(DatasetPropertyFilter.newBuilder().setProject("p")).build(),
        SinglePropertyFilter.newBuilder().setDatasetFilter(DatasetPropertyFilter.newBuilder().setName("n")).build(),
        SinglePropertyFilter.newBuilder().setDatasetFilter(DatasetPropertyFilter.newBuilder().setDomain("d")).build(),
        SinglePropertyFilter.newBuilder().setDatasetFilter(DatasetPropertyFilter.newBuilder().setVersion("v")).build(),
        SinglePropertyFilter.newBuilder().setDatasetFilter(DatasetPropertyFilter.newBuilder().setOrg("o")).build())))
        .containsExactly(new DatasetFilter("project", "p"), new DatasetFilter("name", "n"),
            new DatasetFilter("domain", "d"), new DatasetFilter("version", "v"), new DatasetFilter("org", "o"));
    assertThatThrownBy(() -> FilterTransformer.datasetFilters(of(SinglePropertyFilter.newBuilder()
        .setDatasetFilter(DatasetPropertyFilter.newBuilder().setVersion("")).build())))
        .hasMessage("missing version");
  }
}
