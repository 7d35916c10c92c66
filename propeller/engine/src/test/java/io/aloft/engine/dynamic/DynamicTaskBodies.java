package io.aloft.engine.dynamic;

import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import io.aloft.engine.plugin.PluginTransition;
import io.aloft.engine.plugin.TaskExecutionContext;
import io.aloft.engine.plugin.TaskPlugin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What dynamic_tasks.py's tasks compute, for tests that run the fixtures' workflows: square, inc and describe; any
 * other task is the fixture's dynamic parent, which writes {@link #futures} (flytekit's futures.pb) when set.
 */
final class DynamicTaskBodies implements TaskPlugin {
  final List<String> ran = new ArrayList<>();
  /** The futures.pb the dynamic parent writes; null when no dynamic parent runs. */
  byte[] futures;

  @Override
  public String id() {
    return "dynamic-tasks";
  }

  @Override
  public Set<String> taskTypes() {
    return Set.of("python-task");
  }

  @Override
  public PluginTransition handle(TaskExecutionContext ctx) {
    String fn = ctx.task().getId().getName().replaceFirst("^dynamic_tasks\\.", "");
    Map<String, Literal> in = ctx.blobs().readProto(ctx.inputsPath(), LiteralMap.parser()).orElseThrow()
        .getLiteralsMap();
    ran.add(fn);
    Literal o0 = switch (fn) {
      case "square" -> integer(integer(in, "x") * integer(in, "x"));
      case "inc" -> integer(integer(in, "x") + 1);
      case "describe" -> string(in.get("label").getScalar().getPrimitive().getStringValue() + "="
          + integer(in, "x"));
      default -> null;
    };
    if (o0 != null) {
      ctx.blobs().writeProto(ctx.outputsPath(), LiteralMap.newBuilder().putLiterals("o0", o0).build());
    } else if (futures != null) {
      ctx.blobs().write(DynamicWorkflows.futuresRef(ctx.outputPrefix()), futures);
    } else {
      throw new IllegalArgumentException("no body for task " + fn);
    }
    return PluginTransition.succeeded();
  }

  @Override
  public void abort(TaskExecutionContext ctx, String reason) {}

  @Override
  public void finalize(TaskExecutionContext ctx) {}

  private static long integer(Map<String, Literal> in, String name) {
    return in.get(name).getScalar().getPrimitive().getInteger();
  }

  private static Literal integer(long v) {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setPrimitive(Primitive.newBuilder().setInteger(v)))
        .build();
  }

  private static Literal string(String v) {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setPrimitive(Primitive.newBuilder()
        .setStringValue(v))).build();
  }
}
