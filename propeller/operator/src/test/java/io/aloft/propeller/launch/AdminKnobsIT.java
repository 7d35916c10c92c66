package io.aloft.propeller.launch;

import static io.aloft.propeller.controller.WorkflowLoopIT.counter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import flyteidl.admin.ExecutionOuterClass.Execution;
import flyteidl.admin.ExecutionOuterClass.ExecutionClosure;
import flyteidl.core.Execution.WorkflowExecution.Phase;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import io.aloft.crd.FlyteWorkflow;
import io.aloft.engine.remote.Launcher;
import io.aloft.engine.status.StatusJson;
import io.aloft.engine.status.WorkflowPhase;
import io.aloft.propeller.controller.PropellerRuntime;
import io.aloft.propeller.controller.WorkflowCrdResource;
import io.aloft.propeller.controller.WorkflowLoopIT;
import io.aloft.testkit.quarkus.KubeApiServerResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Propeller's knobs towards admin, each set as a user sets it and seen on {@code /q/metrics}, against a hand-written
 * admin ({@link TestingAdmin}): {@code admin-launcher.tps} and {@code .burst} make calls wait, {@code .workers} bounds
 * the children synced at once, {@code .cacheSize} the children followed, and {@code event.max-retries} the calls
 * per event while admin is unavailable. Ordered: the rate-limiter test must find no child syncing in the background.
 */
