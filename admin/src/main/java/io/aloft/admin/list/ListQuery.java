package io.aloft.admin.list;

import flyteidl.admin.Common;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Everything a list RPC's repository needs from the request: parsed filters and their WHERE condition, the
 * ORDER BY and the page. Built with FlyteAdmin's check order (list managers, e.g. ExecutionManager.ListExecutions):
 * limit, then filters, then sort, then token, so the first problem reported is the one FlyteAdmin reports.
 *
 * @param filters the manager's fixed filters followed by the request's
 * @param where their condition, ANDed with any {@link #and extra} conditions
 * @param sort the order
 * @param page the offset and limit
 */
public record ListQuery(List<Filter> filters, SqlWhere where, Sort sort, Page page) {
  /** Copies filters. */
  public ListQuery {
    filters = List.copyOf(filters);
  }

  /** Builds the query for request {@code filters}/{@code sortBy}/{@code limit}/{@code token}; see class doc. */
  public static ListQuery of(FieldCatalog catalog, int limit, String token, String filters, Common.Sort sortBy,
      Sort defaultSort) {
    return of(catalog, limit, token, List.of(), filters, sortBy, defaultSort);
  }

  /**
   * Builds the query with {@code fixedFilters} (e.g. the identifier equality filters FlyteAdmin's GetDbFilters
   * puts first) ahead of the request's {@code filters}. Throws ListRequestException.
   */
  public static ListQuery of(FieldCatalog catalog, int limit, String token, List<Filter> fixedFilters,
      String filters, Common.Sort sortBy, Sort defaultSort) {
    Page.validateLimit(limit);
    List<Filter> all = new ArrayList<>(fixedFilters);
    all.addAll(FilterParser.parse(filters, catalog));
    SqlWhere where = Filters.toSql(all, catalog);
    Sort sort = Sort.from(sortBy, catalog, defaultSort);
    Page page = Page.of(limit, token);
    return new ListQuery(all, where, sort, page);
  }

  /** This query with {@code extra} ANDed into its condition (e.g. FlyteAdmin's {@code parent_id IS NULL}). */
  public ListQuery and(SqlWhere extra) {
    return new ListQuery(filters, where.and(extra), sort, page);
  }

  /** {@code "WHERE ... ORDER BY ... LIMIT ? OFFSET ?"} (absent parts left out) to follow a SELECT ... FROM. */
  public String sql() {
    StringJoiner sj = new StringJoiner(" ");
    if (!where.isEmpty()) {
      sj.add(where.whereClause());
    }
    if (!sort.orderBy().isEmpty()) {
      sj.add(sort.orderBy());
    }
    sj.add(page.sql());
    return sj.toString();
  }

  /** The parameters for {@link #sql()}, in order: the condition's, then limit and offset. */
  public List<Object> params() {
    List<Object> all = new ArrayList<>(where.params());
    all.addAll(page.params());
    return List.copyOf(all);
  }

  /** The response token after {@code returned} rows: see {@link Page#nextToken(int)}. */
  public String nextToken(int returned) {
    return page.nextToken(returned);
  }
}
