package io.aloft.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import flyteidl.admin.Common.NamedEntityIdentifier;
import flyteidl.admin.Common.ResourceListRequest;
import flyteidl.admin.ExecutionOuterClass.Execution;
import flyteidl.admin.ExecutionOuterClass.ExecutionMetadata.ExecutionMode;
import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetDataRequest;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanCreateRequest;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanSpec;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanState;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanUpdateRequest;
import flyteidl.admin.ScheduleOuterClass.CronSchedule;
import flyteidl.admin.ScheduleOuterClass.Schedule;
import flyteidl.admin.WorkflowOuterClass.WorkflowCreateRequest;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import flyteidl.core.Interface.Variable;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import flyteidl.service.AdminServiceGrpc;
import io.aloft.admin.schedule.ScheduleNames;
import io.aloft.admin.transformer.Protos;
import io.aloft.testkit.quarkus.FreeGrpcPortResource;
import io.aloft.testkit.quarkus.KubeApiServerResource;
import io.aloft.testkit.quarkus.PostgresResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Launch-plan schedules with two admin replicas on one PostgreSQL: this test's instance and the packaged admin in
 * a child JVM, both polling every second. Downtime is simulated by moving the schedule's next time back in the
 * {@code schedules} table (the replicas must then catch up the missed minutes); a live fire is awaited in real time.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "admin_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
@QuarkusTestResource(KubeApiServerResource.class)
class SchedulesIT extends AdminGrpcTestBase {
  private static final String PROJECT = "flytesnacks";
  private static final String DOMAIN = "development";

  @Inject
  KubernetesClient kube;

  @Inject
  DataSource db;

  /** The chain workflow with one more input, {@code t: datetime}, for the kickoff time. */
  private Identifier kickoffWorkflow() throws Exception {
    ensureProject(PROJECT, "Flyte Snacks");
    WorkflowCreateRequest chain = WorkflowsIT.registerTasksOf(admin, "chain");
    Identifier id = chain.getId().toBuilder().setName("scheduled_chain").build();
    var template = chain.getSpec().getTemplate();
    var iface = template.getInterface();
    WorkflowCreateRequest request = chain.toBuilder().setId(id).setSpec(chain.getSpec().toBuilder().setTemplate(
        template.toBuilder().setId(id).setInterface(iface.toBuilder().setInputs(iface.getInputs().toBuilder()
            .putVariables("t", Variable.newBuilder().setType(LiteralType.newBuilder()
                .setSimple(SimpleType.DATETIME)).build()))))).build();
    createOrExisting(() -> admin.createWorkflow(request));
    return id;
  }

  /** A launch plan of {@code workflow} with every input fixed but {@code t}, firing every minute. */
  private Identifier everyMinute(Identifier workflow, String name) {
    Identifier lp = Identifier.newBuilder().setResourceType(ResourceType.LAUNCH_PLAN).setProject(PROJECT)
        .setDomain(DOMAIN).setName(name).setVersion("v1").build();
    admin.createLaunchPlan(LaunchPlanCreateRequest.newBuilder().setId(lp).setSpec(LaunchPlanSpec.newBuilder()
        .setWorkflowId(workflow)
        .setFixedInputs(LiteralMap.newBuilder().putLiterals("a", ExecutionsIT.integer(1))
            .putLiterals("s", ExecutionsIT.string("x")).putLiterals("f", ExecutionsIT.floating(1)))
        .setEntityMetadata(flyteidl.admin.LaunchPlanOuterClass.LaunchPlanMetadata.newBuilder().setSchedule(
            Schedule.newBuilder().setCronSchedule(CronSchedule.newBuilder().setSchedule("* * * * *"))
                .setKickoffTimeInputArg("t")))).build());
    return lp;
  }

  private static void setState(AdminServiceGrpc.AdminServiceBlockingStub stub, Identifier lp, LaunchPlanState s) {
    stub.updateLaunchPlan(LaunchPlanUpdateRequest.newBuilder().setId(lp).setState(s).build());
  }

