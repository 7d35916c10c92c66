package io.aloft.testkit.badinput;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/**
 * The bad-input corpus of one RPC, derived from its request type's descriptor with a seeded random (the same seed
 * gives the same bytes): the empty message; a base request with every id field valid and each id field in turn made
 * hostile (blank, 10 KB, unicode, control characters, SQL-ish); hostile filters, tokens, limits and sort keys; hostile
 * literals and literal types; every recursive type nested to the parser's limit, just over it and 10,000 deep;
 * malformed, truncated and garbage wire bytes, and a message just over the server's inbound limit; then random
 * messages (some on top of the base request) up to {@code size}.
 */
public final class Corpus {
  private final Descriptor input;
  private final Map<String, String> valid;
  private final Random random;
  private final RandomMessages messages;
  private final DynamicMessage base;
  private final List<Case> cases = new ArrayList<>();

  private Corpus(MethodDescriptor method, Map<String, String> valid, long seed) {
    this.input = method.getInputType();
    this.valid = valid;
    this.random = new Random(seed ^ method.getFullName().hashCode());
    this.messages = new RandomMessages(random, valid);
    this.base = FieldPaths.base(input, valid);
  }

  /**
   * About {@code size} cases for {@code method}; {@code valid} holds valid values by field name (project, domain,
   * name, version, ...); {@code oversized} is the bytes of a message just over the server's inbound limit.
   */
  public static List<Case> of(MethodDescriptor method, Map<String, String> valid, long seed, int size,
      byte[] oversized) {
    Corpus c = new Corpus(method, valid, seed);
    c.add("empty", "empty message", new byte[0]);
    c.add("valid-looking", "base request", c.base);
    c.ids(size / 4);
    c.named("filter", "filters", Hostile.FILTERS);
    c.named("token", "token", Hostile.TOKENS);
    c.sortKeys();
    c.limits();
    c.literals();
    c.deep();
    c.wire(oversized);
    c.randoms(size);
    return List.copyOf(c.cases);
  }

  /** A message just over {@code maxInbound} bytes, to share between RPCs. */
  public static byte[] oversized(int maxInbound) {
    return WireGarbage.sized(maxInbound + 64);
  }

  private void ids(int budget) {
    List<List<FieldDescriptor>> paths = FieldPaths.find(input, 3, f -> f.getJavaType()
        == FieldDescriptor.JavaType.STRING && !f.getName().equals("filters") && !f.getName().equals("token"));
    List<List<FieldDescriptor>> idPaths = new ArrayList<>(paths.stream()
        .filter(p -> valid.containsKey(p.get(p.size() - 1).getName())).toList());
    List<Object[]> picks = new ArrayList<>();
    for (List<FieldDescriptor> p : idPaths.isEmpty() ? paths : idPaths) {
      for (String s : Hostile.STRINGS) {
        picks.add(new Object[] {p, s});
      }
    }
    Collections.shuffle(picks, random);
    for (Object[] pick : picks.subList(0, Math.min(budget, picks.size()))) {
      @SuppressWarnings("unchecked")
      List<FieldDescriptor> path = (List<FieldDescriptor>) pick[0];
      String value = (String) pick[1];
      set("id", path, value, value);
    }
  }

  private void named(String kind, String field, List<String> values) {
    for (List<FieldDescriptor> path : paths(3, f -> f.getName().equals(field)
        && f.getJavaType() == FieldDescriptor.JavaType.STRING)) {
      values.forEach(v -> set(kind, path, v, v));
    }
  }

  private void sortKeys() {
    for (List<FieldDescriptor> path : paths(3, f -> f.getName().equals("key")
        && f.getContainingType().getName().equals("Sort"))) {
      Hostile.SORT_KEYS.forEach(v -> set("sort", path, v, v));
    }
    for (List<FieldDescriptor> path : paths(3, f -> f.getName().equals("direction")
        && f.getJavaType() == FieldDescriptor.JavaType.ENUM)) {
      set("sort", path, "unknown direction", path.get(path.size() - 1).getEnumType()
          .findValueByNumberCreatingIfUnknown(77));
    }
  }

