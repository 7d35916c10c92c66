package io.aloft.datacatalog.manager;

import datacatalog.Datacatalog.PaginationOptions;
import io.aloft.datacatalog.validation.CatalogValidator;

/**
 * One page of a list (Flyte: repositories/transformers/pagination.go): the token is the offset, the order is by
 * creation time, newest first unless ASCENDING is asked for. Without pagination options a page holds 50; a limit
 * of 0 also means 50 (Flyte would answer an empty page). The next token is always offset + the page's size, also
 * for the last page, as Flyte answers: a client reads until a page comes back empty.
 */
record Paging(long offset, int limit, boolean ascending) {
  static final int DEFAULT_LIMIT = 50;

  static Paging of(PaginationOptions options, boolean present) {
    if (!present) {
      return new Paging(0, DEFAULT_LIMIT, false);
    }
    int limit = options.getLimit() == 0 ? DEFAULT_LIMIT : (int) Math.min(Integer.MAX_VALUE,
        Integer.toUnsignedLong(options.getLimit()));
    return new Paging(CatalogValidator.offset(options.getToken()), limit,
        options.getSortOrder() == PaginationOptions.SortOrder.ASCENDING);
  }

  String nextToken(int returned) {
    return Long.toString(offset + returned);
  }
}
