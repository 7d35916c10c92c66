package io.aloft.propeller.gc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.crd.WorkflowLabels;
import io.aloft.propeller.config.PropellerConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The {@code completed-time} label's format and the garbage collector's selector, against the values of
 * flytepropeller's own tests ({@code garbage_collector_test.go}: at 2009-11-10 23:00 UTC with a TTL of 2 hours it keeps 21, 22 and 23),
 * and its settings as a user sets the keys.
 */
class CompletedWorkflowsTest {
  static final Instant FLYTE_TEST_TIME = Instant.parse("2009-11-10T23:00:00Z");

  @Test
  void theLabelIsTheUtcDateAndHourInFlytesFormat() {
    assertThat(WorkflowLabels.completedTime(FLYTE_TEST_TIME)).isEqualTo("2009-11-10.23");
    assertThat(WorkflowLabels.completedTime(Instant.parse("2026-03-01T04:59:59.999Z"))).isEqualTo("2026-03-01.04");
  }

  @Test
  void theSelectorKeepsTheCurrentHourAndTtlHoursBefore() {
    assertThat(CompletedWorkflows.outsideRetention(2, FLYTE_TEST_TIME, List.of())).isEqualTo(
        "termination-status=terminated,completed-time notin (2009-11-10.23,2009-11-10.22,2009-11-10.21)");
  }

  @Test
  void theKeptHoursCrossMidnightAndTheMaximumKeepsADay() {
    assertThat(CompletedWorkflows.hoursToKeep(1, Instant.parse("2026-03-01T00:10:00Z")))
        .containsExactly("2026-03-01.00", "2026-02-28.23");
    List<String> day = CompletedWorkflows.hoursToKeep(23, Instant.parse("2026-03-01T12:00:00Z"));
    assertThat(day).hasSize(24).doesNotHaveDuplicates().startsWith("2026-03-01.12").endsWith("2026-02-28.13");
  }

  @Test
  void aShardCollectsOnlyItsOwnWorkflows() {
    GcSettings settings = settings(Map.of("aloft.propeller.include-shard-key-label", "0,1",
        "aloft.propeller.exclude-project-label", "flytesnacks", "aloft.propeller.limit-namespace", "team-a"));
    assertThat(CompletedWorkflows.outsideRetention(1, FLYTE_TEST_TIME, settings.shard())).isEqualTo(
        "termination-status=terminated,completed-time notin (2009-11-10.23,2009-11-10.22),"
            + "shard-key in (0,1),project notin (flytesnacks)");
    assertThat(settings.namespace()).contains("team-a");
  }

  @Test
  void theDefaultsAreFlytes() {
    GcSettings settings = settings(Map.of());
    assertThat(settings.ttlHours()).isEqualTo(23);
    assertThat(settings.interval()).isEqualTo(Duration.ofMinutes(30));
    assertThat(settings.enabled()).isTrue();
    assertThat(settings.namespace()).as("limit-namespace all").isEqualTo(Optional.empty());
    assertThat(settings.shard()).isEmpty();
  }

  @Test
  void aTtlOfZeroOrLessTurnsGarbageCollectionOff() {
    assertThat(settings(Map.of("aloft.propeller.max-ttl-hours", "0")).enabled()).isFalse();
    assertThat(settings(Map.of("aloft.propeller.max-ttl-hours", "-1")).enabled()).isFalse();
    assertThat(settings(Map.of("aloft.propeller.max-ttl-hours", "0", "aloft.propeller.gc-interval", "0s"))
        .enabled()).as("no interval needed when off").isFalse();
  }

  @Test
  void valuesOutOfRangeStopTheStartupNamingTheirKey() {
    assertThatThrownBy(() -> settings(Map.of("aloft.propeller.max-ttl-hours", "24")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("aloft.propeller.max-ttl-hours is 24");
    assertThatThrownBy(() -> settings(Map.of("aloft.propeller.gc-interval", "0s")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("aloft.propeller.gc-interval is PT0S");
  }

  /** The settings of a configuration with {@code properties} set, as Quarkus maps and converts them. */
  static GcSettings settings(Map<String, String> properties) {
    PropellerConfig config = new SmallRyeConfigBuilder().withMapping(PropellerConfig.class)
        .withConverter(Duration.class, 200, new DurationConverter())
        .withSources(new PropertiesConfigSource(new HashMap<>(properties), "test", 300)).build()
        .getConfigMapping(PropellerConfig.class);
    return GcSettings.from(config);
  }
}
