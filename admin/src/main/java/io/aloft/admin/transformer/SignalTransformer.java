package io.aloft.admin.transformer;

import com.google.protobuf.InvalidProtocolBufferException;
import flyteidl.admin.SignalOuterClass.Signal;
import flyteidl.core.IdentifierOuterClass.SignalIdentifier;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Types.LiteralType;
import io.aloft.admin.entity.SignalEntity;

/** Signal rows to protos (flyteadmin/pkg/repositories/transformers/signal.go). */
public final class SignalTransformer {
  private SignalTransformer() {}

  /** The row's identifier. */
  public static SignalIdentifier identifier(SignalEntity row) {
    return SignalIdentifier.newBuilder().setSignalId(row.signalId)
        .setExecutionId(WorkflowExecutionIdentifier.newBuilder().setProject(row.executionProject)
            .setDomain(row.executionDomain).setName(row.executionName).setOrg(row.executionOrg))
        .build();
  }

  /** The row's stored type. */
  public static LiteralType type(SignalEntity row) {
    try {
      return LiteralType.parseFrom(row.type);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt type of signal row " + row.id, e);
    }
  }

  /** admin.Signal of a row: id, type and, once set, the value. */
  public static Signal toProto(SignalEntity row) {
    Signal.Builder out = Signal.newBuilder().setId(identifier(row)).setType(type(row));
    if (row.value != null) {
      try {
        out.setValue(Literal.parseFrom(row.value));
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalStateException("corrupt value of signal row " + row.id, e);
      }
    }
    return out.build();
  }

  /** execution project:domain:name and signal id, as messages show a signal. */
  public static String display(SignalIdentifier id) {
    WorkflowExecutionIdentifier e = id.getExecutionId();
    return "[" + e.getProject() + ":" + e.getDomain() + ":" + e.getName() + "/" + id.getSignalId() + "]";
  }
}
