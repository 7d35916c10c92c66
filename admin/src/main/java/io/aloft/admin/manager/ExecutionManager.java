package io.aloft.admin.manager;

import com.google.protobuf.InvalidProtocolBufferException;
import flyteidl.admin.ExecutionOuterClass.AbortMetadata;
import flyteidl.admin.ExecutionOuterClass.Execution;
import flyteidl.admin.ExecutionOuterClass.ExecutionClosure;
import flyteidl.admin.ExecutionOuterClass.ExecutionCreateRequest;
import flyteidl.admin.ExecutionOuterClass.ExecutionMetadata;
import flyteidl.admin.ExecutionOuterClass.ExecutionMetadata.ExecutionMode;
import flyteidl.admin.ExecutionOuterClass.ExecutionRecoverRequest;
import flyteidl.admin.ExecutionOuterClass.ExecutionRelaunchRequest;
import flyteidl.admin.ExecutionOuterClass.ExecutionSpec;
import flyteidl.admin.ExecutionOuterClass.ExecutionState;
import flyteidl.admin.ExecutionOuterClass.ExecutionStateChangeDetails;
import flyteidl.admin.ExecutionOuterClass.ExecutionTerminateRequest;
import flyteidl.admin.ExecutionOuterClass.ExecutionUpdateRequest;
import flyteidl.admin.ExecutionOuterClass.SystemMetadata;
import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetDataRequest;
import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetDataResponse;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlan;
import flyteidl.core.Execution.ExecutionError;
import flyteidl.core.Execution.WorkflowExecution.Phase;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Literals.LiteralMap;
import io.aloft.admin.AdminException;
import io.aloft.admin.config.AdminConfig;
import io.aloft.admin.entity.ExecutionEntity;
import io.aloft.admin.entity.LaunchPlanEntity;
import io.aloft.admin.entity.VersionedEntity;
import io.aloft.admin.entity.WorkflowEntity;
import io.aloft.admin.event.EventErrors;
import io.aloft.admin.event.EventRules;
import io.aloft.admin.storage.BlobStore;
import io.aloft.admin.storage.RemoteData;
import io.aloft.admin.transformer.Protos;
import io.aloft.admin.validation.Validation;
import io.aloft.admin.workflowengine.ExecutionClusters;
import io.aloft.admin.workflowengine.ExecutionResources;
import io.aloft.admin.workflowengine.WorkflowExecutor;
import io.aloft.crd.FlyteWorkflow;
import io.grpc.Status;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Workflow executions (flyteadmin/pkg/manager/impl/execution_manager.go): launch, relaunch, recover, read, update,
 * terminate. A launch reserves the name with its row (UNDEFINED) and writes the inputs in one transaction, then
 * creates the workflow resource; if Kubernetes refuses it the row is marked FAILED with the reason, so no execution
 * is left waiting for a resource that will never exist, and no resource exists without its row.
 */
@ApplicationScoped
public class ExecutionManager {
  private static final Logger LOG = Logger.getLogger(ExecutionManager.class);
  static final Set<String> TERMINAL = Set.of(Phase.SUCCEEDED.name(), Phase.FAILED.name(), Phase.TIMED_OUT.name(),
      Phase.ABORTED.name());

  @Inject
  EntityManager em;

  @Inject
  Identifiers identifiers;

  @Inject
  AdminConfig config;

  @Inject
  BlobStore blobs;

  @Inject
  RemoteData remoteData;

  @Inject
  WorkflowExecutor executor;

  @Inject
  ExecutionResources resources;

  @Inject
  LaunchPlanManager launchPlans;

  @Inject
  SingleTaskLaunch singleTask;

  @Inject
  ExecutionConfigResolver configResolver;

  @Inject
  ExecutionClusters clusters;

  @Inject
  LaunchStages stages;

  @Inject
  ResourceCreatedMarks createdMarks;

  Clock clock = Clock.systemUTC();

  /** What a launch needs besides the request: how it was started and what it repeats. */
  record LaunchContext(ExecutionMode mode, ExecutionEntity source, WorkflowExecutionIdentifier recoveryOf) {
    static final LaunchContext REQUEST = new LaunchContext(null, null, null);
  }

  /** CreateExecution: validates, resolves inputs and configuration, records and launches. */
  public WorkflowExecutionIdentifier create(ExecutionCreateRequest request) {
    return launch(request, LaunchContext.REQUEST);
  }

