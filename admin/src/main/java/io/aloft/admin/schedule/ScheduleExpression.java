package io.aloft.admin.schedule;

import flyteidl.admin.ScheduleOuterClass.FixedRate;
import flyteidl.admin.ScheduleOuterClass.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * When a launch plan's {@code admin.Schedule} fires (flyteadmin/scheduler/core/gocron_scheduler.go
 * {@code GetScheduledTime}): a cron schedule ({@link CronExpression}, shifted by its ISO 8601 {@code offset}) or a
 * fixed rate (robfig's ConstantDelaySchedule: the previous time, truncated to the second, plus the rate).
 */
public sealed interface ScheduleExpression {
  /** Longest offset accepted: a year's shift is already more than any schedule needs. */
  Duration MAX_OFFSET = Duration.ofDays(366);

  /** The first scheduled time strictly after {@code after}; null if there is none (a cron that never matches). */
  Instant next(Instant after);

  /** The schedule of {@code schedule}; IllegalArgumentException naming the offending field otherwise. */
  static ScheduleExpression of(Schedule schedule) {
    return switch (schedule.getScheduleExpressionCase()) {
      case CRON_SCHEDULE -> cron(schedule.getCronSchedule());
      case RATE -> rate(schedule.getRate());
      // Flyte's native scheduler refuses the deprecated AWS-syntax field too (dbapi/event_scheduler_impl.go)
      case CRON_EXPRESSION -> throw new IllegalArgumentException("schedule.cron_expression is deprecated and not"
          + " supported by the scheduler; use schedule.cron_schedule");
      case SCHEDULEEXPRESSION_NOT_SET -> throw new IllegalArgumentException("schedule has no cron_schedule or rate");
    };
  }

  /** Whether {@code schedule} names a schedule at all (a launch plan without one has an empty message). */
  static boolean present(Schedule schedule) {
    return schedule.getScheduleExpressionCase() != Schedule.ScheduleExpressionCase.SCHEDULEEXPRESSION_NOT_SET;
  }

  private static ScheduleExpression cron(flyteidl.admin.ScheduleOuterClass.CronSchedule cron) {
    CronExpression expression;
    try {
      expression = CronExpression.parse(cron.getSchedule());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("schedule.cron_schedule.schedule [" + cron.getSchedule() + "]: "
          + e.getMessage());
    }
    Duration offset = Duration.ZERO;
    if (!cron.getOffset().isEmpty()) {
      try {
        offset = Duration.parse(cron.getOffset());
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("schedule.cron_schedule.offset [" + cron.getOffset()
            + "]: not an ISO 8601 duration of days, hours, minutes and seconds (e.g. PT5M, -PT1H, P1D)");
      }
      if (offset.abs().compareTo(MAX_OFFSET) > 0) {
        throw new IllegalArgumentException("schedule.cron_schedule.offset [" + cron.getOffset()
            + "]: must be within 366 days");
      }
    }
    return new Cron(expression, offset);
  }

  private static ScheduleExpression rate(FixedRate rate) {
    if (rate.getValue() <= 0) {
      throw new IllegalArgumentException("schedule.rate.value [" + Integer.toUnsignedString(rate.getValue())
          + "]: must be positive");
    }
    ChronoUnit unit = switch (rate.getUnit()) {
      case MINUTE -> ChronoUnit.MINUTES;
      case HOUR -> ChronoUnit.HOURS;
      case DAY -> ChronoUnit.DAYS;
      case UNRECOGNIZED -> throw new IllegalArgumentException("schedule.rate.unit [" + rate.getUnitValue()
          + "]: must be MINUTE, HOUR or DAY");
    };
    return new Rate(Duration.of(Integer.toUnsignedLong(rate.getValue()), unit));
  }

  /** A cron schedule; each time it names is moved by {@code offset}. */
  record Cron(CronExpression expression, Duration offset) implements ScheduleExpression {
    @Override
    public Instant next(Instant after) {
      Instant t = expression.next(after.minus(offset));
      return t == null ? null : t.plus(offset);
    }
  }

  /** A fixed rate: each time follows the previous by {@code every}. */
  record Rate(Duration every) implements ScheduleExpression {
    @Override
    public Instant next(Instant after) {
      return after.truncatedTo(ChronoUnit.SECONDS).plus(every);
    }
  }
}
