package io.aloft.admin;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.admin.Common.NamedEntity;
import flyteidl.admin.Common.NamedEntityGetRequest;
import flyteidl.admin.Common.NamedEntityIdentifier;
import flyteidl.admin.Common.NamedEntityList;
import flyteidl.admin.Common.NamedEntityListRequest;
import flyteidl.admin.Common.NamedEntityMetadata;
import flyteidl.admin.Common.NamedEntityState;
import flyteidl.admin.Common.NamedEntityUpdateRequest;
import flyteidl.admin.Common.Sort;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanCreateRequest;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanSpec;
import flyteidl.admin.TaskOuterClass.TaskCreateRequest;
import flyteidl.admin.WorkflowOuterClass.WorkflowCreateRequest;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
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
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Named entities of tasks, workflows and launch plans registered in this class's project: Get, Update (description
 * and state) and List with filters, sort and integer-offset tokens.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "admin_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
class NamedEntitiesIT extends AdminGrpcTestBase {
  private static final String PROJECT = "named-entities-it";
  private static final String DEV = "development";

  @BeforeEach
  void register() throws Exception {
    ensureProject(PROJECT, "Named entities IT");
    TaskCreateRequest fixture = TaskCreateRequest.parseFrom(Files.readAllBytes(
        Path.of("../api-protos/src/test/resources/flytekit-fixtures/task_create_request.pb")));
    // Two versions of one name count once.
    for (String name : List.of("get_task", "list_a", "list_b", "list_c", "list_d")) {
      for (String version : List.of("v1", "v2")) {
        create(() -> admin.createTask(fixture.toBuilder().setId(fixture.getId().toBuilder().setProject(PROJECT)
            .setName(name).setVersion(version)).build()));
      }
    }
    ensureProject("flytesnacks", "Flyte Snacks");      // the chain bundle's tasks live there
    WorkflowCreateRequest chain = WorkflowsIT.registerTasksOf(admin, "chain");
    for (String name : List.of("wf_visible", "wf_generated")) {
      Identifier id = chain.getId().toBuilder().setProject(PROJECT).setName(name).setVersion("v1").build();
      create(() -> admin.createWorkflow(chain.toBuilder().setId(id).setSpec(chain.getSpec().toBuilder()
          .setTemplate(chain.getSpec().getTemplate().toBuilder().setId(id))).build()));
    }
    Identifier wf = chain.getId().toBuilder().setProject(PROJECT).setName("wf_visible").setVersion("v1").build();
    create(() -> admin.createLaunchPlan(LaunchPlanCreateRequest.newBuilder()
        .setId(wf.toBuilder().setResourceType(ResourceType.LAUNCH_PLAN).setName("lp_visible"))
        .setSpec(LaunchPlanSpec.newBuilder().setWorkflowId(wf)).build()));
  }

  private static void create(Runnable call) {
    try {
      call.run();
    } catch (StatusRuntimeException e) {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
    }
  }

  private static NamedEntityIdentifier id(String name) {
    return NamedEntityIdentifier.newBuilder().setProject(PROJECT).setDomain(DEV).setName(name).build();
  }

  private NamedEntity get(ResourceType type, String name) {
    return admin.getNamedEntity(NamedEntityGetRequest.newBuilder().setResourceType(type).setId(id(name)).build());
  }

  private void update(ResourceType type, String name, String description, NamedEntityState state) {
    admin.updateNamedEntity(NamedEntityUpdateRequest.newBuilder().setResourceType(type).setId(id(name))
        .setMetadata(NamedEntityMetadata.newBuilder().setDescription(description).setState(state)).build());
  }

  private NamedEntityListRequest.Builder list(ResourceType type) {
    return NamedEntityListRequest.newBuilder().setResourceType(type).setProject(PROJECT).setDomain(DEV);
  }

  private static List<String> names(NamedEntityList l) {
    return l.getEntitiesList().stream().map(e -> e.getId().getName()).toList();
  }