  /** RelaunchExecution: the same launch plan and user inputs under a new name, mode RELAUNCH. */
  public WorkflowExecutionIdentifier relaunch(ExecutionRelaunchRequest request) {
    ExecutionEntity source = requireRow(request.getId());
    ExecutionSpec spec = spec(source).toBuilder().setOverwriteCache(request.getOverwriteCache()).build();
    return launch(repeat(source, spec, request.getName()),
        new LaunchContext(ExecutionMode.RELAUNCH, source, null));
  }

  /** RecoverExecution: relaunch that lets propeller reuse the source's successful node outputs. */
  public WorkflowExecutionIdentifier recover(ExecutionRecoverRequest request) {
    ExecutionEntity source = requireRow(request.getId());
    ExecutionSpec spec = spec(source);
    if (request.hasMetadata()) {
      spec = spec.toBuilder().setMetadata(request.getMetadata()).build();
    }
    return launch(repeat(source, spec, request.getName()),
        new LaunchContext(ExecutionMode.RECOVERED, source, source.identifier()));
  }

  private ExecutionCreateRequest repeat(ExecutionEntity source, ExecutionSpec spec, String name) {
    LiteralMap userInputs = source.userInputsUri.isEmpty() ? LiteralMap.getDefaultInstance()
        : parse(blobs.get(source.userInputsUri), LiteralMap.parser(), "user inputs of " + source.name);
    return ExecutionCreateRequest.newBuilder().setProject(source.project).setDomain(source.domain)
        .setOrg(source.org).setName(name).setSpec(spec).setInputs(userInputs).build();
  }

