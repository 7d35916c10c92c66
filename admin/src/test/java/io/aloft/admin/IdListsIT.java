package io.aloft.admin;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.admin.Common.NamedEntityIdentifier;
import flyteidl.admin.Common.NamedEntityIdentifierList;
import flyteidl.admin.Common.NamedEntityIdentifierListRequest;
import flyteidl.admin.Common.Sort;
import flyteidl.admin.LaunchPlanOuterClass.ActiveLaunchPlanListRequest;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlan;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanList;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanState;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanUpdateRequest;
import flyteidl.admin.WorkflowOuterClass.WorkflowCreateRequest;
import flyteidl.core.IdentifierOuterClass.Identifier;
import io.aloft.testkit.quarkus.FreeGrpcPortResource;
import io.aloft.testkit.quarkus.PostgresResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.grpc.Status;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ListActiveLaunchPlans, ListWorkflowIds and ListLaunchPlanIds (issue 18 part 3). */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "admin_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
class IdListsIT extends AdminGrpcTestBase {
  private Identifier workflow;

  @BeforeEach
  void register() throws Exception {
    workflow = registerChain(admin);
    // A second version of the workflow and of two launch plans: the id lists must show each name once.
    WorkflowCreateRequest chain = WorkflowsIT.registerTasksOf(admin, "chain");
    createOrExisting(() -> admin.createWorkflow(chain.toBuilder()
        .setId(chain.getId().toBuilder().setVersion("idlists-v2")).build()));
    for (String name : List.of("idlists.active-a", "idlists.active-b", "idlists.inactive")) {
      Identifier v1 = chainLaunchPlan(admin, workflow, name);
      Identifier v2 = v1.toBuilder().setVersion("v2").build();
      createOrExisting(() -> admin.createLaunchPlan(flyteidl.admin.LaunchPlanOuterClass.LaunchPlanCreateRequest
          .newBuilder().setId(v2).setSpec(admin.getLaunchPlan(flyteidl.admin.Common.ObjectGetRequest.newBuilder()
              .setId(v1).build()).getSpec()).build()));
      if (!name.endsWith("inactive")) {
        admin.updateLaunchPlan(LaunchPlanUpdateRequest.newBuilder().setId(v2).setState(LaunchPlanState.ACTIVE)
            .build());
      }
    }
  }

  private static List<String> names(NamedEntityIdentifierList list) {
    return list.getEntitiesList().stream().map(NamedEntityIdentifier::getName).toList();
  }

  private static List<String> names(LaunchPlanList list) {
    return list.getLaunchPlansList().stream().map(l -> l.getId().getName()).toList();
  }

  private static ActiveLaunchPlanListRequest.Builder active() {
    return ActiveLaunchPlanListRequest.newBuilder().setProject("flytesnacks").setDomain("development").setLimit(100);
  }

  @Test
  void onlyActiveLaunchPlansAreListed() {
    LaunchPlanList list = admin.listActiveLaunchPlans(active().build());
    assertThat(names(list)).contains("idlists.active-a", "idlists.active-b").doesNotContain("idlists.inactive");
    assertThat(list.getLaunchPlansList()).allSatisfy(l -> {
      assertThat(l.getClosure().getState()).isEqualTo(LaunchPlanState.ACTIVE);
      assertThat(l.getId().getProject()).isEqualTo("flytesnacks");
    });
    LaunchPlan a = list.getLaunchPlansList().stream().filter(l -> l.getId().getName().equals("idlists.active-a"))
        .findFirst().orElseThrow();
    assertThat(a.getId().getVersion()).isEqualTo("v2");
    assertThat(a.getSpec().getWorkflowId()).isEqualTo(workflow);
    // Another domain has none of them.
    assertThat(names(admin.listActiveLaunchPlans(active().setDomain("production").build())))
        .doesNotContain("idlists.active-a");
  }

