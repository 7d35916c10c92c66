package io.aloft.engine;

import flyteidl.core.Literals.LiteralMap;
import io.aloft.engine.plugin.PluginTransition;
import io.aloft.engine.plugin.TaskExecutionContext;
import io.aloft.engine.plugin.TaskPhase;
import io.aloft.engine.plugin.TaskPlugin;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A fake pod plugin (task type {@code scripted}): the first handle of an attempt "creates a pod" named by the
 * attempt's resource name (a second create of the same name is a duplicate, as the API server would answer
 * AlreadyExists); later handles follow a per-node script, by default running for {@code runRounds} checks then
 * succeeding with outputs = inputs.
 */
final class ScriptedPlugin implements TaskPlugin {
  /** Pods created: resource name -> create calls. */
  final Map<String, Integer> creates = new LinkedHashMap<>();
  final Set<String> live = new HashSet<>();
  final List<String> aborted = new ArrayList<>();
  final List<String> finalized = new ArrayList<>();
  final Map<String, Function<TaskExecutionContext, PluginTransition>> scripts = new HashMap<>();
  final Map<String, Integer> checks = new HashMap<>();
  int maxLive;
  int runRounds = 1;
  /** What the launching call answers. */
  PluginTransition launchAnswer = PluginTransition.running(0, new byte[] {1});

  @Override
  public String id() {
    return "scripted";
  }

  @Override
  public Set<String> taskTypes() {
    return Set.of("scripted");
  }

  @Override
  public PluginTransition handle(TaskExecutionContext ctx) {
    String name = ctx.resourceName();
    if (ctx.phase() == TaskPhase.UNDEFINED) {
      creates.merge(name, 1, Integer::sum);
      live.add(name);
      maxLive = Math.max(maxLive, live.size());
      return launchAnswer;
    }
    int n = checks.merge(name, 1, Integer::sum);
    Function<TaskExecutionContext, PluginTransition> script = scripts.get(ctx.node().id);
    PluginTransition t = script != null ? script.apply(ctx) : n < runRounds ? PluginTransition.running(0, null)
        : succeed(ctx);
    if (t.phase().isTerminal()) {
      live.remove(name);
    }
    return t;
  }

  /** Outputs = inputs, then Succeeded. */
  static PluginTransition succeed(TaskExecutionContext ctx) {
    LiteralMap in = ctx.blobs().readProto(ctx.inputsPath(), LiteralMap.parser()).orElseThrow();
    ctx.blobs().writeProto(ctx.outputsPath(), in);
    return PluginTransition.succeeded();
  }

  @Override
  public void abort(TaskExecutionContext ctx, String reason) {
    aborted.add(ctx.resourceName());
    live.remove(ctx.resourceName());
  }

  @Override
  public void finalize(TaskExecutionContext ctx) {
    finalized.add(ctx.resourceName());
    live.remove(ctx.resourceName());
  }
}
