package io.aloft.admin.manager;

import static io.aloft.admin.list.ValueKind.STRING;
import static io.aloft.admin.list.ValueKind.TIMESTAMP;

import flyteidl.admin.Common.ObjectGetRequest;
import flyteidl.admin.DescriptionEntityOuterClass.DescriptionEntity;
import flyteidl.admin.DescriptionEntityOuterClass.DescriptionEntityList;
import flyteidl.admin.DescriptionEntityOuterClass.DescriptionEntityListRequest;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import io.aloft.admin.AdminException;
import io.aloft.admin.list.Entity;
import io.aloft.admin.list.FieldCatalog;
import io.aloft.admin.list.ListQuery;
import io.aloft.admin.list.Sort;
import io.aloft.admin.list.SqlWhere;
import io.aloft.admin.repository.DescriptionEntityRepository;
import io.aloft.admin.transformer.DescriptionEntityTransformer;
import io.aloft.admin.validation.Validation;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;

/**
 * Description entities (flyteadmin/pkg/manager/impl/description_entity_manager.go): what a task or workflow version
 * was registered with in its spec's {@code description}. TaskManager and WorkflowManager store them through
 * {@link #record} in their create transaction; this manager reads them.
 */
@ApplicationScoped
public class DescriptionEntityManager {
  /** FlyteAdmin parses a ListDescriptionEntities filter against the task or the workflow entity. */
  static final FieldCatalog TASK_DESCRIPTIONS = catalog(Entity.TASK);
  static final FieldCatalog WORKFLOW_DESCRIPTIONS = catalog(Entity.WORKFLOW);

  @Inject
  DescriptionEntityRepository repository;

  private static FieldCatalog catalog(Entity entity) {
    return FieldCatalog.builder(entity)
        .field("project", "d.project", STRING)
        .field("domain", "d.domain", STRING)
        .field("name", "d.name", STRING)
        .field("version", "d.version", STRING)
        .field("short_description", "d.short_description", STRING)
        .field("link", "d.link", STRING)
        .field("created_at", "d.created_at", TIMESTAMP)
        .field("updated_at", "d.updated_at", TIMESTAMP)
        .tiebreaker("d.id")
        .build();
  }

  /**
   * Throws INVALID_ARGUMENT naming the field if the columns of {@code description} cannot be stored (PostgreSQL text
   * holds no NUL character); call before the create transaction.
   */
  public static void validate(DescriptionEntity description, String field) {
    Validation.storable(description.getShortDescription(), field + ".short_description");
    Validation.storable(description.getSourceCode().getLink(), field + ".source_code.link");
  }

  /**
   * Stores {@code description} for the task or workflow {@code id}; runs in the caller's transaction, so the
   * description exists exactly when the registration does (FlyteAdmin's TaskRepo/WorkflowRepo.Create).
   */
  public void record(Identifier id, DescriptionEntity description, Instant now) {
    repository.insert(id, description.getShortDescription(), description.getSourceCode().getLink(),
        DescriptionEntityTransformer.toBytes(description), now);
  }

  /** GetDescriptionEntity: the description of a task or workflow version; NOT_FOUND naming it if none. */
  public DescriptionEntity get(ObjectGetRequest request) {
    if (!request.hasId()) {
      throw AdminException.invalid("missing id");
    }
    Identifier id = request.getId();
    requireDescribable(id.getResourceType(), "id.resource_type");
    Validation.required(id.getProject(), "id.project");
    Validation.required(id.getDomain(), "id.domain");
    Validation.required(id.getName(), "id.name");
    Validation.required(id.getVersion(), "id.version");
    Validation.storable(id.getOrg(), "id.org");
    return QuarkusTransaction.requiringNew().call(() -> repository.get(id))
        .map(DescriptionEntityTransformer::toProto)
        .orElseThrow(() -> AdminException.notFound("description entity of " + id.getResourceType() + " "
            + Identifiers.display(id) + " not found"));
  }

  /**
   * ListDescriptionEntities: the descriptions of the versions of one task or workflow name, newest first unless
   * asked otherwise, with FlyteAdmin's filters and integer-offset tokens; project, domain, name and limit required.
   */
  public DescriptionEntityList list(DescriptionEntityListRequest request) {
    ResourceType type = request.getResourceType();
    requireDescribable(type, "resource_type");
    if (!request.hasId()) {
      throw AdminException.invalid("missing id");
    }
    Validation.required(request.getId().getProject(), "id.project");
    Validation.required(request.getId().getDomain(), "id.domain");
    Validation.required(request.getId().getName(), "id.name");
    Validation.storable(request.getId().getOrg(), "id.org");
    FieldCatalog catalog = type == ResourceType.TASK ? TASK_DESCRIPTIONS : WORKFLOW_DESCRIPTIONS;
    ListQuery q = ListQuery.of(catalog, request.getLimit(), request.getToken(), request.getFilters(),
            request.hasSortBy() ? request.getSortBy() : null,
            Sort.by(catalog, "created_at", Sort.Direction.DESCENDING))
        .and(SqlWhere.of("d.resource_type = ? AND d.project = ? AND d.domain = ? AND d.name = ? AND d.org = ?",
            type.getNumber(), request.getId().getProject(), request.getId().getDomain(),
            request.getId().getName(), request.getId().getOrg()));
    List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> repository.list(q));
    DescriptionEntityList.Builder out = DescriptionEntityList.newBuilder().setToken(q.nextToken(rows.size()));
    rows.forEach(r -> out.addDescriptionEntities(DescriptionEntityTransformer.toProto(r)));
    return out.build();
  }

  /** Only tasks and workflows have description entities. */
  private static void requireDescribable(ResourceType type, String field) {
    if (type != ResourceType.TASK && type != ResourceType.WORKFLOW) {
      throw AdminException.invalid("invalid " + field + " " + type + ": description entities are of TASK or"
          + " WORKFLOW");
    }
  }
}
