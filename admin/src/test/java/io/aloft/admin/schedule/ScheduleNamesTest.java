package io.aloft.admin.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScheduleNamesTest {
  private static final Identifier LP = Identifier.newBuilder().setResourceType(ResourceType.LAUNCH_PLAN)
      .setProject("flytesnacks").setDomain("development").setName("daily").setVersion("v1").build();

  @Test
  void nameIsFlytesSchedulerName() {
    // computed with Go's hash/fnv and encoding/binary as flyteadmin/scheduler/identifier/identifier.go does
    assertThat(ScheduleNames.executionName(LP, Instant.parse("2024-05-01T08:00:00Z")))
        .isEqualTo("f6cb115c422f35ac9000");
  }

  @Test
  void nameDependsOnVersionAndTimeOnly() {
    Instant t = Instant.parse("2024-05-01T08:00:00Z");
    assertThat(ScheduleNames.executionName(LP, t.plusMillis(900))).isEqualTo(ScheduleNames.executionName(LP, t));
    assertThat(ScheduleNames.executionName(LP, t.plusSeconds(60))).isNotEqualTo(ScheduleNames.executionName(LP, t));
    assertThat(ScheduleNames.executionName(LP.toBuilder().setVersion("v2").build(), t))
        .isNotEqualTo(ScheduleNames.executionName(LP, t));
    assertThat(ScheduleNames.executionName(LP, t)).matches("f[0-9a-f]{19}");
  }
}
