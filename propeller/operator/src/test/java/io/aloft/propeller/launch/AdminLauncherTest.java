package io.aloft.propeller.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Any;
import flyteidl.admin.Common.RawOutputDataConfig;
import flyteidl.admin.Common.UrlBlob;
import flyteidl.admin.Event.EventErrorAlreadyInTerminalState;
import flyteidl.admin.Event.EventFailureReason;
import flyteidl.admin.ExecutionOuterClass.AbortMetadata;
import flyteidl.admin.ExecutionOuterClass.Execution;
import flyteidl.admin.ExecutionOuterClass.ExecutionClosure;
import flyteidl.admin.ExecutionOuterClass.ExecutionCreateRequest;
import flyteidl.admin.ExecutionOuterClass.ExecutionMetadata.ExecutionMode;
import flyteidl.admin.ExecutionOuterClass.LiteralMapBlob;
import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetDataResponse;
import flyteidl.core.Execution.ExecutionError;
import flyteidl.core.Execution.WorkflowExecution.Phase;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.NodeExecutionIdentifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Literals.KeyValuePair;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Security.SecurityContext;
import io.aloft.engine.data.InMemoryBlobStore;
import io.aloft.engine.remote.ChildStatus;
import io.aloft.engine.remote.LaunchContext;
import io.aloft.engine.remote.RemoteException;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin launcher against a hand-written admin at the gRPC edge. */
class AdminLauncherTest {
  static final String PARENT = "flytesnacks-development/parent-exec";
  static final Identifier LP = Identifier.newBuilder().setResourceType(ResourceType.LAUNCH_PLAN)
      .setProject("flytesnacks").setDomain("development").setName("child.lp").setVersion("v1").build();
  static final LiteralMap INPUTS = LiteralMap.newBuilder().putLiterals("x", integer(3)).build();

  TestingAdmin admin;
  SimpleMeterRegistry registry;
  InMemoryBlobStore blobs;
  List<String> enqueued;
  AdminLauncher launcher;

  @BeforeEach
  void start() throws Exception {
    admin = new TestingAdmin();
    registry = new SimpleMeterRegistry();
    blobs = new InMemoryBlobStore();
    enqueued = new CopyOnWriteArrayList<>();
  }

  @AfterEach
  void stop() {
    if (launcher != null) {
      launcher.close();
    }
    admin.close();
  }

  AdminLauncher launcher(TestLauncherConfig config) {
    AdminRateLimiter limiter = new AdminRateLimiter(config.tps(), config.burst());
    LauncherMetrics metrics = new LauncherMetrics(registry);
    metrics.limiter(limiter);
    launcher = new AdminLauncher(admin.adminStub(), config, limiter, blobs, enqueued::add, metrics,
        Duration.ofSeconds(5));
    return launcher;
  }

  /** A launcher whose cache never resyncs by itself during a test. */
  AdminLauncher idleLauncher() {
    return launcher(TestLauncherConfig.resyncEvery(Duration.ofHours(1)));
  }

