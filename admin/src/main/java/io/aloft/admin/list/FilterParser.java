package io.aloft.admin.list;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the {@code filters} string of admin list requests exactly as FlyteAdmin's {@code ParseFilters}
 * (flyteadmin/pkg/manager/impl/util/filters.go) splits and matches it:
 *
 * <ul>
 *   <li>the string is split on every {@code +} (no escaping; an empty piece, e.g. from a trailing {@code +}, is a
 *       malformed filter; so is a timestamp offset such as {@code +01:00}, which splits the filter);
 *   <li>each piece must contain a match of {@code (.+)\((.+),\s?(.+)\)}, searched (not anchored) with greedy,
 *       leftmost-first semantics: function = text before the last workable {@code (}, key = text up to the last
 *       comma, at most one whitespace after that comma is dropped, value = the rest up to the last {@code )}.
 *       Nothing is trimmed, so {@code eq(name, x)} is value {@code x} but {@code eq( name,x)} is key {@code " name"};
 *   <li>a key prefixed {@code <entity>.} names another entity ({@link Entity#qualify});
 *   <li>values are split on {@code ;} for every op; single-value ops then need exactly one.
 * </ul>
 *
 * <p>Checks run in FlyteAdmin's order: syntax, entity allowed, field known, values valid, function known.
 */
public final class FilterParser {
  // Go's regexp is leftmost-first like java.util.regex, so find() yields the same groups. Go's '.' excludes only
  // '\n' (hence UNIX_LINES) and its '\s' is [\t\n\f\r ] (Java's would add \x0B).
  private static final Pattern FILTER = Pattern.compile("(.+)\\((.+),[\\t\\n\\f\\r ]?(.+)\\)", Pattern.UNIX_LINES);

  private FilterParser() {}

  /** Parses {@code filters} for a request over {@code catalog.primary()}; empty or null means no filters. */
  public static List<Filter> parse(String filters, FieldCatalog catalog) {
    return parse(filters, catalog.primary(), catalog);
  }

  /**
   * Parses {@code filters}; unprefixed keys belong to {@code defaultEntity} (normally the catalog's primary; the
   * task or workflow entity for ListDescriptionEntities, as in FlyteAdmin). Returns filters in request order, or
   * an empty list for a null or empty string; throws ListRequestException naming the offending filter otherwise.
   */
  public static List<Filter> parse(String filters, Entity defaultEntity, FieldCatalog catalog) {
    if (filters == null || filters.isEmpty()) {
      return List.of();
    }
    List<Filter> out = new ArrayList<>();
    for (String expression : splitKeepingEmpty(filters, '+')) {
      out.add(parseOne(expression, defaultEntity, catalog));
    }
    return List.copyOf(out);
  }

  private static Filter parseOne(String expression, Entity defaultEntity, FieldCatalog catalog) {
    Matcher m = FILTER.matcher(expression);
    if (!m.find()) {
      throw new ListRequestException("invalid value for filters: '" + expression
          + "' is not of the form <function>(<field>,<value>)");
    }
    String function = m.group(1);
    Entity.Qualified q = Entity.qualify(m.group(2), defaultEntity);
    FieldCatalog.Field field = catalog.requireFilterField(q.entity(), q.field(), expression);
    List<String> values = splitKeepingEmpty(m.group(3), ';');
    FilterOp op = FilterOp.fromFunction(function).orElseThrow(() -> new ListRequestException(
        "unrecognized filter function: " + function + " in '" + expression + "'"));
    Filter filter = validate(op, field, values, expression);
    return filter;
  }

  /** Checks arity, LIKE applicability and every value against the field's kind. */
  static Filter validate(FilterOp op, FieldCatalog.Field field, List<String> values, String expression) {
    if (!op.repeated() && values.size() != 1) {
      // FlyteAdmin would bind the list to a single '?' and fail in the database; refuse it cleanly instead.
      throw new ListRequestException("invalid single value filter expression: " + op.function()
          + " takes one value but '" + expression + "' has " + values.size() + " (';' separates values)");
    }
    if (op.isLike() && !field.kind().supportsLike()) {
      throw new ListRequestException(op.function() + " is not supported on " + field.kind().describe()
          + " field '" + field.key() + "': '" + expression + "'");
    }
    if (!op.isLike()) {
      for (String v : values) {
        convert(field, v, expression);
      }
    }
    return new Filter(op, field.entity(), field.key(), values, expression);
  }

  /** Converts one value with the field's kind, wrapping a refusal in a message naming value, field and filter. */
  static Object convert(FieldCatalog.Field field, String value, String expression) {
    try {
      return field.kind().convert(value);
    } catch (IllegalArgumentException e) {
      throw new ListRequestException("invalid value '" + value + "' for " + field.entity().displayName() + "."
          + field.key() + " in filter '" + expression + "': " + e.getMessage());
    }
  }

  /** Go's strings.Split: every separator splits, empty pieces (leading, trailing, doubled) are kept. */
  static List<String> splitKeepingEmpty(String s, char separator) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == separator) {
        parts.add(s.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(s.substring(start));
    return parts;
  }
}
