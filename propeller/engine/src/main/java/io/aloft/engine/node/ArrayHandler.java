package io.aloft.engine.node;

import flyteidl.core.Execution.ExecutionError;
import flyteidl.core.Execution.TaskExecution;
import flyteidl.core.IdentifierOuterClass.TaskExecutionIdentifier;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralCollection;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Tasks.TaskTemplate;
import flyteidl.event.Event.ExternalResourceInfo;
import io.aloft.crd.ArrayNodeSpec;
import io.aloft.crd.NodeKind;
import io.aloft.crd.NodeSpec;
import io.aloft.engine.data.DataLayout;
import io.aloft.engine.plugin.PluginRegistry;
import io.aloft.engine.plugin.PluginTransition;
import io.aloft.engine.plugin.TaskExecutionContext;
import io.aloft.engine.plugin.TaskPhase;
import io.aloft.engine.plugin.TaskPlugin;
import io.aloft.engine.remote.Launcher;
import io.aloft.engine.status.ArrayNodeStatus;
import io.aloft.engine.status.NodePhase;
import io.aloft.engine.status.NodeStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Array nodes over a task (flytepropeller nodes/array/handler.go; flytekit's {@code map_task}). The first handle sizes
 * the array from the node's inputs (every collection input not in {@code boundInputs} is mapped and must have the same
 * length n; the others are passed whole to every sub node) and persists the size before anything runs. Later handles
 * step each sub node {@code i} as an attempt of the sub node's task through its plugin: inputs and outputs in
 * {@code <arrayOutputDir>/<i>/<attempt>}, resource name {@code generatedName(exec, <uniqueId>-<i>, attempt)}, the
 * sub task's retries per sub node, at most {@code parallelism} sub nodes in flight (unset or 0: unlimited, Flyte's
 * default-parallelism-behavior {@code unlimited}). The array succeeds once every sub node is done and at least
 * min_successes (or ceil(min_success_ratio * n); default n) succeeded, writing for each task output a collection of
 * the sub nodes' values in index order (none for a failed sub node); it fails, aborting the sub nodes still running,
 * as soon as too many failed to reach that count.
 *
 * <p>Events follow Flyte's array-node-config event-version 0: one task event for the array node (its attempt) whose
 * metadata carries one external resource per sub node (index, retry attempt, phase, resource name), sent whenever a
 * sub node's phase or phase version changed.
 */
public final class ArrayHandler implements NodeHandler {
  private final PluginRegistry plugins;
  private final Launcher launcher;
  private final LaunchPlanSubNodes.Templates launchPlans;

  /** Array nodes over tasks only. */
  public ArrayHandler(PluginRegistry plugins) {
    this(plugins, Launcher.NONE);
  }

  /** Array nodes over tasks, and over launch plans through {@code launcher}. */
  public ArrayHandler(PluginRegistry plugins, Launcher launcher) {
    this.plugins = plugins;
    this.launcher = launcher;
    this.launchPlans = new LaunchPlanSubNodes.Templates(launcher);
  }

  @Override
  public boolean isExecutable() {
    return true;
  }

  /** The sub node's task and plugin, or the failure that stops the array. */
  private record Target(NodeSpec sub, TaskTemplate task, TaskPlugin plugin, Transition failure) {}

  private Target target(NodeContext ctx) {
    ArrayNodeSpec spec = ctx.node().array;
    NodeSpec sub = spec == null ? null : spec.subNodeSpec;
    if (sub != null && sub.kind == NodeKind.WORKFLOW && sub.workflow != null && sub.workflow.launchPlanRefId != null) {
      return new Target(sub, launchPlans.of(sub), new LaunchPlanSubNodes(launcher, ctx), null);
    }
    if (sub == null || sub.task == null || (sub.kind != null && sub.kind != NodeKind.TASK)) {
      return new Target(null, null, null, Transition.permanent("UnsupportedNodeKind", "array node ["
          + ctx.nodeId() + "]: only task and launch-plan sub nodes are supported, not ["
          + (sub == null ? null : sub.kind) + "]",
          ExecutionError.ErrorKind.SYSTEM));
    }
    TaskTemplate task = ctx.workflow().task(sub.task);
    if (task == null) {
      return new Target(sub, null, null, Transition.permanent("TaskNotFound", "task [" + sub.task
          + "] not in the workflow", ExecutionError.ErrorKind.SYSTEM));
    }
    Optional<TaskPlugin> plugin = plugins.forType(task.getType());
    if (plugin.isEmpty()) {
      return new Target(sub, task, null, Transition.permanent("UnsupportedTaskType", "no plugin for task type ["
          + task.getType() + "]", ExecutionError.ErrorKind.SYSTEM));
    }
    return new Target(sub, task, plugin.get(), null);
  }

