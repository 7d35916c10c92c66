package io.aloft.admin.schedule;

import io.aloft.admin.AdminException;
import io.aloft.admin.repository.ScheduleRepository;
import io.aloft.admin.repository.ScheduleRepository.Due;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * One poll of the scheduler: in one transaction, claim the due schedules (row locks, SKIP LOCKED), fire each one's
 * due times through {@link ScheduledLaunch} and record how far it got. Nothing in memory decides who fires: a row is
 * fired by whichever replica locks it, and its {@code next_fire_at} moves in the same transaction, so a time fires
 * once; if a replica dies after creating an execution but before committing, the next claimant fires the same time
 * again under the same name and meets ALREADY_EXISTS.
 */
@ApplicationScoped
public class ScheduleTicker {
  private static final Logger LOG = Logger.getLogger(ScheduleTicker.class);

  @Inject
  ScheduleRepository schedules;

  @Inject
  ScheduledLaunch launch;

  @Inject
  ScheduleMetrics metrics;

  @Inject
  SchedulerConfig config;

  Clock clock = Clock.systemUTC();

  /** Fires what is due now; the number of executions created. */
  @ActivateRequestContext
  public int tick() {
    Instant now = clock.instant();
    return QuarkusTransaction.requiringNew().call(() -> {
      int created = 0;
      for (Due due : schedules.claimDue(now, config.batch())) {
        created += fire(due, now);
      }
      return created;
    });
  }

  private int fire(Due due, Instant now) {
    ScheduleExpression expression;
    try {
      expression = ScheduleExpression.of(due.schedule());
    } catch (IllegalArgumentException e) {
      // registered before schedules were validated: it can never fire
      LOG.errorf("schedule of launch plan %s stopped: %s", display(due), e.getMessage());
      metrics.failed("invalid_schedule");
      schedules.stop(due.id(), now);
      return 0;
    }
    CatchUp plan = CatchUp.plan(expression, due.nextFireAt(), now, config.maxCatchUpRuns(), config.firesPerPoll());
    if (plan.skipped() > 0) {
      LOG.warnf("schedule of launch plan %s: %d missed times before %s skipped (max-catch-up-runs %d)", display(due),
          plan.skipped(), plan.times().getFirst(), config.maxCatchUpRuns());
      metrics.skipped(plan.skipped());
    }
    int created = 0;
    Instant next = plan.after();
    Instant lastFired = null;
    for (Instant at : plan.times()) {
      try {
        ScheduledLaunch.Fired fired = launch.fire(due.launchPlan(), due.schedule(), at);
        if (fired.created()) {
          Duration lateness = Duration.between(at, clock.instant());
          metrics.fired(lateness);
          created++;
          LOG.infof("execution %s/%s/%s: fired by the schedule of launch plan %s for %s (%d ms late)",
              fired.id().getProject(), fired.id().getDomain(), fired.id().getName(), display(due), at,
              lateness.toMillis());
        }
        lastFired = at;
      } catch (AdminException e) {
        // refused for good (the project archived, an input no longer valid): Flyte's executor gives the time up
        // after its retries too, and the schedule goes on with the next time
        LOG.errorf("schedule of launch plan %s could not fire for %s: %s", display(due), at, e.getMessage());
        metrics.failed(e.code().name().toLowerCase(java.util.Locale.ROOT));
        lastFired = at;
      } catch (RuntimeException e) {
        // a fault (the database or S3 away): this time fires at a later poll, under the same name
        LOG.warnf(e, "schedule of launch plan %s could not fire for %s; retried at the next poll", display(due), at);
        metrics.failed("error");
        next = at;
        break;
      }
    }
    if (next == null) {
      LOG.warnf("schedule of launch plan %s has no later time and stops", display(due));
      schedules.stop(due.id(), now);
    } else {
      schedules.advance(due.id(), next, lastFired, now);
    }
    return created;
  }

  private static String display(Due due) {
    var lp = due.launchPlan();
    return lp.getProject() + "/" + lp.getDomain() + "/" + lp.getName() + "@" + lp.getVersion();
  }
}
