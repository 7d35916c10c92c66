package io.aloft.admin.manager;

import com.google.protobuf.InvalidProtocolBufferException;
import flyteidl.admin.Common.NamedEntityIdentifier;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlan;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanClosure;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanCreateRequest;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanSpec;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanState;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import flyteidl.core.Interface.Parameter;
import flyteidl.core.Interface.ParameterMap;
import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Interface.Variable;
import flyteidl.core.Literals.Literal;
import io.aloft.admin.AdminException;
import io.aloft.admin.entity.VersionedEntity;
import io.aloft.admin.entity.LaunchPlanEntity;
import io.aloft.admin.entity.WorkflowEntity;
import io.aloft.admin.schedule.ScheduleActivation;
import io.aloft.admin.schedule.ScheduleValidator;
import io.aloft.admin.transformer.Protos;
import io.aloft.compiler.LaunchPlanInterface;
import io.aloft.compiler.typing.LiteralTypes;
import io.aloft.compiler.typing.TypeCompatibility;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Launch plans (flyteadmin/pkg/manager/impl/launch_plan_manager.go). */
@ApplicationScoped
public class LaunchPlanManager {

  @Inject
  EntityManager em;

  @Inject
  Identifiers identifiers;

  @Inject
  ScheduleActivation scheduleActivation;

  Clock clock = Clock.systemUTC();

  /**
   * Registers a launch plan of a registered workflow, INACTIVE. Its inputs must fit the workflow's interface
   * (INVALID_ARGUMENT naming the input otherwise); an identical re-registration is ALREADY_EXISTS, a different
   * one under the same id INVALID_ARGUMENT.
   */
  public void create(LaunchPlanCreateRequest request) {
    if (!request.hasId()) {
      throw AdminException.invalid("missing identifier for LaunchPlanCreateRequest");
    }
    Identifier id = request.getId();
    identifiers.validateVersioned(id, "launch plan");
    if (!request.hasSpec() || !request.getSpec().hasWorkflowId()) {
      throw AdminException.invalid("missing spec.workflow_id for launch plan " + Identifiers.display(id));
    }
    LaunchPlanSpec spec = request.getSpec();
    identifiers.validateVersioned(spec.getWorkflowId(), "launch plan spec.workflow_id");
    byte[] digest = Protos.digest(spec);
    Instant now = Instant.now(clock);
    try {
      QuarkusTransaction.requiringNew().run(() -> {
        identifiers.requireProjectAndDomain(id);
        WorkflowEntity wf = workflow(spec.getWorkflowId());
        LaunchPlanEntity existing = VersionedEntity.find(em, LaunchPlanEntity.class, id);
        if (existing != null) {
          throw Identifiers.conflict("launch plan", id, existing.digest, digest);
        }
        TypedInterface wfInterface = parseInterface(wf);
        ParameterMap expectedInputs = expectedInputs(id, spec, wfInterface);
        ScheduleValidator.validate(spec.getEntityMetadata().getSchedule(), expectedInputs);
        LaunchPlanClosure closure = LaunchPlanClosure.newBuilder()
            .setState(LaunchPlanState.INACTIVE)
            .setExpectedInputs(expectedInputs)
            .setExpectedOutputs(wfInterface.getOutputs())
            .setCreatedAt(Protos.timestamp(now)).setUpdatedAt(Protos.timestamp(now))
            .build();
        LaunchPlanEntity row = new LaunchPlanEntity();
        row.identify(id, now);
        row.spec = spec.toByteArray();
        row.closure = closure.toByteArray();
        row.state = LaunchPlanState.INACTIVE_VALUE;
        row.digest = digest;
        em.persist(row);
        em.flush();
      });
    } catch (PersistenceException e) {
      LaunchPlanEntity existing = QuarkusTransaction.requiringNew()
          .call(() -> VersionedEntity.find(em, LaunchPlanEntity.class, id));
      if (existing == null) {
        throw e;
      }
      throw Identifiers.conflict("launch plan", id, existing.digest, digest);
    }
  }

