package io.aloft.sandbox;

import static io.aloft.sandbox.Flows.INT;
import static io.aloft.sandbox.Flows.integer;
import static io.aloft.sandbox.Flows.promise;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import flyteidl.admin.ExecutionOuterClass.Execution;
import flyteidl.admin.ExecutionOuterClass.ExecutionMetadata.ExecutionMode;
import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetRequest;
import flyteidl.admin.NodeExecutionOuterClass.NodeExecutionListRequest;
import flyteidl.admin.SignalOuterClass.SignalSetRequest;
import flyteidl.core.Execution.WorkflowExecution.Phase;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.NodeExecutionIdentifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import flyteidl.core.IdentifierOuterClass.SignalIdentifier;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.RetryStrategy;
import flyteidl.core.Tasks.Container;
import flyteidl.core.Tasks.TaskMetadata;
import flyteidl.core.Tasks.TaskTemplate;
import flyteidl.core.Types.LiteralType;
import flyteidl.service.AdminServiceGrpc.AdminServiceBlockingStub;
import flyteidl.service.SignalServiceGrpc;
import io.aloft.engine.data.InMemoryBlobStore;
import io.aloft.engine.remote.ChildStatus;
import io.aloft.engine.remote.LaunchContext;
import io.aloft.engine.remote.Launcher;
import io.aloft.engine.remote.RemoteException;
import io.aloft.engine.remote.Signals;
import io.aloft.propeller.config.PropellerConfig.AdminLauncherConfig;
import io.aloft.propeller.launch.LauncherMetrics;
import io.aloft.propeller.launch.RemoteServices;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Propeller's admin launcher and signals (io.aloft.propeller.launch, in this JVM) against the real admin of the local
 * stack, whose propeller runs the children they launch: a child launched with its parent's node execution is created
 * one level deeper and linked to that node, runs to success and comes back through the status cache with its outputs,
 * queuing its parent; a running child is killed; a gate's signal is created, then read once set.
 */
class AdminLauncherIT {
  static final String NS = Flows.PROJECT + "-" + Flows.DOMAIN;
  static RunningStack running;
  static AdminServiceBlockingStub admin;
  static SimpleMeterRegistry registry;
  static RemoteServices remote;
  static final List<String> enqueued = new CopyOnWriteArrayList<>();

  record Config(int tps, int burst, int cacheSize, int workers, Duration cacheResyncDuration)
      implements AdminLauncherConfig {}

  @BeforeAll
  static void start() throws Exception {
    // no pod runner: a container task's pod stays pending, so its workflow keeps running until it is killed
    running = RunningStack.shared("--no-pod-runner");
    admin = running.admin();
    registry = new SimpleMeterRegistry();
    remote = RemoteServices.admin(admin, SignalServiceGrpc.newBlockingStub(running.channel()),
        new Config(50, 10, 100, 2, Duration.ofMillis(500)), new InMemoryBlobStore(), enqueued::add,
        new LauncherMetrics(registry));
  }

  @AfterAll
  static void stop() {
    if (remote != null) {
      remote.close();
    }
    // the stack is shared (RunningStack.shared): it stops with the test JVM
  }

  static TaskTemplate echo() {
    return TaskTemplate.newBuilder().setId(Flows.id(ResourceType.TASK, "launcher.echo", "v1")).setType("echo")
        .setMetadata(TaskMetadata.newBuilder().setRetries(RetryStrategy.newBuilder().setRetries(0)))
        .setInterface(TypedInterface.newBuilder().setInputs(Flows.vars(Map.of("x", INT)))
            .setOutputs(Flows.vars(Map.of("x", INT)))).build();
  }

  /** A container task whose pod nobody runs here. */
  static TaskTemplate pending() {
    return TaskTemplate.newBuilder().setId(Flows.id(ResourceType.TASK, "launcher.pending", "v1"))
        .setType("python-task").setMetadata(TaskMetadata.newBuilder())
        .setInterface(TypedInterface.newBuilder().setInputs(Flows.vars(Map.of("x", INT)))
            .setOutputs(Flows.vars(Map.of("x", INT))))
        .setContainer(Container.newBuilder().setImage("never:pulled").addArgs("pyflyte-execute")).build();
  }