@QuarkusTest
@QuarkusTestResource(value = KubeApiServerResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = WorkflowCrdResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = S3Resource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = TestingAdminResource.class, restrictToAnnotatedClass = true)
@TestProfile(AdminKnobsIT.Knobs.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminKnobsIT {
  static final String NS = "admin-knobs";
  static final String PARENT = NS + "/parent";

  /** Every knob away from its default (tps 100, burst 10, workers 10, cacheSize 10000, max-retries 5). */
  public static class Knobs implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("aloft.propeller.event.type", "admin",
          "aloft.propeller.event.max-retries", "2",
          "aloft.propeller.event.base-scalar", "1ms",
          "aloft.propeller.admin-launcher.tps", "5",
          "aloft.propeller.admin-launcher.burst", "1",
          "aloft.propeller.admin-launcher.workers", "2",
          "aloft.propeller.admin-launcher.cacheSize", "3",
          "aloft.propeller.admin-launcher.cache-resync-duration", "100ms");
    }
  }

  @Inject
  PropellerRuntime runtime;

  @Inject
  KubernetesClient kube;

  final TestingAdmin admin = TestingAdminResource.admin;

  static String metrics() {
    return RestAssured.given().get("/q/metrics").then().statusCode(200).extract().asString();
  }

  static WorkflowExecutionIdentifier child(String name) {
    return WorkflowExecutionIdentifier.newBuilder().setProject("flytesnacks").setDomain("development").setName(name)
        .build();
  }

  /** A child admin says was aborted: terminal, so the launcher stops syncing it. */
  static Execution aborted() {
    return Execution.newBuilder().setClosure(ExecutionClosure.newBuilder().setPhase(Phase.ABORTED)).build();
  }

  Launcher launcher() {
    return runtime.remote().launcher();
  }

  @Test
  @Order(1)
  void tpsAndBurstMakeCallsToAdminWait() throws Exception {
    Identifier lp = Identifier.newBuilder().setResourceType(ResourceType.LAUNCH_PLAN).setProject("flytesnacks")
        .setDomain("development").setName("lp").setVersion("v1").build();
    String before = metrics();
    for (int i = 0; i < 6; i++) {
      launcher().launchPlan(lp);
    }
    String after = metrics();
    String waited = "aloft_propeller_admin_launcher_throttled_seconds";
    String calls = "aloft_propeller_admin_launcher_calls_total";
    assertThat(counter(after, calls) - counter(before, calls)).isEqualTo(6);
    // at 5 per second, one at once, the calls after the first wait for tokens (with the defaults, a burst of 10,
    // none does); how long depends on how fast the calls themselves are, so only "some" is asserted
    assertThat(counter(after, waited) - counter(before, waited)).as("seconds waited for the limiter")
        .isPositive();
  }

  @Test
  @Order(2)
  void workersBoundTheChildrenSyncedAtOnce() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    AtomicInteger inAdmin = new AtomicInteger();
    AtomicInteger mostInAdmin = new AtomicInteger();
    admin.getExecution = r -> {
      mostInAdmin.accumulateAndGet(inAdmin.incrementAndGet(), Math::max);
      try {
        gate.await(2, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        inAdmin.decrementAndGet();
      }
      return aborted();
    };
    String before = metrics();
    String calls = "aloft_propeller_admin_launcher_calls_total";
    List<WorkflowExecutionIdentifier> children = List.of(child("w0"), child("w1"), child("w2"));
    for (WorkflowExecutionIdentifier c : children) {
      launcher().status(c, PARENT);
    }
    // the next resync hands all three to the workers; each worker takes a token first, then waits in admin
    await().atMost(Duration.ofSeconds(30)).until(() -> inAdmin.get() >= 2);
    String held = metrics();
    assertThat(inAdmin.get()).as("syncs waiting in admin").isEqualTo(2);
    assertThat(counter(held, "aloft_propeller_admin_launcher_workers_busy")).isEqualTo(2);
    assertThat(counter(held, calls) - counter(before, calls)).as("syncs started").isEqualTo(2);

    gate.countDown();
    await().atMost(Duration.ofSeconds(30)).until(() -> children.stream()
        .allMatch(c -> statusOf(c).terminal()));
    assertThat(mostInAdmin.get()).as("syncs ever in admin at once").isEqualTo(2);
    admin.getExecution = r -> aborted();
  }

  private io.aloft.engine.remote.ChildStatus statusOf(WorkflowExecutionIdentifier c) {
    try {
      return launcher().status(c, PARENT);
    } catch (io.aloft.engine.remote.RemoteException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  @Order(3)
  void cacheSizeBoundsTheChildrenFollowed() throws Exception {
    String evictions = "aloft_propeller_admin_launcher_cache_evictions_total";
    double before = counter(metrics(), evictions);
    for (int i = 0; i < 10; i++) {
      launcher().status(child("c" + i), PARENT);
    }
    String after = metrics();
    assertThat(counter(after, "aloft_propeller_admin_launcher_cache_size")).isLessThanOrEqualTo(3);
    assertThat(counter(after, evictions) - before).isGreaterThanOrEqualTo(7);
  }

  @Test
  @Order(4)
  void eventMaxRetriesBoundsTheCallsPerEventWhileAdminIsDown() throws Exception {
    if (kube.namespaces().withName(NS).get() == null) {
      kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
          .create();
    }
    admin.eventsDown = true;
    FlyteWorkflow wf = WorkflowLoopIT.chain("refused", 1);
    wf.getMetadata().setNamespace(NS);
    kube.resources(FlyteWorkflow.class).inNamespace(NS).resource(wf).create();
    String sends = "aloft_propeller_event_attempts_count";
    String calls = "aloft_propeller_event_attempts_sum";
    await().atMost(Duration.ofSeconds(60)).until(() -> counter(metrics(), sends) >= 2);
    String down = metrics();
    // every event given up after the first call and max-retries (2) retries; the default would make 6
    assertThat(counter(down, calls)).isEqualTo(3 * counter(down, sends));
    assertThat(counter(down, "aloft_propeller_event_attempts_max")).isEqualTo(3);

    // admin back: the workflow's rounds, backed off meanwhile, go through and it finishes
    admin.eventsDown = false;
    FlyteWorkflow done = await().atMost(Duration.ofSeconds(90)).until(
        () -> kube.resources(FlyteWorkflow.class).inNamespace(NS).withName("refused").get(),
        w -> w.status != null && StatusJson.fromNode(w.status).phase.isTerminal());
    assertThat(StatusJson.fromNode(done.status).phase).isEqualTo(WorkflowPhase.SUCCESS);
  }
}
