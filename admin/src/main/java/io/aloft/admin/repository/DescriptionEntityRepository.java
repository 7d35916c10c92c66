package io.aloft.admin.repository;

import flyteidl.core.IdentifierOuterClass.Identifier;
import io.aloft.admin.list.ListQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/**
 * Description entities, table {@code description_entities} (flyteadmin/pkg/repositories/gormimpl/
 * description_entity_repo.go). Rows are (resource_type, project, domain, name, version, entity bytes). Every method
 * needs a transaction.
 */
@ApplicationScoped
public class DescriptionEntityRepository {
  /** The columns every read selects, in the order DescriptionEntityTransformer.toProto reads them. */
  public static final String COLUMNS = "d.resource_type, d.project, d.domain, d.name, d.version, d.org, d.entity";

  @Inject
  EntityManager em;

  @Inject
  NativeList db;

  /**
   * Stores the description of {@code id} (its resource type says task or workflow). Meant for the caller's create
   * transaction; a row already there for the id is kept (the caller's own unique key decides the race).
   */
  public void insert(Identifier id, String shortDescription, String link, byte[] entity, Instant now) {
    em.createNativeQuery("INSERT INTO description_entities (resource_type, project, domain, name, version, org,"
            + " short_description, link, entity, created_at, updated_at)"
            + " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)"
            + " ON CONFLICT ON CONSTRAINT description_entities_key DO NOTHING")
        .setParameter(1, id.getResourceTypeValue()).setParameter(2, id.getProject())
        .setParameter(3, id.getDomain()).setParameter(4, id.getName()).setParameter(5, id.getVersion())
        .setParameter(6, id.getOrg()).setParameter(7, shortDescription).setParameter(8, link)
        .setParameter(9, entity).setParameter(10, OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).executeUpdate();
  }

  /** The row of {@code id} ({@link #COLUMNS}), if any. */
  public Optional<Object[]> get(Identifier id) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows = em.createNativeQuery("SELECT " + COLUMNS + " FROM description_entities d"
            + " WHERE d.resource_type = ?1 AND d.project = ?2 AND d.domain = ?3 AND d.name = ?4 AND d.version = ?5"
            + " AND d.org = ?6")
        .setParameter(1, id.getResourceTypeValue()).setParameter(2, id.getProject())
        .setParameter(3, id.getDomain()).setParameter(4, id.getName()).setParameter(5, id.getVersion())
        .setParameter(6, id.getOrg()).getResultList();
    return rows.stream().findFirst();
  }

  /** One page of rows ({@link #COLUMNS}) selected, ordered and paged by {@code q} (alias {@code d}). */
  public List<Object[]> list(ListQuery q) {
    return db.tuples("SELECT " + COLUMNS + " FROM description_entities d", q);
  }
}
