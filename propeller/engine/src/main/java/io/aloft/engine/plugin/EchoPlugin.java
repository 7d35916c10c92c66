package io.aloft.engine.plugin;

import flyteidl.core.Execution.ExecutionError.ErrorKind;
import flyteidl.core.Interface.Variable;
import flyteidl.core.Literals.LiteralMap;
import java.util.Map;
import java.util.Set;

/**
 * Task type {@code echo} (flyteplugins plugins/testing/echo.go): outputs = inputs, no pod, succeeds at once. As in
 * Flyte, each input is written under an output name of the task's interface: flytekit's {@code Echo} task takes
 * {@code x} and returns {@code o0}. Inputs and outputs of the same names map to each other; otherwise, as Flyte, one
 * input goes to the one output, and counts that differ, or several inputs to rename, fail the task.
 */
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

  /** No user code: the outputs are written here, and there are never futures. */
  @Override
  public boolean runsUserCode() {
    return false;
  }

  @Override
  public PluginTransition handle(TaskExecutionContext ctx) {
    Map<String, Variable> in = ctx.task().getInterface().getInputs().getVariablesMap();
    Map<String, Variable> out = ctx.task().getInterface().getOutputs().getVariablesMap();
    if (in.size() != out.size()) {
      return failure("the number of input [" + in.size() + "] and output [" + out.size()
          + "] variables does not match");
    }
    // a task without inputs has an empty inputs.pb: nothing to read
    LiteralMap inputs = in.isEmpty() ? LiteralMap.getDefaultInstance()
        : ctx.blobs().readProto(ctx.inputsPath(), LiteralMap.parser()).orElse(LiteralMap.getDefaultInstance());
    LiteralMap outputs;
    if (out.keySet().equals(in.keySet())) {
      outputs = inputs;
    } else if (in.size() == 1) {
      String input = in.keySet().iterator().next();
      String output = out.keySet().iterator().next();
      LiteralMap.Builder b = LiteralMap.newBuilder();
      if (inputs.containsLiterals(input)) {
        b.putLiterals(output, inputs.getLiteralsOrThrow(input));
      }
      outputs = b.build();
    } else {
      return failure("this plugin does not currently support more than one input variable");
    }
    ctx.blobs().writeProto(ctx.outputsPath(), outputs);
    return PluginTransition.succeeded();
  }

  private static PluginTransition failure(String message) {
    return PluginTransition.permanentFailure("EchoInterface", message, ErrorKind.USER);
  }

  @Override
  public void abort(TaskExecutionContext ctx, String reason) {}

  @Override
  public void finalize(TaskExecutionContext ctx) {}
}
