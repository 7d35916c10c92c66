package io.aloft.admin.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A cron schedule as Flyte's native scheduler reads it: robfig/cron v3's {@code ParseStandard}
 * (flyteadmin/scheduler/core/gocron_scheduler.go {@code getCronScheduledTime}). Five fields (minute, hour, day of
 * month, month, day of week) with lists, ranges, steps, {@code *} and {@code ?}, month and weekday names; the
 * descriptors {@code @yearly @annually @monthly @weekly @daily @midnight @hourly} and {@code @every <duration>};
 * an optional {@code CRON_TZ=<zone>} (or {@code TZ=}) prefix, UTC otherwise (Flyte's {@code useUTCTz}). As in
 * robfig, when both day of month and day of week are restricted a day matching either fires.
 *
 * <p>Written here rather than taken from cron-utils, whose Unix definition has neither {@code @every} nor
 * {@code CRON_TZ}, so that what fires is exactly what Flyte's scheduler would fire.
 */
public final class CronExpression {
  private static final Map<String, String> DESCRIPTORS = Map.of(
      "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *", "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0",
      "@daily", "0 0 * * *", "@midnight", "0 0 * * *", "@hourly", "0 * * * *");
  private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
      "oct", "nov", "dec");
  private static final List<String> DAYS = List.of("sun", "mon", "tue", "wed", "thu", "fri", "sat");
  /** robfig gives up after five years without a match (e.g. {@code 0 0 30 2 *}). */
  private static final int SEARCH_YEARS = 5;

  private final ZoneId zone;
  private final Field minute;
  private final Field hour;
  private final Field dayOfMonth;
  private final Field month;
  private final Field dayOfWeek;
  private final Duration every;

  private CronExpression(ZoneId zone, Field[] fields, Duration every) {
    this.zone = zone;
    this.every = every;
    this.minute = fields == null ? null : fields[0];
    this.hour = fields == null ? null : fields[1];
    this.dayOfMonth = fields == null ? null : fields[2];
    this.month = fields == null ? null : fields[3];
    this.dayOfWeek = fields == null ? null : fields[4];
  }

  /** Parses {@code text}; IllegalArgumentException saying what is wrong with it. */
  public static CronExpression parse(String text) {
    String spec = text.trim();
    ZoneId zone = ZoneOffset.UTC;
    if (spec.startsWith("CRON_TZ=") || spec.startsWith("TZ=")) {
      int space = spec.indexOf(' ');
      if (space < 0) {
        throw new IllegalArgumentException("missing fields after the time zone");
      }
      String name = spec.substring(spec.indexOf('=') + 1, space);
      try {
        zone = ZoneId.of(name);
      } catch (java.time.DateTimeException e) {
        throw new IllegalArgumentException("unknown time zone [" + name + "]");
      }
      spec = spec.substring(space).trim();
    }
    if (spec.startsWith("@every ")) {
      Duration d = io.aloft.admin.list.GoDuration.parseGo(spec.substring("@every ".length()).trim());
      // robfig: at least one second, whole seconds
      Duration every = d.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
          : Duration.ofSeconds(d.getSeconds());
      return new CronExpression(zone, null, every);
    }
    if (spec.startsWith("@")) {
      String expanded = DESCRIPTORS.get(spec.toLowerCase(Locale.ROOT));
      if (expanded == null) {
        throw new IllegalArgumentException("unrecognized descriptor [" + spec + "]");
      }
      spec = expanded;
    }
    String[] parts = spec.split("\\s+");
    if (parts.length != 5) {
      throw new IllegalArgumentException("expected exactly 5 fields, found " + parts.length + ": [" + spec + "]");
    }
    Field[] fields = {
        Field.parse(parts[0], "minute", 0, 59, List.of()),
        Field.parse(parts[1], "hour", 0, 23, List.of()),
        Field.parse(parts[2], "day of month", 1, 31, List.of()),
        Field.parse(parts[3], "month", 1, 12, MONTHS),
        Field.parse(parts[4], "day of week", 0, 6, DAYS)};
    return new CronExpression(zone, fields, null);
  }

  /** The first time strictly after {@code after} that the schedule names; null if none within five years. */
  public Instant next(Instant after) {
    if (every != null) {
      // robfig's ConstantDelaySchedule: the delay from the previous time, truncated to the second
      return after.truncatedTo(ChronoUnit.SECONDS).plus(every);
    }
    ZonedDateTime t = after.atZone(zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    int limit = t.getYear() + SEARCH_YEARS;
    while (t.getYear() <= limit) {
      if (!month.has(t.getMonthValue())) {
        t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
      } else if (!dayMatches(t)) {
        t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
      } else if (!hour.has(t.getHour())) {
        t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
      } else if (!minute.has(t.getMinute())) {
        t = t.plusMinutes(1);
      } else {
        return t.toInstant();
      }
    }
    return null;
  }

  private boolean dayMatches(ZonedDateTime t) {
    boolean dom = dayOfMonth.has(t.getDayOfMonth());
    boolean dow = dayOfWeek.has(t.getDayOfWeek().getValue() % 7);
    // robfig's dayMatches: a '*' in either field means both must match, else either may
    return dayOfMonth.star || dayOfWeek.star ? dom && dow : dom || dow;
  }

  /** One field: the values it allows, and whether it was written as {@code *} or {@code ?}. */
  private record Field(BitSet values, boolean star) {
    boolean has(int v) {
      return values.get(v);
    }

    static Field parse(String text, String name, int min, int max, List<String> names) {
      BitSet values = new BitSet();
      boolean star = false;
      for (String range : text.split(",", -1)) {
        String[] rangeAndStep = range.split("/", -1);
        if (rangeAndStep.length > 2) {
          throw new IllegalArgumentException("too many slashes in the " + name + " field [" + range + "]");
        }
        String[] lowAndHigh = rangeAndStep[0].split("-", -1);
        int start;
        int end;
        boolean all = lowAndHigh[0].equals("*") || lowAndHigh[0].equals("?");
        if (all) {
          if (lowAndHigh.length > 1) {
            throw new IllegalArgumentException("a range of * in the " + name + " field [" + range + "]");
          }
          start = min;
          end = max;
        } else {
          if (lowAndHigh.length > 2) {
            throw new IllegalArgumentException("too many hyphens in the " + name + " field [" + range + "]");
          }
          start = value(lowAndHigh[0], name, names);
          end = lowAndHigh.length == 2 ? value(lowAndHigh[1], name, names) : start;
        }
        int step = 1;
        if (rangeAndStep.length == 2) {
          step = number(rangeAndStep[1], name);
          if (step <= 0) {
            throw new IllegalArgumentException("step of the " + name + " field must be positive [" + range + "]");
          }
          if (!all && lowAndHigh.length == 1) {
            end = max; // robfig: "N/step" means N-max/step
          }
        }
        if (start < min || end > max || start > end) {
          throw new IllegalArgumentException("the " + name + " field [" + range + "] is outside " + min + "-" + max
              + " or runs backwards");
        }
        star |= all && step == 1;
        for (int v = start; v <= end; v += step) {
          values.set(v);
        }
      }
      return new Field(values, star);
    }

    private static int value(String text, String name, List<String> names) {
      int i = names.indexOf(text.toLowerCase(Locale.ROOT));
      if (i >= 0) {
        return names == MONTHS ? i + 1 : i;
      }
      return number(text, name);
    }

    private static int number(String text, String name) {
      if (text.isEmpty() || !text.chars().allMatch(Character::isDigit) || text.length() > 9) {
        throw new IllegalArgumentException("not a number in the " + name + " field [" + text + "]");
      }
      return Integer.parseInt(text);
    }
  }
}
