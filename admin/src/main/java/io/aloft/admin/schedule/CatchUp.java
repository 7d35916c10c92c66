package io.aloft.admin.schedule;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

/**
 * What one poll fires of a schedule due since {@code first}: Flyte's {@code GetCatchUpTimes}
 * (flyteadmin/scheduler/core/gocron_scheduler.go), every scheduled time from the first not fired up to now, oldest
 * first, bounded: at most {@code maxRuns} of the latest missed times (older ones are {@code skipped}) and at most
 * {@code perPoll} of them now. {@code after} is where the schedule stands once {@code times} have fired: the time
 * after the last of them (null if the schedule never fires again).
 */
public record CatchUp(List<Instant> times, long skipped, Instant after) {

  /** The plan for a schedule whose earliest unfired time is {@code first}, at {@code now}. */
  public static CatchUp plan(ScheduleExpression schedule, Instant first, Instant now, int maxRuns, int perPoll) {
    ArrayDeque<Instant> due = new ArrayDeque<>();
    long skipped = 0;
    Instant t = first;
    while (t != null && !t.isAfter(now)) {
      due.addLast(t);
      if (due.size() > maxRuns) {
        due.removeFirst();
        skipped++;
      }
      t = schedule.next(t);
    }
    List<Instant> all = List.copyOf(due);
    if (all.size() <= perPoll) {
      return new CatchUp(all, skipped, t);
    }
    return new CatchUp(all.subList(0, perPoll), skipped, all.get(perPoll));
  }
}