  /** The launch plan with {@code id}; NOT_FOUND if none. */
  public LaunchPlan get(Identifier id) {
    identifiers.validateVersioned(id, "launch plan");
    return QuarkusTransaction.joiningExisting().call(() -> toProto(require(id)));
  }

  /** The ACTIVE version of a launch plan name; NOT_FOUND if none is active. */
  public LaunchPlan getActive(NamedEntityIdentifier id) {
    identifiers.validateNamed(id.getProject(), id.getDomain(), id.getName(), id.getOrg(), "launch plan");
    return QuarkusTransaction.requiringNew().call(() -> em.createQuery("FROM LaunchPlanEntity l WHERE"
                + " l.project = ?1 AND l.domain = ?2 AND l.name = ?3 AND l.org = ?4 AND l.state = 1",
            LaunchPlanEntity.class)
        .setParameter(1, id.getProject()).setParameter(2, id.getDomain()).setParameter(3, id.getName())
        .setParameter(4, id.getOrg()).getResultStream().findFirst().map(this::toProto)
        .orElseThrow(() -> AdminException.notFound("no active launch plan [" + id.getProject() + ":"
            + id.getDomain() + ":" + id.getName() + "]")));
  }

  /**
   * Sets a version ACTIVE (deactivating the one that was) or INACTIVE; NOT_FOUND if it does not exist. The name's
   * schedule follows in the same transaction: the active version's schedule fires, a deactivated one stops.
   */
  public void update(Identifier id, LaunchPlanState state) {
    identifiers.validateVersioned(id, "launch plan");
    if (state != LaunchPlanState.ACTIVE && state != LaunchPlanState.INACTIVE) {
      throw AdminException.invalid("invalid launch plan state [" + state + "]");
    }
    // Activations of one name are serialized by a transaction-scoped advisory lock on the name (two versions
    // activated at once would otherwise deadlock or trip the one-active index); a lost race is re-run regardless.
    Races.retrying(() -> {
      QuarkusTransaction.requiringNew().run(() -> activate(id, state));
      return null;
    });
  }

