package io.aloft.admin;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.admin.Common.ObjectGetRequest;
import flyteidl.admin.TaskOuterClass.Task;
import flyteidl.admin.TaskOuterClass.TaskCreateRequest;
import flyteidl.core.IdentifierOuterClass.Identifier;
import io.aloft.testkit.quarkus.FreeGrpcPortResource;
import io.aloft.testkit.quarkus.PostgresResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.grpc.Status;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CreateTask and GetTask with a task serialized by the real flytekit, and FlyteAdmin's answers to re-registration. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "admin_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
class TasksIT extends AdminGrpcTestBase {
  private static final String PROJECT = "tasks-it";

  /** flytekit 1.16.21's TaskCreateRequest (api-protos fixtures), moved to this test's project. */
  private static TaskCreateRequest flytekitTask(String version) throws Exception {
    TaskCreateRequest r = TaskCreateRequest.parseFrom(Files.readAllBytes(
        Path.of("../api-protos/src/test/resources/flytekit-fixtures/task_create_request.pb")));
    return r.toBuilder().setId(r.getId().toBuilder().setProject(PROJECT).setVersion(version)).build();
  }

  @BeforeEach
  void project() {
    ensureProject(PROJECT, "Tasks IT");
  }

  private Task get(Identifier id) {
    return admin.getTask(ObjectGetRequest.newBuilder().setId(id).build());
  }

  @Test
  void registersAndReadsBackTheCompiledTask() throws Exception {
    TaskCreateRequest request = flytekitTask("v1");
    admin.createTask(request);

    Task task = get(request.getId());
    assertThat(task.getId().getName()).isEqualTo("generate_fixtures.summarize_orders");
    assertThat(task.getClosure().getCompiledTask().getTemplate().getId()).isEqualTo(request.getId());
    assertThat(task.getClosure().getCompiledTask().getTemplate().getInterface())
        .isEqualTo(request.getSpec().getTemplate().getInterface());
    assertThat(task.getClosure().getCreatedAt().getSeconds()).isPositive();
  }

  @Test
  void identicalReRegistrationIsAlreadyExistsAndADifferentOneIsInvalidArgument() throws Exception {
    TaskCreateRequest request = flytekitTask("v2");
    admin.createTask(request);

    // flytekit retries up to 4 times and swallows ALREADY_EXISTS: every identical retry must say the same.
    for (int i = 0; i < 4; i++) {
      assertStatus(() -> admin.createTask(request), Status.Code.ALREADY_EXISTS, "identical structure");
    }
    TaskCreateRequest changed = request.toBuilder().setSpec(request.getSpec().toBuilder().setTemplate(
        request.getSpec().getTemplate().toBuilder().setType("container"))).build();
    assertStatus(() -> admin.createTask(changed), Status.Code.INVALID_ARGUMENT, "different structure");
    assertThat(get(request.getId()).getClosure().getCompiledTask().getTemplate().getType()).isEqualTo("python-task");
  }

  @Test
  void badInputIsInvalidArgumentNamingTheFieldAndStoresNothing() throws Exception {
    TaskCreateRequest good = flytekitTask("v3");
    assertStatus(() -> admin.createTask(good.toBuilder().clearId().build()), Status.Code.INVALID_ARGUMENT,
        "missing identifier");
    assertStatus(() -> admin.createTask(good.toBuilder().setId(good.getId().toBuilder().clearVersion()).build()),
        Status.Code.INVALID_ARGUMENT, "task id.version");
    assertStatus(() -> admin.createTask(good.toBuilder().setId(good.getId().toBuilder().setProject("nope")).build()),
        Status.Code.INVALID_ARGUMENT, "project [nope]");
    assertStatus(() -> admin.createTask(good.toBuilder().setId(good.getId().toBuilder().setDomain("qa")).build()),
        Status.Code.INVALID_ARGUMENT, "domain [qa]");
    assertStatus(() -> admin.createTask(good.toBuilder().clearSpec().build()), Status.Code.INVALID_ARGUMENT,
        "spec.template");
    assertStatus(() -> admin.createTask(good.toBuilder().setSpec(good.getSpec().toBuilder().setTemplate(
            good.getSpec().getTemplate().toBuilder().clearType())).build()),
        Status.Code.INVALID_ARGUMENT, "Template.Type");

    assertStatus(() -> get(good.getId()), Status.Code.NOT_FOUND, "v3");
    assertStatus(() -> get(good.getId().toBuilder().clearName().build()), Status.Code.INVALID_ARGUMENT,
        "task id.name");
  }
}