  private WorkflowExecutionIdentifier launch(ExecutionCreateRequest request, LaunchContext ctx) {
    Validation.required(request.getProject(), "project");
    Validation.required(request.getDomain(), "domain");
    if (!request.getName().isEmpty()) {
      ExecutionNames.validate(request.getName(), "name");
    }
    if (!request.hasSpec()) {
      throw AdminException.invalid("missing spec");
    }
    ExecutionSpec requested = request.getSpec();
    if (!requested.hasLaunchPlan()) {
      throw AdminException.invalid("missing spec.launch_plan");
    }
    Identifier target = requested.getLaunchPlan();
    identifiers.validateVersioned(target, "spec.launch_plan");
    if (target.getResourceType() != ResourceType.LAUNCH_PLAN && target.getResourceType() != ResourceType.TASK) {
      throw AdminException.invalid("invalid spec.launch_plan.resource_type [" + target.getResourceType()
          + "]: only LAUNCH_PLAN and TASK can be launched");
    }
    String name = request.getName().isEmpty() ? ExecutionNames.generate() : request.getName();
    WorkflowExecutionIdentifier id = WorkflowExecutionIdentifier.newBuilder().setProject(request.getProject())
        .setDomain(request.getDomain()).setName(name).setOrg(request.getOrg()).build();
    long t0 = System.nanoTime();
    // A single-task launch registers its generated entities first (their own transactions); everything else the
    // launch needs to know is read in one transaction.
    LaunchPlan taskPlan = target.getResourceType() == ResourceType.TASK ? singleTask.launchPlanFor(target, requested)
        : null;
    Resolution r = QuarkusTransaction.requiringNew().call(() -> {
      identifiers.requireProjectAndDomain(Identifier.newBuilder().setProject(id.getProject())
          .setDomain(id.getDomain()).setOrg(id.getOrg()).build());
      LaunchPlan plan = taskPlan != null ? taskPlan : launchPlans.get(target);
      // A child execution (launched by a launch-plan node) runs where its parent's label sends it, as in FlyteAdmin.
      String label = requested.getExecutionClusterLabel().getValue();
      if (label.isEmpty() && requested.getMetadata().hasParentNodeExecution()) {
        ExecutionEntity parent = ExecutionEntity.find(em,
            requested.getMetadata().getParentNodeExecution().getExecutionId());
        if (parent != null) {
          label = spec(parent).getExecutionClusterLabel().getValue();
        }
      }
      return new Resolution(plan, label.isEmpty() ? configResolver.clusterLabel(plan, id) : label,
          configResolver.attributeSources(plan, id), configResolver.clusterPool(requested, plan, id));
    });
    LaunchPlan lp = r.lp();
    LiteralMap userInputs = request.hasInputs() && request.getInputs().getLiteralsCount() > 0
        ? request.getInputs() : requested.getInputs();
    LiteralMap inputs = LaunchInputs.resolve(userInputs, lp.getSpec().getFixedInputs(),
        lp.getClosure().getExpectedInputs());

    Instant now = Instant.now(clock);
    String principal = requested.getMetadata().getPrincipal();
    ExecutionMode mode = ctx.mode() != null ? ctx.mode() : requested.getMetadata().getMode();
    String namespace = executor.namespace(id.getProject(), id.getDomain());
    ExecutionClusters.Target cluster = clusters.select(id.getName(),
        r.clusterLabel(), "");
    ExecutionMetadata.Builder metadata = requested.getMetadata().toBuilder().setMode(mode)
        .setSystemMetadata(SystemMetadata.newBuilder().setExecutionCluster(cluster.id()).setNamespace(namespace));
    if (ctx.source() != null) {
      metadata.setReferenceExecution(ctx.source().identifier());
    }
    ExecutionSpec.Builder resolvedSpec = configResolver.resolve(requested.toBuilder().clearInputs()
        .setMetadata(metadata).build(), lp, r.attributes()).toBuilder().setLaunchPlan(target);
    if (!r.clusterPool().isEmpty()) {
      resolvedSpec.setClusterAssignment(flyteidl.admin.ClusterAssignmentOuterClass.ClusterAssignment.newBuilder()
          .setClusterPoolName(r.clusterPool()));
    }
    ExecutionSpec spec = resolvedSpec.build();

    String base = "metadata/" + id.getProject() + "/" + id.getDomain() + "/" + id.getName() + "/";
    long t1 = System.nanoTime();
    stages.record("resolve", t1 - t0);
    String[] closureRef = new String[1];
    ExecutionEntity row = QuarkusTransaction.requiringNew().call(() -> {
      if (ExecutionEntity.find(em, id) != null) {
        throw alreadyExists(id);
      }
      LaunchPlanEntity lpRow = VersionedEntity.find(em, LaunchPlanEntity.class, lp.getId());
      WorkflowEntity wfRow = VersionedEntity.find(em, WorkflowEntity.class, lp.getSpec().getWorkflowId());
      if (lpRow == null || wfRow == null) {
        throw AdminException.notFound("launch plan " + Identifiers.display(lp.getId()) + " or its workflow "
            + Identifiers.display(lp.getSpec().getWorkflowId()) + " no longer exists");
      }
      closureRef[0] = wfRow.remoteClosureIdentifier;
      ExecutionEntity e = new ExecutionEntity();
      e.project = id.getProject();
      e.domain = id.getDomain();
      e.name = id.getName();
      e.org = id.getOrg();
      e.launchPlanId = lpRow.id;
      e.workflowId = wfRow.id;
      e.taskId = target.getResourceType() == ResourceType.TASK ? singleTask.taskRowId(target) : null;
      e.phase = Phase.UNDEFINED.name();
      e.mode = mode.getNumber();
      e.state = ExecutionState.EXECUTION_ACTIVE_VALUE;
      e.spec = spec.toByteArray();
      e.closure = ExecutionClosure.newBuilder()
          .setPhase(Phase.UNDEFINED)
          .setCreatedAt(Protos.timestamp(now)).setUpdatedAt(Protos.timestamp(now))
          .setWorkflowId(lp.getSpec().getWorkflowId())
          .addAllNotifications(spec.getNotifications().getNotificationsList())
          .setStateChangeDetails(ExecutionStateChangeDetails.newBuilder().setState(ExecutionState.EXECUTION_ACTIVE)
              .setOccurredAt(Protos.timestamp(now)).setPrincipal(principal))
          .build().toByteArray();
      e.cluster = cluster.id();
      e.namespace = namespace;
      e.principal = principal;
      e.sourceExecutionId = ctx.source() == null ? null : ctx.source().id;
      if (requested.getMetadata().hasParentNodeExecution()) {
        // a launch-plan node's child: linked to the node execution that launched it
        var parent = io.aloft.admin.entity.NodeExecutionEntity.find(em,
            requested.getMetadata().getParentNodeExecution());
        if (parent == null) {
          throw AdminException.notFound("spec.metadata.parent_node_execution "
              + requested.getMetadata().getParentNodeExecution().getNodeId() + " of execution "
              + display(requested.getMetadata().getParentNodeExecution().getExecutionId()) + " not found");
        }
        e.parentNodeExecutionId = parent.id;
      }
      e.eventVersion = config.executions().eventVersion();
      e.executionCreatedAt = now;
      e.executionUpdatedAt = now;
      e.createdAt = now;
      e.updatedAt = now;
      try {
        em.persist(e);
        em.flush();
      } catch (PersistenceException pe) {
        // the unique key: a concurrent launch of the same name won. Any other failure (the database restarting)
        // must not say ALREADY_EXISTS: the client would take a launch that recorded nothing for done.
        if (!Races.uniqueViolation(pe)) {
          throw pe;
        }
        throw alreadyExists(id);
      }
      for (String tag : new java.util.TreeSet<>(spec.getTagsList())) {
        em.createNativeQuery("INSERT INTO execution_tags (execution_id, name) VALUES (?1, ?2)")
            .setParameter(1, e.id).setParameter(2, tag).executeUpdate();
      }
      // Within the transaction: if the blob store fails, the name is not taken and nothing is recorded.
      if (inputs.equals(userInputs)) {
        // nothing added by defaults or fixed inputs: one blob serves as both (a put is the costliest step of a
        // launch for admin's CPU, and relaunch reads the same literals either way)
        e.inputsUri = blobs.put(base + "inputs.pb", inputs.toByteArray());
        e.userInputsUri = e.inputsUri;
        return e;
      }
      // both blobs at once (S3 round trips dominate this stage)
      var userInputsPut = java.util.concurrent.CompletableFuture.supplyAsync(
          () -> blobs.put(base + "user_inputs.pb", userInputs.toByteArray()), BLOB_WRITERS);
      e.inputsUri = blobs.put(base + "inputs.pb", inputs.toByteArray());
      e.userInputsUri = join(userInputsPut);
      return e;
    });

    try {
      FlyteWorkflow resource = resources.build(row, spec, lp, inputs, closureRef[0], ctx.recoveryOf(),
          now, cluster.flyteGroup());
      long t2 = System.nanoTime();
      stages.record("record", t2 - t1);
      executor.execute(cluster, resource);
      createdMarks.mark(row.id);
      stages.record("create_resource", System.nanoTime() - t2);
    } catch (WorkflowExecutor.RejectedException e) {
      if (e.transientFailure()) {
        // the API server restarting or overloaded: the launch is recorded, and the launch repair creates its
        // resource once the grace has passed, rather than failing an execution for a moment's outage
        LOG.warnf("execution %s/%s/%s: the workflow resource could not be created now (%s); the launch repair will",
            id.getProject(), id.getDomain(), id.getName(), e.getMessage());
      } else {
        refused(id, row.id, e);
      }
    } catch (IllegalArgumentException e) {
      refused(id, row.id, e);
    }
    return id;
  }

