package io.aloft.admin.manager;

import static io.aloft.admin.list.ValueKind.STRING;
import static io.aloft.admin.list.ValueKind.TIMESTAMP;

import flyteidl.admin.SignalOuterClass.Signal;
import flyteidl.admin.SignalOuterClass.SignalGetOrCreateRequest;
import flyteidl.admin.SignalOuterClass.SignalList;
import flyteidl.admin.SignalOuterClass.SignalListRequest;
import flyteidl.admin.SignalOuterClass.SignalSetRequest;
import flyteidl.core.IdentifierOuterClass.SignalIdentifier;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Types.LiteralType;
import io.aloft.admin.AdminException;
import io.aloft.admin.entity.SignalEntity;
import io.aloft.admin.list.Entity;
import io.aloft.admin.list.FieldCatalog;
import io.aloft.admin.list.ListQuery;
import io.aloft.admin.list.Sort;
import io.aloft.admin.list.SqlWhere;
import io.aloft.admin.repository.SignalRepository;
import io.aloft.admin.transformer.SignalTransformer;
import io.aloft.admin.validation.SignalValidator;
import io.aloft.admin.validation.Validation;
import io.aloft.compiler.typing.LiteralTypes;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Signals of gate nodes (flyteadmin/pkg/manager/impl/signal_manager.go): propeller creates a signal when a gate node
 * starts (GetOrCreateSignal) and polls it; a user sets its value (SetSignal, flytekit's {@code set_signal},
 * {@code approve}, {@code reject}) and lists them (ListSignals). The execution needs no row in {@code executions}.
 */
@ApplicationScoped
public class SignalManager {
  /** Filters and sorts of ListSignals (FlyteAdmin's signal model columns that make sense to clients). */
  static final FieldCatalog SIGNALS = FieldCatalog.builder(Entity.SIGNAL)
      .field("signal_id", "s.signal_id", STRING)
      .field("created_at", "s.created_at", TIMESTAMP)
      .field("updated_at", "s.updated_at", TIMESTAMP)
      .sortOnly("id", "s.id")
      .tiebreaker("s.id")
      .build();

  @Inject
  SignalRepository signals;

  Clock clock = Clock.systemUTC();

  /**
   * GetOrCreateSignal: the signal with the request's id, created with the request's type if it does not exist.
   * Concurrent calls for one id create one row and all answer it. An existing signal of another type is
   * ALREADY_EXISTS, as in FlyteAdmin (whose {@code FirstOrCreate} then runs into the primary key).
   */
  public Signal getOrCreate(SignalGetOrCreateRequest request) {
    SignalValidator.identifier(request.hasId(), request.getId());
    SignalValidator.type(request.hasType(), request.getType());
    SignalIdentifier id = request.getId();
    Instant now = Instant.now(clock);
    return QuarkusTransaction.requiringNew().call(() -> {
      signals.insertIfAbsent(id, request.getType().toByteArray(), now);
      SignalEntity row = signals.find(id, false).orElseThrow(
          () -> new IllegalStateException("signal " + SignalTransformer.display(id) + " vanished after insert"));
      LiteralType stored = SignalTransformer.type(row);
      if (!stored.equals(request.getType())) {
        throw AdminException.alreadyExists("signal " + SignalTransformer.display(id) + " already exists with type ["
            + LiteralTypes.describe(stored) + "], not [" + LiteralTypes.describe(request.getType())
            + "]");
      }
      return SignalTransformer.toProto(row);
    });
  }

  /**
   * ListSignals: the signals of one execution, oldest first unless asked otherwise, with FlyteAdmin's filters and
   * integer-offset tokens.
   */
  public SignalList list(SignalListRequest request) {
    if (!request.hasWorkflowExecutionId()) {
      throw AdminException.invalid("missing workflow_execution_id");
    }
    WorkflowExecutionIdentifier e = request.getWorkflowExecutionId();
    Validation.required(e.getProject(), "workflow_execution_id.project");
    Validation.required(e.getDomain(), "workflow_execution_id.domain");
    Validation.required(e.getName(), "workflow_execution_id.name");
    Validation.storable(e.getOrg(), "workflow_execution_id.org");
    ListQuery q = ListQuery.of(SIGNALS, request.getLimit(), request.getToken(), request.getFilters(),
            request.hasSortBy() ? request.getSortBy() : null, Sort.by(SIGNALS, "created_at", Sort.Direction.ASCENDING))
        .and(SqlWhere.of("s.execution_project = ? AND s.execution_domain = ? AND s.execution_name = ?"
            + " AND s.execution_org = ?", e.getProject(), e.getDomain(), e.getName(), e.getOrg()));
    List<SignalEntity> rows = QuarkusTransaction.requiringNew().call(() -> signals.list(q));
    SignalList.Builder out = SignalList.newBuilder().setToken(q.nextToken(rows.size()));
    rows.forEach(r -> out.addSignals(SignalTransformer.toProto(r)));
    return out.build();
  }

  /**
   * SetSignal: stores the value of an existing signal. NOT_FOUND if there is no such signal (FlyteAdmin answers
   * INVALID_ARGUMENT "failed to validate that signal exists"); INVALID_ARGUMENT if the value does not fit the
   * signal's type. Setting again replaces the value, as in FlyteAdmin.
   */
  public void set(SignalSetRequest request) {
    SignalValidator.identifier(request.hasId(), request.getId());
    if (!request.hasValue()) {
      throw AdminException.invalid("missing value");
    }
    SignalIdentifier id = request.getId();
    Instant now = Instant.now(clock);
    QuarkusTransaction.requiringNew().run(() -> {
      SignalEntity row = signals.find(id, true).orElseThrow(
          () -> AdminException.notFound("signal " + SignalTransformer.display(id) + " does not exist"));
      SignalValidator.castable(SignalTransformer.type(row), request.getValue(), SignalTransformer.display(id));
      row.value = request.getValue().toByteArray();
      row.updatedAt = now;
    });
  }
}