  static Literal integer(long v) {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setPrimitive(Primitive.newBuilder().setInteger(v)))
        .build();
  }

  static WorkflowExecutionIdentifier child(String name) {
    return WorkflowExecutionIdentifier.newBuilder().setProject("flytesnacks").setDomain("development").setName(name)
        .build();
  }

  static LaunchContext context(Boolean interruptible) {
    NodeExecutionIdentifier parentNode = NodeExecutionIdentifier.newBuilder().setNodeId("n1")
        .setExecutionId(child("parent-exec")).build();
    return new LaunchContext(2, "alice", parentNode, 7,
        SecurityContext.newBuilder().setRunAs(flyteidl.core.Security.Identity.newBuilder().setK8SServiceAccount("sa"))
            .build(),
        RawOutputDataConfig.newBuilder().setOutputLocationPrefix("s3://raw/prefix").build(),
        Map.of("team", "ml", "shard-key", "17"), Map.of("owner", "alice"), interruptible, true,
        Map.of("B", "2", "A", "1"));
  }

  static Execution execution(ExecutionClosure.Builder closure) {
    return Execution.newBuilder().setClosure(closure).build();
  }

  double counter(String name, String tag, String value) {
    return registry.get(name).tag(tag, value).counter().count();
  }

  @Test
  void launchCreatesTheChildWithWhatItInheritsFromItsParent() throws Exception {
    idleLauncher().launch(context(true), child("child-a"), LP, INPUTS, PARENT);

    assertThat(admin.creates).hasSize(1);
    ExecutionCreateRequest r = admin.creates.get(0);
    assertThat(r.getProject()).isEqualTo("flytesnacks");
    assertThat(r.getDomain()).isEqualTo("development");
    assertThat(r.getName()).isEqualTo("child-a");
    assertThat(r.getInputs()).isEqualTo(INPUTS);
    var spec = r.getSpec();
    assertThat(spec.getLaunchPlan()).isEqualTo(LP);
    assertThat(spec.getMetadata().getMode()).isEqualTo(ExecutionMode.CHILD_WORKFLOW);
    assertThat(spec.getMetadata().getNesting()).isEqualTo(3);
    assertThat(spec.getMetadata().getPrincipal()).isEqualTo("alice");
    assertThat(spec.getMetadata().getParentNodeExecution().getNodeId()).isEqualTo("n1");
    assertThat(spec.getMetadata().getParentNodeExecution().getExecutionId().getName()).isEqualTo("parent-exec");
    // the shard key is the child's own, computed by admin from its name
    assertThat(spec.getLabels().getValuesMap()).isEqualTo(Map.of("team", "ml"));
    assertThat(spec.getAnnotations().getValuesMap()).isEqualTo(Map.of("owner", "alice"));
    assertThat(spec.getSecurityContext().getRunAs().getK8SServiceAccount()).isEqualTo("sa");
    assertThat(spec.getMaxParallelism()).isEqualTo(7);
    assertThat(spec.getRawOutputDataConfig().getOutputLocationPrefix()).isEqualTo("s3://raw/prefix");
    assertThat(spec.hasInterruptible()).isTrue();
    assertThat(spec.getInterruptible().getValue()).isTrue();
    assertThat(spec.getOverwriteCache()).isTrue();
    assertThat(spec.getEnvs().getValuesList()).containsExactly(
        KeyValuePair.newBuilder().setKey("A").setValue("1").build(),
        KeyValuePair.newBuilder().setKey("B").setValue("2").build());
    assertThat(counter("aloft.propeller.admin.launcher.launches", "outcome", "created")).isEqualTo(1.0);
    assertThat(launcher.cachedChildren()).isEqualTo(1);
  }

  @Test
  void interruptibleIsSentOnlyWhenTheParentSetsIt() throws Exception {
    idleLauncher().launch(context(null), child("unset"), LP, INPUTS, PARENT);
    launcher.launch(context(false), child("off"), LP, INPUTS, PARENT);
    assertThat(admin.creates.get(0).getSpec().hasInterruptible()).isFalse();
    assertThat(admin.creates.get(1).getSpec().hasInterruptible()).isTrue();
    assertThat(admin.creates.get(1).getSpec().getInterruptible().getValue()).isFalse();
  }

  @Test
  void aChildAdminAlreadyHasIsAdoptedAndFollowed() throws Exception {
    admin.create = r -> {
      throw Status.ALREADY_EXISTS.withDescription("execution child-b already exists").asRuntimeException();
    };
    admin.getExecution = r -> execution(ExecutionClosure.newBuilder().setPhase(Phase.RUNNING));
    idleLauncher().launch(context(null), child("child-b"), LP, INPUTS, PARENT);

    assertThat(counter("aloft.propeller.admin.launcher.launches", "outcome", "adopted")).isEqualTo(1.0);
    assertThat(counter("aloft.propeller.admin.launcher.launches", "outcome", "created")).isEqualTo(0.0);
    launcher.resyncNow();
    await().atMost(Duration.ofSeconds(10)).until(() -> launcher.status(child("child-b"), PARENT).phase()
        == Phase.RUNNING);
  }

  @Test
  void refusalsAreUserErrorsWithAdminsMessageAndFaultsAreSystemErrors() {
    idleLauncher();
    Map<Status.Code, RemoteException.Kind> expected = Map.ofEntries(
        Map.entry(Status.Code.INVALID_ARGUMENT, RemoteException.Kind.USER),
        Map.entry(Status.Code.NOT_FOUND, RemoteException.Kind.USER),
        Map.entry(Status.Code.FAILED_PRECONDITION, RemoteException.Kind.USER),
        Map.entry(Status.Code.RESOURCE_EXHAUSTED, RemoteException.Kind.USER),
        Map.entry(Status.Code.PERMISSION_DENIED, RemoteException.Kind.USER),
        Map.entry(Status.Code.DATA_LOSS, RemoteException.Kind.SYSTEM),
        Map.entry(Status.Code.DEADLINE_EXCEEDED, RemoteException.Kind.SYSTEM),
        Map.entry(Status.Code.INTERNAL, RemoteException.Kind.SYSTEM),
        Map.entry(Status.Code.UNKNOWN, RemoteException.Kind.SYSTEM),
        Map.entry(Status.Code.CANCELLED, RemoteException.Kind.SYSTEM),
        Map.entry(Status.Code.UNAVAILABLE, RemoteException.Kind.SYSTEM));
    expected.forEach((code, kind) -> {
      admin.create = r -> {
        throw Status.fromCode(code).withDescription("admin says no to " + r.getName()).asRuntimeException();
      };
      assertThatThrownBy(() -> launcher.launch(context(null), child("c-" + code), LP, INPUTS, PARENT))
          .as(code.name()).isInstanceOfSatisfying(RemoteException.class, e -> {
            assertThat(e.kind()).as(code.name()).isEqualTo(kind);
            assertThat(e.getMessage()).contains("admin says no to c-" + code).contains("child.lp");
          });
    });
    assertThat(counter("aloft.propeller.admin.launcher.launches", "outcome", "user_error")).isEqualTo(5.0);
    assertThat(counter("aloft.propeller.admin.launcher.launches", "outcome", "system_error")).isEqualTo(6.0);
    // a child admin refused is not followed
    assertThat(launcher.cachedChildren()).isZero();
  }

  @Test
  void statusNeverCallsAdminAndRegistersAChildItDoesNotKnow() throws Exception {
    idleLauncher();
    assertThat(launcher.status(child("after-restart"), PARENT)).isEqualTo(ChildStatus.UNKNOWN);
    assertThat(launcher.status(child("after-restart"), PARENT)).isEqualTo(ChildStatus.UNKNOWN);
    assertThat(admin.executionGets).isEmpty();
    assertThat(launcher.cachedChildren()).isEqualTo(1);
    assertThat(registry.get("aloft.propeller.admin.launcher.cache").tag("result", "miss").functionCounter().count())
        .isEqualTo(1.0);
    assertThat(registry.get("aloft.propeller.admin.launcher.cache").tag("result", "hit").functionCounter().count())
        .isEqualTo(1.0);
    assertThat(registry.get("aloft.propeller.admin.launcher.cache.size").gauge().value()).isEqualTo(1.0);

    // the next resync fetches it, and a child that ends queues its parent
    admin.getExecution = r -> execution(ExecutionClosure.newBuilder().setPhase(Phase.FAILED)
        .setError(ExecutionError.newBuilder().setCode("boom").setMessage("the child failed")));
    launcher.resyncNow();
    await().atMost(Duration.ofSeconds(10)).until(() -> launcher.status(child("after-restart"), PARENT).terminal());
    ChildStatus failed = launcher.status(child("after-restart"), PARENT);
    assertThat(failed.phase()).isEqualTo(Phase.FAILED);
    assertThat(failed.error().getMessage()).isEqualTo("the child failed");
    assertThat(failed.outputs()).isNull();
    await().atMost(Duration.ofSeconds(10)).until(() -> enqueued.equals(List.of(PARENT)));
  }

  @Test
  void aChildThatSucceedsIsStoredWithItsOutputsThenItsParentIsQueuedOnce() throws Exception {
    LiteralMap outputs = LiteralMap.newBuilder().putLiterals("y", integer(9)).build();
    AtomicReference<Phase> phase = new AtomicReference<>(Phase.RUNNING);
    admin.getExecution = r -> execution(ExecutionClosure.newBuilder().setPhase(phase.get()));
    admin.getData = r -> WorkflowExecutionGetDataResponse.newBuilder().setFullOutputs(outputs).build();
    // the parent's round, queued by the launcher, must read the new status: check it at the moment of the enqueue
    List<ChildStatus> seenByParent = new CopyOnWriteArrayList<>();
    enqueued = new CopyOnWriteArrayList<>() {
      @Override
      public boolean add(String key) {
        try {
          seenByParent.add(launcher.status(child("child-c"), key));
        } catch (RemoteException e) {
          throw new AssertionError(e);
        }
        return super.add(key);
      }
    };
    launcher(TestLauncherConfig.resyncEvery(Duration.ofMillis(50)));
    launcher.launch(context(null), child("child-c"), LP, INPUTS, PARENT);

    await().atMost(Duration.ofSeconds(10)).until(() -> launcher.status(child("child-c"), PARENT).phase()
        == Phase.RUNNING);
    assertThat(enqueued).isEmpty();
    phase.set(Phase.SUCCEEDED);
    await().atMost(Duration.ofSeconds(10)).until(() -> !enqueued.isEmpty());
    ChildStatus done = launcher.status(child("child-c"), PARENT);
    assertThat(done.phase()).isEqualTo(Phase.SUCCEEDED);
    assertThat(done.outputs()).isEqualTo(outputs);
    assertThat(seenByParent).singleElement().isEqualTo(done);

    // a terminal child is not fetched again, and its parent is not queued again
    int gets = admin.executionGets("child-c");
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() ->
        admin.executionGets("child-c") == gets && enqueued.size() == 1);
  }

  @Test
  void outputsAdminDoesNotInlineAreReadFromTheClosuresUri() throws Exception {
    LiteralMap outputs = LiteralMap.newBuilder().putLiterals("big", integer(42)).build();
    blobs.writeProto("s3://bucket/metadata/child-d/outputs.pb", outputs);
    admin.getExecution = r -> execution(ExecutionClosure.newBuilder().setPhase(Phase.SUCCEEDED)
        .setOutputs(LiteralMapBlob.newBuilder().setUri("s3://bucket/metadata/child-d/outputs.pb")));
    admin.getData = r -> WorkflowExecutionGetDataResponse.newBuilder()
        .setOutputs(UrlBlob.newBuilder().setUrl("https://signed/outputs.pb").setBytes(1 << 20)).build();
    idleLauncher().launch(context(null), child("child-d"), LP, INPUTS, PARENT);
    launcher.resyncNow();

    await().atMost(Duration.ofSeconds(10)).until(() -> launcher.status(child("child-d"), PARENT).terminal());
    assertThat(launcher.status(child("child-d"), PARENT).outputs()).isEqualTo(outputs);
  }

  @Test
  void outputsThatCannotBeReadAreASystemErrorAndTheChildIsNotTerminal() throws Exception {
    admin.getExecution = r -> execution(ExecutionClosure.newBuilder().setPhase(Phase.SUCCEEDED)
        .setOutputs(LiteralMapBlob.newBuilder().setUri("s3://bucket/missing/outputs.pb")));
    admin.getData = r -> {
      throw Status.UNAVAILABLE.asRuntimeException();
    };
    idleLauncher().launch(context(null), child("child-e"), LP, INPUTS, PARENT);
    launcher.resyncNow();

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThatThrownBy(() -> launcher.status(child("child-e"), PARENT)).isInstanceOfSatisfying(
            RemoteException.class, e -> {
              assertThat(e.kind()).isEqualTo(RemoteException.Kind.SYSTEM);
              assertThat(e.getMessage()).contains("s3://bucket/missing/outputs.pb");
            }));
    assertThat(enqueued).isEmpty();
    assertThat(counter("aloft.propeller.admin.launcher.syncs", "result", "failure")).isEqualTo(1.0);
  }

  @Test
  void aChildAdminDoesNotKnowIsNotFoundAndOtherSyncFailuresAreSystemErrors() throws Exception {
    admin.getExecution = r -> {
      throw (r.getId().getName().equals("gone") ? Status.NOT_FOUND : Status.INTERNAL)
          .withDescription("no " + r.getId().getName()).asRuntimeException();
    };
    idleLauncher();
    launcher.status(child("gone"), PARENT);
    launcher.status(child("flaky"), PARENT);
    launcher.resyncNow();

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThatThrownBy(() -> launcher.status(child("gone"), PARENT)).isInstanceOfSatisfying(
          RemoteException.class, e -> assertThat(e.kind()).isEqualTo(RemoteException.Kind.NOT_FOUND));
      assertThatThrownBy(() -> launcher.status(child("flaky"), PARENT)).isInstanceOfSatisfying(
          RemoteException.class, e -> assertThat(e.kind()).isEqualTo(RemoteException.Kind.SYSTEM));
    });
    assertThat(counter("aloft.propeller.admin.launcher.syncs", "result", "not_found")).isEqualTo(1.0);
    assertThat(counter("aloft.propeller.admin.launcher.syncs", "result", "failure")).isEqualTo(1.0);

    // a later good sync clears the error
    admin.getExecution = r -> execution(ExecutionClosure.newBuilder().setPhase(Phase.RUNNING));
    launcher.resyncNow();
    // the resync runs on its own thread: until it has, the cached failure is still thrown
    await().atMost(Duration.ofSeconds(10)).ignoreExceptionsInstanceOf(RemoteException.class)
        .until(() -> launcher.status(child("flaky"), PARENT).phase() == Phase.RUNNING);
  }

  @Test
  void aLaunchClearsAStaleNotFoundOfItsChild() throws Exception {
    // a round asked for a child before it was launched (a crash between recording and launching)
    admin.getExecution = r -> {
      throw Status.NOT_FOUND.asRuntimeException();
    };
    idleLauncher().status(child("late"), PARENT);
    launcher.resyncNow();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThatThrownBy(() ->
        launcher.status(child("late"), PARENT)).isInstanceOf(RemoteException.class));

    launcher.launch(context(null), child("late"), LP, INPUTS, PARENT);
    assertThat(launcher.status(child("late"), PARENT)).isEqualTo(ChildStatus.UNKNOWN);
  }

  @Test
  void anAbortedChildCarriesItsCause() throws Exception {
    admin.getExecution = r -> execution(ExecutionClosure.newBuilder().setPhase(Phase.ABORTED)
        .setAbortMetadata(AbortMetadata.newBuilder().setCause("parent aborted")));
    idleLauncher().launch(context(null), child("child-f"), LP, INPUTS, PARENT);
    launcher.resyncNow();
    await().atMost(Duration.ofSeconds(10)).until(() -> launcher.status(child("child-f"), PARENT).terminal());
    ChildStatus aborted = launcher.status(child("child-f"), PARENT);
    assertThat(aborted.phase()).isEqualTo(Phase.ABORTED);
    assertThat(aborted.abortCause()).isEqualTo("parent aborted");
  }

  @Test
  void theCacheHoldsAtMostCacheSizeChildren() throws Exception {
    launcher(new TestLauncherConfig(1000, 1000, 3, 1, Duration.ofHours(1)));
    for (int i = 0; i < 20; i++) {
      launcher.status(child("many-" + i), PARENT);
    }
    assertThat(launcher.cachedChildren()).isLessThanOrEqualTo(3);
    assertThat(registry.get("aloft.propeller.admin.launcher.cache.evictions").functionCounter().count())
        .isGreaterThanOrEqualTo(17.0);
  }

  @Test
  void everyCallToAdminWaitsForTheRateLimiter() throws Exception {
    // 5 per second, one at once: the first call is free, each further one waits 200 ms
    launcher(new TestLauncherConfig(5, 1, 100, 1, Duration.ofHours(1)));
    long t0 = System.nanoTime();
    for (int i = 0; i < 6; i++) {
      launcher.launchPlan(LP);
    }
    long millis = (System.nanoTime() - t0) / 1_000_000;
    // a lower bound only: a loaded machine makes the calls slower, never faster than the bucket allows
    assertThat(millis).as("6 calls at 5/s with a burst of 1").isGreaterThanOrEqualTo(900);
    assertThat(registry.get("aloft.propeller.admin.launcher.throttled").timeGauge().value()).isPositive();
    assertThat(registry.get("aloft.propeller.admin.launcher.calls").functionCounter().count()).isEqualTo(6.0);
  }

  @Test
  void aBurstGoesThroughAtOnce() throws Exception {
    // the control of the test above: the same calls within the burst do not wait
    launcher(new TestLauncherConfig(5, 6, 100, 1, Duration.ofHours(1)));
    launcher.launchPlan(LP); // warms the connection
    for (int i = 0; i < 5; i++) {
      launcher.launchPlan(LP);
    }
    assertThat(registry.get("aloft.propeller.admin.launcher.throttled").timeGauge().value()).isZero();
    assertThat(registry.get("aloft.propeller.admin.launcher.calls").functionCounter().count()).isEqualTo(6.0);
  }

  @Test
  void killTerminatesWithTheReasonAndAChildThatIsGoneOrEndedIsNotAnError() throws Exception {
    idleLauncher().kill(child("k1"), "parent aborted");
    assertThat(admin.terminates).singleElement().satisfies(t -> {
      assertThat(t.getId()).isEqualTo(child("k1"));
      assertThat(t.getCause()).isEqualTo("parent aborted");
    });

    admin.terminate = r -> {
      throw Status.NOT_FOUND.withDescription("no such execution").asRuntimeException();
    };
    launcher.kill(child("k2"), "x");

    admin.terminate = r -> {
      throw StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
          .setCode(Status.Code.FAILED_PRECONDITION.value()).setMessage("already terminal")
          .addDetails(Any.pack(EventFailureReason.newBuilder().setAlreadyInTerminalState(
              EventErrorAlreadyInTerminalState.newBuilder().setCurrentPhase("SUCCEEDED")).build())).build());
    };
    launcher.kill(child("k3"), "x");

    // a plain precondition failure (no reason attached) and a fault are errors
    for (Status status : List.of(Status.FAILED_PRECONDITION.withDescription("other"),
        Status.UNAVAILABLE.withDescription("down"))) {
      admin.terminate = r -> {
        throw status.asRuntimeException();
      };
      assertThatThrownBy(() -> launcher.kill(child("k4"), "x")).isInstanceOfSatisfying(RemoteException.class,
          e -> assertThat(e.kind()).isEqualTo(RemoteException.Kind.SYSTEM));
    }
    assertThat(counter("aloft.propeller.admin.launcher.kills", "outcome", "terminated")).isEqualTo(1.0);
    assertThat(counter("aloft.propeller.admin.launcher.kills", "outcome", "not_found")).isEqualTo(1.0);
    assertThat(counter("aloft.propeller.admin.launcher.kills", "outcome", "already_terminal")).isEqualTo(1.0);
    assertThat(counter("aloft.propeller.admin.launcher.kills", "outcome", "error")).isEqualTo(2.0);
  }

  @Test
  void launchPlanIsReadFromAdminAndAnUnknownOneIsNotFound() throws Exception {
    assertThat(idleLauncher().launchPlan(LP).getId()).isEqualTo(LP);
    admin.getLaunchPlan = r -> {
      throw Status.NOT_FOUND.withDescription("no launch plan").asRuntimeException();
    };
    assertThatThrownBy(() -> launcher.launchPlan(LP)).isInstanceOfSatisfying(RemoteException.class,
        e -> assertThat(e.kind()).isEqualTo(RemoteException.Kind.NOT_FOUND));
    admin.getLaunchPlan = r -> {
      throw Status.INVALID_ARGUMENT.withDescription("bad").asRuntimeException();
    };
    assertThatThrownBy(() -> launcher.launchPlan(LP)).isInstanceOfSatisfying(RemoteException.class,
        e -> assertThat(e.kind()).isEqualTo(RemoteException.Kind.SYSTEM));
  }
}
