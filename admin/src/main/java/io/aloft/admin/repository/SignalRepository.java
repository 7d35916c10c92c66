package io.aloft.admin.repository;

import flyteidl.core.IdentifierOuterClass.SignalIdentifier;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import io.aloft.admin.entity.SignalEntity;
import io.aloft.admin.list.ListQuery;
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
 * The {@code signals} table (flyteadmin/pkg/repositories/gormimpl/signal_repo.go). Every method needs a
 * transaction.
 */
@ApplicationScoped
public class SignalRepository {

  @Inject
  EntityManager em;

  @Inject
  NativeList db;

  /**
   * Creates the signal with {@code type} unless it exists, in one statement: callers racing on one id (propeller
   * replicas, retries) create one row and none fails. Returns whether this call created it.
   */
  public boolean insertIfAbsent(SignalIdentifier id, byte[] type, Instant now) {
    WorkflowExecutionIdentifier e = id.getExecutionId();
    return em.createNativeQuery("INSERT INTO signals (execution_project, execution_domain, execution_name,"
            + " execution_org, signal_id, type, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)"
            + " ON CONFLICT ON CONSTRAINT signals_key DO NOTHING")
        .setParameter(1, e.getProject()).setParameter(2, e.getDomain()).setParameter(3, e.getName())
        .setParameter(4, e.getOrg()).setParameter(5, id.getSignalId()).setParameter(6, type)
        .setParameter(7, OffsetDateTime.ofInstant(now, ZoneOffset.UTC)).executeUpdate() == 1;
  }

  /** The signal with {@code id}, if any; {@code lock} takes a row lock until the transaction ends. */
  public Optional<SignalEntity> find(SignalIdentifier id, boolean lock) {
    WorkflowExecutionIdentifier e = id.getExecutionId();
    return em.createQuery("FROM SignalEntity s WHERE s.executionProject = ?1 AND s.executionDomain = ?2"
            + " AND s.executionName = ?3 AND s.executionOrg = ?4 AND s.signalId = ?5", SignalEntity.class)
        .setParameter(1, e.getProject()).setParameter(2, e.getDomain()).setParameter(3, e.getName())
        .setParameter(4, e.getOrg()).setParameter(5, id.getSignalId())
        .setLockMode(lock ? LockModeType.PESSIMISTIC_WRITE : LockModeType.NONE)
        .getResultStream().findFirst();
  }

  /** One page of signals (alias {@code s}) selected by {@code q}. */
  public List<SignalEntity> list(ListQuery q) {
    return db.rows("SELECT s.* FROM signals s", q, SignalEntity.class);
  }
}
