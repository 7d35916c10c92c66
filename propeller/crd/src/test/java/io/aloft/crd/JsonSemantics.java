package io.aloft.crd;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Semantic JSON comparison for the custom resource: object member order is irrelevant, a member whose value is
 * {@code null} is the same as an absent one (Go writes {@code null} for nil pointers and slices without
 * {@code omitempty}; both Go's and this model's readers treat the two alike), and numbers are compared by value
 * (Go writes {@code 1}, Java {@code 1.0}).
 */
final class JsonSemantics {
  private JsonSemantics() {}

  /** {@code json} with null members dropped and numbers as exact decimals. */
  static JsonNode canonical(JsonNode json) {
    if (json == null || json.isNull() || json.isMissingNode()) {
      return JsonNodeFactory.instance.nullNode();
    }
    if (json.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> e : json.properties()) {
        if (!e.getValue().isNull()) {
          out.set(e.getKey(), canonical(e.getValue()));
        }
      }
      return out;
    }
    if (json.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      json.forEach(e -> out.add(canonical(e)));
      return out;
    }
    if (json.isNumber()) {
      BigDecimal d = json.decimalValue();
      return JsonNodeFactory.instance.numberNode(d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros());
    }
    return json;
  }

  /** Fails listing every path where {@code actual} and {@code expected} differ semantically. */
  static void assertSame(JsonNode actual, JsonNode expected, String what) {
    List<String> diffs = new ArrayList<>();
    diff("$", canonical(actual), canonical(expected), diffs);
    if (!diffs.isEmpty()) {
      fail(what + ": " + diffs.size() + " difference(s) (actual vs expected):\n  "
          + String.join("\n  ", diffs.subList(0, Math.min(40, diffs.size()))));
    }
  }

  private static void diff(String path, JsonNode a, JsonNode e, List<String> out) {
    if (a.isObject() && e.isObject()) {
      TreeSet<String> names = new TreeSet<>();
      a.fieldNames().forEachRemaining(names::add);
      e.fieldNames().forEachRemaining(names::add);
      for (String n : names) {
        String p = path + "." + n;
        if (!a.has(n)) {
          out.add(p + ": missing, expected " + abbreviate(e.get(n)));
        } else if (!e.has(n)) {
          out.add(p + ": unexpected " + abbreviate(a.get(n)));
        } else {
          diff(p, a.get(n), e.get(n), out);
        }
      }
    } else if (a.isArray() && e.isArray() && a.size() == e.size()) {
      for (int i = 0; i < a.size(); i++) {
        diff(path + "[" + i + "]", a.get(i), e.get(i), out);
      }
    } else if (!a.equals(e)) {
      out.add(path + ": " + abbreviate(a) + " vs " + abbreviate(e));
    }
  }

  private static String abbreviate(JsonNode n) {
    String s = n.toString();
    return s.length() > 160 ? s.substring(0, 160) + "..." : s;
  }
}
