package io.aloft.admin.schedule;

import flyteidl.admin.ScheduleOuterClass.Schedule;
import flyteidl.core.Interface.Parameter;
import flyteidl.core.Interface.ParameterMap;
import flyteidl.core.Types.SimpleType;
import io.aloft.admin.AdminException;
import java.util.Map;

/**
 * Checks a launch plan's schedule at CreateLaunchPlan (flyteadmin/pkg/manager/impl/validation/
 * launch_plan_validator.go {@code validateSchedule}): every required input but the kickoff-time one must be bound,
 * and the kickoff-time input must be a free datetime input. Unlike FlyteAdmin, the expression itself is parsed
 * here too, so a bad cron is refused at registration rather than never firing.
 */
public final class ScheduleValidator {
  private ScheduleValidator() {}

  /** INVALID_ARGUMENT naming the field if {@code schedule} cannot run with {@code expectedInputs}. */
  public static void validate(Schedule schedule, ParameterMap expectedInputs) {
    if (!ScheduleExpression.present(schedule)) {
      return;
    }
    ScheduleExpression expression;
    try {
      expression = ScheduleExpression.of(schedule);
    } catch (IllegalArgumentException e) {
      throw AdminException.invalid("invalid spec.entity_metadata." + e.getMessage());
    }
    if (expression.next(java.time.Instant.now()) == null) {
      throw AdminException.invalid("spec.entity_metadata.schedule never fires (no matching time within five years)");
    }
    String kickoff = schedule.getKickoffTimeInputArg();
    for (Map.Entry<String, Parameter> input : expectedInputs.getParametersMap().entrySet()) {
      if (input.getValue().getRequired() && !input.getKey().equals(kickoff)) {
        throw AdminException.invalid("Cannot create a launch plan with a schedule if there is an unbound required"
            + " input. [" + input.getKey() + "] is required");
      }
    }
    if (kickoff.isEmpty()) {
      return;
    }
    Parameter param = expectedInputs.getParametersMap().get(kickoff);
    if (param == null) {
      throw AdminException.invalid("Cannot create a schedule with a KickoffTimeInputArg that does not point to a free"
          + " input. [" + kickoff + "] is not free or does not exist (spec.entity_metadata.schedule"
          + ".kickoff_time_input_arg)");
    }
    if (param.getVar().getType().getSimple() != SimpleType.DATETIME) {
      throw AdminException.invalid("KickoffTimeInputArg must reference a datetime input. [" + kickoff + "] is a ["
          + io.aloft.compiler.typing.LiteralTypes.describe(param.getVar().getType())
          + "] (spec.entity_metadata.schedule.kickoff_time_input_arg)");
    }
  }
}
