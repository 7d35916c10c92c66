package io.aloft.admin;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.admin.Common.NamedEntityIdentifier;
import flyteidl.admin.Common.NamedEntityIdentifierListRequest;
import flyteidl.admin.Common.ResourceListRequest;
import flyteidl.admin.Common.Sort;
import flyteidl.admin.ProjectOuterClass.Project;
import flyteidl.admin.ProjectOuterClass.ProjectListRequest;
import flyteidl.admin.TaskOuterClass.Task;
import flyteidl.admin.TaskOuterClass.TaskCreateRequest;
import flyteidl.admin.TaskOuterClass.TaskList;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** List RPCs as flytekit and flytectl send them: filters, sort, integer-offset tokens, limits. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "admin_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
class ListsIT extends AdminGrpcTestBase {
  private static final String PROJECT = "lists-it";
  private TaskCreateRequest task;

  @BeforeEach
  void registerVersions() throws Exception {
    ensureProject(PROJECT, "Lists IT");
    TaskCreateRequest r = TaskCreateRequest.parseFrom(Files.readAllBytes(
        Path.of("../api-protos/src/test/resources/flytekit-fixtures/task_create_request.pb")));
    task = r.toBuilder().setId(r.getId().toBuilder().setProject(PROJECT)).build();
    for (String v : new String[] {"v1", "v2", "v3"}) {
      try {
        admin.createTask(task.toBuilder().setId(task.getId().toBuilder().setVersion(v)).build());
      } catch (StatusRuntimeException e) {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
      }
    }
  }

  private ResourceListRequest.Builder tasks() {
    return ResourceListRequest.newBuilder().setId(NamedEntityIdentifier.newBuilder().setProject(PROJECT)
        .setDomain("development").setName(task.getId().getName()));
  }

  @Test
  void latestVersionAsFlytekitAsksForIt() {
    // flytekit's _get_latest_version: limit 1, newest created_at first.
    TaskList latest = admin.listTasks(tasks().setLimit(1)
        .setSortBy(Sort.newBuilder().setKey("created_at").setDirection(Sort.Direction.DESCENDING)).build());
    assertThat(latest.getTasksList()).extracting(t -> t.getId().getVersion()).containsExactly("v3");
    assertThat(latest.getToken()).isEqualTo("1");
  }

  @Test
  void pagesWithIntegerOffsetTokens() {
    TaskList first = admin.listTasks(tasks().setLimit(2)
        .setSortBy(Sort.newBuilder().setKey("version").setDirection(Sort.Direction.ASCENDING)).build());
    assertThat(first.getTasksList()).extracting(t -> t.getId().getVersion()).containsExactly("v1", "v2");
    assertThat(first.getToken()).isEqualTo("2");

    // flytectl computes the token itself as (page-1)*limit.
    TaskList second = admin.listTasks(tasks().setLimit(2).setToken("2")
        .setSortBy(Sort.newBuilder().setKey("version").setDirection(Sort.Direction.ASCENDING)).build());
    assertThat(second.getTasksList()).extracting(t -> t.getId().getVersion()).containsExactly("v3");
    assertThat(second.getToken()).isEmpty();
  }

  @Test
  void filtersAsTheClientsWriteThem() {
    assertThat(admin.listTasks(tasks().setLimit(10).setFilters("eq(version,v2)").build()).getTasksList())
        .extracting(t -> t.getId().getVersion()).containsExactly("v2");
    assertThat(admin.listTasks(tasks().setLimit(10).setFilters("value_in(version,v1;v3)+ne(version,v1)").build())
        .getTasksList()).extracting(Task::getId).extracting(id -> id.getVersion()).containsExactly("v3");

    var ids = admin.listTaskIds(NamedEntityIdentifierListRequest.newBuilder().setProject(PROJECT)
        .setDomain("development").setLimit(10).build());
    assertThat(ids.getEntitiesList()).extracting(NamedEntityIdentifier::getName)
        .containsExactly(task.getId().getName());

    var projects = admin.listProjects(ProjectListRequest.newBuilder().setLimit(100)
        .setFilters("eq(identifier," + PROJECT + ")").build());
    assertThat(projects.getProjectsList()).extracting(Project::getId).containsExactly(PROJECT);
  }

  @Test
  void badListRequestsAreInvalidArgument() {
    assertStatus(() -> admin.listTasks(tasks().setLimit(0).build()), Status.Code.INVALID_ARGUMENT, "limit");
    assertStatus(() -> admin.listTasks(tasks().setLimit(5).setToken("abc").build()), Status.Code.INVALID_ARGUMENT,
        "abc");
    assertStatus(() -> admin.listTasks(tasks().setLimit(5).setFilters("eq(colour,red)").build()),
        Status.Code.INVALID_ARGUMENT, "colour");
    assertStatus(() -> admin.listTasks(tasks().setLimit(5).setFilters("eq(version,v1").build()),
        Status.Code.INVALID_ARGUMENT, "eq(version,v1");
    assertStatus(() -> admin.listTasks(tasks().setLimit(5)
            .setSortBy(Sort.newBuilder().setKey("nope")).build()), Status.Code.INVALID_ARGUMENT, "nope");
    assertStatus(() -> admin.listTasks(ResourceListRequest.newBuilder().setLimit(5).build()),
        Status.Code.INVALID_ARGUMENT, "missing id");
    // A value is a bound parameter, never SQL.
    assertThat(admin.listTasks(tasks().setLimit(5).setFilters("eq(version,v1' OR '1'='1)").build())
        .getTasksList()).isEmpty();
  }
}
