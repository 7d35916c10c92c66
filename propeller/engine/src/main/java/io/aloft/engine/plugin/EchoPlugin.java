package io.aloft.engine.plugin;

import flyteidl.core.Literals.LiteralMap;
import java.util.Set;

/** Task type {@code echo} (flyteplugins plugins/testing/echo.go): outputs = inputs, no pod, succeeds at once. */
public final class EchoPlugin implements TaskPlugin {
  public static final String TYPE = "echo";

  @Override
  public String id() {
    return "echo";
  }

  @Override
  public Set<String> taskTypes() {
    return Set.of(TYPE);
  }

  @Override
  public PluginTransition handle(TaskExecutionContext ctx) {
    LiteralMap inputs = ctx.blobs().readProto(ctx.inputsPath(), LiteralMap.parser())
        .orElse(LiteralMap.getDefaultInstance());
    ctx.blobs().writeProto(ctx.outputsPath(), inputs);
    return PluginTransition.succeeded();
  }

  @Override
  public void abort(TaskExecutionContext ctx, String reason) {}

  @Override
  public void finalize(TaskExecutionContext ctx) {}
}