  /**
   * What a launch reads in its first transaction; {@code clusterLabel} is the request's, else the parent
   * execution's, else the EXECUTION_CLUSTER_LABEL attribute's.
   */
  private record Resolution(LaunchPlan lp, String clusterLabel,
      java.util.List<flyteidl.admin.MatchableResourceOuterClass.WorkflowExecutionConfig> attributes,
      String clusterPool) {}

  /** Writes the second input blob of a launch beside the first. */
  private static final java.util.concurrent.ExecutorService BLOB_WRITERS =
      java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

  private static String join(java.util.concurrent.CompletableFuture<String> put) {
    try {
      return put.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw e;
    }
  }

  /**
   * Creates the workflow resources of launches that were recorded but whose resource was never created (admin
   * stopped in between), at most {@code batch} of them, recorded more than {@code grace} ago. Replicas share the
   * work: each claims its rows with {@code FOR UPDATE SKIP LOCKED}. Returns how many were repaired.
   */
  public int repairPendingLaunches(java.time.Duration grace, int batch) {
    return QuarkusTransaction.requiringNew().call(() -> {
      @SuppressWarnings("unchecked")
      java.util.List<ExecutionEntity> pending = em.createNativeQuery("SELECT * FROM executions WHERE NOT"
              + " resource_created AND phase = 'UNDEFINED' AND launch_plan_id IS NOT NULL AND created_at < ?1"
              + " ORDER BY created_at LIMIT ?2 FOR UPDATE SKIP LOCKED", ExecutionEntity.class)
          .setParameter(1, Instant.now(clock).minus(grace)).setParameter(2, batch).getResultList();
      int repaired = 0;
      for (ExecutionEntity e : pending) {
        ExecutionSpec spec = spec(e);
        LaunchPlan lp = launchPlans.toProto(em.find(LaunchPlanEntity.class, e.launchPlanId));
        LiteralMap inputs = parse(blobs.get(e.inputsUri), LiteralMap.parser(), "inputs of " + e.name);
        WorkflowExecutionIdentifier recoveryOf = spec.getMetadata().getMode() == ExecutionMode.RECOVERED
            ? spec.getMetadata().getReferenceExecution() : null;
        ExecutionClusters.Target cluster = clusters.target(e.cluster);
        FlyteWorkflow resource = resources.build(e, spec, lp, inputs,
            em.find(WorkflowEntity.class, e.workflowId).remoteClosureIdentifier, recoveryOf, e.createdAt,
            cluster.flyteGroup());
        try {
          executor.execute(cluster, resource);
          e.resourceCreated = true;
          repaired++;
          LOG.infof("launch repair: created the workflow resource of %s/%s/%s", e.project, e.domain, e.name);
        } catch (WorkflowExecutor.RejectedException ex) {
          if (ex.transientFailure()) {
            LOG.warnf("launch repair: the API server cannot create the workflow resource of %s now (%s); next run",
                e.name, ex.getMessage());
            break; // it would fail the others alike
          }
          LOG.warnf("launch repair: the workflow resource of %s was refused: %s", e.name, ex.getMessage());
          failLaunch(e, ex);
        } catch (IllegalArgumentException ex) {
          LOG.warnf("launch repair: the workflow resource of %s was refused: %s", e.name, ex.getMessage());
          failLaunch(e, ex);
        }
      }
      return repaired;
    });
  }

