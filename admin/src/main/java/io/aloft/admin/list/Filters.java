package io.aloft.admin.list;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Renders filters to a parameterized WHERE condition the way FlyteAdmin's {@code inlineFilterImpl.getGormQueryExpr}
 * does (flyteadmin/pkg/common/filters.go): {@code col = ?}, {@code col <> ?}, {@code col > ?}, {@code col >= ?},
 * {@code col < ?}, {@code col <= ?}, {@code col LIKE ?} bound to {@code %value%}, {@code col NOT LIKE ?} bound to
 * the value as given, {@code col IN (?, ...)}, {@code col NOT IN (?, ...)}; filters are ANDed in order.
 */
public final class Filters {
  private Filters() {}

  /**
   * Renders {@code filters} against {@code catalog} (which supplies each field's column and value kind); returns
   * {@link SqlWhere#EMPTY} for no filters. Throws ListRequestException if a filter names an undeclared field or
   * carries a value its kind refuses.
   */
  public static SqlWhere toSql(List<Filter> filters, FieldCatalog catalog) {
    if (filters.isEmpty()) {
      return SqlWhere.EMPTY;
    }
    StringJoiner sql = new StringJoiner(" AND ");
    List<Object> params = new ArrayList<>();
    for (Filter f : filters) {
      FieldCatalog.Field field = catalog.requireFilterField(f.entity(), f.field(), f.expression());
      // Programmatic filters never went through the parser: check them the same way.
      FilterParser.validate(f.op(), field, f.values(), f.expression());
      String column = field.column();
      switch (f.op()) {
        case CONTAINS -> {
          sql.add(column + " LIKE ?");
          params.add("%" + f.value() + "%");
        }
        case NOT_LIKE -> {
          sql.add(column + " NOT LIKE ?");
          params.add(f.value());
        }
        case VALUE_IN, VALUE_NOT_IN -> {
          StringJoiner marks = new StringJoiner(", ", "(", ")");
          for (String v : f.values()) {
            marks.add("?");
            params.add(FilterParser.convert(field, v, f.expression()));
          }
          sql.add(column + " " + f.op().sqlOperator() + " " + marks);
        }
        default -> {
          sql.add(column + " " + f.op().sqlOperator() + " ?");
          params.add(FilterParser.convert(field, f.value(), f.expression()));
        }
      }
    }
    return new SqlWhere(sql.toString(), params);
  }

  /** Parses {@code filters} for {@code catalog.primary()} and renders them: {@link FilterParser#parse} + toSql. */
  public static SqlWhere parseToSql(String filters, FieldCatalog catalog) {
    return toSql(FilterParser.parse(filters, catalog), catalog);
  }
}
