package io.aloft.admin.transformer;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import flyteidl.admin.TaskOuterClass.Task;
import flyteidl.admin.TaskOuterClass.TaskClosure;
import flyteidl.core.Compiler.CompiledTask;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import io.aloft.admin.entity.TaskEntity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;

/** Task proto <-> row (flyteadmin/pkg/repositories/transformers/task.go). */
public final class TaskTransformer {
  private TaskTransformer() {}

  /** A new row for {@code compiled} registered under {@code id} at {@code now}. */
  public static TaskEntity toEntity(Identifier id, CompiledTask compiled, Instant now) {
    TaskEntity e = new TaskEntity();
    e.identify(id, now);
    e.type = compiled.getTemplate().getType();
    e.closure = TaskClosure.newBuilder().setCompiledTask(compiled).setCreatedAt(timestamp(now)).build().toByteArray();
    e.digest = digest(compiled);
    return e;
  }

  /** The admin.Task a client sees. */
  public static Task toProto(TaskEntity e) {
    try {
      return Task.newBuilder()
          .setId(Identifier.newBuilder().setResourceType(ResourceType.TASK).setProject(e.project)
              .setDomain(e.domain).setName(e.name).setVersion(e.version).setOrg(e.org))
          .setClosure(TaskClosure.parseFrom(e.closure))
          .build();
    } catch (InvalidProtocolBufferException ex) {
      throw new IllegalStateException("corrupt closure of task " + e.id, ex);
    }
  }

  /** SHA-256 over the deterministic serialization (map entries sorted), so equal specs give equal digests. */
  public static byte[] digest(Message m) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.useDeterministicSerialization();
      m.writeTo(out);
      out.flush();
      return MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static Timestamp timestamp(Instant t) {
    return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
  }
}
