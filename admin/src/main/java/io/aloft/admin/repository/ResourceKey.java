package io.aloft.admin.repository;

import flyteidl.admin.MatchableResourceOuterClass.MatchableResource;
import java.util.Objects;

/**
 * Where a matchable attribute applies: a project, a project and domain, a workflow of a project and domain, or a
 * launch plan of such a workflow, for one {@link MatchableResource} kind, within an org. An empty string means the
 * level is not used. The same record is the key of one stored row and the scope of a lookup
 * (flyteadmin/pkg/repositories/gormimpl/resource_repo.go {@code validateCreateOrUpdateResourceInput}).
 *
 * <p>Rules: the project is always given; a workflow needs a domain; a launch plan needs a workflow. FlyteAdmin
 * also allows domain-only rows, which none of its RPCs can create; they are not kept here.
 *
 * @param org the org ("" when none)
 * @param project the project id, never empty
 * @param domain the domain, "" for the project level
 * @param workflow the workflow name, "" above the workflow level
 * @param launchPlan the launch plan name, "" above the launch plan level
 * @param type the kind of attribute
 */
public record ResourceKey(String org, String project, String domain, String workflow, String launchPlan,
    MatchableResource type) {

  /** The levels a row can be at, each with FlyteAdmin's priority (models/resource.go): higher is more specific. */
  public enum Level {
    PROJECT(5),
    PROJECT_DOMAIN(10),
    WORKFLOW(100),
    LAUNCH_PLAN(1000);

    private final int priority;

    Level(int priority) {
      this.priority = priority;
    }

    /** FlyteAdmin's {@code ResourcePriority} of this level, stored with each row. */
    public int priority() {
      return priority;
    }
  }

  /** Turns null parts into ""; throws IllegalArgumentException if the parts break the rules above. */
  public ResourceKey {
    org = Objects.requireNonNullElse(org, "");
    project = Objects.requireNonNullElse(project, "");
    domain = Objects.requireNonNullElse(domain, "");
    workflow = Objects.requireNonNullElse(workflow, "");
    launchPlan = Objects.requireNonNullElse(launchPlan, "");
    Objects.requireNonNull(type, "type");
    if (type == MatchableResource.UNRECOGNIZED) {
      throw new IllegalArgumentException("unrecognized matchable resource type");
    }
    if (project.isEmpty()) {
      throw new IllegalArgumentException("a matchable attribute scope needs a project");
    }
    if (domain.isEmpty() && !workflow.isEmpty()) {
      throw new IllegalArgumentException("a workflow scope needs a domain");
    }
    if (workflow.isEmpty() && !launchPlan.isEmpty()) {
      throw new IllegalArgumentException("a launch plan scope needs a workflow");
    }
  }

  /** The project-level key. */
  public static ResourceKey project(String org, String project, MatchableResource type) {
    return new ResourceKey(org, project, "", "", "", type);
  }

  /** The project-and-domain-level key. */
  public static ResourceKey projectDomain(String org, String project, String domain, MatchableResource type) {
    return new ResourceKey(org, project, domain, "", "", type);
  }

  /** The workflow-level key. */
  public static ResourceKey workflow(String org, String project, String domain, String workflow,
      MatchableResource type) {
    return new ResourceKey(org, project, domain, workflow, "", type);
  }

  /** The most specific level this key names. */
  public Level level() {
    if (!launchPlan.isEmpty()) {
      return Level.LAUNCH_PLAN;
    }
    if (!workflow.isEmpty()) {
      return Level.WORKFLOW;
    }
    return domain.isEmpty() ? Level.PROJECT : Level.PROJECT_DOMAIN;
  }

  /** project/domain/workflow/launch plan (type), as messages show a scope. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("[").append(project);
    for (String part : new String[] {domain, workflow, launchPlan}) {
      if (!part.isEmpty()) {
        sb.append('/').append(part);
      }
    }
    if (!org.isEmpty()) {
      sb.append(" org ").append(org);
    }
    return sb.append(' ').append(type).append(']').toString();
  }
}
