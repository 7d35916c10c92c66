package io.aloft.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {

  /** Expected strings are Go's time.Duration.String() for the same number of nanoseconds. */
  @ParameterizedTest
  @CsvSource({
      "0, 0s",
      "1, 1ns",
      "999, 999ns",
      "1000, 1µs",
      "1500, 1.5µs",
      "1000000, 1ms",
      "500000000, 500ms",
      "999999999, 999.999999ms",
      "1000000000, 1s",
      "1500000000, 1.5s",
      "30000000000, 30s",
      "60000000000, 1m0s",
      "90000000000, 1m30s",
      "3600000000000, 1h0m0s",
      "5400000000000, 1h30m0s",
      "7200500000000, 2h0m0.5s",
      "-90000000000, -1m30s",
      "-1500, -1.5µs",
      "9223372036854775807, 2562047h47m16.854775807s",
      "-9223372036854775808, -2562047h47m16.854775808s",
  })
  void formatsLikeGo(long nanos, String expected) {
    assertThat(GoDuration.format(Duration.ofNanos(nanos))).isEqualTo(expected);
    assertThat(GoDuration.parse(expected)).isEqualTo(Duration.ofNanos(nanos));
  }

  @ParameterizedTest
  @CsvSource({
      "90s, 90000000000",
      "1.5h, 5400000000000",
      "2h45m, 9900000000000",
      "+5s, 5000000000",
      "-1m, -60000000000",
      "300ms, 300000000",
      "1us, 1000",
      "1μs, 1000",
      ".5s, 500000000",
      "1.s, 1000000000",
      "0, 0",
      "-0, 0",
      "1h1m1s1ms1us1ns, 3661001001001",
      "0.000000001s, 1",
      "0.0000000009s, 0",
  })
  void parsesLikeGo(String text, long nanos) {
    assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1", "s", "1x", "-", ".s", "1.5", "9223372036854775808ns", "2562048h", "1h 2m"})
  void rejectsWhatGoRejects(String text) {
    assertThatThrownBy(() -> GoDuration.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theMostNegativeDurationParses() {
    assertThat(GoDuration.parse("-9223372036854775808ns")).isEqualTo(Duration.ofNanos(Long.MIN_VALUE));
  }

  @Test
  void refusesToFormatWhatGoCannotHold() {
    assertThat(GoDuration.fits(Duration.ofDays(106_000))).isTrue();
    assertThat(GoDuration.fits(Duration.ofDays(107_000))).isFalse();
    assertThatThrownBy(() -> GoDuration.format(Duration.ofDays(107_000)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