  private void limits() {
    for (List<FieldDescriptor> path : paths(3, f -> f.getName().equals("limit")
        && f.getJavaType() == FieldDescriptor.JavaType.INT)) {
      List.of(0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 10_001).forEach(v -> set("limit", path, "" + v, v));
    }
  }

  private void literals() {
    for (List<FieldDescriptor> path : shortest(typed("flyteidl.core.Literal"), 3)) {
      Literals.literals().forEach((label, literal) -> set("literal", path, label, literal));
    }
    for (List<FieldDescriptor> path : shortest(typed("flyteidl.core.LiteralMap"), 2)) {
      set("literal", path, "map of 10,000 entries", Literals.wideMap(10_000));
    }
    for (List<FieldDescriptor> path : shortest(typed("flyteidl.core.LiteralType"), 3)) {
      Literals.types().forEach((label, type) -> set("literal-type", path, label, type));
    }
  }

  private void deep() {
    for (DeepNesting.Recursion r : DeepNesting.recursions(input).stream().limit(6).toList()) {
      int within = DeepNesting.timesWithin(r);
      add("deep", r.type() + " at the parser's limit", DeepNesting.nest(r, within));
      add("deep", r.type() + " just over the parser's limit", DeepNesting.nest(r, within + 1));
      add("deep", r.type() + " 10,000 deep", DeepNesting.nest(r, 10_000));
    }
    add("deep", "unknown groups 90 deep", DeepNesting.unknownGroups(90));
    add("deep", "unknown groups 10,000 deep", DeepNesting.unknownGroups(10_000));
  }

  private void wire(byte[] oversized) {
    cases.addAll(WireGarbage.malformed(input));
    byte[] valid = base.toByteArray();
    for (int i = 0; i < 4; i++) {
      cases.add(WireGarbage.truncated(valid.length > 1 ? valid : messages.message(input).toByteArray(), random));
      cases.add(WireGarbage.garbage(random));
    }
    add("oversized", oversized.length + " bytes", oversized);
  }

  private void randoms(int size) {
    while (cases.size() < size) {
      DynamicMessage m = messages.message(input);
      boolean onBase = random.nextBoolean();
      add("random", onBase ? "on the base request" : "from scratch",
          onBase ? base.toBuilder().mergeFrom(m).build() : m);
    }
  }

  private void set(String kind, List<FieldDescriptor> path, String label, Object value) {
    add(kind, path.stream().map(FieldDescriptor::getName).reduce((a, b) -> a + "." + b).orElse("") + " = "
        + abbreviate(label), FieldPaths.with(base, path, value));
  }

  private List<List<FieldDescriptor>> paths(int depth, Predicate<FieldDescriptor> leaf) {
    return FieldPaths.find(input, depth, leaf);
  }

  private List<List<FieldDescriptor>> shortest(Predicate<FieldDescriptor> leaf, int n) {
    return paths(4, leaf).stream().sorted(java.util.Comparator.comparingInt(List::size)).limit(n).toList();
  }

  private static Predicate<FieldDescriptor> typed(String fullName) {
    return f -> f.getJavaType() == FieldDescriptor.JavaType.MESSAGE
        && f.getMessageType().getFullName().equals(fullName);
  }

  private void add(String kind, String label, Message m) {
    add(kind, label, m.toByteArray());
  }

  private void add(String kind, String label, byte[] bytes) {
    cases.add(new Case(kind, label, bytes));
  }

  private static String abbreviate(String s) {
    String printable = s.codePoints().limit(40).collect(StringBuilder::new,
        (b, c) -> b.append(Character.isISOControl(c) ? String.format("\\u%04x", c) : Character.toString(c)),
        StringBuilder::append).toString();
    return s.length() > 40 ? printable + "...(" + s.length() + " chars)" : printable;
  }
}