  @Override
  public Transition handle(NodeContext ctx) throws Exception {
    Target t = target(ctx);
    if (t.failure() != null) {
      return t.failure();
    }
    NodeStatus ns = ctx.status();
    ArrayNodeStatus as = ns.arrayNodeStatus;
    if (as == null || as.phase == ArrayNodeStatus.NONE) {
      return size(ctx, t);
    }
    LiteralMap inputs = ctx.inputs();
    int n = as.size;
    int inFlight = 0;
    for (int i = 0; i < n; i++) {
      NodePhase p = as.subPhase(i);
      if (p == NodePhase.QUEUED || p == NodePhase.RUNNING) {
        inFlight++;
      }
    }
    int parallelism = ArrayNodes.parallelism(ctx.node().array, n);
    boolean report = false;
    // the log links of the sub nodes reported this round, sent with their external resources (admin merges them)
    Map<Integer, List<flyteidl.core.Execution.TaskLog>> logs = new java.util.HashMap<>();
    for (int i = 0; i < n; i++) {
      NodePhase p = as.subPhase(i);
      if (p.isTerminal()) {
        continue;
      }
      if (p == NodePhase.NOT_YET_STARTED) {
        if (inFlight >= parallelism) {
          continue;
        }
        ctx.blobs().writeProto(subInputsPath(ctx, as, i), ArrayNodes.subInputs(ctx.node().array, inputs, i));
      }
      TaskExecutionContext tctx = subContext(ctx, t, as, i);
      SubState before = SubState.of(as, i);
      PluginTransition pt;
      try {
        pt = t.plugin().handle(tctx);
      } catch (Exception e) {
        pt = PluginTransition.retryableFailure("PluginError", String.valueOf(e.getMessage()),
            ExecutionError.ErrorKind.SYSTEM);
      }
      if (pt.phase() == TaskPhase.SUCCEEDED && t.task().getInterface().getOutputs().getVariablesCount() > 0
          && !ctx.blobs().exists(tctx.outputsPath())) {
        pt = PluginTransition.retryableFailure("OutputsNotFound", "task succeeded but wrote no outputs at "
            + tctx.outputsPath(), ExecutionError.ErrorKind.SYSTEM);
      }
      if ((pt.phase() == TaskPhase.RETRYABLE_FAILURE || pt.phase() == TaskPhase.PERMANENT_FAILURE)
          && pt.error() == null) {
        pt = new PluginTransition(pt.phase(), pt.phaseVersion(), pt.pluginState(), pt.reason(),
            ExecutionError.newBuilder().setCode("TaskFailed").setMessage(pt.reason() == null ? "" : pt.reason())
                .setKind(ExecutionError.ErrorKind.USER).build());
      }
      if (pt.pluginState() != null) {
        as.subPluginStates.set(i, pt.pluginState());
      }
      if (as.subTaskPhases[i] != pt.phase().code() || as.subPhaseVersions[i] != pt.phaseVersion()) {
        report = true;
        if (!pt.logs().isEmpty()) {
          logs.put(i, pt.logs());
        }
      }
      int attempt = as.subAttempts[i];
      as.subTaskPhases[i] = pt.phase().code();
      as.subPhaseVersions[i] = pt.phaseVersion();
      switch (pt.phase()) {
        case UNDEFINED, QUEUED -> {
          if (p == NodePhase.NOT_YET_STARTED) {
            as.subPhases[i] = NodePhase.QUEUED.code();
            inFlight++;
          }
        }
        case RUNNING -> {
          if (p == NodePhase.NOT_YET_STARTED) {
            inFlight++;
          }
          as.subPhases[i] = NodePhase.RUNNING.code();
        }
        case SUCCEEDED -> {
          t.plugin().finalize(tctx);
          as.subPhases[i] = NodePhase.SUCCEEDED.code();
          if (p != NodePhase.NOT_YET_STARTED) {
            inFlight--;
          }
        }
        case RETRYABLE_FAILURE, PERMANENT_FAILURE -> {
          if (p != NodePhase.NOT_YET_STARTED) {
            inFlight--;
          }
          retryOrFail(ctx, t, as, i, tctx, pt);
        }
      }
      if (as.subAttempts[i] != attempt) {
        // a retry: the event's resource (i, next attempt) is not the attempt these logs are of
        logs.remove(i);
      }
      if (!before.equals(SubState.of(as, i))) {
        as.markDirty();
      }
    }
    int succeeded = 0;
    int failed = 0;
    for (int i = 0; i < n; i++) {
      NodePhase p = as.subPhase(i);
      if (p == NodePhase.SUCCEEDED) {
        succeeded++;
      } else if (p.isFailure()) {
        failed++;
      }
    }
    int required = ArrayNodes.requiredSuccesses(ctx.node().array, n);
    if (failed > n - required) {
      abortRunning(ctx, t, as, "array node failed: too many sub nodes failed");
      ExecutionError err = ArrayNodes.summary(as, n, failed, required);
      as.enter(ArrayNodeStatus.FAILING, err);
      event(ctx, t, as, TaskExecution.Phase.FAILED, null, err, logs);
      return Transition.permanent(err);
    }
    if (succeeded + failed == n) {
      ctx.blobs().writeProto(ctx.outputsPath(), ArrayNodes.gather(ctx, t.task(), as));
      as.enter(ArrayNodeStatus.SUCCEEDING, null);
      event(ctx, t, as, TaskExecution.Phase.SUCCEEDED, ctx.outputsPath(), null, logs);
      return Transition.success();
    }
    if (report) {
      as.bumpVersion();
      event(ctx, t, as, TaskExecution.Phase.RUNNING, null, null, logs);
    }
    return Transition.running(null);
  }

