package io.aloft.admin;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.admin.Common.NamedEntityIdentifier;
import flyteidl.admin.Common.ObjectGetRequest;
import flyteidl.admin.DescriptionEntityOuterClass.Description;
import flyteidl.admin.DescriptionEntityOuterClass.DescriptionEntity;
import flyteidl.admin.DescriptionEntityOuterClass.DescriptionEntityList;
import flyteidl.admin.DescriptionEntityOuterClass.DescriptionEntityListRequest;
import flyteidl.admin.DescriptionEntityOuterClass.SourceCode;
import flyteidl.admin.TaskOuterClass.TaskCreateRequest;
import flyteidl.admin.WorkflowOuterClass.WorkflowCreateRequest;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import io.aloft.testkit.quarkus.FreeGrpcPortResource;
import io.aloft.testkit.quarkus.PostgresResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.grpc.Status;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Description entities stored at task and workflow registration; GetDescriptionEntity, ListDescriptionEntities. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "admin_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
class DescriptionEntitiesIT extends AdminGrpcTestBase {
  private static final String PROJECT = "descriptions-it";
  private TaskCreateRequest task;
  private DescriptionEntity flytekitDescription;

  private static DescriptionEntity description(String version) {
    return DescriptionEntity.newBuilder().setShortDescription("adds one, " + version)
        .setLongDescription(Description.newBuilder().setValue("# Adds one\nto " + version)
            .setFormat(flyteidl.admin.DescriptionEntityOuterClass.DescriptionFormat.DESCRIPTION_FORMAT_MARKDOWN))
        .setSourceCode(SourceCode.newBuilder().setLink("https://example.com/" + version))
        .addTags("math").build();
  }

  @BeforeEach
  void registerVersions() throws Exception {
    ensureProject(PROJECT, "Descriptions IT");
    TaskCreateRequest r = TaskCreateRequest.parseFrom(Files.readAllBytes(
        Path.of("../api-protos/src/test/resources/flytekit-fixtures/task_create_request.pb")));
    // flytekit sends a description with every task (the fixture's is its docstring): keep it in a version of its own.
    createOrExisting(() -> admin.createTask(r.toBuilder().setId(r.getId().toBuilder().setProject(PROJECT)
        .setVersion("flytekit")).build()));
    flytekitDescription = r.getSpec().getDescription();
    task = r.toBuilder().setId(r.getId().toBuilder().setProject(PROJECT))
        .setSpec(r.getSpec().toBuilder().clearDescription()).build();
    for (String v : new String[] {"v1", "v2", "v3"}) {
      TaskCreateRequest.Builder b = task.toBuilder().setId(task.getId().toBuilder().setVersion(v));
      b.getSpecBuilder().setDescription(description(v));
      createOrExisting(() -> admin.createTask(b.build()));
    }
    createOrExisting(() -> admin.createTask(task.toBuilder().setId(task.getId().toBuilder()
        .setVersion("plain")).build()));
  }

  private Identifier taskVersion(String v) {
    return task.getId().toBuilder().setResourceType(ResourceType.TASK).setVersion(v).build();
  }

  private DescriptionEntityListRequest.Builder list() {
    return DescriptionEntityListRequest.newBuilder().setResourceType(ResourceType.TASK)
        .setId(NamedEntityIdentifier.newBuilder().setProject(PROJECT).setDomain("development")
            .setName(task.getId().getName()))
        .setLimit(100);
  }

  private static List<String> versions(DescriptionEntityList list) {
    return list.getDescriptionEntitiesList().stream().map(d -> d.getId().getVersion()).toList();
  }

  @Test
  void aTaskRegisteredWithADescriptionHasOne() {
    DescriptionEntity got = admin.getDescriptionEntity(ObjectGetRequest.newBuilder().setId(taskVersion("v2")).build());
    assertThat(got.getId()).isEqualTo(taskVersion("v2"));
    assertThat(got.toBuilder().clearId().build()).isEqualTo(description("v2"));

    assertThat(flytekitDescription.getShortDescription()).isNotEmpty();
    assertThat(admin.getDescriptionEntity(ObjectGetRequest.newBuilder().setId(taskVersion("flytekit")).build())
        .toBuilder().clearId().build()).isEqualTo(flytekitDescription.toBuilder().clearId()
        .setLongDescription(flytekitDescription.getLongDescription())
        .setSourceCode(flytekitDescription.getSourceCode()).build());

    assertStatus(() -> admin.getDescriptionEntity(ObjectGetRequest.newBuilder().setId(taskVersion("plain")).build()),
        Status.Code.NOT_FOUND, "plain");
    // A workflow of the same name and version is another entity.
    assertStatus(() -> admin.getDescriptionEntity(ObjectGetRequest.newBuilder()
        .setId(taskVersion("v2").toBuilder().setResourceType(ResourceType.WORKFLOW)).build()),
        Status.Code.NOT_FOUND, "v2");
  }

