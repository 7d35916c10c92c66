package io.aloft.admin.list;

import java.util.ArrayList;
import java.util.List;
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
 * <p>Checks run in nearly FlyteAdmin's order: syntax, entity allowed, field known, then function and values
 * (FlyteAdmin converts values before looking up the function; either way the answer is INVALID_ARGUMENT). The
 * pattern is evaluated by {@link #match}, an exact linear-time equivalent, never by java.util.regex.
 */
public final class FilterParser {
  /**
   * FlyteAdmin's {@code filterRegex}, kept as the specification {@link #match} implements; see there for why it is
   * not used directly. Go's regexp is leftmost-first like java.util.regex, so on short input find() gives the same
   * groups. Go's '.' excludes only '\n' (hence UNIX_LINES) and its '\s' is [\t\n\f\r ] (Java's would add \x0B).
   */
  static final Pattern FLYTEADMIN_REGEX =
      Pattern.compile("(.+)\\((.+),[\\t\\n\\f\\r ]?(.+)\\)", Pattern.UNIX_LINES);

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
    String[] groups = match(expression);
    if (groups == null) {
      throw new ListRequestException("invalid value for filters: '" + expression
          + "' is not of the form <function>(<field>,<value>)");
    }
    String function = groups[0];
    Entity.Qualified q = Entity.qualify(groups[1], defaultEntity);
    FieldCatalog.Field field = catalog.requireFilterField(q.entity(), q.field(), expression);
    List<String> values = splitKeepingEmpty(groups[2], ';');
    FilterOp op = FilterOp.fromFunction(function).orElseThrow(() -> new ListRequestException(
        "unrecognized filter function: " + function + " in '" + expression + "'"));
    return validate(op, field, values, expression);
  }

  /**
   * The groups (function, key, value) that Go's {@code filterRegex.FindStringSubmatch} yields for {@code s}, or
   * null when it does not match, computed in linear time. Go's RE2 is linear, but the same pattern on a
   * backtracking engine (java.util.regex) is polynomial of high degree: a 1,000-character filter of "(," takes
   * about a minute and a half, so running it on request text would be a denial of service.
   *
   * <p>Derivation. A match is G1 '(' G2 ',' [ws] G3 ')' where G1, G2, G3 are non-empty runs without '\n' and the
   * optional whitespace may be '\n'. Extending G1 leftwards keeps a match, so the leftmost match starts at 0 or
   * just after a '\n'. From such a start, with the line ending at L: backtracking takes G3 up to the line's last
   * ')' (C), so a comma b works iff C >= b + 2, or b is the line's last character, the line ends in '\n', and the
   * next line has a ')' after its first character (the whitespace then swallows the '\n'). G1 greedy means the
   * last '(' that leaves a workable comma at least two characters later; G2 greedy means the last workable comma,
   * which does not depend on the '('; the whitespace is taken when it leaves G3 non-empty.
   */
  static String[] match(String s) {
    int n = s.length();
    int start = 0;
    while (start <= n) {
      int lineEnd = s.indexOf('\n', start);
      if (lineEnd < 0) {
        lineEnd = n;
      }
      int close = lastIndexOf(s, ')', lineEnd - 1, start);
      // The largest workable comma.
      int comma = -1;
      int valueStart = -1;
      int valueEnd = -1;
      if (lineEnd < n && lineEnd - 1 >= start && s.charAt(lineEnd - 1) == ',') {
        int nextEnd = s.indexOf('\n', lineEnd + 1);
        if (nextEnd < 0) {
          nextEnd = n;
        }
        int nextClose = lastIndexOf(s, ')', nextEnd - 1, lineEnd + 1);
        if (nextClose >= lineEnd + 2) {
          comma = lineEnd - 1;
          valueStart = lineEnd + 1;
          valueEnd = nextClose;
        }
      }
      if (comma < 0 && close >= 0) {
        int b = lastIndexOf(s, ',', close - 2, start);
        if (b >= 0) {
          comma = b;
          valueStart = isGoSpace(s.charAt(b + 1)) && close >= b + 3 ? b + 2 : b + 1;
          valueEnd = close;
        }
      }
      if (comma >= 0) {
        int open = lastIndexOf(s, '(', comma - 2, start + 1);
        if (open >= 0) {
          return new String[] {s.substring(start, open), s.substring(open + 1, comma),
              s.substring(valueStart, valueEnd)};
        }
      }
      if (lineEnd >= n) {
        return null;
      }
      start = lineEnd + 1;
    }
    return null;
  }

  /** The last index of {@code c} in [{@code floor}, {@code from}], or -1; never scans below floor (keeps it linear). */
  private static int lastIndexOf(String s, char c, int from, int floor) {
    for (int i = from; i >= floor; i--) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  /** Go's regexp {@code \s}: [\t\n\f\r ]. */
  private static boolean isGoSpace(char c) {
    return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
  }

  /** Checks arity, LIKE applicability and every value against the field's kind. */
  static Filter validate(FilterOp op, FieldCatalog.Field field, List<String> values, String expression) {
    if (values.stream().anyMatch(v -> v.indexOf('\0') >= 0)) {
      // PostgreSQL cannot store or compare a NUL in text: no row can match, and the query would fail
      throw new ListRequestException("invalid value for filters: '" + expression.replace("\0", "\\0")
          + "' contains a NUL character");
    }
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
