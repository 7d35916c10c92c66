package io.aloft.testkit.badinput;

import io.grpc.Status;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** What the corpus got back: per RPC, the count of each status, and every answer that breaks the rules. */
public final class Outcomes {
  private final Map<String, Map<Status.Code, Integer>> counts = new LinkedHashMap<>();
  private final List<String> violations = new ArrayList<>();
  private final List<String> accepted = new ArrayList<>();

  void record(String rpc, Status.Code code) {
    counts.computeIfAbsent(rpc, r -> new EnumMap<>(Status.Code.class)).merge(code, 1, Integer::sum);
  }

  void violation(String rpc, Case c, String what) {
    violations.add(rpc + " [" + c.kind() + ": " + c.label() + "]: " + what);
  }

  void accepted(String rpc, Case c) {
    accepted.add(rpc + " [" + c.kind() + ": " + c.label() + "]");
  }

  /** Every answer that breaks the rules, one line each naming the RPC, the case and the status. */
  public List<String> violations() {
    return List.copyOf(violations);
  }

  /** The requests the services accepted (OK): valid by chance, so allowed to change the database. */
  public List<String> accepted() {
    return List.copyOf(accepted);
  }

  public int sent(String rpc) {
    return counts.getOrDefault(rpc, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
  }

  public Map<String, Map<Status.Code, Integer>> counts() {
    return counts;
  }

  /** A table: one row per RPC with the number sent, then one column per status seen, and a total row. */
  public String table() {
    TreeSet<Status.Code> codes = counts.values().stream().flatMap(m -> m.keySet().stream())
        .collect(Collectors.toCollection(TreeSet::new));
    int width = Math.max(5, counts.keySet().stream().mapToInt(String::length).max().orElse(5));
    StringBuilder out = new StringBuilder(String.format("%-" + width + "s %6s", "RPC", "sent"));
    codes.forEach(c -> out.append(String.format(" %" + Math.max(6, c.name().length()) + "s", c.name())));
    out.append('\n');
    Map<Status.Code, Integer> total = new EnumMap<>(Status.Code.class);
    counts.forEach((rpc, byCode) -> {
      row(out, width, rpc, byCode, codes);
      byCode.forEach((c, n) -> total.merge(c, n, Integer::sum));
    });
    row(out, width, "TOTAL", total, codes);
    return out.toString();
  }

  private static void row(StringBuilder out, int width, String name, Map<Status.Code, Integer> byCode,
      TreeSet<Status.Code> codes) {
    out.append(String.format("%-" + width + "s %6d", name,
        byCode.values().stream().mapToInt(Integer::intValue).sum()));
    codes.forEach(c -> out.append(String.format(" %" + Math.max(6, c.name().length()) + "d",
        byCode.getOrDefault(c, 0))));
    out.append('\n');
  }
}
