package io.aloft.admin.manager;

import flyteidl.admin.Common.Annotations;
import flyteidl.admin.Common.Envs;
import flyteidl.admin.Common.Labels;
import flyteidl.admin.Common.RawOutputDataConfig;
import flyteidl.admin.ExecutionOuterClass.ExecutionSpec;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlan;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanSpec;
import flyteidl.admin.MatchableResourceOuterClass.WorkflowExecutionConfig;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Security.Identity;
import flyteidl.core.Security.SecurityContext;
import io.aloft.admin.config.AdminConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import flyteidl.admin.MatchableResourceOuterClass.MatchableResource;
import flyteidl.admin.MatchableResourceOuterClass.MatchingAttributes;
import java.util.List;

/**
 * An execution's effective configuration, first set wins: the request, then the launch plan, then the
 * WORKFLOW_EXECUTION_CONFIG attributes (workflow/project-domain level, then project level), then the platform's
 * settings (flyteadmin
 * execution_manager.go getExecutionConfig, util/shared.go MergeIntoExecConfig). Max parallelism counts as set when
 * it is above 0; labels, annotations, envs and the raw output prefix when not empty; interruptible when present;
 * overwrite-cache is OR-ed.
 */
@ApplicationScoped
public class ExecutionConfigResolver {

  @Inject
  AdminConfig config;

  @Inject
  MatchableAttributes attributes;

  /**
   * {@code requested} with every configurable field resolved. The attribute sources are FlyteAdmin's two lookups:
   * the most specific WORKFLOW_EXECUTION_CONFIG for the workflow (workflow, else project-domain, else project),
   * then the project-level one, each filling only what the sources before it left unset.
   */
  public ExecutionSpec resolve(ExecutionSpec requested, LaunchPlan lp, WorkflowExecutionIdentifier id) {
    return resolve(requested, lp, attributeSources(lp, id));
  }

  /** {@code requested} resolved against attribute sources read earlier ({@link #attributeSources}). */
  public ExecutionSpec resolve(ExecutionSpec requested, LaunchPlan lp, List<WorkflowExecutionConfig> attributes) {
    List<WorkflowExecutionConfig> sources = new java.util.ArrayList<>(attributes);
    sources.add(platform());
    return merge(requested, lp.getSpec(), sources);
  }

  /** The two WORKFLOW_EXECUTION_CONFIG levels for a launch of {@code lp}: workflow/project-domain, then project. */
  public List<WorkflowExecutionConfig> attributeSources(LaunchPlan lp, WorkflowExecutionIdentifier id) {
    String workflow = lp.getSpec().getWorkflowId().getName();
    WorkflowExecutionConfig specific = attributes.resolve(id.getOrg(), id.getProject(), id.getDomain(), workflow,
            "", MatchableResource.WORKFLOW_EXECUTION_CONFIG)
        .map(MatchingAttributes::getWorkflowExecutionConfig).orElse(WorkflowExecutionConfig.getDefaultInstance());
    WorkflowExecutionConfig project = attributes.resolve(id.getOrg(), id.getProject(), "", "", "",
            MatchableResource.WORKFLOW_EXECUTION_CONFIG)
        .map(MatchingAttributes::getWorkflowExecutionConfig).orElse(WorkflowExecutionConfig.getDefaultInstance());
    return List.of(specific, project);
  }

  /**
   * The execution's cluster pool (FlyteAdmin execution_manager.go getClusterAssignment): the request's
   * {@code cluster_assignment}, else the launch plan's, else the project/domain CLUSTER_ASSIGNMENT attribute; a
   * request naming a pool other than the one configured for its project and domain is INVALID_ARGUMENT.
   */
  public String clusterPool(ExecutionSpec requested, LaunchPlan lp, WorkflowExecutionIdentifier id) {
    String configured = attributes.resolve(id.getOrg(), id.getProject(), id.getDomain(), "", "",
            MatchableResource.CLUSTER_ASSIGNMENT)
        .map(m -> m.getClusterAssignment().getClusterPoolName()).orElse("");
    String asked = requested.getClusterAssignment().getClusterPoolName();
    if (asked.isEmpty()) {
      asked = lp.getSpec().getClusterAssignment().getClusterPoolName();
    }
    if (!asked.isEmpty() && !configured.isEmpty() && !asked.equals(configured)) {
      throw io.aloft.admin.AdminException.invalid("execution with project [" + id.getProject() + "] and domain ["
          + id.getDomain() + "] cannot run on cluster pool [" + asked + "]: it is configured to run on pool ["
          + configured + "] (cluster_assignment.cluster_pool_name)");
    }
    return asked.isEmpty() ? configured : asked;
  }

  /** The EXECUTION_CLUSTER_LABEL attribute for a launch of {@code lp} (most specific level), or "". */
  public String clusterLabel(LaunchPlan lp, WorkflowExecutionIdentifier id) {
    return attributes.resolve(id.getOrg(), id.getProject(), id.getDomain(), lp.getSpec().getWorkflowId().getName(),
            lp.getId().getName(), MatchableResource.EXECUTION_CLUSTER_LABEL)
        .map(m -> m.getExecutionClusterLabel().getValue()).orElse("");
  }

