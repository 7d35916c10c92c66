package io.aloft.admin.schedule;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import flyteidl.admin.ScheduleOuterClass.CronSchedule;
import flyteidl.admin.ScheduleOuterClass.Schedule;
import flyteidl.core.Interface.Parameter;
import flyteidl.core.Interface.ParameterMap;
import flyteidl.core.Interface.Variable;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import io.aloft.admin.AdminException;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

class ScheduleValidatorTest {

  private static Parameter required(SimpleType type) {
    return Parameter.newBuilder().setVar(Variable.newBuilder().setType(LiteralType.newBuilder().setSimple(type)))
        .setRequired(true).build();
  }

  private static Parameter defaulted(SimpleType type) {
    return Parameter.newBuilder().setVar(Variable.newBuilder().setType(LiteralType.newBuilder().setSimple(type)))
        .setDefault(Literal.newBuilder().setScalar(Scalar.newBuilder().setPrimitive(Primitive.newBuilder()
            .setInteger(1)))).build();
  }

  private static Schedule everyMinute(String kickoff) {
    return Schedule.newBuilder().setCronSchedule(CronSchedule.newBuilder().setSchedule("* * * * *"))
        .setKickoffTimeInputArg(kickoff).build();
  }

  private static void assertInvalid(Schedule s, ParameterMap inputs, String message) {
    assertThatThrownBy(() -> ScheduleValidator.validate(s, inputs)).isInstanceOfSatisfying(AdminException.class,
        e -> org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT))
        .hasMessageContaining(message);
  }

  @Test
  void aScheduleWhoseInputsAreBoundOrTheKickoffTimeIsValid() {
    ParameterMap inputs = ParameterMap.newBuilder().putParameters("t", required(SimpleType.DATETIME))
        .putParameters("n", defaulted(SimpleType.INTEGER)).build();
    assertThatCode(() -> ScheduleValidator.validate(everyMinute("t"), inputs)).doesNotThrowAnyException();
    // no schedule: nothing to check, required inputs or not
    assertThatCode(() -> ScheduleValidator.validate(Schedule.getDefaultInstance(), inputs)).doesNotThrowAnyException();
  }

  @Test
  void refusesWhatFlyteAdminRefusesAndABadExpression() {
    ParameterMap inputs = ParameterMap.newBuilder().putParameters("t", required(SimpleType.DATETIME))
        .putParameters("n", required(SimpleType.INTEGER)).build();
    assertInvalid(everyMinute("t"), inputs, "unbound required input. [n] is required");
    ParameterMap onlyN = ParameterMap.newBuilder().putParameters("n", required(SimpleType.INTEGER)).build();
    assertInvalid(everyMinute("n"), onlyN, "KickoffTimeInputArg must reference a datetime input. [n]");
    assertInvalid(everyMinute("x"), ParameterMap.getDefaultInstance(), "[x] is not free or does not exist");
    assertInvalid(Schedule.newBuilder().setCronSchedule(CronSchedule.newBuilder().setSchedule("61 * * * *")).build(),
        ParameterMap.getDefaultInstance(), "spec.entity_metadata.schedule.cron_schedule.schedule [61 * * * *]");
    assertInvalid(Schedule.newBuilder().setCronSchedule(CronSchedule.newBuilder().setSchedule("0 0 30 2 *")).build(),
        ParameterMap.getDefaultInstance(), "never fires");
  }
}