  @Test
  void activeLaunchPlansPageAndSort() {
    Sort byName = Sort.newBuilder().setKey("name").setDirection(Sort.Direction.ASCENDING).build();
    List<String> all = names(admin.listActiveLaunchPlans(active().setSortBy(byName).build()));
    assertThat(all).containsSubsequence("idlists.active-a", "idlists.active-b");
    LaunchPlanList first = admin.listActiveLaunchPlans(active().setSortBy(byName).setLimit(1).build());
    assertThat(first.getToken()).isEqualTo("1");
    assertThat(names(first)).containsExactly(all.get(0));
    LaunchPlanList second = admin.listActiveLaunchPlans(active().setSortBy(byName).setLimit(1).setToken("1").build());
    assertThat(names(second)).containsExactly(all.get(1));
    LaunchPlanList last = admin.listActiveLaunchPlans(active().setSortBy(byName)
        .setToken(Integer.toString(all.size() - 1)).setLimit(5).build());
    assertThat(last.getToken()).isEmpty();
  }

  @Test
  void idListsNameEachWorkflowAndLaunchPlanOnce() {
    NamedEntityIdentifierListRequest req = NamedEntityIdentifierListRequest.newBuilder().setProject("flytesnacks")
        .setDomain("development").setLimit(1000).build();
    List<String> workflows = names(admin.listWorkflowIds(req));
    assertThat(workflows).containsOnlyOnce(workflow.getName()).doesNotHaveDuplicates()
        .doesNotContain("idlists.active-a");
    List<String> launchPlans = names(admin.listLaunchPlanIds(req));
    assertThat(launchPlans).containsOnlyOnce("idlists.active-a", "idlists.inactive").doesNotHaveDuplicates();
    assertThat(admin.listLaunchPlanIds(req).getEntitiesList()).allSatisfy(e -> {
      assertThat(e.getProject()).isEqualTo("flytesnacks");
      assertThat(e.getDomain()).isEqualTo("development");
    });

    NamedEntityIdentifierList page = admin.listLaunchPlanIds(req.toBuilder().setLimit(1)
        .setFilters("eq(name,idlists.active-b)").build());
    assertThat(names(page)).containsExactly("idlists.active-b");
    assertThat(page.getToken()).isEqualTo("1");
    NamedEntityIdentifierList next = admin.listLaunchPlanIds(req.toBuilder().setLimit(1).setToken("1")
        .setFilters("eq(name,idlists.active-b)").build());
    assertThat(next.getEntitiesList()).isEmpty();
    assertThat(names(admin.listWorkflowIds(req.toBuilder().setDomain("production").build())))
        .doesNotContain(workflow.getName());
  }

  @Test
  void badRequestsAreInvalidArgumentNamingTheField() {
    assertStatus(() -> admin.listActiveLaunchPlans(active().clearProject().build()), Status.Code.INVALID_ARGUMENT,
        "project");
    assertStatus(() -> admin.listActiveLaunchPlans(active().clearDomain().build()), Status.Code.INVALID_ARGUMENT,
        "domain");
    assertStatus(() -> admin.listActiveLaunchPlans(active().setLimit(0).build()), Status.Code.INVALID_ARGUMENT,
        "limit");
    assertStatus(() -> admin.listActiveLaunchPlans(active().setToken("x").build()), Status.Code.INVALID_ARGUMENT,
        "token");
    assertStatus(() -> admin.listActiveLaunchPlans(active().setSortBy(Sort.newBuilder().setKey("nope")).build()),
        Status.Code.INVALID_ARGUMENT, "nope");
    NamedEntityIdentifierListRequest ok = NamedEntityIdentifierListRequest.newBuilder().setProject("flytesnacks")
        .setDomain("development").setLimit(10).build();
    assertStatus(() -> admin.listWorkflowIds(ok.toBuilder().clearProject().build()), Status.Code.INVALID_ARGUMENT,
        "project");
    assertStatus(() -> admin.listLaunchPlanIds(ok.toBuilder().clearDomain().build()),
        Status.Code.INVALID_ARGUMENT, "domain");
    assertStatus(() -> admin.listLaunchPlanIds(ok.toBuilder().setLimit(0).build()), Status.Code.INVALID_ARGUMENT,
        "limit");
    assertStatus(() -> admin.listWorkflowIds(ok.toBuilder().setFilters("eq(version,v1)").build()),
        Status.Code.INVALID_ARGUMENT, "version");
  }
}
