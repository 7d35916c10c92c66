package io.aloft.admin.manager;

import flyteidl.admin.WorkflowOuterClass.Workflow;
import flyteidl.admin.WorkflowOuterClass.WorkflowCreateRequest;
import flyteidl.core.Compiler.CompiledWorkflowClosure;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import flyteidl.core.Tasks.TaskTemplate;
import flyteidl.core.Workflow.WorkflowTemplate;
import io.aloft.admin.AdminException;
import io.aloft.admin.entity.VersionedEntity;
import io.aloft.admin.entity.TaskEntity;
import io.aloft.admin.entity.WorkflowEntity;
import io.aloft.admin.storage.BlobStore;
import io.aloft.admin.transformer.Protos;
import io.aloft.admin.transformer.TaskTransformer;
import io.aloft.admin.transformer.WorkflowTransformer;
import io.aloft.compiler.CompilationException;
import io.aloft.compiler.CompileError;
import io.aloft.compiler.WorkflowCompiler;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Workflows (flyteadmin/pkg/manager/impl/workflow_manager.go): compiled at registration against the registered
 * tasks; the closure goes to the blob store, the row keeps its reference.
 */
@ApplicationScoped
public class WorkflowManager {

  @Inject
  EntityManager em;

  @Inject
  Identifiers identifiers;

  @Inject
  BlobStore blobs;

  @Inject
  LaunchPlanManager launchPlans;

  @Inject
  DescriptionEntityManager descriptions;

  Clock clock = Clock.systemUTC();

  /**
   * Registers a workflow. Compile errors are INVALID_ARGUMENT listing every one; an identical re-registration is
   * ALREADY_EXISTS; the same id with a different structure is INVALID_ARGUMENT.
   */
  public void create(WorkflowCreateRequest request) {
    if (!request.hasId()) {
      throw AdminException.invalid("missing identifier for WorkflowCreateRequest");
    }
    Identifier id = request.getId();
    identifiers.validateVersioned(id, "workflow");
    if (!request.hasSpec() || !request.getSpec().hasTemplate()) {
      throw AdminException.invalid("missing spec.template for workflow " + Identifiers.display(id));
    }
    if (request.getSpec().hasDescription()) {
      DescriptionEntityManager.validate(request.getSpec().getDescription(), "spec.description");
    }
    WorkflowTemplate primary = request.getSpec().getTemplate().toBuilder().setId(id).build();
    List<WorkflowTemplate> subWorkflows = request.getSpec().getSubWorkflowsList();
    WorkflowCompiler.Requirements reqs = WorkflowCompiler.requirements(primary, subWorkflows);
    // In FlyteAdmin's order (GetRequirements lists task ids sorted), so closures come out as Flyte's do.
    List<Identifier> taskIds = reqs.tasks().stream().sorted(java.util.Comparator.comparing(Identifier::getProject)
        .thenComparing(Identifier::getDomain).thenComparing(Identifier::getName).thenComparing(Identifier::getVersion))
        .toList();
    List<TaskTemplate> tasks = QuarkusTransaction.requiringNew().call(() -> loadTasks(taskIds));

    CompiledWorkflowClosure compiled;
    try {
      compiled = WorkflowCompiler.compile(primary, subWorkflows, tasks, launchPlans.interfaces(reqs.launchPlans()));
    } catch (CompilationException e) {
      throw AdminException.invalid("workflow " + Identifiers.display(id) + " failed to compile: "
          + e.errors().stream().map(CompileError::toString).collect(Collectors.joining("; ")));
    }
    byte[] digest = Protos.digest(compiled);
    Instant now = Instant.now(clock);
    QuarkusTransaction.requiringNew().run(() -> {
      identifiers.requireProjectAndDomain(id);
      WorkflowEntity existing = VersionedEntity.find(em, WorkflowEntity.class, id);
      if (existing != null) {
        throw conflict(id, existing.digest, digest);
      }
    });
    // The blob first, then the row: a crash in between leaves an unreferenced blob, never a row without its closure.
    String ref = blobs.put(WorkflowTransformer.closureKey(id, digest),
        WorkflowTransformer.closure(compiled, now).toByteArray());
    try {
      QuarkusTransaction.requiringNew().run(() -> {
        em.persist(WorkflowTransformer.toEntity(id, compiled, ref, digest, now));
        if (request.getSpec().hasDescription()) {
          descriptions.record(id.toBuilder().setResourceType(ResourceType.WORKFLOW).build(),
              request.getSpec().getDescription(), now);
        }
        em.flush();
      });
    } catch (PersistenceException e) {
      WorkflowEntity existing = QuarkusTransaction.requiringNew()
        .call(() -> VersionedEntity.find(em, WorkflowEntity.class, id));
      if (existing == null) {
        throw e;
      }
      throw conflict(id, existing.digest, digest);
    }
  }

  /** The workflow with {@code id}, closure included; NOT_FOUND if none. */
  public Workflow get(Identifier id) {
    identifiers.validateVersioned(id, "workflow");
    WorkflowEntity e = QuarkusTransaction.requiringNew()
        .call(() -> VersionedEntity.find(em, WorkflowEntity.class, id));
    if (e == null) {
      throw AdminException.notFound("workflow " + Identifiers.display(id) + " not found");
    }
    return WorkflowTransformer.toProto(e, blobs.get(e.remoteClosureIdentifier));
  }

  private List<TaskTemplate> loadTasks(List<Identifier> ids) {
    List<TaskTemplate> tasks = new ArrayList<>();
    for (Identifier t : ids) {
      TaskEntity row = VersionedEntity.find(em, TaskEntity.class, t);
      if (row != null) {
        tasks.add(TaskTransformer.toProto(row).getClosure().getCompiledTask().getTemplate());
      }
    }
    return tasks;
  }


  /**
   * A second registration under {@code id}, as FlyteAdmin answers it (errors.NewWorkflowExistsDifferentStructureError
   * and ...IdenticalStructureError): the status of {@link Identifiers#conflict}, with a
   * {@code CreateWorkflowFailureReason} in the google.rpc.Status details saying which case it is.
   */
  static io.grpc.StatusRuntimeException conflict(Identifier id, byte[] existingDigest, byte[] attemptedDigest) {
    AdminException e = Identifiers.conflict("workflow", id, existingDigest, attemptedDigest);
    var reason = flyteidl.admin.WorkflowOuterClass.CreateWorkflowFailureReason.newBuilder();
    if (e.code() == io.grpc.Status.Code.ALREADY_EXISTS) {
      reason.setExistsIdenticalStructure(flyteidl.admin.WorkflowOuterClass.WorkflowErrorExistsIdenticalStructure
          .newBuilder().setId(id));
    } else {
      reason.setExistsDifferentStructure(flyteidl.admin.WorkflowOuterClass.WorkflowErrorExistsDifferentStructure
          .newBuilder().setId(id));
    }
    return io.grpc.protobuf.StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
        .setCode(e.code().value()).setMessage(e.getMessage()).addDetails(com.google.protobuf.Any.pack(reason.build()))
        .build());
  }
}
