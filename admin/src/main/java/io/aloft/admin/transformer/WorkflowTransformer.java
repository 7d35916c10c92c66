package io.aloft.admin.transformer;

import com.google.protobuf.InvalidProtocolBufferException;
import flyteidl.admin.WorkflowOuterClass.Workflow;
import flyteidl.admin.WorkflowOuterClass.WorkflowClosure;
import flyteidl.core.Compiler.CompiledWorkflowClosure;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import io.aloft.admin.entity.WorkflowEntity;
import java.time.Instant;

/** Workflow proto <-> row + blob (flyteadmin/pkg/repositories/transformers/workflow.go). */
public final class WorkflowTransformer {
  private WorkflowTransformer() {}

  /** The blob admin stores for a registered workflow. */
  public static WorkflowClosure closure(CompiledWorkflowClosure compiled, Instant now) {
    return WorkflowClosure.newBuilder().setCompiledWorkflow(compiled).setCreatedAt(Protos.timestamp(now))
        .build();
  }

  /** Blob key, as FlyteAdmin's metadata prefix plus the id; the digest keeps a conflicting write from landing on it. */
  public static String closureKey(Identifier id, byte[] digest) {
    return "metadata/admin/" + id.getProject() + "/" + id.getDomain() + "/" + id.getName() + "/" + id.getVersion()
        + "/" + java.util.HexFormat.of().formatHex(digest, 0, 8);
  }

  /** A new row pointing at the closure blob. */
  public static WorkflowEntity toEntity(Identifier id, CompiledWorkflowClosure compiled, String closureRef,
      byte[] digest, Instant now) {
    WorkflowEntity e = new WorkflowEntity();
    e.identify(id, now);
    e.typedInterface = compiled.getPrimary().getTemplate().getInterface().toByteArray();
    e.remoteClosureIdentifier = closureRef;
    e.digest = digest;
    return e;
  }

  /** The admin.Workflow a client sees, from the row and its closure blob. */
  public static Workflow toProto(WorkflowEntity e, byte[] closureBlob) {
    try {
      return Workflow.newBuilder()
          .setId(e.identifier(ResourceType.WORKFLOW))
          .setClosure(WorkflowClosure.parseFrom(closureBlob))
          .build();
    } catch (InvalidProtocolBufferException ex) {
      throw new IllegalStateException("corrupt closure " + e.remoteClosureIdentifier, ex);
    }
  }
}
