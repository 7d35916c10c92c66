package io.aloft.admin.transformer;

import com.google.protobuf.InvalidProtocolBufferException;
import flyteidl.admin.MatchableResourceOuterClass.MatchableAttributesConfiguration;
import flyteidl.admin.MatchableResourceOuterClass.MatchingAttributes;
import flyteidl.admin.MatchableResourceOuterClass.PluginOverride;
import flyteidl.admin.MatchableResourceOuterClass.PluginOverrides;
import flyteidl.admin.MatchableResourceOuterClass.WorkflowExecutionConfig;
import flyteidl.admin.ProjectAttributesOuterClass.ProjectAttributes;
import flyteidl.admin.ProjectDomainAttributesOuterClass.ProjectDomainAttributes;
import flyteidl.admin.WorkflowAttributesOuterClass.WorkflowAttributes;
import io.aloft.admin.entity.ResourceEntity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Matchable-attribute rows to protos and back (flyteadmin/pkg/repositories/transformers/resource.go). */
public final class ResourceTransformer {
  private ResourceTransformer() {}

  /** The row's admin.MatchingAttributes. */
  public static MatchingAttributes attributes(ResourceEntity row) {
    try {
      return MatchingAttributes.parseFrom(row.attributes);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt attributes in resources row " + row.id, e);
    }
  }

  /** ProjectAttributes of a row (whatever its level: a Get may fall back to a less specific row). */
  public static ProjectAttributes toProjectAttributes(ResourceEntity row) {
    return ProjectAttributes.newBuilder().setProject(row.project).setOrg(row.org)
        .setMatchingAttributes(attributes(row)).build();
  }

  /** ProjectDomainAttributes of a row; the domain is "" when the row is project-level. */
  public static ProjectDomainAttributes toProjectDomainAttributes(ResourceEntity row) {
    return ProjectDomainAttributes.newBuilder().setProject(row.project).setDomain(row.domain).setOrg(row.org)
        .setMatchingAttributes(attributes(row)).build();
  }

  /** WorkflowAttributes of a row; workflow (and domain) are "" when the row is less specific. */
  public static WorkflowAttributes toWorkflowAttributes(ResourceEntity row) {
    return WorkflowAttributes.newBuilder().setProject(row.project).setDomain(row.domain).setWorkflow(row.workflow)
        .setOrg(row.org).setMatchingAttributes(attributes(row)).build();
  }

  /** The ListMatchableAttributes entry of a row. */
  public static MatchableAttributesConfiguration toConfiguration(ResourceEntity row) {
    return MatchableAttributesConfiguration.newBuilder().setProject(row.project).setDomain(row.domain)
        .setWorkflow(row.workflow).setLaunchPlan(row.launchPlan).setOrg(row.org).setAttributes(attributes(row))
        .build();
  }

  /**
   * Plugin overrides as FlyteAdmin merges an update into what is stored ({@code mergeUpdatePluginOverrides}): one
   * override per task type, the incoming one replacing a stored one of the same type. Stored overrides keep their
   * order, new task types follow in request order (FlyteAdmin's order comes from a Go map and is random).
   */
  public static MatchingAttributes mergePluginOverrides(MatchingAttributes stored, MatchingAttributes incoming) {
    Map<String, PluginOverride> byTaskType = new LinkedHashMap<>();
    stored.getPluginOverrides().getOverridesList().forEach(o -> byTaskType.put(o.getTaskType(), o));
    incoming.getPluginOverrides().getOverridesList().forEach(o -> byTaskType.put(o.getTaskType(), o));
    List<PluginOverride> merged = new ArrayList<>(byTaskType.values());
    return MatchingAttributes.newBuilder()
        .setPluginOverrides(PluginOverrides.newBuilder().addAllOverrides(merged)).build();
  }

  /**
   * {@code config} completed with the platform's defaults where it sets nothing, first value wins (FlyteAdmin's
   * GetProjectAttributes merges with {@code util.MergeIntoExecConfig}). Aloft's only platform default so far is max
   * parallelism, which counts as set when > 0.
   */
  public static WorkflowExecutionConfig withPlatformDefaults(WorkflowExecutionConfig config, int maxParallelism) {
    if (config.getMaxParallelism() > 0 || maxParallelism <= 0) {
      return config;
    }
    return config.toBuilder().setMaxParallelism(maxParallelism).build();
  }
}
