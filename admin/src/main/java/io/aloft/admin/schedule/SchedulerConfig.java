package io.aloft.admin.schedule;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * {@code aloft.admin.scheduler}: the launch-plan scheduler every admin replica runs (Flyte runs it as a separate
 * {@code flytescheduler} process with {@code scheduler.*} settings; here it lives in admin and replicas share the
 * work through PostgreSQL).
 */
@ConfigMapping(prefix = "aloft.admin.scheduler")
public interface SchedulerConfig {

  /** Whether this replica fires schedules. Any one enabled replica is enough; more only share the work. */
  @WithDefault("true")
  boolean enabled();

  /** How often a replica looks for due schedules; also the usual delay between a scheduled time and its fire. */
  @WithDefault("1s")
  Duration pollInterval();

  /** Due schedules a replica claims per poll. */
  @WithDefault("20")
  int batch();

  /** Scheduled times one schedule fires per poll (a long catch-up proceeds over several polls). */
  @WithDefault("10")
  int firesPerPoll();

  /**
   * Missed times fired per schedule after downtime (Flyte's {@code CatchupAll} fires all of them); when more were
   * missed, only the latest this many fire and the older ones are skipped.
   */
  @WithDefault("100")
  int maxCatchUpRuns();

  /** A fire this long or longer after its scheduled time counts as late ({@code aloft_admin_schedule_late_total}). */
  @WithDefault("10s")
  Duration lateThreshold();
}
