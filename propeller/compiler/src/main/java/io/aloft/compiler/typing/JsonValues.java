package io.aloft.compiler.typing;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A protobuf {@link Struct} seen as the JSON document Go decodes after {@code json.Marshal}-ing it: Flyte marshals
 * a type's metadata with protojson and decodes it with {@code UseNumber}, so numbers keep the text protojson wrote.
 *
 * <p>Decoded values are {@link JsonNull#NULL}, {@link Boolean}, {@link String}, {@link JsonNumber},
 * {@code Map<String, Object>} and {@code List<Object>}.
 */
final class JsonValues {
  private JsonValues() {}

  /** JSON {@code null} (Go's untyped {@code nil} in a decoded document). */
  enum JsonNull { NULL }

  /** A JSON number as {@code json.Number}: the literal text, plus its value for numeric comparisons. */
  record JsonNumber(String text, double value) {
    /** Whether big.Int would parse the text in base 10, which is how santhosh-tekuri/jsonschema tests "integer". */
    boolean isIntegerText() {
      return text.matches("[+-]?[0-9]+");
    }

    /** {@code json.Number.Int64()} with the error ignored: 0 on a syntax error, saturated on overflow. */
    long int64IgnoringError() {
      if (!text.matches("[+-]?[0-9]+")) {
        return 0;
      }
      try {
        return Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
      } catch (NumberFormatException overflow) {
        return text.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
      }
    }
  }

  /** protojson refuses the Struct (NaN, an infinity or an unset Value kind), so Go's {@code json.Marshal} fails. */
  static final class NotMarshalableException extends Exception {
    private static final long serialVersionUID = 1L;

    NotMarshalableException(String message) {
      super(message, null, false, false);
    }
  }

  /** The decoded document for a Struct, or an exception where protojson (and so Flyte's marshalling) fails. */
  static Map<String, Object> fromStruct(Struct struct) throws NotMarshalableException {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Value> field : struct.getFieldsMap().entrySet()) {
      out.put(field.getKey(), fromValue(field.getValue()));
    }
    return out;
  }

  private static Object fromValue(Value value) throws NotMarshalableException {
    return switch (value.getKindCase()) {
      case NULL_VALUE -> JsonNull.NULL;
      case NUMBER_VALUE -> {
        double d = value.getNumberValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
          throw new NotMarshalableException("invalid google.protobuf.Value.number_value " + d);
        }
        yield new JsonNumber(GoText.protojsonNumber(d), d);
      }
      case STRING_VALUE -> value.getStringValue();
      case BOOL_VALUE -> value.getBoolValue();
      case STRUCT_VALUE -> fromStruct(value.getStructValue());
      case LIST_VALUE -> fromList(value.getListValue());
      case KIND_NOT_SET -> throw new NotMarshalableException("google.protobuf.Value: none of the oneof fields is set");
    };
  }

  private static List<Object> fromList(ListValue list) throws NotMarshalableException {
    List<Object> out = new ArrayList<>(list.getValuesCount());
    for (Value v : list.getValuesList()) {
      out.add(fromValue(v));
    }
    return out;
  }

  /** The JSON type name santhosh-tekuri/jsonschema assigns a decoded value ({@code jsonType}). */
  static String jsonType(Object v) {
    if (v == JsonNull.NULL) {
      return "null";
    }
    if (v instanceof Boolean) {
      return "boolean";
    }
    if (v instanceof JsonNumber) {
      return "number";
    }
    if (v instanceof String) {
      return "string";
    }
    if (v instanceof List) {
      return "array";
    }
    return "object";
  }

  /** santhosh-tekuri/jsonschema {@code equals}: numbers compare numerically, containers structurally. */
  static boolean schemaEquals(Object a, Object b) {
    String type = jsonType(a);
    if (!type.equals(jsonType(b))) {
      return false;
    }
    return switch (type) {
      case "array" -> {
        List<?> la = (List<?>) a;
        List<?> lb = (List<?>) b;
        if (la.size() != lb.size()) {
          yield false;
        }
        for (int i = 0; i < la.size(); i++) {
          if (!schemaEquals(la.get(i), lb.get(i))) {
            yield false;
          }
        }
        yield true;
      }
      case "object" -> {
        Map<?, ?> ma = (Map<?, ?>) a;
        Map<?, ?> mb = (Map<?, ?>) b;
        if (ma.size() != mb.size()) {
          yield false;
        }
        for (Map.Entry<?, ?> e : ma.entrySet()) {
          if (!mb.containsKey(e.getKey()) || !schemaEquals(e.getValue(), mb.get(e.getKey()))) {
            yield false;
          }
        }
        yield true;
      }
      case "number" -> ((JsonNumber) a).value() == ((JsonNumber) b).value();
      default -> a.equals(b);
    };
  }
}
