package io.aloft.admin.list;

import flyteidl.admin.Common;
import java.util.Objects;

/**
 * The ORDER BY of a list request, from {@code flyteidl.admin.Sort} as FlyteAdmin's {@code NewSortParameter}
 * (flyteadmin/pkg/common/sorting.go) reads it: the key must be a sortable key of the primary entity (no entity
 * prefix), the direction DESCENDING (the proto default, 0) or ASCENDING. FlyteAdmin adds no tiebreaker, so rows
 * with equal sort values can repeat or vanish across offset pages; here the catalog's tiebreaker column is
 * appended in the same direction.
 *
 * @param key the client's sort key, or null when ordering by the tiebreaker alone
 * @param column the SQL column for {@code key}, or null with it
 * @param direction the direction for the key and the tiebreaker
 * @param tiebreaker the unique column appended to the ORDER BY, or null
 */
public record Sort(String key, String column, Direction direction, String tiebreaker) {
  /** Sort direction; DESCENDING is what an unset {@code direction} means on the wire. */
  public enum Direction {
    ASCENDING("ASC"),
    DESCENDING("DESC");

    private final String sql;

    Direction(String sql) {
      this.sql = sql;
    }

    /** The SQL keyword, ASC or DESC. */
    public String sql() {
      return sql;
    }
  }

  /** Requires a direction; key and column are both set or both null. */
  public Sort {
    Objects.requireNonNull(direction, "direction");
    if ((key == null) != (column == null)) {
      throw new IllegalArgumentException("key and column go together");
    }
  }

  /**
   * A caller-chosen sort (typically the RPC's default, e.g. {@code created_at} DESCENDING for ListExecutions); an
   * undeclared key is a programming error (IllegalArgumentException).
   */
  public static Sort by(FieldCatalog catalog, String key, Direction direction) {
    FieldCatalog.Field f = catalog.sortField(key).orElseThrow(() -> new IllegalArgumentException(
        "'" + key + "' is not a sortable key of " + catalog.primary()));
    return new Sort(f.key(), f.column(), direction, catalog.tiebreaker());
  }

  /** Ordering by the catalog's tiebreaker alone (what an RPC with no default sort gets). */
  public static Sort unsorted(FieldCatalog catalog, Direction direction) {
    return new Sort(null, null, direction, catalog.tiebreaker());
  }

  /**
   * The request's sort: {@code sortBy} validated against {@code catalog}, or {@code defaultSort} when the request
   * has none ({@code sortBy} null, e.g. {@code request.hasSortBy() ? request.getSortBy() : null}). An empty key is
   * treated as absent (FlyteAdmin would refuse a present Sort with key ""; no client sends one, and it guards
   * against passing {@code getSortBy()} unchecked). A null {@code defaultSort} means order by tiebreaker only.
   * Throws ListRequestException for an unknown key or direction.
   */
  public static Sort from(Common.Sort sortBy, FieldCatalog catalog, Sort defaultSort) {
    if (sortBy == null || sortBy.getKey().isEmpty()) {
      return defaultSort != null ? defaultSort : unsorted(catalog, Direction.DESCENDING);
    }
    String key = sortBy.getKey();
    FieldCatalog.Field f = catalog.sortField(key).orElseThrow(
        () -> new ListRequestException("invalid sort key '" + key + "'"));
    Direction direction = switch (sortBy.getDirection()) {
      case DESCENDING -> Direction.DESCENDING;
      case ASCENDING -> Direction.ASCENDING;
      default -> throw new ListRequestException("invalid sort order specified: " + sortBy.getDirectionValue()
          + " for key '" + key + "'");
    };
    return new Sort(f.key(), f.column(), direction, catalog.tiebreaker());
  }

  /** {@code "ORDER BY col DIR, tiebreaker DIR"} (tiebreaker omitted if none or equal to col); "" if neither. */
  public String orderBy() {
    StringBuilder sb = new StringBuilder();
    if (column != null) {
      sb.append(column).append(' ').append(direction.sql());
    }
    if (tiebreaker != null && !tiebreaker.equals(column)) {
      if (!sb.isEmpty()) {
        sb.append(", ");
      }
      sb.append(tiebreaker).append(' ').append(direction.sql());
    }
    return sb.isEmpty() ? "" : "ORDER BY " + sb;
  }
}