  /** The first handle: the array's size from the mapped inputs, persisted before any sub node runs. */
  private Transition size(NodeContext ctx, Target t) {
    LiteralMap inputs = ctx.inputs();
    List<String> bound = ctx.node().array.boundInputs == null ? List.of() : ctx.node().array.boundInputs;
    int n = -1;
    for (Map.Entry<String, Literal> e : inputs.getLiteralsMap().entrySet()) {
      if (bound.contains(e.getKey()) || !e.getValue().hasCollection()) {
        continue;
      }
      int len = e.getValue().getCollection().getLiteralsCount();
      if (n == -1) {
        n = len;
      } else if (n != len) {
        return Transition.permanent("InvalidArrayLength", "array node [" + ctx.nodeId() + "]: mapped input ["
            + e.getKey() + "] has " + len + " elements, another has " + n, ExecutionError.ErrorKind.USER);
      }
    }
    if (n == -1) {
      return Transition.permanent("InvalidArrayLength", "array node [" + ctx.nodeId()
          + "]: no collection input to map over", ExecutionError.ErrorKind.USER);
    }
    ctx.status().startArray(ArrayNodeStatus.sized(n));
    event(ctx, t, ctx.status().arrayNodeStatus, TaskExecution.Phase.RUNNING, null, null);
    return Transition.running("array of " + n + " sub nodes");
  }

