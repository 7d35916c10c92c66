package io.aloft.admin.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import flyteidl.admin.ScheduleOuterClass.CronSchedule;
import flyteidl.admin.ScheduleOuterClass.FixedRate;
import flyteidl.admin.ScheduleOuterClass.FixedRateUnit;
import flyteidl.admin.ScheduleOuterClass.Schedule;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScheduleExpressionTest {
  private static final Instant T = Instant.parse("2026-12-06T10:20:30.250Z");

  private static Schedule cron(String expression, String offset) {
    return Schedule.newBuilder().setCronSchedule(CronSchedule.newBuilder().setSchedule(expression).setOffset(offset))
        .build();
  }

  private static Schedule rate(int value, FixedRateUnit unit) {
    return Schedule.newBuilder().setRate(FixedRate.newBuilder().setValue(value).setUnit(unit)).build();
  }

  @Test
  void cronScheduleWithoutOffset() {
    assertThat(ScheduleExpression.of(cron("*/5 * * * *", "")).next(T)).isEqualTo(Instant.parse("2026-12-06T10:25:00Z"));
    assertThat(ScheduleExpression.of(cron("@daily", "")).next(T)).isEqualTo(Instant.parse("2026-12-07T00:00:00Z"));
  }

  @Test
  void offsetMovesEveryCronTime() {
    ScheduleExpression daily = ScheduleExpression.of(cron("@daily", "PT2H30M"));
    assertThat(daily.next(T)).isEqualTo(Instant.parse("2026-12-07T02:30:00Z"));
    assertThat(daily.next(Instant.parse("2026-12-06T01:00:00Z"))).isEqualTo(Instant.parse("2026-12-06T02:30:00Z"));
    // the shifted time itself is not "after" itself
    assertThat(daily.next(Instant.parse("2026-12-06T02:30:00Z"))).isEqualTo(Instant.parse("2026-12-07T02:30:00Z"));
    ScheduleExpression early = ScheduleExpression.of(cron("0 * * * *", "-PT5M"));
    assertThat(early.next(T)).isEqualTo(Instant.parse("2026-12-06T10:55:00Z"));
    assertThat(ScheduleExpression.of(cron("@monthly", "P1D")).next(T)).isEqualTo(Instant.parse("2027-01-02T00:00:00Z"));
  }

  @Test
  void fixedRateFollowsThePreviousTimeInWholeSeconds() {
    assertThat(ScheduleExpression.of(rate(1, FixedRateUnit.MINUTE)).next(T))
        .isEqualTo(Instant.parse("2026-12-06T10:21:30Z"));
    assertThat(ScheduleExpression.of(rate(3, FixedRateUnit.HOUR)).next(T))
        .isEqualTo(Instant.parse("2026-12-06T13:20:30Z"));
    assertThat(ScheduleExpression.of(rate(2, FixedRateUnit.DAY)).next(T))
        .isEqualTo(Instant.parse("2026-12-08T10:20:30Z"));
  }

  @Test
  void badSchedulesNameTheirField() {
    assertThatThrownBy(() -> ScheduleExpression.of(cron("* * *", ""))).hasMessageContaining(
        "schedule.cron_schedule.schedule [* * *]");
    assertThatThrownBy(() -> ScheduleExpression.of(cron("* * * * *", "5 minutes"))).hasMessageContaining(
        "schedule.cron_schedule.offset [5 minutes]");
    assertThatThrownBy(() -> ScheduleExpression.of(cron("* * * * *", "PT9000H"))).hasMessageContaining(
        "schedule.cron_schedule.offset [PT9000H]: must be within 366 days");
    assertThatThrownBy(() -> ScheduleExpression.of(rate(0, FixedRateUnit.MINUTE))).hasMessageContaining(
        "schedule.rate.value [0]");
    assertThatThrownBy(() -> ScheduleExpression.of(Schedule.newBuilder().setRate(FixedRate.newBuilder().setValue(1)
        .setUnitValue(7)).build())).hasMessageContaining("schedule.rate.unit [7]");
    assertThatThrownBy(() -> ScheduleExpression.of(Schedule.newBuilder().setCronExpression("0/15 * * * ? *")
        .build())).hasMessageContaining("schedule.cron_expression is deprecated");
    assertThatThrownBy(() -> ScheduleExpression.of(Schedule.getDefaultInstance()))
        .hasMessageContaining("no cron_schedule or rate");
  }
}