  /** Simulates downtime: the schedule's first unfired time moved back to {@code at}. */
  private void dueSince(Identifier lp, Instant at) throws Exception {
    try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
        "UPDATE schedules SET next_fire_at = ? WHERE project = ? AND domain = ? AND name = ?")) {
      ps.setObject(1, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
      ps.setString(2, lp.getProject());
      ps.setString(3, lp.getDomain());
      ps.setString(4, lp.getName());
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
  }

  /** Every execution of launch plan {@code lp}, by scheduled time; fails on two for one time. */
  private TreeMap<Instant, Execution> scheduled(Identifier lp) {
    List<Execution> all = admin.listExecutions(ResourceListRequest.newBuilder().setId(NamedEntityIdentifier
        .newBuilder().setProject(PROJECT).setDomain(DOMAIN)).setLimit(1000)
        .setFilters("eq(launch_plan.name," + lp.getName() + ")").build()).getExecutionsList();
    return all.stream().collect(Collectors.toMap(e -> Protos.instant(e.getSpec().getMetadata().getScheduledAt()),
        Function.identity(), (x, y) -> {
          throw new AssertionError("two executions for one scheduled time: " + x.getId().getName() + ", "
              + y.getId().getName());
        }, TreeMap::new));
  }

  private static List<Instant> minutes(Instant from, Instant to) {
    return Stream.iterate(from, t -> !t.isAfter(to), t -> t.plus(1, ChronoUnit.MINUTES)).toList();
  }

  /** aloft_admin_schedule_fired_total of the admin on {@code httpPort}. */
  private static double fired(HttpClient http, int httpPort) throws Exception {
    String text = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    return text.lines().filter(l -> l.startsWith("aloft_admin_schedule_fired_total")).mapToDouble(
        l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  @Test
  void createLaunchPlanRefusesABadScheduleNamingTheField() throws Exception {
    Identifier workflow = kickoffWorkflow();
    LaunchPlanCreateRequest request = LaunchPlanCreateRequest.newBuilder().setId(Identifier.newBuilder()
        .setResourceType(ResourceType.LAUNCH_PLAN).setProject(PROJECT).setDomain(DOMAIN).setName("bad_schedule")
        .setVersion("v1")).setSpec(LaunchPlanSpec.newBuilder().setWorkflowId(workflow)
        .setFixedInputs(LiteralMap.newBuilder().putLiterals("a", ExecutionsIT.integer(1))
            .putLiterals("s", ExecutionsIT.string("x")).putLiterals("f", ExecutionsIT.floating(1)))
        .setEntityMetadata(flyteidl.admin.LaunchPlanOuterClass.LaunchPlanMetadata.newBuilder().setSchedule(
            Schedule.newBuilder().setCronSchedule(CronSchedule.newBuilder().setSchedule("*/61 * * *"))
                .setKickoffTimeInputArg("t")))).build();
    assertStatus(() -> admin.createLaunchPlan(request), io.grpc.Status.Code.INVALID_ARGUMENT,
        "spec.entity_metadata.schedule.cron_schedule.schedule [*/61 * * *]");
    LaunchPlanCreateRequest kickoffNotT = request.toBuilder().setSpec(request.getSpec().toBuilder()
        .setEntityMetadata(request.getSpec().getEntityMetadata().toBuilder().setSchedule(Schedule.newBuilder()
            .setCronSchedule(CronSchedule.newBuilder().setSchedule("@hourly")).setKickoffTimeInputArg("f")))).build();
    assertStatus(() -> admin.createLaunchPlan(kickoffNotT), io.grpc.Status.Code.INVALID_ARGUMENT,
        "unbound required input. [t] is required");
  }

  @Test
  void twoReplicasFireEachScheduledTimeOnceAcrossARestartUntilDeactivated() throws Exception {
    KubeCrds.installFlyteWorkflow(kube);
    Identifier lp = everyMinute(kickoffWorkflow(), "every_minute_" + Long.toString(System.nanoTime() % 1_000_000L, 36));
    int testHttp = org.eclipse.microprofile.config.ConfigProvider.getConfig()
        .getValue("quarkus.http.test-port", Integer.class);
    HttpClient http = HttpClient.newHttpClient();
    try (SecondAdmin second = SecondAdmin.start("schedules-second-admin.log")) {
      // admin "was down" for five minutes: both replicas find the missed minutes due and fire each one once
      Instant first = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(5, ChronoUnit.MINUTES);
      ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", second.grpcPort()).usePlaintext()
          .build();
      try {
        setState(AdminServiceGrpc.newBlockingStub(channel), lp, LaunchPlanState.ACTIVE);

        dueSince(lp, first);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(scheduled(lp).keySet())
            .containsAll(minutes(first, first.plus(5, ChronoUnit.MINUTES))));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(fired(http, testHttp)
            + fired(http, second.httpPort())).isEqualTo(scheduled(lp).size()));
        Map<Instant, Execution> caughtUp = scheduled(lp);
        caughtUp.forEach((at, e) -> {
          assertThat(e.getId().getName()).isEqualTo(ScheduleNames.executionName(lp, at));
          assertThat(e.getSpec().getMetadata().getMode()).isEqualTo(ExecutionMode.SCHEDULED);
          assertThat(e.getSpec().getMetadata().getPrincipal()).isEqualTo("flyte-scheduler");
          assertThat(e.getSpec().getLaunchPlan()).isEqualTo(lp);
        });
        Execution oldest = caughtUp.get(first);
        LiteralMap inputs = admin.getExecutionData(WorkflowExecutionGetDataRequest.newBuilder()
            .setId(oldest.getId()).build()).getFullInputs();
        assertThat(inputs.getLiteralsOrThrow("t").getScalar().getPrimitive().getDatetime())
            .isEqualTo(Protos.timestamp(first));
        assertThat(inputs.getLiteralsOrThrow("f").getScalar().getPrimitive().getFloatValue()).isEqualTo(1.0);

        // a rolling restart of one replica between fires; the next minute still fires exactly once
        second.restart();
        Instant live = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(1, ChronoUnit.MINUTES);
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(scheduled(lp)).containsKey(live));
        assertThat(scheduled(lp).keySet()).as("every minute from the first missed one, each once")
            .containsExactlyElementsOf(minutes(first, scheduled(lp).lastKey()));
        Duration lateness = Duration.between(live, Protos.instant(scheduled(lp).get(live).getClosure()
            .getCreatedAt()));
        assertThat(lateness).isBetween(Duration.ZERO, Duration.ofSeconds(10));
      } finally {
        channel.shutdownNow();
      }

      // deactivated through the other replica: even made due again, nothing fires
      setState(admin, lp, LaunchPlanState.INACTIVE);
      int before = scheduled(lp).size();
      dueSince(lp, first.minus(10, ChronoUnit.MINUTES));
      await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
          .until(() -> scheduled(lp).size() == before);
    }
  }
}
