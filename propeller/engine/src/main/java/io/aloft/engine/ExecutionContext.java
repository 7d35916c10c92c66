package io.aloft.engine;

import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Tasks.TaskTemplate;
import io.aloft.crd.FlyteWorkflow;
import io.aloft.crd.ProtoJson;
import io.aloft.crd.WorkflowSpec;
import io.aloft.engine.status.WorkflowStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One execution as a round sees it: the workflow, its tasks and inputs, and its mutable {@link #status()}. The
 * operator builds it from the resource ({@link #of}), runs a round, then writes {@code status} back.
 *
 * @param executionId the execution
 * @param spec the primary workflow
 * @param tasks task key (as in {@code NodeSpec.task}) to template
 * @param inputs the execution's inputs (start node outputs)
 * @param status the status to advance; mutated in place by the round
 * @param maxParallelism executable nodes in flight at most; 0 = unlimited
 * @param rawOutputPrefix the execution's raw output prefix, or empty for the engine default
 * @param interruptible the workflow's node default
 * @param activeDeadline the whole workflow's deadline from its start (zero: none)
 * @param eventVersion the workflow's {@code workflowMeta.eventVersion}
 * @param aborting true when the execution is being deleted (admin's TerminateExecution): the round aborts it
 * @param abortCause why it is aborted
 * @param resource the workflow resource itself: its metadata (namespace, name, uid, labels, annotations) and
 *     execution-level settings (service account, security context, environment, overwrite-cache) for plugins;
 *     read-only
 */
public record ExecutionContext(WorkflowExecutionIdentifier executionId, WorkflowSpec spec,
    Map<String, TaskTemplate> tasks, LiteralMap inputs, WorkflowStatus status, int maxParallelism,
    String rawOutputPrefix, boolean interruptible, Duration activeDeadline, int eventVersion, boolean aborting,
    String abortCause, FlyteWorkflow resource) {

  /**
   * The context of resource {@code wf} (closure not offloaded, inputs inline) with {@code status} (read it from
   * {@code wf.status} with {@link io.aloft.engine.status.StatusJson#fromNode}).
   */
  public static ExecutionContext of(FlyteWorkflow wf, WorkflowStatus status, boolean aborting, String abortCause) {
    return of(wf, status, aborting, abortCause, tasksOf(wf), inputsOf(wf));
  }

  /** The resource's task templates, parsed from their jsonpb form. */
  public static Map<String, TaskTemplate> tasksOf(FlyteWorkflow wf) {
    Map<String, TaskTemplate> tasks = new LinkedHashMap<>();
    if (wf.tasks != null) {
      wf.tasks.forEach((k, v) -> tasks.put(k, ProtoJson.fromNode(v, TaskTemplate.class)));
    }
    return tasks;
  }

  /** The resource's inline inputs, parsed (empty when none). */
  public static LiteralMap inputsOf(FlyteWorkflow wf) {
    return wf.inputs == null ? LiteralMap.getDefaultInstance() : ProtoJson.fromNode(wf.inputs, LiteralMap.class);
  }

  /**
   * The context of {@code wf} with its task templates and inputs already parsed (the operator keeps them per
   * workflow: they never change, and parsing jsonpb every round is a large part of a round's CPU).
   */
  public static ExecutionContext of(FlyteWorkflow wf, WorkflowStatus status, boolean aborting, String abortCause,
      Map<String, TaskTemplate> tasks, LiteralMap inputs) {
    if (wf.executionId == null) {
      throw new IllegalArgumentException("the resource has no executionId");
    }
    WorkflowExecutionIdentifier id = WorkflowExecutionIdentifier.newBuilder()
        .setProject(nz(wf.executionId.project)).setDomain(nz(wf.executionId.domain)).setName(nz(wf.executionId.name))
        .setOrg(nz(wf.executionId.org)).build();
    int maxParallelism = wf.executionConfig == null ? 0 : (int) wf.executionConfig.maxParallelism;
    String raw = wf.rawOutputDataConfig == null ? "" : nz(wf.rawOutputDataConfig.outputLocationPrefix);
    boolean interruptible = wf.nodeDefaults != null && Boolean.TRUE.equals(wf.nodeDefaults.interruptible);
    Duration active = wf.activeDeadlineSeconds == null ? Duration.ZERO : Duration.ofSeconds(wf.activeDeadlineSeconds);
    int eventVersion = wf.workflowMeta == null || wf.workflowMeta.eventVersion == null ? 0
        : wf.workflowMeta.eventVersion;
    return new ExecutionContext(id, wf.spec, tasks, inputs, status, maxParallelism, raw, interruptible, active,
        eventVersion, aborting, abortCause, wf);
  }

  /** The workflow, its sub-workflows and tasks, as the engine reads them. */
  public ExecutableWorkflow workflow() {
    return ExecutableWorkflow.of(spec, resource == null ? null : resource.subWorkflows, tasks);
  }

  /** The execution's overwrite-cache flag: cacheable tasks run and overwrite their cache entries. */
  public boolean overwriteCache() {
    return resource != null && resource.executionConfig != null && resource.executionConfig.overwriteCache;
  }

  /** The resource's {@code namespace/name}, the key the operator queues it by. */
  public String workflowKey() {
    return resource == null ? executionId.getName() : resource.key();
  }

  /**
   * What a child execution launched by node {@code parentNode} inherits from this one (flytepropeller's
   * launchplan.LaunchContext): labels (minus the shard key), annotations (minus the nesting level), security context,
   * max parallelism, raw output prefix, interruptible and overwrite-cache flags, environment, and the nesting level.
   */
  public io.aloft.engine.remote.LaunchContext launchContext(
      flyteidl.core.IdentifierOuterClass.NodeExecutionIdentifier parentNode) {
    Map<String, String> labels = new LinkedHashMap<>();
    Map<String, String> annotations = new LinkedHashMap<>();
    int nesting = 0;
    flyteidl.core.Security.SecurityContext security = null;
    Boolean interruptibleOverride = null;
    Map<String, String> envs = Map.of();
    if (resource != null) {
      resource.labels().forEach((k, v) -> {
        if (!io.aloft.crd.WorkflowLabels.SHARD_KEY.equals(k)) {
          labels.put(k, v);
        }
      });
      annotations.putAll(resource.annotations());
      String n = annotations.remove(FlyteWorkflow.NESTING_ANNOTATION);
      nesting = n == null ? 0 : Integer.parseInt(n);
      if (resource.securityContext != null) {
        security = ProtoJson.fromNode(resource.securityContext, flyteidl.core.Security.SecurityContext.class);
      }
      if (resource.executionConfig != null) {
        interruptibleOverride = resource.executionConfig.interruptible;
        if (resource.executionConfig.environmentVariables != null) {
          envs = resource.executionConfig.environmentVariables;
        }
      }
    }
    var raw = rawOutputPrefix == null || rawOutputPrefix.isEmpty() ? null
        : flyteidl.admin.Common.RawOutputDataConfig.newBuilder().setOutputLocationPrefix(rawOutputPrefix).build();
    return new io.aloft.engine.remote.LaunchContext(nesting, "", parentNode, maxParallelism, security, raw, labels,
        annotations, interruptibleOverride, overwriteCache(), envs);
  }

  /** The same execution with {@code status}. */
  public ExecutionContext withStatus(WorkflowStatus s) {
    return new ExecutionContext(executionId, spec, tasks, inputs, s, maxParallelism, rawOutputPrefix, interruptible,
        activeDeadline, eventVersion, aborting, abortCause, resource);
  }

  /** The same execution with at most {@code n} executable nodes in flight (0: unlimited). */
  public ExecutionContext withMaxParallelism(int n) {
    return new ExecutionContext(executionId, spec, tasks, inputs, status, n, rawOutputPrefix, interruptible,
        activeDeadline, eventVersion, aborting, abortCause, resource);
  }

  /** The same execution writing raw outputs under {@code prefix}. */
  public ExecutionContext withRawOutputPrefix(String prefix) {
    return new ExecutionContext(executionId, spec, tasks, inputs, status, maxParallelism, prefix, interruptible,
        activeDeadline, eventVersion, aborting, abortCause, resource);
  }

  /** The same execution, now being aborted for {@code cause}. */
  public ExecutionContext abort(String cause) {
    return new ExecutionContext(executionId, spec, tasks, inputs, status, maxParallelism, rawOutputPrefix,
        interruptible, activeDeadline, eventVersion, true, cause, resource);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
