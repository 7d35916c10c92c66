package io.aloft.admin.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.admin.ScheduleOuterClass.CronSchedule;
import flyteidl.admin.ScheduleOuterClass.Schedule;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatchUpTest {
  private static final ScheduleExpression EVERY_MINUTE = ScheduleExpression.of(Schedule.newBuilder()
      .setCronSchedule(CronSchedule.newBuilder().setSchedule("* * * * *")).build());

  private static Instant at(String hhmm) {
    return Instant.parse("2026-12-06T" + hhmm + ":00Z");
  }

  @Test
  void onTimeFiresTheOneDueTime() {
    CatchUp plan = CatchUp.plan(EVERY_MINUTE, at("10:05"), at("10:05").plusMillis(300), 100, 10);
    assertThat(plan.times()).containsExactly(at("10:05"));
    assertThat(plan.skipped()).isZero();
    assertThat(plan.after()).isEqualTo(at("10:06"));
  }

  @Test
  void afterDowntimeEveryMissedTimeFiresOldestFirst() {
    CatchUp plan = CatchUp.plan(EVERY_MINUTE, at("10:01"), at("10:04").plusSeconds(20), 100, 10);
    assertThat(plan.times()).containsExactly(at("10:01"), at("10:02"), at("10:03"), at("10:04"));
    assertThat(plan.after()).isEqualTo(at("10:05"));
  }

  @Test
  void aLongCatchUpProceedsOverPollsAndKeepsOnlyTheLatestMaxRuns() {
    // down from 09:00 to 10:00: 61 due times, at most 5 kept, 2 per poll
    CatchUp first = CatchUp.plan(EVERY_MINUTE, at("09:00"), at("10:00"), 5, 2);
    assertThat(first.skipped()).isEqualTo(56);
    assertThat(first.times()).containsExactly(at("09:56"), at("09:57"));
    assertThat(first.after()).isEqualTo(at("09:58"));
    CatchUp second = CatchUp.plan(EVERY_MINUTE, first.after(), at("10:00"), 5, 2);
    assertThat(second.skipped()).isZero();
    assertThat(second.times()).isEqualTo(List.of(at("09:58"), at("09:59")));
    CatchUp third = CatchUp.plan(EVERY_MINUTE, second.after(), at("10:00"), 5, 2);
    assertThat(third.times()).containsExactly(at("10:00"));
    assertThat(third.after()).isEqualTo(at("10:01"));
  }
}
