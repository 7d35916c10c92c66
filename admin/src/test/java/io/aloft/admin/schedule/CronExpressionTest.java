package io.aloft.admin.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Next times as robfig/cron v3's ParseStandard schedules compute them (the examples follow its spec_test.go). */
class CronExpressionTest {

  private static Instant next(String cron, String after) {
    return CronExpression.parse(cron).next(Instant.parse(after));
  }

  @ParameterizedTest(name = "{0} after {1}")
  @CsvSource(delimiter = '|', value = {
      "* * * * *        | 2026-12-06T10:00:00Z      | 2026-12-06T10:01:00Z",
      "* * * * *        | 2026-12-06T10:00:59.999Z  | 2026-12-06T10:01:00Z",
      "*/15 * * * *     | 2026-12-06T10:16:00Z      | 2026-12-06T10:30:00Z",
      "5/20 * * * *     | 2026-12-06T10:46:00Z      | 2026-12-06T11:05:00Z",
      "0 9-17/4 * * *   | 2026-12-06T10:00:00Z      | 2026-12-06T13:00:00Z",
      "30 2 * * *       | 2026-12-06T02:30:00Z      | 2026-12-07T02:30:00Z",
      "0 0 1,15 * *     | 2026-12-02T00:00:00Z      | 2026-12-15T00:00:00Z",
      "0 0 * FEB mon    | 2026-12-06T00:00:00Z      | 2027-02-01T00:00:00Z",
      "0 0 29 2 *       | 2026-03-01T00:00:00Z      | 2028-02-29T00:00:00Z",
      "0 0 31 * *       | 2026-04-01T00:00:00Z      | 2026-05-31T00:00:00Z",
      "0 12 ? * SUN,SAT | 2026-12-07T00:00:00Z      | 2026-12-12T12:00:00Z",
      // both days restricted: either fires (1st of the month OR a Monday)
      "0 0 1 * 1        | 2026-12-01T00:00:00Z      | 2026-12-07T00:00:00Z",
      "0 0 1 * 1        | 2026-12-28T00:00:00Z      | 2027-01-01T00:00:00Z",
      // day of month '*', day of week restricted: only the weekday
      "0 0 * * 5        | 2026-12-06T00:00:00Z      | 2026-12-11T00:00:00Z",
      // '*/2' is not '*' for robfig's star rule: both restricted, so an odd day or a Friday
      "0 0 */2 * 5      | 2026-12-06T00:00:00Z      | 2026-12-07T00:00:00Z",
      "0 0 */2 * 5      | 2026-12-09T00:00:00Z      | 2026-12-11T00:00:00Z",
      // '*/1' is '*' for it: only Fridays
      "0 0 */1 * 5      | 2026-12-06T00:00:00Z      | 2026-12-11T00:00:00Z",
      // the descriptors
      "@yearly          | 2026-12-06T10:20:30Z      | 2027-01-01T00:00:00Z",
      "@annually        | 2026-12-06T10:20:30Z      | 2027-01-01T00:00:00Z",
      "@monthly         | 2026-12-06T10:20:30Z      | 2027-01-01T00:00:00Z",
      "@weekly          | 2026-12-06T10:20:30Z      | 2026-12-13T00:00:00Z",
      "@daily           | 2026-12-06T10:20:30Z      | 2026-12-07T00:00:00Z",
      "@midnight        | 2026-12-06T10:20:30Z      | 2026-12-07T00:00:00Z",
      "@hourly          | 2026-12-06T10:20:30Z      | 2026-12-06T11:00:00Z",
      "@HOURLY          | 2026-12-06T10:20:30Z      | 2026-12-06T11:00:00Z",
  })
  void nextTimes(String cron, String after, String expected) {
    assertThat(next(cron.trim(), after.trim())).isEqualTo(Instant.parse(expected.trim()));
  }

  @Test
  void everyIsAConstantDelayFromThePreviousTimeInWholeSeconds() {
    assertThat(next("@every 1h30m", "2026-12-06T10:20:30.700Z")).isEqualTo(Instant.parse("2026-12-06T11:50:30Z"));
    assertThat(next("@every 10ms", "2026-12-06T10:20:30.700Z")).isEqualTo(Instant.parse("2026-12-06T10:20:31Z"));
  }

  @Test
  void cronTzPrefixSelectsTheZone() {
    // 09:00 in New York (EST, UTC-5) is 14:00 UTC
    assertThat(next("CRON_TZ=America/New_York 0 9 * * *", "2026-12-06T10:00:00Z"))
        .isEqualTo(Instant.parse("2026-12-06T14:00:00Z"));
    assertThat(next("TZ=Asia/Tokyo 0 9 * * *", "2026-12-06T10:00:00Z"))
        .isEqualTo(Instant.parse("2026-12-07T00:00:00Z"));
  }

  @Test
  void aScheduleThatNeverMatchesHasNoNextTime() {
    assertThat(next("0 0 30 2 *", "2026-12-06T10:00:00Z")).isNull();
  }

  @Test
  void refusesWhatRobfigRefuses() {
    Map<String, String> refusals = new LinkedHashMap<>();
    refusals.put("* * * *", "expected exactly 5 fields");
    refusals.put("* * * * * *", "expected exactly 5 fields");
    refusals.put("60 * * * *", "outside 0-59");
    refusals.put("* 24 * * *", "outside 0-23");
    refusals.put("* * 0 * *", "outside 1-31");
    refusals.put("* * * 13 *", "outside 1-12");
    refusals.put("* * * * 7", "outside 0-6");
    refusals.put("5-1 * * * *", "runs backwards");
    refusals.put("*/0 * * * *", "must be positive");
    refusals.put("a * * * *", "not a number in the minute field");
    refusals.put("* * * foo *", "not a number in the month field");
    refusals.put("1/2/3 * * * *", "too many slashes");
    refusals.put("*-5 * * * *", "a range of *");
    refusals.put("@reboot", "unrecognized descriptor");
    refusals.put("@every soon", "invalid duration");
    refusals.put("CRON_TZ=Nowhere/X * * * * *", "unknown time zone");
    SoftAssertions softly = new SoftAssertions();
    refusals.forEach((cron, message) -> softly.assertThatThrownBy(() -> CronExpression.parse(cron)).as(cron)
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message));
    softly.assertAll();
  }
}
