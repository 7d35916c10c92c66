package io.aloft.admin.list;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What one list RPC may filter and sort on: for its primary entity and any entity its repository joins, the
 * accepted keys, each mapped to a SQL column expression and a {@link ValueKind}. It plays the part of FlyteAdmin's
 * {@code allowedJoinEntities} and {@code entityColumns} (flyteadmin/pkg/manager/impl/util/filters.go) and of the
 * column sets passed to {@code NewSortParameter} (flyteadmin/pkg/common/sorting.go).
 *
 * <pre>{@code
 * FieldCatalog.builder(Entity.EXECUTION)
 *     .field("name", "e.name", STRING)
 *     .field("phase", "e.phase", ENUM_NAME(WorkflowExecution.Phase.class))
 *     .field("created_at", "e.created_at", TIMESTAMP)
 *     .field(Entity.LAUNCH_PLAN, "name", "lp.name", STRING)   // eq(launch_plan.name,x), repository joins lp
 *     .tiebreaker("e.id")
 *     .build();
 * }</pre>
 *
 * <p>Column expressions are trusted SQL written by the repository, never request text; they are checked at build
 * time not to contain statement separators, comments or {@code ?} (which would shift parameter positions).
 */
public final class FieldCatalog {
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_]+");

  private final Entity primary;
  private final Map<Entity, Map<String, Field>> fields;
  private final String tiebreaker;

  private FieldCatalog(Entity primary, Map<Entity, Map<String, Field>> fields, String tiebreaker) {
    this.primary = primary;
    this.fields = fields;
    this.tiebreaker = tiebreaker;
  }

  /** Starts a catalog whose unprefixed keys and sort keys belong to {@code primary}. */
  public static Builder builder(Entity primary) {
    return new Builder(primary);
  }

  /** The entity the list RPC returns. */
  public Entity primary() {
    return primary;
  }

  /** The unique column appended to every ORDER BY so offset pagination is stable, or null if none was declared. */
  public String tiebreaker() {
    return tiebreaker;
  }

  /** Whether filters may reference {@code entity} at all (FlyteAdmin's allowed join entities). */
  public boolean allowsEntity(Entity entity) {
    Map<String, Field> byKey = fields.get(entity);
    return byKey != null && byKey.values().stream().anyMatch(Field::filterable);
  }

  /** The filterable field {@code key} of {@code entity}, if declared. */
  public Optional<Field> filterField(Entity entity, String key) {
    Map<String, Field> byKey = fields.get(entity);
    Field f = byKey == null ? null : byKey.get(key);
    return f != null && f.filterable() ? Optional.of(f) : Optional.empty();
  }

  /** The sortable field {@code key} of the primary entity, if declared. */
  public Optional<Field> sortField(String key) {
    Map<String, Field> byKey = fields.get(primary);
    Field f = byKey == null ? null : byKey.get(key);
    return f != null && f.sortable() ? Optional.of(f) : Optional.empty();
  }

  /** Every declared field, grouped by entity in declaration order. */
  public Collection<Field> fields() {
    return fields.values().stream().flatMap(m -> m.values().stream()).toList();
  }

  /** Resolves a filter's field, throwing ListRequestException worded as FlyteAdmin's ParseFilters errors. */
  Field requireFilterField(Entity entity, String key, String expression) {
    if (!allowsEntity(entity)) {
      throw new ListRequestException("'" + entity.displayName() + "' entity is not allowed in filters: '"
          + expression + "'");
    }
    return filterField(entity, key).orElseThrow(() -> new ListRequestException("'" + entity.displayName() + "."
        + key + "' is invalid filter: '" + expression + "'"));
  }

  /**
   * One declared key.
   *
   * @param entity the entity the key belongs to (a key of a joined entity is written {@code <prefix>.<key>})
   * @param key the key as clients write it, without entity prefix
   * @param column the SQL expression compared or ordered by
   * @param kind how values are checked and bound
   * @param filterable whether filters may use it
   * @param sortable whether {@code sort_by.key} may name it (primary-entity keys only)
   */
  public record Field(Entity entity, String key, String column, ValueKind kind, boolean filterable,
      boolean sortable) {}

  /** Declares the keys of a catalog. Not thread-safe; the built catalog is immutable. */
  public static final class Builder {
    private static final Set<String> FORBIDDEN = Set.of(";", "--", "/*", "*/", "?");

    private final Entity primary;
    private final Map<Entity, Map<String, Field>> fields = new LinkedHashMap<>();
    private String tiebreaker;

    private Builder(Entity primary) {
      this.primary = Objects.requireNonNull(primary, "primary");
    }

    /** Declares a primary-entity key usable in filters and as sort key. */
    public Builder field(String key, String column, ValueKind kind) {
      return add(new Field(primary, key, column, kind, true, true));
    }

    /** Declares a key of another (joined) entity, usable in filters as {@code <prefix>.<key>}; never a sort key. */
    public Builder field(Entity entity, String key, String column, ValueKind kind) {
      boolean isPrimary = entity == primary;
      return add(new Field(entity, key, column, kind, true, isPrimary));
    }

    /** Declares a primary-entity key usable in filters but not as sort key. */
    public Builder filterOnly(String key, String column, ValueKind kind) {
      return add(new Field(primary, key, column, kind, true, false));
    }

    /** Declares a primary-entity key usable only as sort key (e.g. a column FlyteAdmin sorts on but never filters). */
    public Builder sortOnly(String key, String column) {
      return add(new Field(primary, key, column, ValueKind.STRING, false, true));
    }

    /** Sets the unique column appended to every ORDER BY (e.g. the primary key) for stable offset pagination. */
    public Builder tiebreaker(String column) {
      this.tiebreaker = checkColumn(column);
      return this;
    }

    /** Builds the immutable catalog. */
    public FieldCatalog build() {
      Map<Entity, Map<String, Field>> copy = new LinkedHashMap<>();
      fields.forEach((e, m) -> copy.put(e, Collections.unmodifiableMap(new LinkedHashMap<>(m))));
      return new FieldCatalog(primary, Collections.unmodifiableMap(copy), tiebreaker);
    }

    private Builder add(Field f) {
      Objects.requireNonNull(f.entity(), "entity");
      Objects.requireNonNull(f.kind(), "kind");
      if (f.key() == null || !KEY.matcher(f.key()).matches()) {
        throw new IllegalArgumentException("invalid key '" + f.key() + "': letters, digits and '_' only");
      }
      checkColumn(f.column());
      Map<String, Field> byKey = fields.computeIfAbsent(f.entity(), e -> new LinkedHashMap<>());
      if (byKey.containsKey(f.key())) {
        throw new IllegalArgumentException("key '" + f.key() + "' declared twice for " + f.entity());
      }
      byKey.put(f.key(), f);
      return this;
    }

    private static String checkColumn(String column) {
      if (column == null || column.isBlank()) {
        throw new IllegalArgumentException("column expression must not be blank");
      }
      for (String bad : FORBIDDEN) {
        if (column.contains(bad)) {
          throw new IllegalArgumentException("column expression '" + column + "' must not contain '" + bad + "'");
        }
      }
      return column;
    }
  }

  /** The entities this catalog lets filters reference. */
  public Set<Entity> filterEntities() {
    Set<Entity> out = EnumSet.noneOf(Entity.class);
    for (Entity e : fields.keySet()) {
      if (allowsEntity(e)) {
        out.add(e);
      }
    }
    return Collections.unmodifiableSet(out);
  }
}
