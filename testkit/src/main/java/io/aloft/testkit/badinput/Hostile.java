package io.aloft.testkit.badinput;

import java.util.ArrayList;
import java.util.List;

/** The hostile values the corpus puts in fields: strings for ids, filters, tokens and sort keys, and numbers. */
public final class Hostile {
  private Hostile() {}

  /** Strings for id parts (project, domain, name, version, org, ...) and any other text field. */
  public static final List<String> STRINGS = List.of(
      "", " ", "\t", "  padded  ", "x".repeat(10_240), "é".repeat(5_000), "名前", "🚀rocket", "\u0000",
      "a\u0000b", "line\nbreak", "\r\n", "\u001b[31mred", "\u202eevil", "' OR 1=1 --", "\"; DROP TABLE tasks; --",
      "%", "_", "\\", "%_\\", "../../etc/passwd", "a/b", "a:b", "{{.project}}", "${jndi:ldap://x}", "null", "-1",
      "\uFFFF", "\uD83D\uDE00".repeat(3_000));

  /** Values of {@code filters} fields: malformed, unknown fields and operators, huge, thousands of predicates. */
  public static final List<String> FILTERS = filters();

  /** Values of pagination {@code token} fields. */
  public static final List<String> TOKENS = List.of(
      "-1", "-9223372036854775808", "abc", "1.5", "1e3", "0x10", " 1", "99999999999999999999999999",
      "9223372036854775807", "2147483648", "!!!@@@###", "eyJsaW1pdCI6LTF9", "AAAA////", "%00", "\u0000",
      "x".repeat(10_240), "' OR 1=1 --", "NaN");

  /** Values of sort keys. */
  public static final List<String> SORT_KEYS = List.of(
      "unknown_field", "", "name; drop table tasks", "created_at desc", "' OR 1=1 --", "%", "x".repeat(10_240),
      "\u0000");

  /** Values of integer fields (limits, offsets, counts, sizes, seconds). */
  public static final List<Long> NUMBERS = List.of(0L, -1L, 1L, (long) Integer.MIN_VALUE,
      (long) Integer.MAX_VALUE, 10_001L, 1_000_000_000L, Long.MIN_VALUE, Long.MAX_VALUE);

  /** Values of floating-point fields. */
  public static final List<Double> DOUBLES = List.of(Double.NaN, Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY, -0.0, Double.MAX_VALUE, -1.0);

  private static List<String> filters() {
    List<String> f = new ArrayList<>(List.of(
        "eq(name,", "eq(name", "eq(", "eq", "(", ")", ")(", "eq(name,a))", "eq((name,a)", "eq(name,a)+",
        "+eq(name,a)", "+", "eq(unknown_field,a)", "zz(name,a)", "eq(name,a;b)", "value_in(name,)",
        "value_in(name,;;;)", "gte(created_at,not-a-time)", "gte(created_at,99999-99-99T99:99:99Z)",
        "gt(duration,forever)", "eq(phase,NOT_A_PHASE)", "eq(state,-5)", "eq(version,' OR 1=1 --)",
        "contains(name,%)", "contains(name,_)", "contains(name,\\)", "eq(name,\u0000)", "eq(name,a\nb)",
        "eq(execution.name,a)", "eq(nosuchentity.name,a)", "eq(task.unknown,a)", "eq( name,a)",
        "eq(name,a)+zz(name,b)", "eq(name,a,b,c)", "eq(name,(((((", "value_in(phase,RUNNING;BOGUS)",
        "ne(created_at,)", "lte(updated_at,1e308)", "eq(project,a)eq(name,b)", "key_equals(x,y)",
        "value_equals(x,y)", "eq(name," + "v".repeat(10_240) + ")", "eq(" + "k".repeat(10_240) + ",v)",
        "(,".repeat(1_000), "eq(name,a)".repeat(500)));
    f.add(String.join("+", java.util.Collections.nCopies(3_000, "eq(name,a)")));
    f.add("value_in(name," + String.join(";", java.util.Collections.nCopies(5_000, "a")) + ")");
    return List.copyOf(f);
  }
}
