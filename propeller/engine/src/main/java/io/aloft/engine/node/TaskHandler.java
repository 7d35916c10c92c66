package io.aloft.engine.node;

import flyteidl.core.Execution.ExecutionError;
import flyteidl.core.Execution.TaskExecution;
import flyteidl.core.IdentifierOuterClass.TaskExecutionIdentifier;
import flyteidl.core.Tasks.TaskTemplate;
import io.aloft.engine.cache.CacheMetrics;
import io.aloft.engine.cache.TaskCache;
import io.aloft.engine.data.DataLayout;
import io.aloft.engine.plugin.PluginRegistry;
import io.aloft.engine.plugin.PluginTransition;
import io.aloft.engine.plugin.TaskExecutionContext;
import io.aloft.engine.plugin.TaskPhase;
import io.aloft.engine.plugin.TaskPlugin;
import io.aloft.engine.status.NodeStatus;
import io.aloft.engine.status.TaskNodeStatus;
import java.util.Optional;

/**
 * Task nodes (flytepropeller nodes/task/handler.go): finds the plugin for the task type, hands it the attempt's
 * context, keeps the plugin's phase, phase version and state in {@code TaskNodeStatus}, and reports a task event
 * whenever the phase or phase version changes.
 */
public final class TaskHandler implements NodeHandler {
  private final PluginRegistry plugins;
  private final TaskCaching caching;

  /** Task nodes without a task cache. */
  public TaskHandler(PluginRegistry plugins) {
    this(plugins, null, CacheMetrics.NONE);
  }

  /** Task nodes whose cacheable tasks use {@code cache} (null: none). */
  public TaskHandler(PluginRegistry plugins, TaskCache cache, CacheMetrics metrics) {
    this.plugins = plugins;
    this.caching = new TaskCaching(cache, metrics);
  }

  @Override
  public boolean isExecutable() {
    return true;
  }

  @Override
  public Transition handle(NodeContext ctx) throws Exception {
    TaskTemplate task = ctx.workflow().task(ctx.node().task);
    if (task == null) {
      return Transition.permanent("TaskNotFound", "task [" + ctx.node().task + "] not in the workflow",
          ExecutionError.ErrorKind.SYSTEM);
    }
    Optional<TaskPlugin> plugin = plugins.forType(task.getType());
    if (plugin.isEmpty()) {
      return Transition.permanent("UnsupportedTaskType", "no plugin for task type [" + task.getType() + "]",
          ExecutionError.ErrorKind.SYSTEM);
    }
    boolean cacheable = caching.cacheable(task);
    if (cacheable) {
      Optional<Transition> early = caching.before(ctx, task);
      if (early.isPresent()) {
        return early.get();
      }
    }
    TaskExecutionContext tctx = taskContext(ctx, task);
    PluginTransition pt = plugin.get().handle(tctx);
    if (pt.phase() == TaskPhase.SUCCEEDED && plugin.get().runsUserCode()
        && task.getInterface().getOutputs().getVariablesCount() > 0
        && !ctx.blobs().exists(tctx.outputsPath())
        && !ctx.blobs().exists(io.aloft.engine.dynamic.DynamicWorkflows.futuresRef(tctx.outputPrefix()))) {
      pt = PluginTransition.retryableFailure("OutputsNotFound",
          "task succeeded but wrote no outputs at " + tctx.outputsPath(), ExecutionError.ErrorKind.SYSTEM);
    }
    if ((pt.phase() == TaskPhase.RETRYABLE_FAILURE || pt.phase() == TaskPhase.PERMANENT_FAILURE)
        && pt.error() == null) {
      pt = new PluginTransition(pt.phase(), pt.phaseVersion(), pt.pluginState(), pt.reason(),
          ExecutionError.newBuilder().setCode("TaskFailed").setMessage(pt.reason() == null ? "" : pt.reason())
              .setKind(ExecutionError.ErrorKind.USER).build());
    }
    if (cacheable && pt.phase() == TaskPhase.SUCCEEDED) {
      caching.after(ctx, task, tctx.outputsPath(), tctx.taskExecutionId());
    }
    record(ctx, task, plugin.get(), tctx, pt);
    return switch (pt.phase()) {
      case UNDEFINED, QUEUED -> Transition.queued(pt.reason());
      case RUNNING -> Transition.running(pt.reason());
      case SUCCEEDED -> Transition.success();
      case RETRYABLE_FAILURE -> Transition.retryable(pt.error());
      case PERMANENT_FAILURE -> Transition.permanent(pt.error());
    };
  }

