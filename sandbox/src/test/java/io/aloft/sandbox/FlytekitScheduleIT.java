package io.aloft.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import flyteidl.admin.Common.NamedEntityIdentifier;
import flyteidl.admin.Common.ResourceListRequest;
import flyteidl.admin.ExecutionOuterClass.Execution;
import flyteidl.admin.ExecutionOuterClass.ExecutionMetadata.ExecutionMode;
import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetDataRequest;
import flyteidl.service.AdminServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schedules with the real client, in real time: a launch plan with {@code CronSchedule("* * * * *",
 * kickoff_time_input_arg="t")} registered and activated by {@code pyflyte register --activate-launchplans} fires an
 * execution within the next minute (mode SCHEDULED, {@code t} the scheduled time), and
 * {@code pyflyte launchplan --deactivate} stops it. No pod needs to run: the executions are admin's.
 */
class FlytekitScheduleIT {
  private static final String LP = "every_minute";

  @Test
  void aCronLaunchPlanActivatedThroughFlytekitFiresEachMinuteUntilDeactivated(@TempDir Path data, @TempDir Path work)
      throws Exception {
    String pyflyte = Pyflyte.pyflyte();
    LocalStack.Options options = LocalStack.Options.parse("--data-dir", data.toString(), "--random-ports",
        "--no-pod-runner");
    try (LocalStack stack = new LocalStack(options, new PrintStream(new ByteArrayOutputStream())).start()) {
      Path project = work.resolve("project");
      Files.createDirectories(project.resolve("sched"));
      for (String f : List.of("__init__.py", "wf.py")) {
        Files.copy(Path.of("src/test/resources/pyflyte-schedule/sched", f), project.resolve("sched").resolve(f));
      }
      Files.copy(stack.flytekitConfig(), project.resolve("config.yaml"));
      ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1",
          stack.endpoints().get("admin").grpcPort()).usePlaintext().build();
      try {
        var admin = AdminServiceGrpc.newBlockingStub(channel);
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
        // nothing more: wait past the next minute boundary (and a few polls after it)
        int fired = scheduled(admin).size();
        Instant nextMinute = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        Duration quiet = Duration.between(Instant.now(), nextMinute.plusSeconds(5));
        await().during(quiet).atMost(quiet.plusSeconds(10)).pollInterval(Duration.ofSeconds(1))
            .until(() -> scheduled(admin).size() == fired);
      } finally {
        channel.shutdownNow();
      }
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
