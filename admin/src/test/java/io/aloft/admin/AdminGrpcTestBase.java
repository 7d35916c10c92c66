package io.aloft.admin;

import flyteidl.service.AdminServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A blocking AdminService client on the test instance's gRPC port, and status assertions. */
abstract class AdminGrpcTestBase {
  protected ManagedChannel channel;
  protected AdminServiceGrpc.AdminServiceBlockingStub admin;

  @BeforeEach
  void connect() {
    int port = ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    admin = AdminServiceGrpc.newBlockingStub(channel);
  }

  @AfterEach
  void disconnect() {
    channel.shutdownNow();
  }

  /** Registers project {@code id} unless an earlier test in this database already did. */
  protected void ensureProject(String id, String name) {
    try {
      admin.registerProject(flyteidl.admin.ProjectOuterClass.ProjectRegisterRequest.newBuilder()
          .setProject(flyteidl.admin.ProjectOuterClass.Project.newBuilder().setId(id).setName(name)).build());
    } catch (StatusRuntimeException e) {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
    }
  }

  /** Runs a create RPC; ALREADY_EXISTS (an earlier test in this database created it) counts as done. */
  protected static void createOrExisting(Runnable create) {
    try {
      create.run();
    } catch (StatusRuntimeException e) {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
    }
  }

  /** The chain bundle's tasks and workflow, registered through {@code stub} in project flytesnacks; its id. */
  protected flyteidl.core.IdentifierOuterClass.Identifier registerChain(AdminServiceGrpc.AdminServiceBlockingStub stub)
      throws Exception {
    ensureProject("flytesnacks", "Flyte Snacks");
    flyteidl.admin.WorkflowOuterClass.WorkflowCreateRequest wf = WorkflowsIT.registerTasksOf(stub, "chain");
    createOrExisting(() -> stub.createWorkflow(wf));
    return wf.getId();
  }

  /** A launch plan {@code name} of the chain workflow fixing a=1 and s="x" (so only f is left to give). */
  protected static flyteidl.core.IdentifierOuterClass.Identifier chainLaunchPlan(
      AdminServiceGrpc.AdminServiceBlockingStub stub, flyteidl.core.IdentifierOuterClass.Identifier workflow,
      String name) {
    var lp = workflow.toBuilder().setResourceType(flyteidl.core.IdentifierOuterClass.ResourceType.LAUNCH_PLAN)
        .setName(name).setVersion("v1").build();
    createOrExisting(() -> stub.createLaunchPlan(flyteidl.admin.LaunchPlanOuterClass.LaunchPlanCreateRequest
        .newBuilder().setId(lp).setSpec(flyteidl.admin.LaunchPlanOuterClass.LaunchPlanSpec.newBuilder()
            .setWorkflowId(workflow).setFixedInputs(flyteidl.core.Literals.LiteralMap.newBuilder()
                .putLiterals("a", ExecutionsIT.integer(1)).putLiterals("s", ExecutionsIT.string("x"))))
        .build()));
    return lp;
  }

  /**
   * Registers the chain workflow with launch plan {@code launchPlanName} and launches it with f=2 in
   * flytesnacks/development under a new name starting with {@code prefix}; the name.
   */
  protected String launchChain(String launchPlanName, String prefix) throws Exception {
    flyteidl.core.IdentifierOuterClass.Identifier lp = chainLaunchPlan(admin, registerChain(admin), launchPlanName);
    String name = prefix + "-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    admin.createExecution(flyteidl.admin.ExecutionOuterClass.ExecutionCreateRequest.newBuilder()
        .setProject("flytesnacks").setDomain("development").setName(name)
        .setSpec(flyteidl.admin.ExecutionOuterClass.ExecutionSpec.newBuilder().setLaunchPlan(lp))
        .setInputs(flyteidl.core.Literals.LiteralMap.newBuilder().putLiterals("f", ExecutionsIT.floating(2)))
        .build());
    return name;
  }

  /** The workflow resource of execution {@code name} in flytesnacks-development, as admin wrote it. */
  protected static io.aloft.crd.FlyteWorkflow workflowResource(io.fabric8.kubernetes.client.KubernetesClient kube,
      String name) {
    var generic = kube.genericKubernetesResources(io.aloft.crd.FlyteWorkflow.API_VERSION,
        io.aloft.crd.FlyteWorkflow.KIND).inNamespace("flytesnacks-development").withName(name).get();
    return io.aloft.crd.FlyteWorkflowJson.fromTree(io.aloft.crd.FlyteWorkflowJson.mapper().valueToTree(generic));
  }

  /** Asserts {@code call} fails with {@code code} and a description containing {@code text}. */
  protected static void assertStatus(ThrowingCallable call, Status.Code code, String text) {
    assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(code);
      assertThat(e.getStatus().getDescription()).contains(text);
    });
  }
}