  private void record(NodeContext ctx, TaskTemplate task, TaskPlugin plugin, TaskExecutionContext tctx,
      PluginTransition pt) {
    TaskNodeStatus ts = ctx.status().taskStatus();
    if (!ts.record(pt.phase().code(), pt.phaseVersion(), pt.pluginState(), ctx.now())) {
      return;
    }
    ctx.events().task(ctx.eventNodeId(), ctx.status(), task.getId(), task.getType(), plugin.id(), ctx.attempt(),
        pt.phase().eventPhase(), pt.phaseVersion(), ctx.now(), ctx.inputsPath(),
        pt.phase() == TaskPhase.SUCCEEDED ? tctx.outputsPath() : null, pt.error(), pt.reason(),
        tctx.resourceName(), pt.logs());
  }

  /**
   * Whether the node's task may have written a futures file (and so may turn dynamic): false for a plugin that runs
   * no user code, and for a task this handler cannot run.
   */
  boolean mayWriteFutures(NodeContext ctx) {
    TaskTemplate task = ctx.workflow().task(ctx.node().task);
    return task != null && plugins.forType(task.getType()).map(TaskPlugin::runsUserCode).orElse(false);
  }

  @Override
  public void abort(NodeContext ctx, String reason) throws Exception {
    if (ctx.status().cached) {
      return;
    }
    TaskTemplate task = ctx.workflow().task(ctx.node().task);
    Optional<TaskPlugin> plugin = task == null ? Optional.empty() : plugins.forType(task.getType());
    if (plugin.isEmpty()) {
      return;
    }
    TaskExecutionContext tctx = taskContext(ctx, task);
    plugin.get().abort(tctx, reason);
    NodeStatus st = ctx.status();
    if (st.taskNodeStatus != null && !TaskPhase.of(st.taskNodeStatus.phase).isTerminal()) {
      ctx.events().task(ctx.eventNodeId(), st, task.getId(), task.getType(), plugin.get().id(), ctx.attempt(),
          TaskExecution.Phase.ABORTED, st.taskNodeStatus.phaseVersion, ctx.now(), ctx.inputsPath(), null, null,
          reason, tctx.resourceName());
    }
  }

  @Override
  public void finalize(NodeContext ctx) throws Exception {
    if (ctx.status().cached) {
      return; // a cache hit: the plugin never ran (nodes/executor.go skips finalize on CACHE_HIT)
    }
    TaskTemplate task = ctx.workflow().task(ctx.node().task);
    Optional<TaskPlugin> plugin = task == null ? Optional.empty() : plugins.forType(task.getType());
    if (plugin.isPresent()) {
      plugin.get().finalize(taskContext(ctx, task));
    }
  }

  /** The plugin's view of the current attempt. */
  static TaskExecutionContext taskContext(NodeContext ctx, TaskTemplate task) {
    String execName = ctx.exec().executionId().getName();
    String rawBase = ctx.exec().rawOutputPrefix() == null || ctx.exec().rawOutputPrefix().isEmpty()
        ? ctx.config().defaultRawOutputPrefix() : ctx.exec().rawOutputPrefix();
    String raw = rawBase == null || rawBase.isEmpty() ? ""
        : DataLayout.rawOutputPrefix(rawBase, execName, ctx.uniqueId(), ctx.attempt());
    boolean interruptible = ctx.node().interruptible != null ? ctx.node().interruptible
        : ctx.exec().interruptible();
    if (interruptible) {
      // node_exec_context.go: the last attempts run on non-interruptible capacity.
      int failures = ctx.status().attempts;
      int threshold = ctx.config().interruptibleFailureThreshold();
      int maxAttempts = ctx.config().defaultMaxAttempts();
      if (ctx.node().retry != null && ctx.node().retry.minAttempts != null && ctx.node().retry.minAttempts != 1) {
        maxAttempts = ctx.node().retry.minAttempts.intValue();
      }
      if ((threshold > 0 && failures >= threshold)
          || (threshold <= 0 && failures >= maxAttempts - Math.abs(threshold))) {
        interruptible = false;
      }
    }
    TaskNodeStatus ts = ctx.status().taskNodeStatus;
    TaskExecutionIdentifier id = TaskExecutionIdentifier.newBuilder().setTaskId(task.getId())
        .setNodeExecutionId(ctx.events().nodeExecutionId(ctx.eventNodeId())).setRetryAttempt(ctx.attempt()).build();
    return new TaskExecutionContext(task, ctx.node(), id, ctx.inputsPath(), ctx.outputDir(), raw, ctx.attempt(),
        DataLayout.generatedName(execName, ctx.uniqueId(), ctx.attempt()), interruptible,
        ts == null ? null : ts.pluginState, ts == null ? TaskPhase.UNDEFINED : TaskPhase.of(ts.phase),
        ts == null ? 0 : ts.phaseVersion, ctx.blobs(), ctx.now(), ctx.exec().resource());
  }
}
