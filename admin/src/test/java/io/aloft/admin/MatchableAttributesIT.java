package io.aloft.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import flyteidl.admin.ClusterAssignmentOuterClass.ClusterAssignment;
import flyteidl.admin.MatchableResourceOuterClass.ExecutionClusterLabel;
import flyteidl.admin.MatchableResourceOuterClass.ListMatchableAttributesRequest;
import flyteidl.admin.MatchableResourceOuterClass.MatchableAttributesConfiguration;
import flyteidl.admin.MatchableResourceOuterClass.MatchableResource;
import flyteidl.admin.MatchableResourceOuterClass.MatchingAttributes;
import flyteidl.admin.MatchableResourceOuterClass.PluginOverride;
import flyteidl.admin.MatchableResourceOuterClass.PluginOverrides;
import flyteidl.admin.MatchableResourceOuterClass.TaskResourceAttributes;
import flyteidl.admin.MatchableResourceOuterClass.TaskResourceSpec;
import flyteidl.admin.MatchableResourceOuterClass.WorkflowExecutionConfig;
import flyteidl.admin.ProjectAttributesOuterClass.ProjectAttributes;
import flyteidl.admin.ProjectAttributesOuterClass.ProjectAttributesDeleteRequest;
import flyteidl.admin.ProjectAttributesOuterClass.ProjectAttributesGetRequest;
import flyteidl.admin.ProjectAttributesOuterClass.ProjectAttributesUpdateRequest;
import flyteidl.admin.ProjectDomainAttributesOuterClass.ProjectDomainAttributes;
import flyteidl.admin.ProjectDomainAttributesOuterClass.ProjectDomainAttributesDeleteRequest;
import flyteidl.admin.ProjectDomainAttributesOuterClass.ProjectDomainAttributesGetRequest;
import flyteidl.admin.ProjectDomainAttributesOuterClass.ProjectDomainAttributesUpdateRequest;
import flyteidl.admin.ProjectOuterClass.Project;
import flyteidl.admin.ProjectOuterClass.ProjectGetRequest;
import flyteidl.admin.WorkflowAttributesOuterClass.WorkflowAttributes;
import flyteidl.admin.WorkflowAttributesOuterClass.WorkflowAttributesDeleteRequest;
import flyteidl.admin.WorkflowAttributesOuterClass.WorkflowAttributesGetRequest;
import flyteidl.admin.WorkflowAttributesOuterClass.WorkflowAttributesUpdateRequest;
import io.aloft.admin.manager.MatchableAttributes;
import io.aloft.admin.repository.ResourceKey;
import io.aloft.admin.repository.ResourceRepository;
import io.aloft.testkit.quarkus.FreeGrpcPortResource;
import io.aloft.testkit.quarkus.PostgresResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.grpc.Status;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Matchable attributes over gRPC at every level, and {@link MatchableAttributes#resolve} as the launch path calls it:
 * precedence across levels, fallback, transaction joining, bad input. Each test has its own project (or org), so
 * the tests do not see each other's rows.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "admin_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
class MatchableAttributesIT extends AdminGrpcTestBase {
  private static final String DEV = "development";
  private static final MatchableResource LABEL = MatchableResource.EXECUTION_CLUSTER_LABEL;

  /** Thrown to roll a test's transaction back. */
  private static final class RollBack extends RuntimeException {
  }

  @Inject
  MatchableAttributes matchable;

  @Inject
  ResourceRepository resources;

  private static MatchingAttributes label(String value) {
    return MatchingAttributes.newBuilder().setExecutionClusterLabel(ExecutionClusterLabel.newBuilder().setValue(value))
        .build();
  }

  private static MatchingAttributes execConfig(WorkflowExecutionConfig.Builder config) {
    return MatchingAttributes.newBuilder().setWorkflowExecutionConfig(config).build();
  }

  private void setProject(String project, MatchingAttributes a) {
    admin.updateProjectAttributes(ProjectAttributesUpdateRequest.newBuilder().setAttributes(
        ProjectAttributes.newBuilder().setProject(project).setMatchingAttributes(a)).build());
  }

  private void setProjectDomain(String project, String domain, MatchingAttributes a) {
    admin.updateProjectDomainAttributes(ProjectDomainAttributesUpdateRequest.newBuilder().setAttributes(
        ProjectDomainAttributes.newBuilder().setProject(project).setDomain(domain).setMatchingAttributes(a)).build());
  }

  private void setWorkflow(String project, String domain, String workflow, MatchingAttributes a) {
    admin.updateWorkflowAttributes(WorkflowAttributesUpdateRequest.newBuilder().setAttributes(
        WorkflowAttributes.newBuilder().setProject(project).setDomain(domain).setWorkflow(workflow)
            .setMatchingAttributes(a)).build());
  }

  private WorkflowAttributes getWorkflow(String project, String domain, String workflow, MatchableResource type) {
    return admin.getWorkflowAttributes(WorkflowAttributesGetRequest.newBuilder().setProject(project)
        .setDomain(domain).setWorkflow(workflow).setResourceType(type).build()).getAttributes();
  }

  private ProjectDomainAttributes getProjectDomain(String project, String domain, MatchableResource type) {
    return admin.getProjectDomainAttributes(ProjectDomainAttributesGetRequest.newBuilder().setProject(project)
        .setDomain(domain).setResourceType(type).build()).getAttributes();
  }

  private ProjectAttributes getProject(String project, MatchableResource type) {
    return admin.getProjectAttributes(ProjectAttributesGetRequest.newBuilder().setProject(project)
        .setResourceType(type).build()).getAttributes();
  }

  /** The label resolve() finds, or null. */
  private String resolvedLabel(String project, String domain, String workflow, String launchPlan) {
    return matchable.resolve("", project, domain, workflow, launchPlan, LABEL)
        .map(a -> a.getExecutionClusterLabel().getValue()).orElse(null);
  }

  @Test
  void everyLevelRoundTripsAndAnUpdateReplaces() {
    String p = "attrs-roundtrip";
    ensureProject(p, "Attrs round trip");
    TaskResourceAttributes tra = TaskResourceAttributes.newBuilder()
        .setDefaults(TaskResourceSpec.newBuilder().setCpu("1").setMemory("1Gi"))
        .setLimits(TaskResourceSpec.newBuilder().setCpu("4").setMemory("8Gi")).build();
    MatchingAttributes resources = MatchingAttributes.newBuilder().setTaskResourceAttributes(tra).build();
    setProject(p, resources);
    setProjectDomain(p, DEV, label("pd"));
    setWorkflow(p, DEV, "wf", MatchingAttributes.newBuilder().setClusterAssignment(
        ClusterAssignment.newBuilder().setClusterPoolName("pool-a")).build());

    assertThat(getProject(p, MatchableResource.TASK_RESOURCE).getMatchingAttributes()).isEqualTo(resources);
    ProjectDomainAttributes pd = getProjectDomain(p, DEV, LABEL);
    assertThat(pd.getProject()).isEqualTo(p);
    assertThat(pd.getDomain()).isEqualTo(DEV);
    assertThat(pd.getMatchingAttributes()).isEqualTo(label("pd"));
    WorkflowAttributes wf = getWorkflow(p, DEV, "wf", MatchableResource.CLUSTER_ASSIGNMENT);
    assertThat(wf.getWorkflow()).isEqualTo("wf");
    assertThat(wf.getMatchingAttributes().getClusterAssignment().getClusterPoolName()).isEqualTo("pool-a");

    // A second update of the same level and kind replaces the first (one row per level and kind).
    setProjectDomain(p, DEV, label("pd-2"));
    assertThat(getProjectDomain(p, DEV, LABEL).getMatchingAttributes()).isEqualTo(label("pd-2"));
    assertThat(admin.listMatchableAttributes(ListMatchableAttributesRequest.newBuilder().setResourceType(LABEL)
            .build()).getConfigurationsList())
        .filteredOn(c -> c.getProject().equals(p)).hasSize(1);
  }

  @Test
  void resolveTakesTheMostSpecificLevelAsFlyteAdminsGetResource() {
    String p = "attrs-precedence";
    ensureProject(p, "Attrs precedence");
    setProject(p, label("project"));
    setProjectDomain(p, DEV, label("project-domain"));
    setWorkflow(p, DEV, "wf", label("workflow"));
    // No RPC writes launch-plan rows (WorkflowAttributes has no launch plan); FlyteAdmin reads them all the same.
    QuarkusTransaction.requiringNew().run(() -> resources.put(new ResourceKey("", p, DEV, "wf", "lp", LABEL),
        label("launch-plan").toByteArray(), Instant.now()));

    assertThat(resolvedLabel(p, DEV, "wf", "lp")).isEqualTo("launch-plan");
    assertThat(resolvedLabel(p, DEV, "wf", "other-lp")).isEqualTo("workflow");
    assertThat(resolvedLabel(p, DEV, "wf", null)).isEqualTo("workflow");
    assertThat(resolvedLabel(p, DEV, "other-wf", "lp")).isEqualTo("project-domain");
    assertThat(resolvedLabel(p, "staging", "wf", "lp")).isEqualTo("project");
    // getExecutionConfig's project-level lookup: domain "".
    assertThat(resolvedLabel(p, "", null, null)).isEqualTo("project");
    // Other kinds, orgs and projects do not match.
    assertThat(matchable.resolve("", p, DEV, "wf", "lp", MatchableResource.CLUSTER_ASSIGNMENT)).isEmpty();
    assertThat(matchable.resolve("acme", p, DEV, "wf", "lp", LABEL)).isEmpty();
    assertThat(resolvedLabel("attrs-nobody", DEV, "wf", "lp")).isNull();

    // Removing levels falls back one level at a time.
    QuarkusTransaction.requiringNew().run(() -> resources.delete(new ResourceKey("", p, DEV, "wf", "lp", LABEL)));
    assertThat(resolvedLabel(p, DEV, "wf", "lp")).isEqualTo("workflow");
    admin.deleteWorkflowAttributes(WorkflowAttributesDeleteRequest.newBuilder().setProject(p).setDomain(DEV)
        .setWorkflow("wf").setResourceType(LABEL).build());
    assertThat(resolvedLabel(p, DEV, "wf", "lp")).isEqualTo("project-domain");
    admin.deleteProjectDomainAttributes(ProjectDomainAttributesDeleteRequest.newBuilder().setProject(p)
        .setDomain(DEV).setResourceType(LABEL).build());
    assertThat(resolvedLabel(p, DEV, "wf", "lp")).isEqualTo("project");
    admin.deleteProjectAttributes(ProjectAttributesDeleteRequest.newBuilder().setProject(p).setResourceType(LABEL)
        .build());
    assertThat(resolvedLabel(p, DEV, "wf", "lp")).isNull();
  }

  @Test
  void resolveRunsInTheCallersTransaction() {
    String p = "attrs-tx";
    ensureProject(p, "Attrs tx");
    setProjectDomain(p, DEV, label("committed"));
    assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
      resources.put(ResourceKey.workflow("", p, DEV, "wf", LABEL), label("uncommitted").toByteArray(),
          Instant.now());
      // The caller's own uncommitted write is visible: resolve joined the caller's transaction.
      assertThat(resolvedLabel(p, DEV, "wf", "")).isEqualTo("uncommitted");
      throw new RollBack();
    })).isInstanceOf(RollBack.class);
    // Rolled back with the caller's transaction; outside one, resolve runs in its own.
    assertThat(resolvedLabel(p, DEV, "wf", "")).isEqualTo("committed");
  }

  @Test
  void getsFallBackToLessSpecificLevelsLikeFlyteAdmin() {
    String p = "attrs-fallback";
    ensureProject(p, "Attrs fallback");
    assertStatus(() -> getWorkflow(p, DEV, "wf", LABEL), Status.Code.NOT_FOUND, LABEL.name());
    assertStatus(() -> getProjectDomain(p, DEV, LABEL), Status.Code.NOT_FOUND, p);
    assertStatus(() -> getProject(p, LABEL), Status.Code.NOT_FOUND, p);

    setProject(p, label("project"));
    WorkflowAttributes fromProject = getWorkflow(p, DEV, "wf", LABEL);
    assertThat(fromProject.getMatchingAttributes()).isEqualTo(label("project"));
    assertThat(fromProject.getDomain()).isEmpty();
    assertThat(fromProject.getWorkflow()).isEmpty();

    setProjectDomain(p, DEV, label("pd"));
    WorkflowAttributes fromProjectDomain = getWorkflow(p, DEV, "wf", LABEL);
    assertThat(fromProjectDomain.getMatchingAttributes()).isEqualTo(label("pd"));
    assertThat(fromProjectDomain.getDomain()).isEqualTo(DEV);
    assertThat(fromProjectDomain.getWorkflow()).isEmpty();
    // GetProjectAttributes never looks below the project level.
    assertThat(getProject(p, LABEL).getMatchingAttributes()).isEqualTo(label("project"));
  }

  @Test
  void projectWorkflowExecutionConfigIsCompletedWithPlatformDefaults() {
    String p = "attrs-defaults";
    ensureProject(p, "Attrs defaults");
    MatchableResource wec = MatchableResource.WORKFLOW_EXECUTION_CONFIG;
    // Nothing stored: the platform default alone (aloft.admin.max-parallelism, 25).
    assertThat(getProject(p, wec).getMatchingAttributes().getWorkflowExecutionConfig().getMaxParallelism())
        .isEqualTo(25);

    setProject(p, execConfig(WorkflowExecutionConfig.newBuilder().setOverwriteCache(true)));
    WorkflowExecutionConfig merged = getProject(p, wec).getMatchingAttributes().getWorkflowExecutionConfig();
    assertThat(merged.getMaxParallelism()).isEqualTo(25);
    assertThat(merged.getOverwriteCache()).isTrue();

    setProject(p, execConfig(WorkflowExecutionConfig.newBuilder().setMaxParallelism(7)));
    assertThat(getProject(p, wec).getMatchingAttributes().getWorkflowExecutionConfig().getMaxParallelism())
        .isEqualTo(7);
    // resolve() gives what is stored, without defaults: merging is the launch path's job.
    assertThat(matchable.resolve("", p, DEV, "wf", null, wec)).map(a -> a.getWorkflowExecutionConfig()
        .getOverwriteCache()).contains(false);
  }

  @Test
  void pluginOverridesAreMergedPerTaskTypeOtherKindsReplaced() {
    String p = "attrs-plugins";
    ensureProject(p, "Attrs plugins");
    PluginOverride spark = PluginOverride.newBuilder().setTaskType("spark").addPluginId("spark-v1").build();
    PluginOverride spark2 = spark.toBuilder().clearPluginId().addPluginId("spark-v2").build();
    PluginOverride ray = PluginOverride.newBuilder().setTaskType("ray").addPluginId("kuberay")
        .setMissingPluginBehavior(PluginOverride.MissingPluginBehavior.USE_DEFAULT).build();
    setProjectDomain(p, DEV, MatchingAttributes.newBuilder().setPluginOverrides(PluginOverrides.newBuilder()
        .addOverrides(spark)).build());
    setProjectDomain(p, DEV, MatchingAttributes.newBuilder().setPluginOverrides(PluginOverrides.newBuilder()
        .addOverrides(ray)).build());
    setProjectDomain(p, DEV, MatchingAttributes.newBuilder().setPluginOverrides(PluginOverrides.newBuilder()
        .addOverrides(spark2)).build());
    assertThat(getProjectDomain(p, DEV, MatchableResource.PLUGIN_OVERRIDE).getMatchingAttributes()
        .getPluginOverrides().getOverridesList()).containsExactly(spark2, ray);
  }

  @Test
  void deleteRemovesExactlyTheLevelNamedAndIsIdempotent() {
    String p = "attrs-delete";
    ensureProject(p, "Attrs delete");
    setProjectDomain(p, DEV, label("pd"));
    setWorkflow(p, DEV, "wf", label("wf"));
    ProjectDomainAttributesDeleteRequest delete = ProjectDomainAttributesDeleteRequest.newBuilder().setProject(p)
        .setDomain(DEV).setResourceType(LABEL).build();
    admin.deleteProjectDomainAttributes(delete);
    assertStatus(() -> getProjectDomain(p, DEV, LABEL), Status.Code.NOT_FOUND, p);
    assertThat(getWorkflow(p, DEV, "wf", LABEL).getMatchingAttributes()).isEqualTo(label("wf"));
    // Nothing left to delete: still OK, as in FlyteAdmin (and as flytekit's retries need).
    admin.deleteProjectDomainAttributes(delete);
    admin.deleteWorkflowAttributes(WorkflowAttributesDeleteRequest.newBuilder().setProject(p).setDomain(DEV)
        .setWorkflow("never-set").setResourceType(LABEL).build());
  }

  @Test
  void listIsPerKindAndOrgMostSpecificFirst() {
    String p = "attrs-list";
    ensureProject(p, "Attrs list");
    String org = "attrs-list-org";
    MatchingAttributes a = MatchingAttributes.newBuilder().setClusterAssignment(ClusterAssignment.newBuilder()
        .setClusterPoolName("pool")).build();
    admin.updateProjectAttributes(ProjectAttributesUpdateRequest.newBuilder().setAttributes(
        ProjectAttributes.newBuilder().setProject(p).setOrg(org).setMatchingAttributes(a)).build());
    admin.updateWorkflowAttributes(WorkflowAttributesUpdateRequest.newBuilder().setAttributes(
        WorkflowAttributes.newBuilder().setProject(p).setDomain(DEV).setWorkflow("wf").setOrg(org)
            .setMatchingAttributes(a)).build());
    admin.updateProjectDomainAttributes(ProjectDomainAttributesUpdateRequest.newBuilder().setAttributes(
        ProjectDomainAttributes.newBuilder().setProject(p).setDomain("staging").setOrg(org)
            .setMatchingAttributes(a)).build());
    setProjectDomain(p, DEV, label("not-in-org"));

    var list = admin.listMatchableAttributes(ListMatchableAttributesRequest.newBuilder()
        .setResourceType(MatchableResource.CLUSTER_ASSIGNMENT).setOrg(org).build()).getConfigurationsList();
    assertThat(list)
        .extracting(MatchableAttributesConfiguration::getDomain, MatchableAttributesConfiguration::getWorkflow)
        .containsExactly(tuple(DEV, "wf"),
            tuple("staging", ""), tuple("", ""));
    assertThat(list).allSatisfy(c -> {
      assertThat(c.getOrg()).isEqualTo(org);
      assertThat(c.getProject()).isEqualTo(p);
      assertThat(c.getAttributes()).isEqualTo(a);
    });
    assertThat(admin.listMatchableAttributes(ListMatchableAttributesRequest.newBuilder().setResourceType(LABEL)
        .setOrg(org).build()).getConfigurationsList()).isEmpty();
    // The org also scopes Get: the row above is invisible to org "".
    assertStatus(() -> getWorkflow(p, DEV, "wf", MatchableResource.CLUSTER_ASSIGNMENT), Status.Code.NOT_FOUND,
        "CLUSTER_ASSIGNMENT");
  }

  @Test
  void badInputIsInvalidArgumentNamingTheFieldAndStoresNothing() {
    String p = "attrs-bad";
    ensureProject(p, "Attrs bad");
    assertStatus(() -> admin.updateProjectAttributes(ProjectAttributesUpdateRequest.getDefaultInstance()),
        Status.Code.INVALID_ARGUMENT, "missing attributes");
    assertStatus(() -> setProject("", label("x")), Status.Code.INVALID_ARGUMENT, "attributes.project");
    assertStatus(() -> setProject(p, MatchingAttributes.getDefaultInstance()), Status.Code.INVALID_ARGUMENT,
        "attributes.matching_attributes");
    assertStatus(() -> setProject("attrs-unregistered", label("x")), Status.Code.INVALID_ARGUMENT,
        "attrs-unregistered");
    assertStatus(() -> setProjectDomain(p, "", label("x")), Status.Code.INVALID_ARGUMENT, "attributes.domain");
    assertStatus(() -> setProjectDomain(p, "qa", label("x")), Status.Code.INVALID_ARGUMENT, "domain [qa]");
    assertStatus(() -> setWorkflow(p, DEV, "", label("x")), Status.Code.INVALID_ARGUMENT, "attributes.workflow");
    assertStatus(() -> admin.getProjectDomainAttributes(ProjectDomainAttributesGetRequest.newBuilder()
            .setProject(p).setDomain(DEV).setResourceTypeValue(42).build()), Status.Code.INVALID_ARGUMENT,
        "resource_type");
    assertStatus(() -> admin.getWorkflowAttributes(WorkflowAttributesGetRequest.newBuilder().setProject(p)
        .setDomain(DEV).setResourceType(LABEL).build()), Status.Code.INVALID_ARGUMENT, "workflow");
    assertStatus(() -> admin.listMatchableAttributes(ListMatchableAttributesRequest.newBuilder()
        .setResourceTypeValue(42).build()), Status.Code.INVALID_ARGUMENT, "resource_type");
    assertStatus(() -> getProject("attrs-unregistered", LABEL), Status.Code.INVALID_ARGUMENT, "attrs-unregistered");
    assertThat(matchable.resolve("", p, DEV, "wf", "lp", LABEL)).isEqualTo(Optional.empty());

    // An archived project keeps its attributes readable but takes no new ones.
    String archived = "attrs-archived";
    ensureProject(archived, "Attrs archived");
    setProject(archived, label("before"));
    Project project = admin.getProject(ProjectGetRequest.newBuilder().setId(archived).build());
    admin.updateProject(project.toBuilder().setState(Project.ProjectState.ARCHIVED).build());
    assertStatus(() -> setProject(archived, label("after")), Status.Code.INVALID_ARGUMENT, "not active");
    assertStatus(() -> setProjectDomain(archived, DEV, label("after")), Status.Code.INVALID_ARGUMENT, "not active");
    assertThat(getProject(archived, LABEL).getMatchingAttributes()).isEqualTo(label("before"));
  }
}