  @Test
  void getAndUpdateDescriptionAndState() {
    NamedEntity fresh = get(ResourceType.TASK, "get_task");
    assertThat(fresh.getResourceType()).isEqualTo(ResourceType.TASK);
    assertThat(fresh.getId()).isEqualTo(id("get_task"));
    assertThat(fresh.getMetadata().getState()).isEqualTo(NamedEntityState.NAMED_ENTITY_ACTIVE);

    update(ResourceType.TASK, "get_task", "adds two numbers", NamedEntityState.NAMED_ENTITY_ARCHIVED);
    NamedEntity archived = get(ResourceType.TASK, "get_task");
    assertThat(archived.getMetadata().getDescription()).isEqualTo("adds two numbers");
    assertThat(archived.getMetadata().getState()).isEqualTo(NamedEntityState.NAMED_ENTITY_ARCHIVED);

    // flytectl and flyteconsole (un)archive by sending the state alone: the description stays.
    update(ResourceType.TASK, "get_task", "", NamedEntityState.NAMED_ENTITY_ACTIVE);
    NamedEntity restored = get(ResourceType.TASK, "get_task");
    assertThat(restored.getMetadata().getDescription()).isEqualTo("adds two numbers");
    assertThat(restored.getMetadata().getState()).isEqualTo(NamedEntityState.NAMED_ENTITY_ACTIVE);

    // The metadata belongs to the task name only, not to a workflow or launch plan of another name.
    assertThat(get(ResourceType.WORKFLOW, "wf_visible").getMetadata().getDescription()).isEmpty();
    assertThat(get(ResourceType.LAUNCH_PLAN, "lp_visible").getResourceType()).isEqualTo(ResourceType.LAUNCH_PLAN);
  }

  @Test
  void listsDistinctNamesByNameWithOffsetTokens() {
    NamedEntityList first = admin.listNamedEntities(list(ResourceType.TASK).setLimit(2)
        .setFilters("contains(name,list_)").build());
    assertThat(names(first)).containsExactly("list_a", "list_b");
    assertThat(first.getToken()).isEqualTo("2");
    NamedEntityList second = admin.listNamedEntities(list(ResourceType.TASK).setLimit(2).setToken("2")
        .setFilters("contains(name,list_)").build());
    assertThat(names(second)).containsExactly("list_c", "list_d");
    NamedEntityList third = admin.listNamedEntities(list(ResourceType.TASK).setLimit(2).setToken("4")
        .setFilters("contains(name,list_)").build());
    assertThat(names(third)).isEmpty();
    assertThat(third.getToken()).isEmpty();

    NamedEntityList descending = admin.listNamedEntities(list(ResourceType.TASK).setLimit(10)
        .setFilters("contains(name,list_)")
        .setSortBy(Sort.newBuilder().setKey("name").setDirection(Sort.Direction.DESCENDING)).build());
    assertThat(names(descending)).containsExactly("list_d", "list_c", "list_b", "list_a");
    assertThat(descending.getToken()).isEmpty();
  }

  @Test
  void stateFiltersApplyBeforePaging() {
    update(ResourceType.TASK, "list_b", "archived b", NamedEntityState.NAMED_ENTITY_ARCHIVED);
    update(ResourceType.TASK, "list_c", "", NamedEntityState.NAMED_ENTITY_ARCHIVED);
    try {
      NamedEntityList active = admin.listNamedEntities(list(ResourceType.TASK).setLimit(2)
          .setFilters("contains(name,list_)+eq(state,0)").build());
      // A full page of active names, though list_b and list_c sort between them.
      assertThat(names(active)).containsExactly("list_a", "list_d");
      NamedEntityList archived = admin.listNamedEntities(list(ResourceType.TASK).setLimit(10)
          .setFilters("eq(named_entity_metadata.state,NAMED_ENTITY_ARCHIVED)").build());
      assertThat(names(archived)).containsExactly("list_b", "list_c");
      assertThat(archived.getEntities(0).getMetadata().getDescription()).isEqualTo("archived b");
      assertThat(archived.getEntities(1).getMetadata().getState()).isEqualTo(NamedEntityState.NAMED_ENTITY_ARCHIVED);
    } finally {
      update(ResourceType.TASK, "list_b", "", NamedEntityState.NAMED_ENTITY_ACTIVE);
      update(ResourceType.TASK, "list_c", "", NamedEntityState.NAMED_ENTITY_ACTIVE);
    }
  }