  static Identifier register(String name, TaskTemplate task) {
    return new Flows.Wf(name, "v1").input("x", INT).node("n0", task, Map.of("x", promise("start-node", "x")), null)
        .output("y", INT, promise("n0", "x")).register(admin);
  }

  static LiteralMap x(long v) {
    return LiteralMap.newBuilder().putLiterals("x", integer(v)).build();
  }

  static WorkflowExecutionIdentifier id(String name) {
    return WorkflowExecutionIdentifier.newBuilder().setProject(Flows.PROJECT).setDomain(Flows.DOMAIN).setName(name)
        .build();
  }

  /** A parent that ran, and its node n0: admin links a child only to a node execution it knows. */
  static NodeExecutionIdentifier parentNode(String parent) throws Exception {
    WorkflowExecutionIdentifier id = Flows.launch(admin, register("launcher.parent", echo()), parent, x(1), 0);
    assertThat(Flows.await(admin, id, Duration.ofSeconds(60))).isEqualTo(Phase.SUCCEEDED);
    NodeExecutionIdentifier node = NodeExecutionIdentifier.newBuilder().setExecutionId(id).setNodeId("n0").build();
    assertThat(admin.listNodeExecutions(NodeExecutionListRequest.newBuilder().setWorkflowExecutionId(id)
        .setLimit(100).build()).getNodeExecutionsList()).anySatisfy(n -> assertThat(n.getId()).isEqualTo(node));
    return node;
  }

  static LaunchContext context(NodeExecutionIdentifier parentNode) {
    return new LaunchContext(0, "parent-user", parentNode, 0, null, null,
        Map.of("team", "ml", "shard-key", "31"), Map.of("owner", "parent-user"), null, false, Map.of());
  }

  @Test
  void aChildLaunchedFromANodeRunsAndComesBackWithItsOutputs() throws Exception {
    Launcher launcher = remote.launcher();
    NodeExecutionIdentifier node = parentNode("lp-parent");
    Identifier childPlan = register("launcher.child", echo());
    WorkflowExecutionIdentifier child = id("lp-parent-n0-0");
    String parentKey = NS + "/lp-parent";

    launcher.launch(context(node), child, childPlan, x(41), parentKey);
    Execution created = admin.getExecution(WorkflowExecutionGetRequest.newBuilder().setId(child).build());
    assertThat(created.getSpec().getMetadata().getMode()).isEqualTo(ExecutionMode.CHILD_WORKFLOW);
    assertThat(created.getSpec().getMetadata().getNesting()).isEqualTo(1);
    assertThat(created.getSpec().getMetadata().getParentNodeExecution()).isEqualTo(node);
    assertThat(created.getSpec().getMetadata().getPrincipal()).isEqualTo("parent-user");
    assertThat(created.getSpec().getLabels().getValuesMap()).containsEntry("team", "ml")
        .doesNotContainKey("shard-key");
    // a launch repeated (a round that did not record the first) adopts the child
    launcher.launch(context(node), child, childPlan, x(41), parentKey);
    assertThat(registry.get("aloft.propeller.admin.launcher.launches").tag("outcome", "adopted").counter().count())
        .isEqualTo(1.0);

    await().atMost(Duration.ofSeconds(60)).until(() -> launcher.status(child, parentKey).terminal());
    ChildStatus done = launcher.status(child, parentKey);
    assertThat(done.phase()).isEqualTo(Phase.SUCCEEDED);
    assertThat(done.outputs()).isEqualTo(LiteralMap.newBuilder().putLiterals("y", integer(41)).build());
    assertThat(enqueued).contains(parentKey);

    // an ended child is not killed again, and neither is one admin never had
    launcher.kill(child, "parent aborted");
    launcher.kill(id("never-launched"), "parent aborted");
    assertThat(registry.get("aloft.propeller.admin.launcher.kills").tag("outcome", "already_terminal").counter()
        .count()).isEqualTo(1.0);
    assertThat(registry.get("aloft.propeller.admin.launcher.kills").tag("outcome", "not_found").counter().count())
        .isEqualTo(1.0);
  }