  /** Flyte's isEligibleForRetry for one sub node, then a new attempt (launched in a later round) or Failed. */
  private void retryOrFail(NodeContext ctx, Target t, ArrayNodeStatus as, int i, TaskExecutionContext tctx,
      PluginTransition pt) throws Exception {
    ExecutionError err = pt.error();
    t.plugin().abort(tctx, "attempt failed: " + err.getMessage());
    t.plugin().finalize(tctx);
    as.subErrors.set(i, "[" + err.getCode() + "] " + err.getMessage());
    if (pt.phase() == TaskPhase.PERMANENT_FAILURE) {
      as.subPhases[i] = NodePhase.FAILED.code();
      return;
    }
    boolean system = err.getKind() == ExecutionError.ErrorKind.SYSTEM;
    boolean eligible;
    if (!ctx.config().ignoreRetryCause() && system) {
      eligible = as.subSystemFailures[i] < ctx.config().maxNodeRetriesForSystemFailures();
    } else {
      int current = ctx.config().ignoreRetryCause() ? as.subAttempts[i] + 1
          : as.subAttempts[i] + 1 - as.subSystemFailures[i];
      eligible = current < maxAttempts(ctx, t.sub());
    }
    if (!eligible) {
      as.subErrors.set(i, "[RetriesExhausted|" + err.getCode() + "] " + err.getMessage());
      as.subPhases[i] = NodePhase.FAILED.code();
      return;
    }
    if (system) {
      as.subSystemFailures[i]++;
    }
    as.subAttempts[i]++;
    as.subPhases[i] = NodePhase.NOT_YET_STARTED.code();
    as.subTaskPhases[i] = TaskPhase.UNDEFINED.code();
    as.subPhaseVersions[i] = 0;
    as.subPluginStates.set(i, null);
  }

  private static int maxAttempts(NodeContext ctx, NodeSpec sub) {
    if (sub.retry != null && sub.retry.minAttempts != null && sub.retry.minAttempts != 1) {
      return sub.retry.minAttempts.intValue();
    }
    return ctx.config().defaultMaxAttempts();
  }

  /** Sub node {@code i}'s data and output dir for {@code attempt}: {@code <arrayOutputDir>/<i>/<attempt>}. */
  static String subDir(NodeContext ctx, int i, int attempt) {
    return DataLayout.join(ctx.outputDir(), Integer.toString(i), Integer.toString(attempt));
  }

  private static String subInputsPath(NodeContext ctx, ArrayNodeStatus as, int i) {
    return DataLayout.join(subDir(ctx, i, as.subAttempts[i]), DataLayout.INPUTS);
  }

  /** The id naming sub node {@code i}'s resources. */
  private static String subId(NodeContext ctx, int i) {
    return ctx.uniqueId() + "-" + i;
  }

  /** The plugin's view of sub node {@code i}'s current attempt. */
  private static TaskExecutionContext subContext(NodeContext ctx, Target t, ArrayNodeStatus as, int i) {
    int attempt = as.subAttempts[i];
    String execName = ctx.exec().executionId().getName();
    String rawBase = ctx.exec().rawOutputPrefix() == null || ctx.exec().rawOutputPrefix().isEmpty()
        ? ctx.config().defaultRawOutputPrefix() : ctx.exec().rawOutputPrefix();
    String raw = rawBase == null || rawBase.isEmpty() ? ""
        : DataLayout.rawOutputPrefix(rawBase, execName, subId(ctx, i), attempt);
    Boolean nodeInterruptible = t.sub().interruptible != null ? t.sub().interruptible : ctx.node().interruptible;
    boolean interruptible = nodeInterruptible != null ? nodeInterruptible : ctx.exec().interruptible();
    TaskExecutionIdentifier id = TaskExecutionIdentifier.newBuilder().setTaskId(t.task().getId())
        .setNodeExecutionId(ctx.events().nodeExecutionId(ctx.eventNodeId())).setRetryAttempt(attempt).build();
    String dir = subDir(ctx, i, attempt);
    return new TaskExecutionContext(t.task(), t.sub(), id, DataLayout.join(dir, DataLayout.INPUTS), dir, raw,
        attempt, DataLayout.generatedName(execName, subId(ctx, i), attempt), interruptible,
        as.subPluginStates.get(i), TaskPhase.of(as.subTaskPhases[i]), as.subPhaseVersions[i], ctx.blobs(),
        ctx.now(), ctx.exec().resource(), ctx.inputsPath(), i);
  }

  /** Aborts and finalizes every sub node in flight; each ends Failed. */
  private static void abortRunning(NodeContext ctx, Target t, ArrayNodeStatus as, String reason) throws Exception {
    for (int i = 0; i < as.size; i++) {
      NodePhase p = as.subPhase(i);
      if (p != NodePhase.QUEUED && p != NodePhase.RUNNING) {
        continue;
      }
      TaskExecutionContext tctx = subContext(ctx, t, as, i);
      t.plugin().abort(tctx, reason);
      t.plugin().finalize(tctx);
      as.subPhases[i] = NodePhase.FAILED.code();
      as.subTaskPhases[i] = TaskPhase.PERMANENT_FAILURE.code();
      as.subErrors.set(i, "[NodeAborted] " + reason);
      as.markDirty();
    }
  }

