package io.aloft.admin.transformer;

import com.google.protobuf.InvalidProtocolBufferException;
import flyteidl.admin.TaskOuterClass.Task;
import flyteidl.admin.TaskOuterClass.TaskClosure;
import flyteidl.core.Compiler.CompiledTask;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import io.aloft.admin.entity.TaskEntity;
import java.time.Instant;

/** Task proto <-> row (flyteadmin/pkg/repositories/transformers/task.go). */
public final class TaskTransformer {
  private TaskTransformer() {}

  /** A new row for {@code compiled} registered under {@code id} at {@code now}. */
  public static TaskEntity toEntity(Identifier id, CompiledTask compiled, Instant now) {
    TaskEntity e = new TaskEntity();
    e.identify(id, now);
    e.type = compiled.getTemplate().getType();
    e.closure = TaskClosure.newBuilder().setCompiledTask(compiled).setCreatedAt(Protos.timestamp(now)).build().toByteArray();
    e.digest = Protos.digest(compiled);
    return e;
  }

  /** The admin.Task a client sees. */
  public static Task toProto(TaskEntity e) {
    try {
      return Task.newBuilder()
          .setId(e.identifier(ResourceType.TASK))
          .setClosure(TaskClosure.parseFrom(e.closure))
          .build();
    } catch (InvalidProtocolBufferException ex) {
      throw new IllegalStateException("corrupt closure of task " + e.id, ex);
    }
  }
}
