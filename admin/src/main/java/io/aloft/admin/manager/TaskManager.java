package io.aloft.admin.manager;

import flyteidl.admin.TaskOuterClass.Task;
import flyteidl.admin.TaskOuterClass.TaskCreateRequest;
import flyteidl.core.Compiler.CompiledTask;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import io.aloft.admin.AdminException;
import io.aloft.admin.entity.VersionedEntity;
import io.aloft.admin.entity.TaskEntity;
import io.aloft.admin.transformer.TaskTransformer;
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
import java.util.stream.Collectors;

/** Tasks (flyteadmin/pkg/manager/impl/task_manager.go). */
@ApplicationScoped
public class TaskManager {

  @Inject
  EntityManager em;

  @Inject
  Identifiers identifiers;

  @Inject
  DescriptionEntityManager descriptions;

  Clock clock = Clock.systemUTC();

  /**
   * Registers a task. An identical re-registration is ALREADY_EXISTS (flytekit swallows it); the same id with a
   * different definition is INVALID_ARGUMENT. Replicas racing on one id end the same way: the unique key decides.
   */
  public void create(TaskCreateRequest request) {
    if (!request.hasId()) {
      throw AdminException.invalid("missing identifier for TaskCreateRequest");
    }
    Identifier id = request.getId();
    identifiers.validateVersioned(id, "task");
    if (!request.hasSpec() || !request.getSpec().hasTemplate()) {
      throw AdminException.invalid("missing spec.template for task " + Identifiers.display(id));
    }
    if (request.getSpec().hasDescription()) {
      DescriptionEntityManager.validate(request.getSpec().getDescription(), "spec.description");
    }
    CompiledTask compiled;
    try {
      compiled = WorkflowCompiler.compileTask(request.getSpec().getTemplate().toBuilder().setId(id).build());
    } catch (CompilationException e) {
      throw AdminException.invalid("task " + Identifiers.display(id) + " failed to compile: "
          + e.errors().stream().map(CompileError::toString).collect(Collectors.joining("; ")));
    }
    TaskEntity row = TaskTransformer.toEntity(id, compiled, Instant.now(clock));
    try {
      QuarkusTransaction.requiringNew().run(() -> {
        identifiers.requireProjectAndDomain(id);
        TaskEntity existing = VersionedEntity.find(em, TaskEntity.class, id);
        if (existing != null) {
          throw Identifiers.conflict("task", id, existing.digest, row.digest);
        }
        em.persist(row);
        if (request.getSpec().hasDescription()) {
          descriptions.record(id.toBuilder().setResourceType(ResourceType.TASK).build(),
              request.getSpec().getDescription(), row.createdAt);
        }
        em.flush();
      });
    } catch (PersistenceException e) {
      // Another replica inserted the same id between our read and our write: answer as if we had read it.
      TaskEntity existing = QuarkusTransaction.requiringNew()
          .call(() -> VersionedEntity.find(em, TaskEntity.class, id));
      if (existing == null) {
        throw e;
      }
      throw Identifiers.conflict("task", id, existing.digest, row.digest);
    }
  }

  /** The task with {@code id}; NOT_FOUND if none. */
  public Task get(Identifier id) {
    identifiers.validateVersioned(id, "task");
    return QuarkusTransaction.requiringNew().call(() -> {
      TaskEntity e = VersionedEntity.find(em, TaskEntity.class, id);
      if (e == null) {
        throw AdminException.notFound("task " + Identifiers.display(id) + " not found");
      }
      return TaskTransformer.toProto(e);
    });
  }


}