  @Test
  void workflowListingsHideSystemGeneratedNames() {
    update(ResourceType.WORKFLOW, "wf_generated", "", NamedEntityState.SYSTEM_GENERATED);
    assertThat(names(admin.listNamedEntities(list(ResourceType.WORKFLOW).setLimit(10).build())))
        .containsExactly("wf_visible");
    assertThat(names(admin.listNamedEntities(list(ResourceType.LAUNCH_PLAN).setLimit(10).build())))
        .containsExactly("lp_visible");
    // Still there when asked for by name.
    assertThat(get(ResourceType.WORKFLOW, "wf_generated").getMetadata().getState())
        .isEqualTo(NamedEntityState.SYSTEM_GENERATED);
  }

  @Test
  void unregisteredNamesAreNotFound() {
    assertStatus(() -> get(ResourceType.TASK, "never_registered"), Status.Code.NOT_FOUND, "never_registered");
    // A task name is not a workflow name.
    assertStatus(() -> get(ResourceType.WORKFLOW, "get_task"), Status.Code.NOT_FOUND, "get_task");
    assertStatus(() -> update(ResourceType.LAUNCH_PLAN, "never_registered", "x",
        NamedEntityState.NAMED_ENTITY_ACTIVE), Status.Code.NOT_FOUND, "never_registered");
  }

  @Test
  void badInputIsInvalidArgumentNamingTheField() {
    assertStatus(() -> admin.getNamedEntity(NamedEntityGetRequest.newBuilder().setResourceType(ResourceType.DATASET)
        .setId(id("get_task")).build()), Status.Code.INVALID_ARGUMENT, "resource_type");
    assertStatus(() -> admin.getNamedEntity(NamedEntityGetRequest.newBuilder().setResourceType(ResourceType.TASK)
        .build()), Status.Code.INVALID_ARGUMENT, "missing id");
    assertStatus(() -> admin.getNamedEntity(NamedEntityGetRequest.newBuilder().setResourceType(ResourceType.TASK)
        .setId(id("get_task").toBuilder().clearName()).build()), Status.Code.INVALID_ARGUMENT, "id.name");
    assertStatus(() -> admin.updateNamedEntity(NamedEntityUpdateRequest.newBuilder()
        .setResourceType(ResourceType.TASK).setId(id("get_task")).build()), Status.Code.INVALID_ARGUMENT,
        "missing metadata");
    assertStatus(() -> update(ResourceType.TASK, "get_task", "x".repeat(301), NamedEntityState.NAMED_ENTITY_ACTIVE),
        Status.Code.INVALID_ARGUMENT, "metadata.description");
    assertStatus(() -> admin.updateNamedEntity(NamedEntityUpdateRequest.newBuilder()
        .setResourceType(ResourceType.TASK).setId(id("get_task"))
        .setMetadata(NamedEntityMetadata.newBuilder().setStateValue(7)).build()), Status.Code.INVALID_ARGUMENT,
        "metadata.state");
    assertStatus(() -> admin.listNamedEntities(list(ResourceType.TASK).setLimit(0).build()),
        Status.Code.INVALID_ARGUMENT, "limit");
    assertStatus(() -> admin.listNamedEntities(list(ResourceType.TASK).setLimit(5).setToken("-1").build()),
        Status.Code.INVALID_ARGUMENT, "-1");
    assertStatus(() -> admin.listNamedEntities(list(ResourceType.TASK).setLimit(5).setFilters("eq(version,v1)")
        .build()), Status.Code.INVALID_ARGUMENT, "version");
    assertStatus(() -> admin.listNamedEntities(list(ResourceType.TASK).setLimit(5)
        .setSortBy(Sort.newBuilder().setKey("created_at")).build()), Status.Code.INVALID_ARGUMENT, "created_at");
    assertStatus(() -> admin.listNamedEntities(list(ResourceType.TASK).setDomain("").setLimit(5).build()),
        Status.Code.INVALID_ARGUMENT, "domain");
    assertStatus(() -> admin.listNamedEntities(list(ResourceType.UNSPECIFIED).setLimit(5).build()),
        Status.Code.INVALID_ARGUMENT, "resource_type");
    // Nothing was written by the refused updates.
    assertThat(get(ResourceType.TASK, "get_task").getMetadata().getDescription()).doesNotContain("xxx");
  }
}
