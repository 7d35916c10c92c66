package io.aloft.admin.manager;

import flyteidl.admin.MatchableResourceOuterClass.ListMatchableAttributesRequest;
import flyteidl.admin.MatchableResourceOuterClass.ListMatchableAttributesResponse;
import flyteidl.admin.MatchableResourceOuterClass.MatchableResource;
import flyteidl.admin.MatchableResourceOuterClass.MatchingAttributes;
import flyteidl.admin.MatchableResourceOuterClass.WorkflowExecutionConfig;
import flyteidl.admin.ProjectAttributesOuterClass.ProjectAttributes;
import flyteidl.admin.ProjectAttributesOuterClass.ProjectAttributesDeleteRequest;
import flyteidl.admin.ProjectAttributesOuterClass.ProjectAttributesGetRequest;
import flyteidl.admin.ProjectAttributesOuterClass.ProjectAttributesGetResponse;
import flyteidl.admin.ProjectAttributesOuterClass.ProjectAttributesUpdateRequest;
import flyteidl.admin.ProjectDomainAttributesOuterClass.ProjectDomainAttributes;
import flyteidl.admin.ProjectDomainAttributesOuterClass.ProjectDomainAttributesDeleteRequest;
import flyteidl.admin.ProjectDomainAttributesOuterClass.ProjectDomainAttributesGetRequest;
import flyteidl.admin.ProjectDomainAttributesOuterClass.ProjectDomainAttributesGetResponse;
import flyteidl.admin.ProjectDomainAttributesOuterClass.ProjectDomainAttributesUpdateRequest;
import flyteidl.admin.ProjectOuterClass.Project.ProjectState;
import flyteidl.admin.WorkflowAttributesOuterClass.WorkflowAttributes;
import flyteidl.admin.WorkflowAttributesOuterClass.WorkflowAttributesDeleteRequest;
import flyteidl.admin.WorkflowAttributesOuterClass.WorkflowAttributesGetRequest;
import flyteidl.admin.WorkflowAttributesOuterClass.WorkflowAttributesGetResponse;
import flyteidl.admin.WorkflowAttributesOuterClass.WorkflowAttributesUpdateRequest;
import io.aloft.admin.AdminException;
import io.aloft.admin.config.AdminConfig;
import io.aloft.admin.entity.ProjectEntity;
import io.aloft.admin.entity.ResourceEntity;
import io.aloft.admin.repository.ResourceKey;
import io.aloft.admin.repository.ResourceRepository;
import io.aloft.admin.transformer.ResourceTransformer;
import io.aloft.admin.validation.AttributesValidator;
import io.aloft.admin.validation.Validation;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The matchable-attribute RPCs: Update/Get/Delete of project, project-domain and workflow attributes and
 * ListMatchableAttributes (flyteadmin/pkg/manager/impl/resources/resource_manager.go). Every RPC is one
 * transaction. The lookup the launch path uses is {@link MatchableAttributes#resolve}.
 *
 * <p>As in FlyteAdmin: the project must be registered (and ACTIVE, except to read project attributes) and the domain
 * configured, else INVALID_ARGUMENT; the kind of attribute is the member set in {@code matching_attributes}; plugin
 * overrides are merged per task type into what is stored, every other kind replaces it; GetProjectDomainAttributes
 * and GetWorkflowAttributes answer the most specific row that applies (so possibly a less specific level, whose
 * unused fields are ""); GetProjectAttributes of WORKFLOW_EXECUTION_CONFIG is completed with the platform defaults,
 * and answers them alone when nothing is stored. A delete removes exactly the level named and succeeds when nothing
 * was there (FlyteAdmin's gorm delete also removes the more specific levels below it, by accident of its
 * zero-value-ignoring where clause; that is not copied).
 */
@ApplicationScoped
public class MatchableAttributesManager {

  @Inject
  ResourceRepository resources;

  @Inject
  AdminConfig config;

  @Inject
  EntityManager em;

  Clock clock = Clock.systemUTC();

  /** UpdateProjectAttributes: stores project-level attributes of the kind the request sets. */
  public void updateProjectAttributes(ProjectAttributesUpdateRequest request) {
    if (!request.hasAttributes()) {
      throw AdminException.invalid("missing attributes");
    }
    ProjectAttributes a = request.getAttributes();
    Validation.required(a.getProject(), "attributes.project");
    Validation.storable(a.getOrg(), "attributes.org");
    MatchableResource type = AttributesValidator.resourceOf(a.getMatchingAttributes(),
        "attributes.matching_attributes");
    store(ResourceKey.project(a.getOrg(), a.getProject(), type), a.getMatchingAttributes(),
        () -> requireProject(a.getProject(), true));
  }

  /** GetProjectAttributes: the project-level row only (no fallback), merged with platform defaults as described. */
  public ProjectAttributesGetResponse getProjectAttributes(ProjectAttributesGetRequest request) {
    Validation.required(request.getProject(), "project");
    Validation.storable(request.getOrg(), "org");
    MatchableResource type = AttributesValidator.resourceType(request.getResourceType(), "resource_type");
    ResourceKey key = ResourceKey.project(request.getOrg(), request.getProject(), type);
    Optional<ProjectAttributes> stored = QuarkusTransaction.requiringNew().call(() -> {
      requireProject(request.getProject(), false);
      return resources.find(key, false).map(ResourceTransformer::toProjectAttributes);
    });
    if (type == MatchableResource.WORKFLOW_EXECUTION_CONFIG) {
      WorkflowExecutionConfig storedConfig = stored.map(p -> p.getMatchingAttributes().getWorkflowExecutionConfig())
          .orElse(WorkflowExecutionConfig.getDefaultInstance());
      return ProjectAttributesGetResponse.newBuilder().setAttributes(ProjectAttributes.newBuilder()
          .setProject(request.getProject()).setOrg(request.getOrg())
          .setMatchingAttributes(MatchingAttributes.newBuilder().setWorkflowExecutionConfig(
              ResourceTransformer.withPlatformDefaults(storedConfig, config.maxParallelism())))).build();
    }
    return ProjectAttributesGetResponse.newBuilder().setAttributes(stored.orElseThrow(() -> notFound(key)))
        .build();
  }

  /** DeleteProjectAttributes: removes the project-level row of the kind (not the other levels). */
  public void deleteProjectAttributes(ProjectAttributesDeleteRequest request) {
    Validation.required(request.getProject(), "project");
    Validation.storable(request.getOrg(), "org");
    MatchableResource type = AttributesValidator.resourceType(request.getResourceType(), "resource_type");
    delete(ResourceKey.project(request.getOrg(), request.getProject(), type),
        () -> requireProject(request.getProject(), true));
  }

  /** UpdateProjectDomainAttributes: stores project-domain attributes of the kind the request sets. */
  public void updateProjectDomainAttributes(ProjectDomainAttributesUpdateRequest request) {
    if (!request.hasAttributes()) {
      throw AdminException.invalid("missing attributes");
    }
    ProjectDomainAttributes a = request.getAttributes();
    Validation.required(a.getProject(), "attributes.project");
    Validation.storable(a.getOrg(), "attributes.org");
    Validation.required(a.getDomain(), "attributes.domain");
    MatchableResource type = AttributesValidator.resourceOf(a.getMatchingAttributes(),
        "attributes.matching_attributes");
    store(ResourceKey.projectDomain(a.getOrg(), a.getProject(), a.getDomain(), type), a.getMatchingAttributes(),
        () -> requireProjectAndDomain(a.getProject(), a.getDomain()));
  }

  /** GetProjectDomainAttributes: the project-domain row, else the project row; NOT_FOUND if neither. */
  public ProjectDomainAttributesGetResponse getProjectDomainAttributes(ProjectDomainAttributesGetRequest request) {
    Validation.required(request.getProject(), "project");
    Validation.storable(request.getOrg(), "org");
    Validation.required(request.getDomain(), "domain");
    MatchableResource type = AttributesValidator.resourceType(request.getResourceType(), "resource_type");
    ResourceKey scope = ResourceKey.projectDomain(request.getOrg(), request.getProject(), request.getDomain(), type);
    return ProjectDomainAttributesGetResponse.newBuilder().setAttributes(QuarkusTransaction.requiringNew().call(() -> {
      requireProjectAndDomain(request.getProject(), request.getDomain());
      return resources.mostSpecific(scope).map(ResourceTransformer::toProjectDomainAttributes)
          .orElseThrow(() -> notFound(scope));
    })).build();
  }

  /** DeleteProjectDomainAttributes: removes the project-domain row of the kind (not the other levels). */
  public void deleteProjectDomainAttributes(ProjectDomainAttributesDeleteRequest request) {
    Validation.required(request.getProject(), "project");
    Validation.storable(request.getOrg(), "org");
    Validation.required(request.getDomain(), "domain");
    MatchableResource type = AttributesValidator.resourceType(request.getResourceType(), "resource_type");
    delete(ResourceKey.projectDomain(request.getOrg(), request.getProject(), request.getDomain(), type),
        () -> requireProjectAndDomain(request.getProject(), request.getDomain()));
  }

  /** UpdateWorkflowAttributes: stores workflow-level attributes of the kind the request sets. */
  public void updateWorkflowAttributes(WorkflowAttributesUpdateRequest request) {
    if (!request.hasAttributes()) {
      throw AdminException.invalid("missing attributes");
    }
    WorkflowAttributes a = request.getAttributes();
    Validation.required(a.getProject(), "attributes.project");
    Validation.storable(a.getOrg(), "attributes.org");
    Validation.required(a.getDomain(), "attributes.domain");
    Validation.required(a.getWorkflow(), "attributes.workflow");
    MatchableResource type = AttributesValidator.resourceOf(a.getMatchingAttributes(),
        "attributes.matching_attributes");
    store(ResourceKey.workflow(a.getOrg(), a.getProject(), a.getDomain(), a.getWorkflow(), type),
        a.getMatchingAttributes(), () -> requireProjectAndDomain(a.getProject(), a.getDomain()));
  }

  /** GetWorkflowAttributes: the workflow row, else project-domain, else project; NOT_FOUND if none. */
  public WorkflowAttributesGetResponse getWorkflowAttributes(WorkflowAttributesGetRequest request) {
    Validation.required(request.getProject(), "project");
    Validation.storable(request.getOrg(), "org");
    Validation.required(request.getDomain(), "domain");
    Validation.required(request.getWorkflow(), "workflow");
    MatchableResource type = AttributesValidator.resourceType(request.getResourceType(), "resource_type");
    ResourceKey scope = ResourceKey.workflow(request.getOrg(), request.getProject(), request.getDomain(),
        request.getWorkflow(), type);
    return WorkflowAttributesGetResponse.newBuilder().setAttributes(QuarkusTransaction.requiringNew().call(() -> {
      requireProjectAndDomain(request.getProject(), request.getDomain());
      return resources.mostSpecific(scope).map(ResourceTransformer::toWorkflowAttributes)
          .orElseThrow(() -> notFound(scope));
    })).build();
  }

  /** DeleteWorkflowAttributes: removes the workflow-level row of the kind. */
  public void deleteWorkflowAttributes(WorkflowAttributesDeleteRequest request) {
    Validation.required(request.getProject(), "project");
    Validation.storable(request.getOrg(), "org");
    Validation.required(request.getDomain(), "domain");
    Validation.required(request.getWorkflow(), "workflow");
    MatchableResource type = AttributesValidator.resourceType(request.getResourceType(), "resource_type");
    delete(ResourceKey.workflow(request.getOrg(), request.getProject(), request.getDomain(), request.getWorkflow(),
        type), () -> requireProjectAndDomain(request.getProject(), request.getDomain()));
  }

  /** ListMatchableAttributes: every row of the kind in the request's org, most specific first. */
  public ListMatchableAttributesResponse list(ListMatchableAttributesRequest request) {
    MatchableResource type = AttributesValidator.resourceType(request.getResourceType(), "resource_type");
    Validation.storable(request.getOrg(), "org");
    ListMatchableAttributesResponse.Builder out = ListMatchableAttributesResponse.newBuilder();
    QuarkusTransaction.requiringNew().call(() -> resources.list(type, request.getOrg()))
        .forEach(row -> out.addConfigurations(ResourceTransformer.toConfiguration(row)));
    return out.build();
  }

  /** Stores attributes under {@code key} after {@code check}, in one transaction; see the class doc. */
  private void store(ResourceKey key, MatchingAttributes attributes, Runnable check) {
    Instant now = Instant.now(clock);
    QuarkusTransaction.requiringNew().run(() -> {
      check.run();
      if (key.type() != MatchableResource.PLUGIN_OVERRIDE) {
        resources.put(key, attributes.toByteArray(), now);
        return;
      }
      // Read-merge-write under a row lock, so concurrent updates of different task types all survive.
      for (int attempt = 0; attempt < 5; attempt++) {
        if (resources.insertIfAbsent(key, attributes.toByteArray(), now)) {
          return;
        }
        Optional<ResourceEntity> row = resources.find(key, true);
        if (row.isPresent()) {
          MatchingAttributes merged = ResourceTransformer.mergePluginOverrides(
              ResourceTransformer.attributes(row.get()), attributes);
          resources.update(row.get(), merged.toByteArray(), now);
          return;
        }
        // Deleted between our insert attempt and our read: try again.
      }
      throw new IllegalStateException("plugin overrides " + key + " changed under five attempts to merge them");
    });
  }

  private void delete(ResourceKey key, Runnable check) {
    QuarkusTransaction.requiringNew().run(() -> {
      check.run();
      resources.delete(key);
    });
  }

  /**
   * INVALID_ARGUMENT unless the project is registered and, if {@code active}, ACTIVE
   * (validation.go ValidateProjectForUpdate / ValidateProjectExists).
   */
  private void requireProject(String project, boolean active) {
    ProjectEntity p = em.find(ProjectEntity.class, project);
    if (p == null) {
      throw AdminException.invalid("failed to validate that project [" + project + "] is registered");
    }
    if (active && p.state != ProjectState.ACTIVE_VALUE) {
      throw AdminException.invalid("project [" + project + "] is not active");
    }
  }

  /**
   * INVALID_ARGUMENT unless the project is registered and ACTIVE and the domain configured (validation.go
   * ValidateProjectAndDomain).
   */
  private void requireProjectAndDomain(String project, String domain) {
    ProjectEntity p = em.find(ProjectEntity.class, project);
    if (p == null) {
      throw AdminException.invalid("failed to validate that project [" + project + "] and domain [" + domain
          + "] are registered");
    }
    if (p.state != ProjectState.ACTIVE_VALUE) {
      throw AdminException.invalid("project [" + project + "] is not active");
    }
    if (!config.domains().contains(domain)) {
      throw AdminException.invalid("domain [" + domain + "] is unrecognized by system (configured: "
          + config.domains() + ")");
    }
  }

  private static AdminException notFound(ResourceKey scope) {
    return AdminException.notFound("no " + scope.type() + " attributes found for " + scope);
  }
}