  private void activate(Identifier id, LaunchPlanState state) {
    em.createNativeQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext(?1))) l")
        .setParameter(1, "launch_plan:" + id.getOrg() + ":" + id.getProject() + ":" + id.getDomain() + ":"
            + id.getName()).getSingleResult();
    LaunchPlanEntity row = require(id);
    Instant now = Instant.now(clock);
    if (state == LaunchPlanState.ACTIVE) {
      em.createQuery("UPDATE LaunchPlanEntity l SET l.state = 0, l.updatedAt = ?5 WHERE l.project = ?1"
              + " AND l.domain = ?2 AND l.name = ?3 AND l.org = ?4 AND l.state = 1 AND l.id <> ?6")
          .setParameter(1, id.getProject()).setParameter(2, id.getDomain()).setParameter(3, id.getName())
          .setParameter(4, id.getOrg()).setParameter(5, now).setParameter(6, row.id).executeUpdate();
      em.flush();
    }
    row.state = state.getNumber();
    row.updatedAt = now;
    em.flush(); // a lost race shows here, as a unique violation the caller retries, not at commit
    if (state == LaunchPlanState.ACTIVE) {
      scheduleActivation.activated(row, now);
    } else {
      scheduleActivation.deactivated(row, now);
    }
  }

  /** What the compiler needs of the launch plans a workflow calls; unknown ids are left out (the compiler reports them). */
  public List<LaunchPlanInterface> interfaces(List<Identifier> ids) {
    return QuarkusTransaction.requiringNew().call(() -> ids.stream()
        .map(lp -> VersionedEntity.find(em, LaunchPlanEntity.class, lp))
        .filter(java.util.Objects::nonNull).map(row -> {
          LaunchPlanClosure c = closure(row);
          return new LaunchPlanInterface(row.identifier(ResourceType.LAUNCH_PLAN), c.getExpectedInputs(),
              c.getExpectedOutputs());
        }).toList());
  }

  /** Expected inputs: every workflow input not fixed, required unless given a default (launch_plan_validator.go). */
  static ParameterMap expectedInputs(Identifier id, LaunchPlanSpec spec, TypedInterface wf) {
    Map<String, Variable> inputs = wf.getInputs().getVariablesMap();
    for (Map.Entry<String, Literal> fixed : spec.getFixedInputs().getLiteralsMap().entrySet()) {
      Variable v = inputs.get(fixed.getKey());
      if (v == null) {
        throw AdminException.invalid("launch plan " + Identifiers.display(id) + ": fixed input [" + fixed.getKey()
            + "] is not an input of workflow " + Identifiers.display(spec.getWorkflowId()));
      }
      var type = LiteralTypes.typeOf(fixed.getValue());
      if (type == null || !TypeCompatibility.isCastable(type, v.getType())) {
        throw AdminException.invalid("launch plan " + Identifiers.display(id) + ": fixed input [" + fixed.getKey()
            + "] has type [" + (type == null ? "unknown" : LiteralTypes.describe(type)) + "], the workflow expects ["
            + LiteralTypes.describe(v.getType()) + "]");
      }
    }
    for (Map.Entry<String, Parameter> d : spec.getDefaultInputs().getParametersMap().entrySet()) {
      Variable v = inputs.get(d.getKey());
      if (v == null) {
        throw AdminException.invalid("launch plan " + Identifiers.display(id) + ": default input [" + d.getKey()
            + "] is not an input of workflow " + Identifiers.display(spec.getWorkflowId()));
      }
      if (spec.getFixedInputs().containsLiterals(d.getKey())) {
        throw AdminException.invalid("launch plan " + Identifiers.display(id) + ": input [" + d.getKey()
            + "] is both fixed and defaulted");
      }
      if (!TypeCompatibility.isCastable(d.getValue().getVar().getType(), v.getType())) {
        throw AdminException.invalid("launch plan " + Identifiers.display(id) + ": default input [" + d.getKey()
            + "] has type [" + LiteralTypes.describe(d.getValue().getVar().getType()) + "], the workflow expects ["
            + LiteralTypes.describe(v.getType()) + "]");
      }
    }
    ParameterMap.Builder expected = ParameterMap.newBuilder();
    inputs.forEach((name, v) -> {
      if (spec.getFixedInputs().containsLiterals(name)) {
        return;
      }
      Parameter given = spec.getDefaultInputs().getParametersMap().get(name);
      expected.putParameters(name, given != null ? given : Parameter.newBuilder().setVar(v).setRequired(true).build());
    });
    return expected.build();
  }

  LaunchPlan toProto(LaunchPlanEntity row) {
    try {
      return LaunchPlan.newBuilder()
          .setId(row.identifier(ResourceType.LAUNCH_PLAN))
          .setSpec(LaunchPlanSpec.parseFrom(row.spec))
          .setClosure(closure(row).toBuilder().setStateValue(row.state).setUpdatedAt(Protos.timestamp(row.updatedAt)))
          .build();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt spec of launch plan " + row.id, e);
    }
  }

  private static LaunchPlanClosure closure(LaunchPlanEntity row) {
    try {
      return LaunchPlanClosure.parseFrom(row.closure);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt closure of launch plan " + row.id, e);
    }
  }

  private static TypedInterface parseInterface(WorkflowEntity wf) {
    try {
      return TypedInterface.parseFrom(wf.typedInterface);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt interface of workflow " + wf.id, e);
    }
  }

  private WorkflowEntity workflow(Identifier id) {
    return java.util.Optional.ofNullable(VersionedEntity.find(em, WorkflowEntity.class, id))
        .orElseThrow(() -> AdminException.notFound("workflow " + Identifiers.display(id) + " not found"));
  }

  private LaunchPlanEntity require(Identifier id) {
    LaunchPlanEntity row = VersionedEntity.find(em, LaunchPlanEntity.class, id);
    if (row == null) {
      throw AdminException.notFound("launch plan " + Identifiers.display(id) + " not found");
    }
    return row;
  }



}