  /** The platform's settings as a WorkflowExecutionConfig (the last source). */
  WorkflowExecutionConfig platform() {
    AdminConfig.Executions ex = config.executions();
    WorkflowExecutionConfig.Builder b = WorkflowExecutionConfig.newBuilder()
        .setMaxParallelism(config.maxParallelism())
        .setLabels(Labels.newBuilder().putAllValues(ex.labels()))
        .setAnnotations(Annotations.newBuilder().putAllValues(ex.annotations()));
    ex.rawOutputPrefix().ifPresent(p -> b.setRawOutputDataConfig(RawOutputDataConfig.newBuilder()
        .setOutputLocationPrefix(p)));
    ex.serviceAccount().ifPresent(sa -> b.setSecurityContext(SecurityContext.newBuilder()
        .setRunAs(Identity.newBuilder().setK8SServiceAccount(sa))));
    return b.build();
  }

  /** The merge itself, pure: {@code sources} are the attribute levels then the platform, in precedence order. */
  static ExecutionSpec merge(ExecutionSpec req, LaunchPlanSpec lp, List<WorkflowExecutionConfig> sources) {
    WorkflowExecutionConfig attr = WorkflowExecutionConfig.getDefaultInstance();
    for (WorkflowExecutionConfig s : sources.subList(0, sources.size() - 1)) {
      attr = fill(attr, s);
    }
    WorkflowExecutionConfig platform = sources.get(sources.size() - 1);
    ExecutionSpec.Builder out = req.toBuilder();
    out.setMaxParallelism(firstPositive(req.getMaxParallelism(), lp.getMaxParallelism(), attr.getMaxParallelism(),
        platform.getMaxParallelism()));

    Labels labels = first(req.getLabels().getValuesCount() > 0 ? req.getLabels() : null,
        lp.getLabels().getValuesCount() > 0 ? lp.getLabels() : null,
        attr.getLabels().getValuesCount() > 0 ? attr.getLabels() : null, platform.getLabels());
    out.setLabels(labels);
    Annotations annotations = first(req.getAnnotations().getValuesCount() > 0 ? req.getAnnotations() : null,
        lp.getAnnotations().getValuesCount() > 0 ? lp.getAnnotations() : null,
        attr.getAnnotations().getValuesCount() > 0 ? attr.getAnnotations() : null, platform.getAnnotations());
    out.setAnnotations(annotations);
    Envs envs = first(req.getEnvs().getValuesCount() > 0 ? req.getEnvs() : null,
        lp.getEnvs().getValuesCount() > 0 ? lp.getEnvs() : null,
        attr.getEnvs().getValuesCount() > 0 ? attr.getEnvs() : null, platform.getEnvs());
    out.setEnvs(envs);
    RawOutputDataConfig raw = first(prefixed(req.getRawOutputDataConfig()), prefixed(lp.getRawOutputDataConfig()),
        prefixed(attr.getRawOutputDataConfig()), platform.getRawOutputDataConfig());
    out.setRawOutputDataConfig(raw);
    SecurityContext sc = first(req.hasSecurityContext() && hasIdentity(req.getSecurityContext())
            ? req.getSecurityContext() : null,
        lp.hasSecurityContext() && hasIdentity(lp.getSecurityContext()) ? lp.getSecurityContext() : null,
        attr.hasSecurityContext() && hasIdentity(attr.getSecurityContext()) ? attr.getSecurityContext() : null,
        platform.getSecurityContext());
    out.setSecurityContext(sc);
    if (!req.hasInterruptible()) {
      if (lp.hasInterruptible()) {
        out.setInterruptible(lp.getInterruptible());
      } else if (attr.hasInterruptible()) {
        out.setInterruptible(attr.getInterruptible());
      } else if (platform.hasInterruptible()) {
        out.setInterruptible(platform.getInterruptible());
      }
    }
    out.setOverwriteCache(req.getOverwriteCache() || lp.getOverwriteCache() || attr.getOverwriteCache()
        || platform.getOverwriteCache());
    return out.build();
  }

  /** {@code first} with the fields it leaves unset taken from {@code second}. */
  static WorkflowExecutionConfig fill(WorkflowExecutionConfig first, WorkflowExecutionConfig second) {
    WorkflowExecutionConfig.Builder b = first.toBuilder();
    if (first.getMaxParallelism() <= 0) {
      b.setMaxParallelism(second.getMaxParallelism());
    }
    if (first.getLabels().getValuesCount() == 0) {
      b.setLabels(second.getLabels());
    }
    if (first.getAnnotations().getValuesCount() == 0) {
      b.setAnnotations(second.getAnnotations());
    }
    if (first.getEnvs().getValuesCount() == 0) {
      b.setEnvs(second.getEnvs());
    }
    if (first.getRawOutputDataConfig().getOutputLocationPrefix().isEmpty()) {
      b.setRawOutputDataConfig(second.getRawOutputDataConfig());
    }
    if (!first.hasSecurityContext() || !hasIdentity(first.getSecurityContext())) {
      b.setSecurityContext(second.getSecurityContext());
    }
    if (!first.hasInterruptible() && second.hasInterruptible()) {
      b.setInterruptible(second.getInterruptible());
    }
    b.setOverwriteCache(first.getOverwriteCache() || second.getOverwriteCache());
    return b.build();
  }

  private static RawOutputDataConfig prefixed(RawOutputDataConfig c) {
    return c.getOutputLocationPrefix().isEmpty() ? null : c;
  }

  private static boolean hasIdentity(SecurityContext sc) {
    return sc.hasRunAs() || sc.getSecretsCount() > 0 || sc.getTokensCount() > 0;
  }

  private static int firstPositive(int... values) {
    for (int v : values) {
      if (v > 0) {
        return v;
      }
    }
    return 0;
  }

  @SafeVarargs
  private static <T> T first(T... values) {
    for (T v : values) {
      if (v != null) {
        return v;
      }
    }
    return values[values.length - 1];
  }
}