  @Test
  void aRunningChildIsKilledWithItsParentsReason() throws Exception {
    Launcher launcher = remote.launcher();
    NodeExecutionIdentifier node = parentNode("kill-parent");
    WorkflowExecutionIdentifier child = id("kill-parent-n0-0");
    String parentKey = NS + "/kill-parent";
    launcher.launch(context(node), child, register("launcher.waits", pending()), x(1), parentKey);
    await().atMost(Duration.ofSeconds(60)).until(() -> launcher.status(child, parentKey).phase() == Phase.RUNNING);

    launcher.kill(child, "the parent was aborted");
    await().atMost(Duration.ofSeconds(60)).until(() -> launcher.status(child, parentKey).terminal());
    ChildStatus killed = launcher.status(child, parentKey);
    assertThat(killed.phase()).isEqualTo(Phase.ABORTED);
    assertThat(killed.abortCause()).isEqualTo("the parent was aborted");
    assertThat(enqueued).contains(parentKey);
  }

  @Test
  void refusalsAreUserErrorsAndAnUnknownLaunchPlanIsNotFound() throws Exception {
    Launcher launcher = remote.launcher();
    Identifier childPlan = register("launcher.child", echo());
    NodeExecutionIdentifier ghost = NodeExecutionIdentifier.newBuilder().setExecutionId(id("no-such-parent"))
        .setNodeId("n0").build();
    assertThatThrownBy(() -> launcher.launch(context(ghost), id("orphan-n0-0"), childPlan, x(1),
        NS + "/no-such-parent")).isInstanceOfSatisfying(RemoteException.class, e -> {
          assertThat(e.kind()).isEqualTo(RemoteException.Kind.USER);
          assertThat(e.getMessage()).contains("NOT_FOUND").contains("parent_node_execution");
        });
    assertThat(launcher.launchPlan(childPlan).getSpec().getWorkflowId().getName()).isEqualTo("launcher.child");
    assertThatThrownBy(() -> launcher.launchPlan(childPlan.toBuilder().setVersion("v404").build()))
        .isInstanceOfSatisfying(RemoteException.class,
            e -> assertThat(e.kind()).isEqualTo(RemoteException.Kind.NOT_FOUND));
  }

  @Test
  void aGatesSignalIsCreatedThenReadOnceSet() throws Exception {
    Signals signals = remote.signals();
    SignalIdentifier id = SignalIdentifier.newBuilder().setExecutionId(id("gate-parent")).setSignalId("go").build();
    LiteralType boolType = LiteralType.newBuilder().setSimple(flyteidl.core.Types.SimpleType.BOOLEAN).build();
    assertThat(signals.getOrCreate(id, boolType)).isEmpty();
    var yes = flyteidl.core.Literals.Literal.newBuilder().setScalar(flyteidl.core.Literals.Scalar.newBuilder()
        .setPrimitive(flyteidl.core.Literals.Primitive.newBuilder().setBoolean(true))).build();
    SignalServiceGrpc.newBlockingStub(running.channel())
        .setSignal(SignalSetRequest.newBuilder().setId(id).setValue(yes).build());
    assertThat(signals.getOrCreate(id, boolType)).contains(yes);
    // the same signal asked for with another type is refused (ALREADY_EXISTS): a user error
    assertThatThrownBy(() -> signals.getOrCreate(id, INT)).isInstanceOfSatisfying(RemoteException.class,
        e -> assertThat(e.kind()).isEqualTo(RemoteException.Kind.USER));
  }
}
