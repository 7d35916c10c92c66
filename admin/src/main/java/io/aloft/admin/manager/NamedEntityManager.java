package io.aloft.admin.manager;

import static io.aloft.admin.list.ValueKind.ENUM;
import static io.aloft.admin.list.ValueKind.STRING;

import flyteidl.admin.Common.NamedEntity;
import flyteidl.admin.Common.NamedEntityGetRequest;
import flyteidl.admin.Common.NamedEntityIdentifier;
import flyteidl.admin.Common.NamedEntityList;
import flyteidl.admin.Common.NamedEntityListRequest;
import flyteidl.admin.Common.NamedEntityMetadata;
import flyteidl.admin.Common.NamedEntityState;
import flyteidl.admin.Common.NamedEntityUpdateRequest;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import io.aloft.admin.AdminException;
import io.aloft.admin.list.Entity;
import io.aloft.admin.list.FieldCatalog;
import io.aloft.admin.list.Filter;
import io.aloft.admin.list.FilterOp;
import io.aloft.admin.list.ListQuery;
import io.aloft.admin.list.Sort;
import io.aloft.admin.list.SqlWhere;
import io.aloft.admin.repository.NamedEntityRepository;
import io.aloft.admin.transformer.NamedEntityTransformer;
import io.aloft.admin.validation.Validation;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Named entities: a task, workflow or launch plan name across its versions, with a description and a state
 * (flyteadmin/pkg/manager/impl/named_entity_manager.go). A name exists once a version of it is registered; its
 * metadata row appears on the first update.
 */
@ApplicationScoped
public class NamedEntityManager {
  /** Filters and sorts of ListNamedEntities: the name's columns and its metadata (state defaults to ACTIVE). */
  static final FieldCatalog NAMED_ENTITIES = FieldCatalog.builder(Entity.NAMED_ENTITY)
      .field("project", "ne.project", STRING)
      .field("domain", "ne.domain", STRING)
      .field("name", "ne.name", STRING)
      .field("state", "COALESCE(nem.state, 0)", ENUM(NamedEntityState.class))
      .field("description", "COALESCE(nem.description, '')", STRING)
      .tiebreaker("ne.name")
      .build();

  /** FlyteAdmin hides workflows it generated itself (single-task executions) from workflow listings. */
  private static final Filter NOT_SYSTEM_GENERATED =
      Filter.of(FilterOp.NE, Entity.NAMED_ENTITY, "state", NamedEntityState.SYSTEM_GENERATED.name());

  @Inject
  NamedEntityRepository repository;

  Clock clock = Clock.systemUTC();

  /** GetNamedEntity: NOT_FOUND unless a version of the name is registered. */
  public NamedEntity get(NamedEntityGetRequest request) {
    ResourceType type = resourceType(request.getResourceType());
    NamedEntityIdentifier id = identifier(request.hasId(), request.getId());
    return QuarkusTransaction.requiringNew().call(() -> {
      requireExists(type, id);
      return NamedEntityTransformer.toProto(type, id, repository.metadata(type, id).orElse(null));
    });
  }

  /**
   * UpdateNamedEntity: sets the state and, when non-empty, the description of a registered name (an empty
   * description keeps the stored one, see {@link NamedEntityRepository#upsert}); NOT_FOUND unless registered.
   */
  public void update(NamedEntityUpdateRequest request) {
    ResourceType type = resourceType(request.getResourceType());
    NamedEntityIdentifier id = identifier(request.hasId(), request.getId());
    if (!request.hasMetadata()) {
      throw AdminException.invalid("missing metadata");
    }
    NamedEntityMetadata metadata = request.getMetadata();
    if (metadata.getState() == NamedEntityState.UNRECOGNIZED) {
      throw AdminException.invalid("invalid metadata.state [" + metadata.getStateValue() + "]");
    }
    Validation.maxLength(metadata.getDescription(), 300, "metadata.description");
    Instant now = Instant.now(clock);
    QuarkusTransaction.requiringNew().run(() -> {
      requireExists(type, id);
      repository.upsert(type, id, metadata.getDescription(), metadata.getStateValue(), now);
    });
  }

  /**
   * ListNamedEntities: the distinct names of a type in a project and domain with their metadata, filtered (e.g.
   * {@code eq(state,0)}), sorted by name unless asked otherwise, integer-offset tokens. Workflow listings leave out
   * SYSTEM_GENERATED names, as FlyteAdmin's do.
   */
  public NamedEntityList list(NamedEntityListRequest request) {
    Validation.required(request.getProject(), "project");
    Validation.required(request.getDomain(), "domain");
    Validation.storable(request.getOrg(), "org");
    ResourceType type = resourceType(request.getResourceType());
    List<Filter> fixed = type == ResourceType.WORKFLOW ? List.of(NOT_SYSTEM_GENERATED) : List.of();
    ListQuery q = ListQuery.of(NAMED_ENTITIES, request.getLimit(), request.getToken(), fixed, request.getFilters(),
            request.hasSortBy() ? request.getSortBy() : null,
            Sort.by(NAMED_ENTITIES, "name", Sort.Direction.ASCENDING))
        .and(SqlWhere.of("ne.project = ? AND ne.domain = ? AND ne.org = ?", request.getProject(),
            request.getDomain(), request.getOrg()));
    List<Object[]> rows = QuarkusTransaction.requiringNew().call(() -> repository.list(type, q));
    NamedEntityList.Builder out = NamedEntityList.newBuilder().setToken(q.nextToken(rows.size()));
    rows.forEach(r -> out.addEntities(NamedEntityTransformer.fromListRow(type, r)));
    return out.build();
  }

  private void requireExists(ResourceType type, NamedEntityIdentifier id) {
    if (!repository.exists(type, id)) {
      throw AdminException.notFound(type.name().toLowerCase(java.util.Locale.ROOT) + " [" + id.getProject() + ":"
          + id.getDomain() + ":" + id.getName() + "] not found");
    }
  }

  /** Throws INVALID_ARGUMENT unless named entities exist for {@code type} (ValidateResourceType). */
  static ResourceType resourceType(ResourceType type) {
    if (!NamedEntityRepository.supports(type)) {
      throw AdminException.invalid("invalid resource_type [" + type + "]: must be TASK, WORKFLOW or LAUNCH_PLAN");
    }
    return type;
  }

  /** Throws INVALID_ARGUMENT naming the first missing part of the identifier (ValidateNamedEntityIdentifier). */
  static NamedEntityIdentifier identifier(boolean present, NamedEntityIdentifier id) {
    if (!present) {
      throw AdminException.invalid("missing id");
    }
    Validation.required(id.getProject(), "id.project");
    Validation.required(id.getDomain(), "id.domain");
    Validation.required(id.getName(), "id.name");
    Validation.storable(id.getOrg(), "id.org");
    return id;
  }
}
