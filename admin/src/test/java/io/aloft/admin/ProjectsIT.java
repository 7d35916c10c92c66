package io.aloft.admin;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.admin.Common.Labels;
import flyteidl.admin.ProjectOuterClass.Domain;
import flyteidl.admin.ProjectOuterClass.Project;
import flyteidl.admin.ProjectOuterClass.ProjectGetRequest;
import flyteidl.admin.ProjectOuterClass.ProjectRegisterRequest;
import io.aloft.testkit.quarkus.FreeGrpcPortResource;
import io.aloft.testkit.quarkus.PostgresResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.grpc.Status;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** RegisterProject, GetProject, UpdateProject on the real PostgreSQL, with FlyteAdmin's answers to bad input. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "admin_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
class ProjectsIT extends AdminGrpcTestBase {

  private static ProjectRegisterRequest register(Project p) {
    return ProjectRegisterRequest.newBuilder().setProject(p).build();
  }

  private static Project project(String id, String name) {
    return Project.newBuilder().setId(id).setName(name).setDescription("the " + name + " project")
        .setLabels(Labels.newBuilder().putValues("team", "ml")).build();
  }

  @jakarta.inject.Inject
  io.aloft.admin.manager.ProjectManager projects;

  @Test
  void seedProjectsExistAfterStartupAndSeedingAgainKeepsThem() {
    // %test.aloft.admin.seed-projects=seeded-one,seeded-two
    Project seeded = admin.getProject(ProjectGetRequest.newBuilder().setId("seeded-one").build());
    assertThat(seeded.getName()).isEqualTo("seeded-one");
    assertThat(seeded.getState()).isEqualTo(Project.ProjectState.ACTIVE);
    admin.updateProject(seeded.toBuilder().setDescription("kept").clearDomains().build());

    assertThat(projects.seed(java.util.List.of("seeded-one", "seeded-two", "seeded-three")))
        .containsExactly("seeded-three");
    assertThat(admin.getProject(ProjectGetRequest.newBuilder().setId("seeded-one").build()).getDescription())
        .isEqualTo("kept");
    assertThatThrownByInvalid(() -> projects.seed(java.util.List.of("seeded-four", "Bad_Id")));
    assertStatus(() -> admin.getProject(ProjectGetRequest.newBuilder().setId("seeded-four").build()),
        Status.Code.NOT_FOUND, "seeded-four");
  }

  private static void assertThatThrownByInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    org.assertj.core.api.Assertions.assertThatThrownBy(call).isInstanceOf(io.aloft.admin.AdminException.class)
        .hasMessageContaining("project_id");
  }

  @Test
  void registerGetAndUpdate() {
    admin.registerProject(register(project("projects-it", "Flyte Snacks")));

    Project got = admin.getProject(ProjectGetRequest.newBuilder().setId("projects-it").build());
    assertThat(got.getName()).isEqualTo("Flyte Snacks");
    assertThat(got.getLabels().getValuesMap()).containsEntry("team", "ml");
    assertThat(got.getState()).isEqualTo(Project.ProjectState.ACTIVE);
    assertThat(got.getDomainsList()).extracting(Domain::getId).containsExactly("development", "staging", "production");

    admin.updateProject(got.toBuilder().setDescription("updated").setState(Project.ProjectState.ARCHIVED)
        .clearDomains().build());
    Project updated = admin.getProject(ProjectGetRequest.newBuilder().setId("projects-it").build());
    assertThat(updated.getDescription()).isEqualTo("updated");
    assertThat(updated.getState()).isEqualTo(Project.ProjectState.ARCHIVED);
  }

  @Test
  void aSecondRegistrationOfTheSameIdIsAlreadyExistsAndChangesNothing() {
    admin.registerProject(register(project("dup-project", "First")));

    assertStatus(() -> admin.registerProject(register(project("dup-project", "Second"))),
        Status.Code.ALREADY_EXISTS, "dup-project");
    assertThat(admin.getProject(ProjectGetRequest.newBuilder().setId("dup-project").build()).getName())
        .isEqualTo("First");
  }

  @Test
  void badInputIsInvalidArgumentNamingTheFieldAndWritesNothing() {
    assertStatus(() -> admin.registerProject(ProjectRegisterRequest.getDefaultInstance()),
        Status.Code.INVALID_ARGUMENT, "missing project");
    assertStatus(() -> admin.registerProject(register(project("", "x"))), Status.Code.INVALID_ARGUMENT,
        "missing project_id");
    assertStatus(() -> admin.registerProject(register(project("Not_A_Label", "x"))), Status.Code.INVALID_ARGUMENT,
        "project_id");
    assertStatus(() -> admin.registerProject(register(project("no-name", ""))), Status.Code.INVALID_ARGUMENT,
        "missing project_name");
    assertStatus(() -> admin.registerProject(register(project("long-name", "n".repeat(65)))),
        Status.Code.INVALID_ARGUMENT, "project_name");
    assertStatus(() -> admin.registerProject(register(project("bad-labels", "x").toBuilder()
            .setLabels(Labels.newBuilder().putValues("bad key!", "v")).build())),
        Status.Code.INVALID_ARGUMENT, "bad key!");

    assertStatus(() -> admin.getProject(ProjectGetRequest.newBuilder().setId("no-name").build()),
        Status.Code.NOT_FOUND, "no-name");
    assertStatus(() -> admin.getProject(ProjectGetRequest.newBuilder().setId("Not_A_Label").build()),
        Status.Code.NOT_FOUND, "Not_A_Label");
  }

  @Test
  void updatingAMissingProjectIsNotFound() {
    assertStatus(() -> admin.updateProject(project("ghost", "Ghost")), Status.Code.NOT_FOUND, "ghost");
    assertStatus(() -> admin.getProject(ProjectGetRequest.newBuilder().setId("ghost").build()),
        Status.Code.NOT_FOUND, "ghost");
  }

  @Test
  void anInvalidUpdateIsRejectedAndLeavesTheProjectAsItWas() {
    admin.registerProject(register(project("keep-me", "Keep")));

    assertStatus(() -> admin.updateProject(project("keep-me", "")), Status.Code.INVALID_ARGUMENT,
        "missing project_name");
    assertThat(admin.getProject(ProjectGetRequest.newBuilder().setId("keep-me").build()).getName())
        .isEqualTo("Keep");
  }
}