  /** What a round may change of sub node {@code i}: compared before and after to know whether it changed. */
  private record SubState(int phase, int taskPhase, int version, int attempt, byte[] pluginState) {
    static SubState of(ArrayNodeStatus as, int i) {
      return new SubState(as.subPhases[i], as.subTaskPhases[i], as.subPhaseVersions[i], as.subAttempts[i],
          as.subPluginStates.get(i));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof SubState s && phase == s.phase && taskPhase == s.taskPhase && version == s.version
          && attempt == s.attempt && java.util.Arrays.equals(pluginState, s.pluginState);
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(phase, taskPhase, version, attempt, java.util.Arrays.hashCode(pluginState));
    }
  }

  /** The array's task event (event version 0) with one external resource per sub node. */
  private static void event(NodeContext ctx, Target t, ArrayNodeStatus as, TaskExecution.Phase phase,
      String outputUri, ExecutionError err) {
    event(ctx, t, as, phase, outputUri, err, Map.of());
  }

  /** As above, sub node i's external resource carrying {@code logs.get(i)} (the sub nodes reported this round). */
  private static void event(NodeContext ctx, Target t, ArrayNodeStatus as, TaskExecution.Phase phase,
      String outputUri, ExecutionError err, Map<Integer, List<flyteidl.core.Execution.TaskLog>> logs) {
    String execName = ctx.exec().executionId().getName();
    List<ExternalResourceInfo> resources = new ArrayList<>();
    for (int i = 0; i < as.size; i++) {
      NodePhase p = as.subPhase(i);
      TaskExecution.Phase sp = p == NodePhase.NOT_YET_STARTED ? TaskExecution.Phase.UNDEFINED
          : p == NodePhase.SUCCEEDED ? TaskExecution.Phase.SUCCEEDED
          : p.isFailure() ? (as.subErrors.get(i) != null && as.subErrors.get(i).startsWith("[NodeAborted]")
              ? TaskExecution.Phase.ABORTED : TaskExecution.Phase.FAILED)
          : TaskPhase.of(as.subTaskPhases[i]).eventPhase();
      ExternalResourceInfo.Builder r = ExternalResourceInfo.newBuilder().setIndex(i)
          .setRetryAttempt(as.subAttempts[i]).setPhase(sp).addAllLogs(logs.getOrDefault(i, List.of()));
      if (LaunchPlanSubNodes.TYPE.equals(t.task().getType())) {
        // A map over a launch plan: each sub node's resource is its child execution.
        var child = LaunchPlanSubNodes.childId(ctx, i, as.subAttempts[i]);
        r.setExternalId(child.getName());
        if (p != NodePhase.NOT_YET_STARTED) {
          r.setWorkflowNodeMetadata(flyteidl.event.Event.WorkflowNodeMetadata.newBuilder().setExecutionId(child));
        }
      } else {
        r.setExternalId(DataLayout.generatedName(execName, subId(ctx, i), as.subAttempts[i]));
      }
      resources.add(r.build());
    }
    ctx.events().arrayTask(ctx.eventNodeId(), ctx.status(), t.task().getId(), t.task().getType(), ctx.attempt(),
        phase, as.taskPhaseVersion, ctx.now(), ctx.inputsPath(), outputUri, err, null,
        DataLayout.generatedName(execName, ctx.uniqueId(), ctx.attempt()), resources);
  }

  @Override
  public void abort(NodeContext ctx, String reason) throws Exception {
    Target t = target(ctx);
    ArrayNodeStatus as = ctx.status().arrayNodeStatus;
    if (t.failure() != null || as == null || as.phase != ArrayNodeStatus.EXECUTING) {
      return;
    }
    abortRunning(ctx, t, as, reason);
    as.enter(ArrayNodeStatus.FAILING, null);
    event(ctx, t, as, TaskExecution.Phase.ABORTED, null, null);
  }

  @Override
  public void finalize(NodeContext ctx) {
    // Each sub node's attempt is finalized when it ends (or is aborted).
  }
}