  @Test
  void aWorkflowRegisteredWithADescriptionHasOne() throws Exception {
    ensureProject("flytesnacks", "Flyte Snacks");
    WorkflowCreateRequest chain = WorkflowsIT.registerTasksOf(admin, "chain");
    WorkflowCreateRequest.Builder b = chain.toBuilder().setId(chain.getId().toBuilder().setVersion("described"));
    b.getSpecBuilder().setDescription(description("wf"));
    createOrExisting(() -> admin.createWorkflow(b.build()));
    Identifier id = b.getId().toBuilder().setResourceType(ResourceType.WORKFLOW).build();
    assertThat(admin.getDescriptionEntity(ObjectGetRequest.newBuilder().setId(id).build()).getShortDescription())
        .isEqualTo("adds one, wf");
    DescriptionEntityList listed = admin.listDescriptionEntities(DescriptionEntityListRequest.newBuilder()
        .setResourceType(ResourceType.WORKFLOW).setLimit(10).setId(NamedEntityIdentifier.newBuilder()
            .setProject(id.getProject()).setDomain(id.getDomain()).setName(id.getName())).build());
    assertThat(versions(listed)).contains("described");
  }

  @Test
  void listsPageFilterAndSort() {
    // Newest first; "plain" was registered without a description.
    assertThat(versions(admin.listDescriptionEntities(list().build()))).containsExactly("v3", "v2", "v1", "flytekit");
    DescriptionEntityList first = admin.listDescriptionEntities(list().setLimit(2)
        .setSortBy(flyteidl.admin.Common.Sort.newBuilder().setKey("version")
            .setDirection(flyteidl.admin.Common.Sort.Direction.ASCENDING)).build());
    assertThat(versions(first)).containsExactly("flytekit", "v1");
    assertThat(first.getToken()).isEqualTo("2");
    DescriptionEntityList second = admin.listDescriptionEntities(list().setLimit(2).setToken("2")
        .setSortBy(flyteidl.admin.Common.Sort.newBuilder().setKey("version")
            .setDirection(flyteidl.admin.Common.Sort.Direction.ASCENDING)).build());
    assertThat(versions(second)).containsExactly("v2", "v3");
    assertThat(second.getToken()).isEqualTo("4");
    second = admin.listDescriptionEntities(list().setLimit(2).setToken("4").build());
    assertThat(versions(second)).isEmpty();
    assertThat(second.getToken()).isEmpty();
    assertThat(versions(admin.listDescriptionEntities(list().setFilters("eq(version,v2)").build())))
        .containsExactly("v2");
    assertThat(admin.listDescriptionEntities(list().setResourceType(ResourceType.WORKFLOW).build())
        .getDescriptionEntitiesList()).isEmpty();
  }

  @Test
  void badRequestsNameTheField() {
    TaskCreateRequest.Builder nul = task.toBuilder().setId(task.getId().toBuilder().setVersion("nul"));
    nul.getSpecBuilder().setDescription(DescriptionEntity.newBuilder().setShortDescription("a\0b"));
    assertStatus(() -> admin.createTask(nul.build()), Status.Code.INVALID_ARGUMENT,
        "spec.description.short_description");
    assertStatus(() -> admin.listDescriptionEntities(list().setResourceType(ResourceType.LAUNCH_PLAN).build()),
        Status.Code.INVALID_ARGUMENT, "resource_type");
    assertStatus(() -> admin.listDescriptionEntities(list().setId(list().getId().toBuilder().clearName()).build()),
        Status.Code.INVALID_ARGUMENT, "id.name");
    assertStatus(() -> admin.listDescriptionEntities(list().setLimit(0).build()), Status.Code.INVALID_ARGUMENT,
        "limit");
    assertStatus(() -> admin.listDescriptionEntities(list().setFilters("eq(nope,1)").build()),
        Status.Code.INVALID_ARGUMENT, "nope");
    assertStatus(() -> admin.getDescriptionEntity(ObjectGetRequest.newBuilder()
        .setId(taskVersion("v1").toBuilder().clearVersion()).build()), Status.Code.INVALID_ARGUMENT, "id.version");
    assertStatus(() -> admin.getDescriptionEntity(ObjectGetRequest.newBuilder()
        .setId(taskVersion("v1").toBuilder().setResourceType(ResourceType.UNSPECIFIED)).build()),
        Status.Code.INVALID_ARGUMENT, "resource_type");
  }
}
