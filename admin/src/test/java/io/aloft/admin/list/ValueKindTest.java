package io.aloft.admin.list;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Value conversion per kind, including Go duration syntax (time.ParseDuration). */
class ValueKindTest {
  @ParameterizedTest
  @CsvSource({
      "2018-07-27T00:30:31Z, 2018-07-27T00:30:31Z",
      "2018-07-27T00:30:31.123456789Z, 2018-07-27T00:30:31.123456789Z",
      "2018-07-27t00:30:31z, 2018-07-27T00:30:31Z",
      "2018-07-27 00:30:31Z, 2018-07-27T00:30:31Z",
      "2018-07-27T00:30:31-02:30, 2018-07-27T03:00:31Z",
      "2018-07-27T00:30:31, 2018-07-27T00:30:31Z",
      "2018-07-27, 2018-07-27T00:00:00Z",
  })
  void timestamps(String raw, String expected) {
    assertThat(ValueKind.TIMESTAMP.convert(raw)).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"now", "2018-13-01T00:00:00Z", "2018-07-27T25:00:00Z", "1532651431", "27/07/2018"})
  void badTimestamps(String raw) {
    assertThatThrownBy(() -> ValueKind.TIMESTAMP.convert(raw)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RFC3339");
  }

  @ParameterizedTest
  @CsvSource({
      "20, PT20S", "20s, PT20S", "3600.5, PT1H0.5S", "3600.5s, PT1H0.5S", "1m30s, PT1M30S", "1.5h, PT1H30M",
      "250ms, PT0.25S", "10us, PT0.00001S", "10\u00b5s, PT0.00001S", "10\u03bcs, PT0.00001S", "7ns, PT0.000000007S",
      "-5s, PT-5S", "+5s, PT5S", "1e3, PT1000S", ".5s, PT0.5S", "5.s, PT5S", "0, PT0S", "-0, PT0S",
      "1h2m3.5s, PT1H2M3.5S", "0.00001, PT0.00001S", "2562047h, PT2562047H",
  })
  void durations(String raw, String expected) {
    assertThat(GoDuration.parse(raw)).isEqualTo(Duration.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "s", "5", "5x", "1d", "1w", "abc", "5 s", " 5s", "--5s", ".s", "1e1000",
      "NaN", "Inf", "2562048h", "1h-5m"})
  void badGoDurations(String raw) {
    // "5" is only valid through the plain-number path, not as a Go duration string
    assertThatThrownBy(() -> GoDuration.parseGo(raw)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void durationUnits() {
    assertThat(ValueKind.DURATION_NANOS.convert("1.5s")).isEqualTo(1_500_000_000L);
    assertThat(ValueKind.DURATION_MILLIS.convert("1.5s")).isEqualTo(1_500L);
    assertThat(ValueKind.DURATION_MILLIS.convert("1.5ms")).isEqualTo(new BigDecimal("1.5"));
    assertThat(ValueKind.DURATION_SECONDS.convert("90m")).isEqualTo(5_400L);
    assertThat(ValueKind.DURATION_SECONDS.convert("-1.25")).isEqualTo(new BigDecimal("-1.25"));
    assertThatThrownBy(() -> new ValueKind.DurationValue(ChronoUnit.HOURS))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ValueKind.DURATION_SECONDS.convert("forever"))
        .hasMessage("Failed to parse duration [forever]");
  }

  @Test
  void integersAndBooleans() {
    assertThat(ValueKind.INT.convert("-42")).isEqualTo(-42L);
    assertThat(ValueKind.INT.convert("+7")).isEqualTo(7L);
    assertThatThrownBy(() -> ValueKind.INT.convert("9223372036854775808"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ValueKind.INT.convert("1.0")).isInstanceOf(IllegalArgumentException.class);
    assertThat(ValueKind.BOOL.convert("TRUE")).isEqualTo(true);
    assertThat(ValueKind.BOOL.convert("f")).isEqualTo(false);
    assertThat(ValueKind.BOOL.convert("1")).isEqualTo(true);
    assertThatThrownBy(() -> ValueKind.BOOL.convert("maybe")).isInstanceOf(IllegalArgumentException.class);
    assertThat(ValueKind.STRING.convert(" as is ")).isEqualTo(" as is ");
  }

  @Test
  void enumStorage() {
    Map<String, Integer> states = Map.of("ACTIVE", 0, "ARCHIVED", 1);
    assertThat(ValueKind.ENUM(states).convert("archived")).isEqualTo(1);
    assertThat(ValueKind.ENUM(states).convert("0")).isEqualTo(0);
    assertThat(ValueKind.ENUM_NAME(states).convert("1")).isEqualTo("ARCHIVED");
    assertThatThrownBy(() -> ValueKind.ENUM(states).convert("2")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ValueKind.ENUM(states).convert("99999999999999"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ValueKind.ENUM(states).supportsLike()).isFalse();
    assertThat(ValueKind.ENUM_NAME(states).supportsLike()).isTrue();
  }
}
