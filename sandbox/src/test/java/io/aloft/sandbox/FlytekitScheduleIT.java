package io.aloft.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import flyteidl.admin.Common.NamedEntityIdentifier;
import flyteidl.admin.Common.ObjectGetRequest;
import flyteidl.admin.Common.ResourceListRequest;
import flyteidl.admin.ExecutionOuterClass.Execution;
import flyteidl.admin.ExecutionOuterClass.ExecutionMetadata.ExecutionMode;
import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetDataRequest;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanState;
import flyteidl.service.AdminServiceGrpc;
import io.aloft.embedded.EmbeddedPostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schedules with the real client, in real time: a launch plan with {@code CronSchedule("* * * * *",
 * kickoff_time_input_arg="t")} registered and activated by {@code pyflyte register --activate-launchplans} fires an
 * execution within the next minute (mode SCHEDULED, {@code t} the scheduled time), and
 * {@code pyflyte launchplan --deactivate} stops it: the launch plan reads back INACTIVE, and with its schedule's
 * next time moved ten minutes back in admin's {@code schedules} table (as if admin had been down) nothing fires, where an
 * active schedule would fire every missed minute within a poll. No pod needs to run: the executions are admin's.
 */
class FlytekitScheduleIT {
  private static final String LP = "every_minute";

  @Test
  void aCronLaunchPlanActivatedThroughFlytekitFiresEachMinuteUntilDeactivated(@TempDir Path work) throws Exception {
    String pyflyte = Pyflyte.pyflyte();
    // shared with AdminLauncherIT and PyflyteRegisterIT (RunningStack.shared): the schedule and its executions are
    // this test's own
    RunningStack running = RunningStack.shared("--no-pod-runner");
    LocalStack stack = running.stack();
    var admin = running.admin();
    Path project = work.resolve("project");
    Files.createDirectories(project.resolve("sched"));
    for (String f : List.of("__init__.py", "wf.py")) {
      Files.copy(Path.of("src/test/resources/pyflyte-schedule/sched", f), project.resolve("sched").resolve(f));
    }
    Files.copy(stack.flytekitConfig(), project.resolve("config.yaml"));
    Pyflyte.run(project, List.of(pyflyte, "--config", "config.yaml", "register", "--project", "flytesnacks",
        "--domain", "development", "--version", "v1", "--activate-launchplans", "sched"));
    Instant activated = Instant.now();

    await().atMost(Duration.ofSeconds(130)).pollInterval(Duration.ofSeconds(2))
        .until(() -> !scheduled(admin).isEmpty());
    Execution e = scheduled(admin).getFirst();
    Instant at = Instant.ofEpochSecond(e.getSpec().getMetadata().getScheduledAt().getSeconds());
    assertThat(at).isAfter(activated.minusSeconds(1)).isEqualTo(at.truncatedTo(ChronoUnit.MINUTES));
    assertThat(e.getSpec().getMetadata().getMode()).isEqualTo(ExecutionMode.SCHEDULED);
    assertThat(e.getSpec().getLaunchPlan().getVersion()).isEqualTo("v1");
    var t = admin.getExecutionData(WorkflowExecutionGetDataRequest.newBuilder().setId(e.getId()).build())
        .getFullInputs().getLiteralsOrThrow("t").getScalar().getPrimitive().getDatetime();
    assertThat(t).isEqualTo(e.getSpec().getMetadata().getScheduledAt());

    String out = Pyflyte.run(project, List.of(pyflyte, "--config", "config.yaml", "launchplan", "--project",
        "flytesnacks", "--domain", "development", "--deactivate", LP, "v1"));
    assertThat(out).contains("Launchplan was set to INACTIVE");
    assertThat(admin.getLaunchPlan(ObjectGetRequest.newBuilder().setId(e.getSpec().getLaunchPlan()).build())
        .getClosure().getState()).isEqualTo(LaunchPlanState.INACTIVE);
    // nothing more, even with ten missed minutes due (admin polls every second; an active schedule would catch
    // them up at once): no need to wait for the next minute boundary
    int fired = scheduled(admin).size();
    dueSince(stack, Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(10, ChronoUnit.MINUTES));
    await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(500))
        .until(() -> scheduled(admin).size() == fired);
  }

  /** Simulates downtime as SchedulesIT does: the schedule's first unfired time moved back to {@code at}. */
  private static void dueSince(LocalStack stack, Instant at) throws Exception {
    try (Connection c = DriverManager.getConnection(stack.postgres().jdbcUrl("aloft_admin"),
        EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD); PreparedStatement ps = c.prepareStatement(
            "UPDATE schedules SET next_fire_at = ? WHERE project = 'flytesnacks' AND domain = 'development'"
                + " AND name = ?")) {
      ps.setObject(1, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
      ps.setString(2, LP);
      assertThat(ps.executeUpdate()).as("the schedule's row, kept inactive").isEqualTo(1);
    }
  }

  /** The executions of the scheduled launch plan, oldest first. */
  private static List<Execution> scheduled(AdminServiceGrpc.AdminServiceBlockingStub admin) {
    return admin.listExecutions(ResourceListRequest.newBuilder().setId(NamedEntityIdentifier.newBuilder()
            .setProject("flytesnacks").setDomain("development")).setLimit(100)
        .setFilters("eq(launch_plan.name," + LP + ")").build()).getExecutionsList().stream()
        .sorted(java.util.Comparator.comparing(x -> x.getSpec().getMetadata().getScheduledAt().getSeconds()))
        .toList();
  }
}
