package io.aloft.admin.repository;

import flyteidl.admin.Common.NamedEntityIdentifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import io.aloft.admin.entity.NamedEntityMetadataEntity;
import io.aloft.admin.list.ListQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Named entities: the distinct names of the {@code tasks}, {@code workflows} and {@code launch_plans} tables with
 * their {@code named_entity_metadata} (flyteadmin/pkg/repositories/gormimpl/named_entity_repo.go). Every method
 * needs a transaction.
 */
@ApplicationScoped
public class NamedEntityRepository {
  /** The table of each resource type a named entity can be. Table names are trusted SQL, never request text. */
  private static final Map<ResourceType, String> TABLES = Map.of(
      ResourceType.TASK, "tasks", ResourceType.WORKFLOW, "workflows", ResourceType.LAUNCH_PLAN, "launch_plans");

  @Inject
  EntityManager em;

  @Inject
  NativeList db;

  /** Whether a named entity can be of {@code type} (TASK, WORKFLOW, LAUNCH_PLAN). */
  public static boolean supports(ResourceType type) {
    return TABLES.containsKey(type);
  }

  /** Whether at least one version of the entity is registered. */
  public boolean exists(ResourceType type, NamedEntityIdentifier id) {
    return !em.createNativeQuery("SELECT 1 FROM " + table(type)
            + " WHERE project = ?1 AND domain = ?2 AND name = ?3 AND org = ?4 LIMIT 1")
        .setParameter(1, id.getProject()).setParameter(2, id.getDomain()).setParameter(3, id.getName())
        .setParameter(4, id.getOrg()).getResultList().isEmpty();
  }

  /** The entity's metadata row, if it has one. */
  public Optional<NamedEntityMetadataEntity> metadata(ResourceType type, NamedEntityIdentifier id) {
    return em.createQuery("FROM NamedEntityMetadataEntity m WHERE m.resourceType = ?1 AND m.project = ?2"
            + " AND m.domain = ?3 AND m.name = ?4 AND m.org = ?5", NamedEntityMetadataEntity.class)
        .setParameter(1, type.getNumber()).setParameter(2, id.getProject()).setParameter(3, id.getDomain())
        .setParameter(4, id.getName()).setParameter(5, id.getOrg()).getResultStream().findFirst();
  }

  /**
   * Creates or updates the entity's metadata in one statement (replicas racing on a name both succeed). The state
   * is always set; an empty {@code description} keeps the stored one, as FlyteAdmin's gorm {@code Assign} ignores
   * zero values (flytectl and flyteconsole archive a name by sending its state alone).
   */
  public void upsert(ResourceType type, NamedEntityIdentifier id, String description, int state, Instant now) {
    em.createNativeQuery("INSERT INTO named_entity_metadata (resource_type, project, domain, name, org, description,"
            + " state, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)"
            + " ON CONFLICT ON CONSTRAINT named_entity_metadata_key DO UPDATE SET"
            + " description = CASE WHEN EXCLUDED.description = '' THEN named_entity_metadata.description"
            + " ELSE EXCLUDED.description END, state = EXCLUDED.state, updated_at = EXCLUDED.updated_at")
        .setParameter(1, type.getNumber()).setParameter(2, id.getProject()).setParameter(3, id.getDomain())
        .setParameter(4, id.getName()).setParameter(5, id.getOrg()).setParameter(6, description)
        .setParameter(7, state).setParameter(8, OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).executeUpdate();
  }

  /**
   * One page of named entities of {@code type}: rows (project, domain, name, org, description or null, state), the
   * distinct names of the type's table (alias {@code ne}) left-joined with their metadata (alias {@code nem}), then
   * filtered, ordered and paged by {@code q}. Filters apply before paging (FlyteAdmin pages the names first and
   * filters the page, so a filtered page can come back short and end the listing early).
   */
  public List<Object[]> list(ResourceType type, ListQuery q) {
    String sql = "SELECT ne.project, ne.domain, ne.name, ne.org, nem.description, COALESCE(nem.state, 0)"
        + " FROM (SELECT DISTINCT project, domain, name, org FROM " + table(type) + ") ne"
        + " LEFT JOIN named_entity_metadata nem ON nem.resource_type = " + type.getNumber()
        + " AND nem.project = ne.project AND nem.domain = ne.domain AND nem.name = ne.name AND nem.org = ne.org "
        + q.sql();
    return db.tuplesSql(sql, q);
  }

  private static String table(ResourceType type) {
    String table = TABLES.get(type);
    if (table == null) {
      throw new IllegalArgumentException("no named entities of type " + type);
    }
    return table;
  }
}
