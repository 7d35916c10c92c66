package io.aloft.engine;

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
 * Runs the flytekit bundles' python tasks (task type {@code python-task}) by computing what their Python bodies in
 * flytekit-workflows/workflows.py compute, so the engine's data flow can be checked against real compiled closures.
 * {@code fn_work} fails (USER) when its {@code name} input is "fail".
 */
final class FlytekitFunctionsPlugin implements TaskPlugin {
  final List<String> ran = new ArrayList<>();

  @Override
  public String id() {
    return "flytekit-functions";
  }

  @Override
  public Set<String> taskTypes() {
    return Set.of("python-task");
  }

  @Override
  public PluginTransition handle(TaskExecutionContext ctx) {
    String fn = ctx.task().getId().getName().replaceFirst("^.*\\.", "");
    Map<String, Literal> in = ctx.blobs().readProto(ctx.inputsPath(), LiteralMap.parser()).orElseThrow()
        .getLiteralsMap();
    ran.add(fn);
    LiteralMap.Builder out = LiteralMap.newBuilder();
    switch (fn) {
      case "chain_t1" -> out.putLiterals("o0", i(l(in, "a") + 1));
      case "chain_t2" -> out.putLiterals("o0", s(str(in, "s") + "-" + l(in, "x")));
      case "chain_t3" -> {
        out.putLiterals("score", f(flt(in, "f") * str(in, "msg").length()));
        out.putLiterals("label", s(str(in, "msg").toUpperCase()));
      }
      case "fan_produce" -> out.putLiterals("o0", i(l(in, "n") * 10));
      case "fan_a" -> out.putLiterals("o0", i(l(in, "x") + 1));
      case "fan_b" -> out.putLiterals("o0", i(l(in, "x") + 2));
      case "fan_c" -> out.putLiterals("o0", i(l(in, "x") + 3));
      case "fan_gather" -> out.putLiterals("o0", i(l(in, "a") + l(in, "b") + l(in, "c")));
      case "fan_no_inputs" -> out.putLiterals("o0", s("constant"));
      case "fan_side_effect" -> out.putLiterals("o0", i(l(in, "x")));
      case "fan_ping", "fn_cleanup" -> { }
      case "br_square" -> out.putLiterals("o0", i(l(in, "x") * l(in, "x")));
      case "br_double" -> out.putLiterals("o0", i(2 * l(in, "x")));
      case "br_negate" -> out.putLiterals("o0", i(-l(in, "x")));
      case "br_add" -> out.putLiterals("o0", i(l(in, "a") + l(in, "b")));
      case "br_describe" -> out.putLiterals("o0", s(str(in, "label") + ":" + l(in, "x")));
      case "sub_inc" -> out.putLiterals("o0", i(l(in, "x") + 1));
      case "lp_add" -> out.putLiterals("o0", i(l(in, "a") + l(in, "b")));
      case "dyn_fanout" -> {
        // what flytekit's dyn_fanout(n=3, offset=1) wrote (dynamic-futures/bundle_dynamic): a dynamic workflow
        try (var futures = FlytekitFunctionsPlugin.class.getResourceAsStream(
            "/dynamic-futures/bundle_dynamic/futures.pb")) {
          ctx.blobs().write(io.aloft.engine.dynamic.DynamicWorkflows.futuresRef(ctx.outputPrefix()),
              futures.readAllBytes());
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        return PluginTransition.succeeded();
      }
      case "dyn_square" -> out.putLiterals("o0", i(l(in, "x") * l(in, "x")));
      case "dyn_sum" -> out.putLiterals("o0", i(in.get("xs").getCollection().getLiteralsList().stream()
          .mapToLong(v -> v.getScalar().getPrimitive().getInteger()).sum()));
      case "gate_make" -> out.putLiterals("o0", i(l(in, "x") + 1));
      case "gate_use" -> out.putLiterals("o0", i(l(in, "approved") + l(in, "signal")));
      case "gate_after_sleep" -> out.putLiterals("o0", s("woke up"));
      case "sub_fmt" -> out.putLiterals("o0", s(str(in, "prefix") + l(in, "x")));
      case "fn_work" -> {
        if (str(in, "name").equals("fail")) {
          return PluginTransition.permanentFailure("ValueError", "name must not be 'fail'",
              flyteidl.core.Execution.ExecutionError.ErrorKind.USER);
        }
        out.putLiterals("o0", i(l(in, "x") + str(in, "name").length()));
      }
      case "map_total" -> out.putLiterals("o0", i(in.get("xs").getCollection().getLiteralsList().stream()
          .mapToLong(x -> x.getScalar().getPrimitive().getInteger()).sum()));
      case "map_total_partial" -> out.putLiterals("o0", i(in.get("xs").getCollection().getLiteralsList().stream()
          .filter(x -> !x.getScalar().hasNoneType()).mapToLong(x -> x.getScalar().getPrimitive().getInteger()).sum()));
      // Map tasks' sub nodes (flytekit names them <task>_<md5>-arraynode): one element in, one out.
      case String m when m.startsWith("map_map_square_") -> out.putLiterals("o0", i(l(in, "x") * l(in, "x")));
      case String m when m.startsWith("map_map_scale_") -> out.putLiterals("o0", i(l(in, "x") * l(in, "factor")));
      default -> throw new IllegalArgumentException("no fake for task " + fn);
    }
    ctx.blobs().writeProto(ctx.outputsPath(), out.build());
    return PluginTransition.succeeded();
  }

  @Override
  public void abort(TaskExecutionContext ctx, String reason) {}

  @Override
  public void finalize(TaskExecutionContext ctx) {}

  private static long l(Map<String, Literal> in, String k) {
    return in.get(k).getScalar().getPrimitive().getInteger();
  }

  private static double flt(Map<String, Literal> in, String k) {
    return in.get(k).getScalar().getPrimitive().getFloatValue();
  }

  private static String str(Map<String, Literal> in, String k) {
    return in.get(k).getScalar().getPrimitive().getStringValue();
  }

  static Literal i(long v) {
    return p(Primitive.newBuilder().setInteger(v));
  }

  static Literal s(String v) {
    return p(Primitive.newBuilder().setStringValue(v));
  }

  static Literal f(double v) {
    return p(Primitive.newBuilder().setFloatValue(v));
  }

  private static Literal p(Primitive.Builder b) {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setPrimitive(b)).build();
  }
}