  private void refused(WorkflowExecutionIdentifier id, long rowId, RuntimeException cause) {
    LOG.warnf("execution %s/%s/%s: the workflow resource was refused: %s", id.getProject(), id.getDomain(),
        id.getName(), cause.getMessage());
    recordLaunchFailure(rowId, cause);
  }

  private void recordLaunchFailure(long rowId, RuntimeException cause) {
    QuarkusTransaction.requiringNew().run(() ->
        failLaunch(em.find(ExecutionEntity.class, rowId, LockModeType.PESSIMISTIC_WRITE), cause));
  }

  /** Records that the workflow resource of {@code e} was refused: FAILED, kind SYSTEM, with the reason. */
  private void failLaunch(ExecutionEntity e, RuntimeException cause) {
    String code = cause instanceof WorkflowExecutor.RejectedException r && r.code() > 0
        ? "WorkflowResourceRejected" + r.code() : "WorkflowResourceRejected";
    Instant now = Instant.now(clock);
    ExecutionError error = ExecutionError.newBuilder().setCode(code).setKind(ExecutionError.ErrorKind.SYSTEM)
        .setMessage("failed to create the workflow resource: " + cause.getMessage()).build();
    e.phase = Phase.FAILED.name();
    e.errorKind = error.getKind().name();
    e.errorCode = code;
    e.resourceCreated = true; // nothing left to create
    e.executionUpdatedAt = now;
    e.updatedAt = now;
    e.closure = closure(e).toBuilder().setPhase(Phase.FAILED).setError(error)
        .setUpdatedAt(Protos.timestamp(now)).build().toByteArray();
  }

  /** GetExecution. */
  public Execution get(WorkflowExecutionIdentifier id) {
    validate(id);
    return QuarkusTransaction.requiringNew().call(() -> toProto(requireRow(id)));
  }

  /** UpdateExecution: archives or re-activates. */
  public void update(ExecutionUpdateRequest request) {
    validate(request.getId());
    ExecutionState state = request.getState();
    if (state != ExecutionState.EXECUTION_ACTIVE && state != ExecutionState.EXECUTION_ARCHIVED) {
      throw AdminException.invalid("invalid state [" + request.getStateValue() + "]");
    }
    QuarkusTransaction.requiringNew().run(() -> {
      ExecutionEntity e = lock(request.getId());
      Instant now = Instant.now(clock);
      e.state = state.getNumber();
      e.updatedAt = now;
      e.closure = closure(e).toBuilder().setStateChangeDetails(ExecutionStateChangeDetails.newBuilder()
          .setState(state).setOccurredAt(Protos.timestamp(now))).build().toByteArray();
    });
  }

