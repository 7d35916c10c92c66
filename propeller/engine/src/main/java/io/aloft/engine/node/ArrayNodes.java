package io.aloft.engine.node;

import flyteidl.core.Execution.ExecutionError;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralCollection;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Tasks.TaskTemplate;
import io.aloft.crd.ArrayNodeSpec;
import io.aloft.engine.data.DataLayout;
import io.aloft.engine.status.ArrayNodeStatus;
import io.aloft.engine.status.NodePhase;
import java.util.ArrayList;
import java.util.List;

/** The array node's arithmetic and data (flytepropeller nodes/array/utils.go): sizes, success criteria, outputs. */
public final class ArrayNodes {
  private ArrayNodes() {}

  /** Explicit parallelism > 0 wins; unset or 0 is unlimited (default-parallelism-behavior {@code unlimited}). */
  static int parallelism(ArrayNodeSpec spec, int n) {
    if (spec.parallelism != null && spec.parallelism > 0) {
      return (int) Math.min(spec.parallelism, Integer.MAX_VALUE);
    }
    return Math.max(n, 1);
  }

  /** min_successes when set (> 0), else ceil(min_success_ratio * n), else n; never more than n. */
  static int requiredSuccesses(ArrayNodeSpec spec, int n) {
    long required = n;
    if (spec.minSuccesses != null && spec.minSuccesses > 0) {
      required = spec.minSuccesses;
    } else if (spec.minSuccessRatio != null) {
      required = (long) Math.ceil((double) spec.minSuccessRatio * n);
    }
    return (int) Math.min(required, n);
  }

  static ExecutionError summary(ArrayNodeStatus as, int n, int failed, int required) {
    StringBuilder sb = new StringBuilder().append(failed).append(" of ").append(n)
        .append(" sub nodes failed, ").append(required).append(" must succeed");
    int shown = 0;
    for (int i = 0; i < n && shown < 5; i++) {
      if (as.subPhase(i).isFailure()) {
        sb.append("; [").append(i).append("]: ").append(as.subErrors.get(i));
        shown++;
      }
    }
    if (failed > shown) {
      sb.append("; ...");
    }
    return ExecutionError.newBuilder().setCode("ArrayNodeFailed").setMessage(sb.toString())
        .setKind(ExecutionError.ErrorKind.USER).build();
  }

  /** For each task output, the sub nodes' values in index order; none for a sub node that did not succeed. */
  static LiteralMap gather(NodeContext ctx, TaskTemplate task, ArrayNodeStatus as) {
    Literal none = Literal.newBuilder().setScalar(Scalar.newBuilder().setNoneType(flyteidl.core.Literals.Void.getDefaultInstance()))
        .build();
    List<String> vars = new ArrayList<>(task.getInterface().getOutputs().getVariablesMap().keySet());
    List<LiteralCollection.Builder> cols = new ArrayList<>();
    vars.forEach(v -> cols.add(LiteralCollection.newBuilder()));
    for (int i = 0; i < as.size; i++) {
      LiteralMap out = as.subPhase(i) != NodePhase.SUCCEEDED ? LiteralMap.getDefaultInstance()
          : ctx.blobs().readProto(DataLayout.join(ArrayHandler.subDir(ctx, i, as.subAttempts[i]), DataLayout.OUTPUTS),
              LiteralMap.parser()).orElse(LiteralMap.getDefaultInstance());
      for (int v = 0; v < vars.size(); v++) {
        cols.get(v).addLiterals(out.getLiteralsOrDefault(vars.get(v), none));
      }
    }
    LiteralMap.Builder b = LiteralMap.newBuilder();
    for (int v = 0; v < vars.size(); v++) {
      b.putLiterals(vars.get(v), Literal.newBuilder().setCollection(cols.get(v)).build());
    }
    return b.build();
  }

  /** Sub node {@code i}'s inputs: element i of each mapped input, the other inputs whole. */
  public static LiteralMap subInputs(ArrayNodeSpec spec, LiteralMap inputs, int i) {
    List<String> bound = spec.boundInputs == null ? List.of() : spec.boundInputs;
    LiteralMap.Builder b = LiteralMap.newBuilder();
    inputs.getLiteralsMap().forEach((k, v) -> b.putLiterals(k, !bound.contains(k) && v.hasCollection()
        ? v.getCollection().getLiterals(i) : v));
    return b.build();
  }
}
