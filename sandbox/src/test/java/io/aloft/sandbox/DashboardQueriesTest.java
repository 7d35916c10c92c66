package io.aloft.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** How metric names are read out of the dashboards' PromQL and out of a scrape. */
class DashboardQueriesTest {

  @Test
  void metricNamesAreTheSelectorsNotFunctionsLabelsOrRanges() {
    assertThat(DashboardQueries.metricNames("histogram_quantile(0.99, sum by (le, method) (rate("
        + "grpc_server_processing_duration_seconds_bucket{job=~\"aloft-admin.*\",statusCode!=\"OK\"}"
        + "[$__rate_interval])))")).containsExactly("grpc_server_processing_duration_seconds_bucket");
    assertThat(DashboardQueries.metricNames("sum(rate(a_total{result=\"hit\"}[5m])) / sum(rate(b_total[5m]))"
        + " * on (pod) group_left c_info"))
        .containsExactly("a_total", "b_total", "c_info");
    assertThat(DashboardQueries.metricNames("sum by (pod) (process_cpu_usage{x=\"y\"} * system_cpu_count) > 1e3"))
        .containsExactly("process_cpu_usage", "system_cpu_count");
  }

  @Test
  void aPanelWithAMadeUpMetricIsNotExported() {
    String scrape = """
        # HELP aloft_propeller_round_time_seconds round
        # TYPE aloft_propeller_round_time_seconds histogram
        aloft_propeller_round_time_seconds_bucket{le="0.001"} 1.0
        aloft_propeller_round_time_seconds_count 1.0
        jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1.2E7
        """;
    assertThat(DashboardQueries.exported(scrape)).containsExactly("aloft_propeller_round_time_seconds_bucket",
        "aloft_propeller_round_time_seconds_count", "jvm_memory_used_bytes");
    DashboardQueries.Query madeUp = new DashboardQueries.Query("aloft-propeller", "made up",
        "sum(rate(aloft_propeller_rounds_made_up_total[5m]))");
    assertThat(DashboardQueries.exported(scrape)).doesNotContainAnyElementsOf(madeUp.metrics());
  }

  @Test
  void everyDashboardPanelHasAQueryNamingAMetric() {
    Path dir = Path.of(System.getProperty("aloft.repo", "..")).resolve("deploy/monitoring/dashboards");
    var queries = DashboardQueries.load(dir);
    assertThat(queries).extracting(DashboardQueries.Query::dashboard).contains("aloft-admin", "aloft-datacatalog",
        "aloft-propeller");
    assertThat(queries).allSatisfy(q -> assertThat(q.metrics()).as(q.dashboard() + " / " + q.panel()).isNotEmpty());
  }
}