  /**
   * TerminateExecution: FAILED_PRECONDITION carrying EventErrorAlreadyInTerminalState if already terminal, as
   * FlyteAdmin's TerminateExecution answers (propeller's launch-plan nodes read that reason and take the kill as
   * done); otherwise records ABORTING with the cause, then deletes the workflow resource (its finalizer keeps it
   * until propeller has aborted the running nodes). In that order, as FlyteAdmin does: propeller may report ABORTED
   * as soon as the resource is deleted, and that event must find the cause recorded.
   */
  public void terminate(ExecutionTerminateRequest request) {
    validate(request.getId());
    Validation.maxLength(request.getCause(), 1024, "cause");
    ExecutionEntity e = QuarkusTransaction.requiringNew().call(() -> {
      ExecutionEntity row = lock(request.getId());
      if (TERMINAL.contains(row.phase)) {
        throw EventErrors.toStatus(new EventRules.Rejection(EventRules.Kind.ALREADY_IN_TERMINAL_STATE,
            "cannot abort execution " + display(request.getId()) + ": it is already terminal (" + row.phase + ")",
            row.phase));
      }
      Instant now = Instant.now(clock);
      row.phase = Phase.ABORTING.name();
      row.abortCause = request.getCause();
      row.executionUpdatedAt = now;
      row.updatedAt = now;
      row.closure = closure(row).toBuilder().setPhase(Phase.ABORTING)
          .setAbortMetadata(AbortMetadata.newBuilder().setCause(request.getCause()))
          .setUpdatedAt(Protos.timestamp(now)).build().toByteArray();
      return row;
    });
    try {
      executor.abort(clusters.target(e.cluster), e.namespace, e.name);
    } catch (WorkflowExecutor.RejectedException ex) {
      // the execution stays ABORTING: a second TerminateExecution tries the deletion again
      throw new AdminException(Status.Code.INTERNAL, "cannot abort execution " + display(request.getId())
          + ": Kubernetes refused to delete its workflow resource: " + ex.getMessage());
    }
  }

  /** GetExecutionData: links to the inputs and outputs, and the literals inline when small enough. */
  public WorkflowExecutionGetDataResponse data(WorkflowExecutionGetDataRequest request) {
    validate(request.getId());
    ExecutionEntity e = QuarkusTransaction.requiringNew().call(() -> requireRow(request.getId()));
    WorkflowExecutionGetDataResponse.Builder out = WorkflowExecutionGetDataResponse.newBuilder();
    RemoteData.Data inputs = remoteData.read(e.inputsUri);
    out.setInputs(inputs.blob()).setFullInputs(inputs.full());
    ExecutionClosure c = closure(e);
    RemoteData.Data outputs = c.hasOutputData() ? remoteData.inline(c.getOutputData())
        : c.getOutputs().hasValues() ? remoteData.inline(c.getOutputs().getValues())
        : remoteData.read(c.getOutputs().getUri());
    out.setOutputs(outputs.blob()).setFullOutputs(outputs.full());
    return out.build();
  }

  /** The execution as the API returns it. */
  public Execution toProto(ExecutionEntity e) {
    return Execution.newBuilder().setId(e.identifier()).setSpec(spec(e)).setClosure(closure(e)).build();
  }

  ExecutionEntity requireRow(WorkflowExecutionIdentifier id) {
    validate(id);
    ExecutionEntity e = QuarkusTransaction.isActive() ? ExecutionEntity.find(em, id)
        : QuarkusTransaction.requiringNew().call(() -> ExecutionEntity.find(em, id));
    if (e == null) {
      throw AdminException.notFound("execution " + display(id) + " not found");
    }
    return e;
  }

  private ExecutionEntity lock(WorkflowExecutionIdentifier id) {
    ExecutionEntity e = requireRow(id);
    em.lock(e, LockModeType.PESSIMISTIC_WRITE);
    em.refresh(e);
    return e;
  }

  static void validate(WorkflowExecutionIdentifier id) {
    Validation.required(id.getProject(), "id.project");
    Validation.required(id.getDomain(), "id.domain");
    Validation.required(id.getName(), "id.name");
    Validation.storable(id.getOrg(), "id.org");
  }

  static String display(WorkflowExecutionIdentifier id) {
    return "[" + id.getProject() + ":" + id.getDomain() + ":" + id.getName() + "]";
  }

  private static AdminException alreadyExists(WorkflowExecutionIdentifier id) {
    return AdminException.alreadyExists("execution " + display(id) + " already exists");
  }

  static ExecutionSpec spec(ExecutionEntity e) {
    return parse(e.spec, ExecutionSpec.parser(), "spec of execution " + e.name);
  }

  static ExecutionClosure closure(ExecutionEntity e) {
    return parse(e.closure, ExecutionClosure.parser(), "closure of execution " + e.name);
  }

  private static <T> T parse(byte[] bytes, com.google.protobuf.Parser<T> parser, String what) {
    try {
      return parser.parseFrom(bytes);
    } catch (InvalidProtocolBufferException ex) {
      throw new IllegalStateException("corrupt " + what, ex);
    }
  }
}
