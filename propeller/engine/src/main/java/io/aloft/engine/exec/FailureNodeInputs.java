package io.aloft.engine.exec;

import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Literals.Union;
import flyteidl.core.Types.Error;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import flyteidl.core.Types.TypeStructure;
import io.aloft.crd.NodeSpec;
import io.aloft.engine.ExecutionContext;
import io.aloft.engine.node.DagLevel;
import io.aloft.engine.status.NodeStatus;
import java.util.Map;

/**
 * The failure node's {@code err} input (flytepropeller nodes/resolve.go ResolveErrorInputLiteralData): the
 * (sub-)workflow's error as a union whose value is a {@code core.Error} literal, typed ERROR with the structure tag
 * {@code FlyteError}, which is what flytekit's {@code err: Optional[FlyteError] = None} converts from.
 */
final class FailureNodeInputs {
  /** The union tag flytekit's FlyteError type carries. */
  static final String FLYTE_ERROR_TAG = "FlyteError";

  private FailureNodeInputs() {}

  /**
   * {@code inputs} with {@code err} set to the level's error when {@code n} is the level's failure node and binds or
   * declares {@code err}; {@code inputs} unchanged otherwise. Flyte names the failure node itself as the failed node;
   * Aloft names the node that failed, which is what a handler wants to know.
   */
  static LiteralMap withError(ExecutionContext ctx, DagLevel level, NodeSpec n, LiteralMap inputs) {
    NodeSpec onFailure = level.spec().onFailure;
    if (onFailure == null || !n.id.equals(onFailure.id)) {
      return inputs;
    }
    var task = n.task == null ? null : level.workflow().task(n.task);
    boolean declares = task != null && task.getInterface().getInputs().containsVariables("err");
    boolean binds = n.inputBindings != null && n.inputBindings.stream().anyMatch(b -> "err".equals(b.getVar()));
    if (!declares && !binds) {
      return inputs;
    }
    Error err = Error.newBuilder().setFailedNodeId(failedNode(level)).setMessage(cause(ctx, level)).build();
    Literal value = Literal.newBuilder().setScalar(Scalar.newBuilder().setError(err)).build();
    LiteralType type = LiteralType.newBuilder().setSimple(SimpleType.ERROR)
        .setStructure(TypeStructure.newBuilder().setTag(FLYTE_ERROR_TAG)).build();
    Literal union = Literal.newBuilder().setScalar(Scalar.newBuilder()
        .setUnion(Union.newBuilder().setValue(value).setType(type))).build();
    return inputs.toBuilder().putLiterals("err", union).build();
  }

  /** The first node of the level that failed on its own (not aborted because another failed). */
  private static String failedNode(DagLevel level) {
    for (Map.Entry<String, NodeStatus> e : level.statuses().entrySet()) {
      NodeStatus x = e.getValue();
      if (x.phase.isFailure() && (x.error == null || !"NodeAborted".equals(x.error.code))) {
        return e.getKey();
      }
    }
    return "";
  }

  /** The message of the error the level fails with. */
  private static String cause(ExecutionContext ctx, DagLevel level) {
    String cause;
    if (level.top()) {
      cause = ctx.status().error == null ? null : ctx.status().error.message;
    } else {
      var ws = level.ownerStatus().workflowNodeStatus;
      cause = ws == null || ws.executionError == null ? null : ws.executionError.message;
    }
    return cause == null ? "" : cause;
  }
}
