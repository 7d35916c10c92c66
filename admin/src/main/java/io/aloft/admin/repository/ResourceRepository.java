package io.aloft.admin.repository;

import flyteidl.admin.MatchableResourceOuterClass.MatchableResource;
import io.aloft.admin.entity.ResourceEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * The {@code resources} table (flyteadmin/pkg/repositories/gormimpl/resource_repo.go). Every method needs a
 * transaction. Writes are single statements keyed by the row's unique key, so replicas racing on one key neither
 * fail nor duplicate it.
 */
@ApplicationScoped
public class ResourceRepository {
  private static final String INSERT = "INSERT INTO resources (project, domain, workflow, launch_plan, resource_type,"
      + " org, priority, attributes, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)"
      + " ON CONFLICT ON CONSTRAINT resources_key ";

  @Inject
  EntityManager em;

  /**
   * The most specific row for {@code scope} (FlyteAdmin's {@code ResourceRepo.Get}): among the rows of the scope's
   * kind and org whose every level is either unused ("") or equal to the scope's, the one of highest priority, i.e.
   * launch plan, then workflow, then project-domain, then project.
   */
  public Optional<ResourceEntity> mostSpecific(ResourceKey scope) {
    return em.createQuery("FROM ResourceEntity r WHERE r.resourceType = ?1 AND r.org = ?2"
            + " AND (r.project = '' OR r.project = ?3) AND (r.domain = '' OR r.domain = ?4)"
            + " AND (r.workflow = '' OR r.workflow = ?5) AND (r.launchPlan = '' OR r.launchPlan = ?6)"
            + " ORDER BY r.priority DESC", ResourceEntity.class)
        .setParameter(1, scope.type().name()).setParameter(2, scope.org()).setParameter(3, scope.project())
        .setParameter(4, scope.domain()).setParameter(5, scope.workflow()).setParameter(6, scope.launchPlan())
        .setMaxResults(1).getResultStream().findFirst();
  }

  /**
   * The rows any scope of {@code org} and {@code project} can match: those of the project, of every kind and level,
   * and those without a project. {@link #mostSpecific(List, ResourceKey)} picks from them.
   */
  public List<ResourceEntity> candidates(String org, String project) {
    return em.createQuery("FROM ResourceEntity r WHERE r.org = ?1 AND (r.project = '' OR r.project = ?2)",
            ResourceEntity.class)
        .setParameter(1, org).setParameter(2, project).getResultList();
  }

  /** {@link #mostSpecific(ResourceKey)} among {@code rows} (which hold at least the candidates of the scope). */
  public static Optional<ResourceEntity> mostSpecific(List<ResourceEntity> rows, ResourceKey scope) {
    ResourceEntity best = null;
    for (ResourceEntity r : rows) {
      if (r.resourceType.equals(scope.type().name()) && r.org.equals(scope.org())
          && levelMatches(r.project, scope.project()) && levelMatches(r.domain, scope.domain())
          && levelMatches(r.workflow, scope.workflow()) && levelMatches(r.launchPlan, scope.launchPlan())
          && (best == null || r.priority > best.priority)) {
        best = r;
      }
    }
    return Optional.ofNullable(best);
  }

  private static boolean levelMatches(String stored, String asked) {
    return stored.isEmpty() || stored.equals(asked);
  }

  /** The row stored under exactly {@code key}, if any; {@code lock} takes a row lock until the transaction ends. */
  public Optional<ResourceEntity> find(ResourceKey key, boolean lock) {
    return em.createQuery("FROM ResourceEntity r WHERE r.resourceType = ?1 AND r.org = ?2 AND r.project = ?3"
            + " AND r.domain = ?4 AND r.workflow = ?5 AND r.launchPlan = ?6", ResourceEntity.class)
        .setParameter(1, key.type().name()).setParameter(2, key.org()).setParameter(3, key.project())
        .setParameter(4, key.domain()).setParameter(5, key.workflow()).setParameter(6, key.launchPlan())
        .setLockMode(lock ? LockModeType.PESSIMISTIC_WRITE : LockModeType.NONE)
        .getResultStream().findFirst();
  }

  /** Stores {@code attributes} under {@code key}, replacing what was there. */
  public void put(ResourceKey key, byte[] attributes, Instant now) {
    bind(em.createNativeQuery(INSERT + "DO UPDATE SET attributes = EXCLUDED.attributes,"
        + " updated_at = EXCLUDED.updated_at"), key, attributes, now).executeUpdate();
  }

  /** Stores {@code attributes} under {@code key} unless a row is there; whether it stored them. */
  public boolean insertIfAbsent(ResourceKey key, byte[] attributes, Instant now) {
    return bind(em.createNativeQuery(INSERT + "DO NOTHING"), key, attributes, now).executeUpdate() == 1;
  }

  /** Replaces the attributes of an existing row. */
  public void update(ResourceEntity row, byte[] attributes, Instant now) {
    row.attributes = attributes;
    row.updatedAt = now;
  }

  /** Deletes the row stored under exactly {@code key} (no other level); whether there was one. */
  public boolean delete(ResourceKey key) {
    return em.createQuery("DELETE FROM ResourceEntity r WHERE r.resourceType = ?1 AND r.org = ?2"
            + " AND r.project = ?3 AND r.domain = ?4 AND r.workflow = ?5 AND r.launchPlan = ?6")
        .setParameter(1, key.type().name()).setParameter(2, key.org()).setParameter(3, key.project())
        .setParameter(4, key.domain()).setParameter(5, key.workflow()).setParameter(6, key.launchPlan())
        .executeUpdate() > 0;
  }

  /** Every row of one kind in {@code org}, most specific first (then by project, domain, workflow, launch plan). */
  public List<ResourceEntity> list(MatchableResource type, String org) {
    return em.createQuery("FROM ResourceEntity r WHERE r.resourceType = ?1 AND r.org = ?2 ORDER BY r.priority DESC,"
            + " r.project, r.domain, r.workflow, r.launchPlan", ResourceEntity.class)
        .setParameter(1, type.name()).setParameter(2, org).getResultList();
  }

  private jakarta.persistence.Query bind(jakarta.persistence.Query q, ResourceKey key, byte[] attributes,
      Instant now) {
    return q.setParameter(1, key.project()).setParameter(2, key.domain()).setParameter(3, key.workflow())
        .setParameter(4, key.launchPlan()).setParameter(5, key.type().name()).setParameter(6, key.org())
        .setParameter(7, key.level().priority()).setParameter(8, attributes)
        .setParameter(9, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
  }
}
