package io.aloft.admin.schedule;

import com.google.protobuf.InvalidProtocolBufferException;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanSpec;
import flyteidl.admin.ScheduleOuterClass.Schedule;
import io.aloft.admin.AdminException;
import io.aloft.admin.entity.LaunchPlanEntity;
import io.aloft.admin.repository.ScheduleRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/**
 * What a launch plan's state change does to its schedule (flyteadmin/pkg/manager/impl/launch_plan_manager.go
 * {@code updateSchedules}, {@code enableSchedule}, {@code disableSchedule}); called inside the UpdateLaunchPlan
 * transaction, so the schedule and the active version never disagree.
 */
@ApplicationScoped
public class ScheduleActivation {
  @Inject
  ScheduleRepository schedules;

  /**
   * {@code lp} became the active version: its schedule replaces the name's, first firing at its next time after
   * {@code now}; a version without a schedule stops the name's.
   */
  public void activated(LaunchPlanEntity lp, Instant now) {
    Schedule schedule = spec(lp).getEntityMetadata().getSchedule();
    if (!ScheduleExpression.present(schedule)) {
      schedules.deactivateName(lp, now);
      return;
    }
    Instant first;
    try {
      first = ScheduleExpression.of(schedule).next(now);
    } catch (IllegalArgumentException e) {
      throw AdminException.invalid("launch plan " + lp.name + " version " + lp.version + " cannot be activated:"
          + " invalid spec.entity_metadata." + e.getMessage());
    }
    if (first == null) {
      throw AdminException.invalid("launch plan " + lp.name + " version " + lp.version + " cannot be activated:"
          + " spec.entity_metadata.schedule never fires");
    }
    schedules.activate(lp, schedule, first, now);
  }

  /** {@code lp} was deactivated: its schedule stops. */
  public void deactivated(LaunchPlanEntity lp, Instant now) {
    schedules.deactivate(lp.id, now);
  }

  private static LaunchPlanSpec spec(LaunchPlanEntity lp) {
    try {
      return LaunchPlanSpec.parseFrom(lp.spec);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt spec of launch plan " + lp.id, e);
    }
  }
}
