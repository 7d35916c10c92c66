package io.aloft.admin;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.admin.Common.ObjectGetRequest;
import flyteidl.admin.TaskOuterClass.TaskCreateRequest;
import flyteidl.admin.TaskOuterClass.TaskSpec;
import flyteidl.admin.WorkflowOuterClass.Workflow;
import flyteidl.admin.WorkflowOuterClass.WorkflowCreateRequest;
import flyteidl.admin.WorkflowOuterClass.WorkflowSpec;
import flyteidl.core.Compiler.CompiledWorkflowClosure;
import flyteidl.core.Tasks.TaskTemplate;
import io.aloft.testkit.quarkus.FreeGrpcPortResource;
import io.aloft.testkit.quarkus.PostgresResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CreateWorkflow and GetWorkflow with flytekit-serialized registrations (the compiler's golden bundles): admin
 * compiles against the tasks registered before, offloads the closure to S3, and serves exactly the closure
 * Flyte's own compiler made of the same bundle.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "admin_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
class WorkflowsIT extends AdminGrpcTestBase {
  static final Path BUNDLES = Path.of("../propeller/compiler/src/test/resources/flytekit-workflows");

  @BeforeEach
  void project() {
    ensureProject("flytesnacks", "Flyte Snacks");
  }

  /** Registers the bundle's tasks as pyflyte does (ALREADY_EXISTS tolerated) and returns its workflow request. */
  static WorkflowCreateRequest registerTasksOf(
      flyteidl.service.AdminServiceGrpc.AdminServiceBlockingStub admin, String bundle) throws Exception {
    try (Stream<Path> files = Files.list(BUNDLES.resolve(bundle).resolve("tasks"))) {
      for (Path p : files.sorted().toList()) {
        TaskTemplate t = TaskTemplate.parseFrom(Files.readAllBytes(p));
        try {
          admin.createTask(TaskCreateRequest.newBuilder().setId(t.getId())
              .setSpec(TaskSpec.newBuilder().setTemplate(t)).build());
        } catch (StatusRuntimeException e) {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
        }
      }
    }
    WorkflowSpec spec = WorkflowSpec.parseFrom(Files.readAllBytes(BUNDLES.resolve(bundle).resolve("workflow.pb")));
    return WorkflowCreateRequest.newBuilder().setId(spec.getTemplate().getId()).setSpec(spec).build();
  }

  private Workflow get(WorkflowCreateRequest r) {
    return admin.getWorkflow(ObjectGetRequest.newBuilder().setId(r.getId()).build());
  }

  @Test
  void servesTheClosureFlytesCompilerMakes() throws Exception {
    for (String bundle : new String[] {"subworkflow", "branches", "gates", "fan_out_fan_in"}) {
      WorkflowCreateRequest request = registerTasksOf(admin, bundle);
      admin.createWorkflow(request);

      CompiledWorkflowClosure flyte = CompiledWorkflowClosure.parseFrom(
          Files.readAllBytes(BUNDLES.resolve(bundle).resolve("expected-closure.pb")));
      assertThat(get(request).getClosure().getCompiledWorkflow()).as(bundle).isEqualTo(flyte);
    }
  }

  @Test
  void reRegistrationAndConflicts() throws Exception {
    WorkflowCreateRequest chain = registerTasksOf(admin, "chain");
    // A version of its own: other tests register the bundle's v1 in the same database.
    WorkflowCreateRequest request = chain.toBuilder().setId(chain.getId().toBuilder().setVersion("rereg")).build();
    admin.createWorkflow(request);

    assertStatus(() -> admin.createWorkflow(request), Status.Code.ALREADY_EXISTS, "identical structure");
    WorkflowCreateRequest changed = request.toBuilder().setSpec(request.getSpec().toBuilder().setTemplate(
        request.getSpec().getTemplate().toBuilder().clearOutputs().setInterface(
            request.getSpec().getTemplate().getInterface().toBuilder().clearOutputs()))).build();
    assertStatus(() -> admin.createWorkflow(changed), Status.Code.INVALID_ARGUMENT, "different structure");
    // the details say which case it is, as FlyteAdmin's CreateWorkflowFailureReason does
    assertThat(failureReason(() -> admin.createWorkflow(request)).getExistsIdenticalStructure().getId())
        .isEqualTo(request.getId());
    assertThat(failureReason(() -> admin.createWorkflow(changed)).getExistsDifferentStructure().getId())
        .isEqualTo(request.getId());
    assertThat(get(request).getClosure().getCompiledWorkflow().getPrimary().getTemplate().getOutputsCount())
        .isPositive();
  }

  private static flyteidl.admin.WorkflowOuterClass.CreateWorkflowFailureReason failureReason(Runnable call)
      throws Exception {
    try {
      call.run();
    } catch (StatusRuntimeException e) {
      com.google.rpc.Status status = io.grpc.protobuf.StatusProto.fromThrowable(e);
      assertThat(status).isNotNull();
      assertThat(status.getDetailsList()).hasSize(1);
      return status.getDetails(0).unpack(flyteidl.admin.WorkflowOuterClass.CreateWorkflowFailureReason.class);
    }
    throw new AssertionError("the call succeeded");
  }

  @Test
  void compileErrorsAreInvalidArgumentListingEveryProblemAndStoreNothing() throws Exception {
    WorkflowCreateRequest request = registerTasksOf(admin, "chain");
    var template = request.getSpec().getTemplate().toBuilder();
    template.getNodesBuilder(1).clearInputs();     // n1 loses its inputs
    template.getNodesBuilder(2).setId("n0");       // and n2 now duplicates n0's id
    WorkflowCreateRequest broken = request.toBuilder().setId(request.getId().toBuilder().setVersion("broken"))
        .setSpec(request.getSpec().toBuilder().setTemplate(template.setId(request.getId().toBuilder()
            .setVersion("broken")))).build();

    assertStatus(() -> admin.createWorkflow(broken), Status.Code.INVALID_ARGUMENT, "ParameterNotBound");
    assertStatus(() -> admin.createWorkflow(broken), Status.Code.INVALID_ARGUMENT, "DuplicateId");
    assertStatus(() -> get(broken), Status.Code.NOT_FOUND, "broken");
  }

  @Test
  void aWorkflowWhoseTasksAreNotRegisteredIsRejected() throws Exception {
    WorkflowSpec spec = WorkflowSpec.parseFrom(Files.readAllBytes(BUNDLES.resolve("unions/workflow.pb")));
    var id = spec.getTemplate().getId().toBuilder().setVersion("no-tasks").build();
    assertStatus(() -> admin.createWorkflow(WorkflowCreateRequest.newBuilder().setId(id)
            .setSpec(spec.toBuilder().setTemplate(spec.getTemplate().toBuilder().setId(id))).build()),
        Status.Code.INVALID_ARGUMENT, "TaskReferenceNotFound");
  }
}
