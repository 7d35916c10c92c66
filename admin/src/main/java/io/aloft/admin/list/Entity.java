package io.aloft.admin.list;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The admin entities a list request filters and sorts, with the key prefixes FlyteAdmin accepts for each
 * ({@code filterFieldEntityPrefix} in flyteadmin/pkg/manager/impl/util/filters.go). A filter key such as
 * {@code execution.phase} names the entity by prefix; an unprefixed key belongs to the request's default entity.
 *
 * <p>FlyteAdmin keeps named-entity metadata as its own entity ({@code named_entity_metadata.}); here it is part of
 * {@link #NAMED_ENTITY} (the repository joins it), so both prefixes resolve there. Likewise the two execution-tag
 * prefixes ({@code admin_tag.}, {@code execution_admin_tag.}) resolve to {@link #EXECUTION_TAG}. Description
 * entities have no prefix in FlyteAdmin: ListDescriptionEntities parses its filters against the task or workflow
 * entity.
 */
public enum Entity {
  PROJECT("project", List.of("project")),
  TASK("task", List.of("task")),
  WORKFLOW("workflow", List.of("workflow")),
  LAUNCH_PLAN("launch_plan", List.of("launch_plan")),
  EXECUTION("execution", List.of("execution")),
  NODE_EXECUTION("node_execution", List.of("node_execution")),
  TASK_EXECUTION("task_execution", List.of("task_execution")),
  NAMED_ENTITY("entities", List.of("entities", "named_entity_metadata")),
  SIGNAL("signal", List.of("signal")),
  DESCRIPTION_ENTITY("description_entity", List.of()),
  EXECUTION_TAG("admin_tag", List.of("admin_tag", "execution_admin_tag"));

  private static final Map<String, Entity> BY_PREFIX = new LinkedHashMap<>();

  static {
    for (Entity e : values()) {
      for (String p : e.prefixes) {
        BY_PREFIX.put(p + ".", e);
      }
    }
  }

  private final String displayName;
  private final List<String> prefixes;

  Entity(String displayName, List<String> prefixes) {
    this.displayName = displayName;
    this.prefixes = prefixes;
  }

  /** The name used in error messages: the entity's first key prefix (or a descriptive name if it has none). */
  public String displayName() {
    return displayName;
  }

  /** The key prefixes (without the trailing dot) that select this entity in a filter key. */
  public List<String> prefixes() {
    return prefixes;
  }

  /**
   * Splits a filter key into entity and field the way FlyteAdmin's {@code parseField} does: if the key starts with
   * a known {@code <prefix>.}, that prefix is stripped (whatever remains, even empty, is the field); otherwise the
   * whole key is a field of {@code defaultEntity}.
   */
  public static Qualified qualify(String key, Entity defaultEntity) {
    for (Map.Entry<String, Entity> e : BY_PREFIX.entrySet()) {
      if (key.startsWith(e.getKey())) {
        return new Qualified(e.getValue(), key.substring(e.getKey().length()));
      }
    }
    return new Qualified(defaultEntity, key);
  }

  /** The entity a bare prefix (no dot) selects, if any. */
  public static Optional<Entity> byPrefix(String prefix) {
    return Optional.ofNullable(BY_PREFIX.get(prefix + "."));
  }

  /** A filter key resolved to its entity and the field name within that entity. */
  public record Qualified(Entity entity, String field) {}
}
