package io.aloft.admin.rest;

import com.google.protobuf.BoolValue;
import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.DoubleValue;
import com.google.protobuf.FieldMask;
import com.google.protobuf.FloatValue;
import com.google.protobuf.Int32Value;
import com.google.protobuf.Int64Value;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.StringValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UInt32Value;
import com.google.protobuf.UInt64Value;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.util.Timestamps;
import io.aloft.admin.list.GoDuration;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a request message from path variables and query parameters as grpc-gateway v2 does
 * (runtime/query.go {@code PopulateFieldFromPath}, {@code DefaultQueryParser}): a dotted key names nested singular
 * message fields by proto name or JSON name; a repeated field takes every value; {@code key[k]=v} sets a map
 * entry; an enum takes its value name or number; well-known types parse from their string forms (Timestamp
 * RFC 3339, Duration as Go's {@code time.ParseDuration}, wrappers, FieldMask, Struct/Value as JSON).
 *
 * <p>Where grpc-gateway silently ignores a parameter, strict mode refuses it: a key that names no field, a key
 * that would overwrite a path variable, and two keys (proto and JSON name) setting the same singular field.
 */
public final class MessageBinder {
  private static final Pattern MAP_KEY = Pattern.compile("^(.*)\\[(.*)\\]$");
  private static final Pattern SIGNED = Pattern.compile("[+-]?[0-9]+");
  private static final Pattern UNSIGNED = Pattern.compile("[0-9]+");
  private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");
  private static final Pattern HEX_FLOAT = Pattern.compile("[+-]?0[xX][0-9a-fA-F]*\\.?[0-9a-fA-F]*[pP][+-]?[0-9]+");
  private static final Map<Descriptor, Map<String, FieldDescriptor>> JSON_NAMES = new ConcurrentHashMap<>();

  private final boolean strict;

  /** A request parameter that cannot be bound; maps to INVALID_ARGUMENT. */
  public static final class BindException extends IllegalArgumentException {
    BindException(String message) {
      super(message);
    }
  }

  public MessageBinder(boolean strict) {
    this.strict = strict;
  }

  /** Sets each path variable (field path -> value) on {@code request}. */
  public void bindPath(Message.Builder request, Map<String, String> variables) {
    for (Map.Entry<String, String> v : variables.entrySet()) {
      try {
        List<FieldDescriptor> path = resolve(request.getDescriptorForType(), v.getKey().split("\\.", -1));
        if (path == null) {
          throw new BindException("no field " + v.getKey() + " in " + request.getDescriptorForType().getFullName());
        }
        set(request, path, List.of(v.getValue()));
      } catch (BindException e) {
        throw new BindException("type mismatch, parameter: " + v.getKey() + ", error: " + e.getMessage());
      }
    }
  }

  /**
   * Sets the query parameters on {@code request}; {@code pathFieldPaths} are the template's variables, which a
   * parameter may not override.
   */
  public void bindQuery(Message.Builder request, Map<String, List<String>> params, Collection<String> pathFieldPaths) {
    List<List<String>> bound = pathFieldPaths.stream().map(p -> Arrays.asList(p.split("\\.", -1))).toList();
    Map<String, String> singularSetBy = new HashMap<>();
    for (Map.Entry<String, List<String>> param : params.entrySet()) {
      String key = param.getKey();
      List<String> values = param.getValue();
      Matcher m = MAP_KEY.matcher(key);
      if (m.matches()) {
        key = m.group(1);
        List<String> withKey = new ArrayList<>(values.size() + 1);
        withKey.add(m.group(2));
        withKey.addAll(values);
        values = withKey;
      }
      String[] names = key.split("\\.", -1);
      List<String> normalized = normalize(request.getDescriptorForType(), names);
      List<String> overridden = bound.stream().filter(b -> isPrefix(b, normalized)).findFirst().orElse(null);
      if (overridden != null) {
        if (strict) {
          throw new BindException("query parameter \"" + param.getKey() + "\" conflicts with path variable "
              + String.join(".", overridden));
        }
        continue;
      }
      List<FieldDescriptor> path = resolve(request.getDescriptorForType(), names);
      if (path == null) {
        if (strict) {
          throw new BindException("unknown query parameter \"" + param.getKey() + "\" for "
              + request.getDescriptorForType().getFullName());
        }
        continue;
      }
      FieldDescriptor leaf = path.get(path.size() - 1);
      if (strict && !leaf.isRepeated()) {
        String canonical = String.join(".", path.stream().map(FieldDescriptor::getName).toList());
        String earlier = singularSetBy.putIfAbsent(canonical, param.getKey());
        if (earlier != null) {
          throw new BindException("query parameters \"" + earlier + "\" and \"" + param.getKey()
              + "\" both set " + canonical);
        }
      }
      set(request, path, values);
    }
  }

  /** Checks at startup that {@code fieldPath} names a field a path variable can set; returns why not, or null. */
  public static String checkPathField(Descriptor type, String fieldPath) {
    try {
      List<FieldDescriptor> path = resolve(type, fieldPath.split("\\.", -1));
      if (path == null) {
        return "no field " + fieldPath + " in " + type.getFullName();
      }
      FieldDescriptor leaf = path.get(path.size() - 1);
      if (leaf.isRepeated()) {
        return fieldPath + " is repeated";
      }
      if (leaf.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !isScalarWellKnown(leaf.getMessageType())) {
        return fieldPath + " is a message";
      }
      return null;
    } catch (BindException e) {
      return e.getMessage();
    }
  }

  private static boolean isPrefix(List<String> prefix, List<String> path) {
    return prefix.size() <= path.size() && path.subList(0, prefix.size()).equals(prefix);
  }

  /** The key's fields by proto name (grpc-gateway's normalizeFieldPath); the key unchanged if a name is unknown. */
  private static List<String> normalize(Descriptor type, String[] names) {
    List<String> out = new ArrayList<>(names.length);
    Descriptor d = type;
    for (int i = 0; i < names.length; i++) {
      FieldDescriptor f = d == null ? null : field(d, names[i]);
      if (f == null) {
        return Arrays.asList(names);
      }
      out.add(f.getName());
      if (i < names.length - 1) {
        if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE || f.isRepeated()) {
          return Arrays.asList(names);
        }
        d = f.getMessageType();
      }
    }
    return out;
  }

  /** The fields along {@code names}; null if one is unknown; throws if the path runs through a non-message. */
  private static List<FieldDescriptor> resolve(Descriptor type, String[] names) {
    List<FieldDescriptor> path = new ArrayList<>(names.length);
    Descriptor d = type;
    for (int i = 0; i < names.length; i++) {
      FieldDescriptor f = field(d, names[i]);
      if (f == null) {
        return null;
      }
      path.add(f);
      if (i < names.length - 1) {
        if (f.getJavaType() != FieldDescriptor.JavaType.MESSAGE || f.isRepeated()) {
          throw new BindException("invalid path: \"" + names[i] + "\" is not a message");
        }
        d = f.getMessageType();
      }
    }
    return path;
  }

  private static FieldDescriptor field(Descriptor d, String name) {
    FieldDescriptor f = d.findFieldByName(name);
    if (f != null) {
      return f;
    }
    return JSON_NAMES.computeIfAbsent(d, t -> {
      Map<String, FieldDescriptor> byJson = new HashMap<>();
      for (FieldDescriptor fd : t.getFields()) {
        byJson.put(fd.getJsonName(), fd);
      }
      return byJson;
    }).get(name);
  }

  private static void set(Message.Builder b, List<FieldDescriptor> path, List<String> values) {
    FieldDescriptor f = path.get(0);
    if (path.size() > 1) {
      Message.Builder sub = b.hasField(f) ? ((Message) b.getField(f)).toBuilder() : b.newBuilderForField(f);
      set(sub, path.subList(1, path.size()), values);
      b.setField(f, sub.build());
      return;
    }
    if (values.isEmpty()) {
      throw new BindException("no value provided");
    }
    OneofDescriptor oneof = f.getRealContainingOneof();
    if (oneof != null && b.hasOneof(oneof)) {
      throw new BindException("field already set for oneof \"" + oneof.getName() + "\"");
    }
    if (f.isMapField()) {
      if (values.size() != 2) {
        throw new BindException("more than one value provided for key \"" + values.get(0) + "\" in map \""
            + f.getFullName() + "\"");
      }
      Message.Builder entry = b.newBuilderForField(f);
      FieldDescriptor k = f.getMessageType().findFieldByNumber(1);
      FieldDescriptor v = f.getMessageType().findFieldByNumber(2);
      entry.setField(k, parse(entry, k, values.get(0)));
      entry.setField(v, parse(entry, v, values.get(1)));
      b.addRepeatedField(f, entry.build());
    } else if (f.isRepeated()) {
      for (String value : values) {
        b.addRepeatedField(f, parse(b, f, value));
      }
    } else {
      if (values.size() > 1) {
        throw new BindException("too many values for field \"" + f.getName() + "\": " + String.join(", ", values));
      }
      b.setField(f, parse(b, f, values.get(0)));
    }
  }

  /** {@code value} as the Java value {@code f} takes on {@code owner}. */
  private static Object parse(Message.Builder owner, FieldDescriptor f, String value) {
    return switch (f.getType()) {
      case BOOL -> parseBool(value);
      case ENUM -> parseEnum(f, value);
      case INT32, SINT32, SFIXED32 -> (int) parseSigned(value, 32);
      case INT64, SINT64, SFIXED64 -> parseSigned(value, 64);
      case UINT32, FIXED32 -> (int) parseUnsigned(value, 32);
      case UINT64, FIXED64 -> parseUnsigned(value, 64);
      case FLOAT -> (float) parseFloat(value, 32);
      case DOUBLE -> parseFloat(value, 64);
      case STRING -> value;
      case BYTES -> ByteString.copyFrom(parseBytes(value));
      case MESSAGE, GROUP -> owner.newBuilderForField(f).mergeFrom(parseWellKnown(f.getMessageType(), value)).build();
    };
  }

  private static EnumValueDescriptor parseEnum(FieldDescriptor f, String value) {
    EnumValueDescriptor e = f.getEnumType().findValueByName(value);
    if (e == null && SIGNED.matcher(value).matches()) {
      try {
        e = f.getEnumType().findValueByNumber(Integer.parseInt(value));
      } catch (NumberFormatException ignored) {
        e = null;
      }
    }
    if (e == null) {
      throw new BindException("\"" + value + "\" is not a valid value");
    }
    return e;
  }

  /** Go's strconv.ParseBool. */
  private static boolean parseBool(String value) {
    return switch (value) {
      case "1", "t", "T", "TRUE", "true", "True" -> true;
      case "0", "f", "F", "FALSE", "false", "False" -> false;
      default -> throw syntax("ParseBool", value);
    };
  }

  /** Go's strconv.ParseInt(value, 10, bits): ASCII digits with an optional sign. */
  private static long parseSigned(String value, int bits) {
    if (!SIGNED.matcher(value).matches()) {
      throw syntax("ParseInt", value);
    }
    try {
      long v = Long.parseLong(value);
      if (bits == 32 && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
        throw range("ParseInt", value);
      }
      return v;
    } catch (NumberFormatException e) {
      throw range("ParseInt", value);
    }
  }

  /** Go's strconv.ParseUint(value, 10, bits): ASCII digits, no sign; the result's bits as a signed Java value. */
  private static long parseUnsigned(String value, int bits) {
    if (!UNSIGNED.matcher(value).matches()) {
      throw syntax("ParseUint", value);
    }
    try {
      long v = Long.parseUnsignedLong(value);
      if (bits == 32 && Long.compareUnsigned(v, 0xFFFF_FFFFL) > 0) {
        throw range("ParseUint", value);
      }
      return v;
    } catch (NumberFormatException e) {
      throw range("ParseUint", value);
    }
  }

  /** Go's strconv.ParseFloat(value, bits): decimal or hex notation, inf/infinity/nan; overflow is an error. */
  private static double parseFloat(String value, int bits) {
    String lower = value.toLowerCase(java.util.Locale.ROOT);
    switch (lower) {
      case "inf", "+inf", "infinity", "+infinity":
        return Double.POSITIVE_INFINITY;
      case "-inf", "-infinity":
        return Double.NEGATIVE_INFINITY;
      case "nan":
        return Double.NaN;
      default:
        break;
    }
    double d;
    if (DECIMAL.matcher(value).matches()) {
      d = new BigDecimal(value).doubleValue();
    } else if (HEX_FLOAT.matcher(value).matches()) {
      d = Double.parseDouble(value);
    } else {
      throw syntax("ParseFloat", value);
    }
    if (Double.isInfinite(d) || (bits == 32 && Float.isInfinite((float) d))) {
      throw range("ParseFloat", value);
    }
    return d;
  }

  /** grpc-gateway's runtime.Bytes: standard base64, else URL-safe base64. */
  private static byte[] parseBytes(String value) {
    try {
      return Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      try {
        return Base64.getUrlDecoder().decode(value);
      } catch (IllegalArgumentException e2) {
        throw new BindException("illegal base64 data in \"" + value + "\"");
      }
    }
  }

  private static boolean isScalarWellKnown(Descriptor type) {
    return switch (type.getFullName()) {
      case "google.protobuf.Timestamp", "google.protobuf.Duration", "google.protobuf.DoubleValue",
          "google.protobuf.FloatValue", "google.protobuf.Int64Value", "google.protobuf.Int32Value",
          "google.protobuf.UInt64Value", "google.protobuf.UInt32Value", "google.protobuf.BoolValue",
          "google.protobuf.StringValue", "google.protobuf.BytesValue", "google.protobuf.FieldMask",
          "google.protobuf.Value", "google.protobuf.Struct" -> true;
      default -> false;
    };
  }

  /** The well-known types grpc-gateway parses from one string (runtime/query.go parseMessage). */
  private static Message parseWellKnown(Descriptor type, String value) {
    return switch (type.getFullName()) {
      case "google.protobuf.Timestamp" -> parseTimestamp(value);
      case "google.protobuf.Duration" -> {
        try {
          java.time.Duration d = GoDuration.parseGo(value);
          yield com.google.protobuf.Duration.newBuilder().setSeconds(d.getSeconds()).setNanos(d.getNano()).build();
        } catch (IllegalArgumentException e) {
          throw new BindException("bad Duration: " + e.getMessage());
        }
      }
      case "google.protobuf.DoubleValue" -> DoubleValue.of(parseFloat(value, 64));
      case "google.protobuf.FloatValue" -> FloatValue.of((float) parseFloat(value, 32));
      case "google.protobuf.Int64Value" -> Int64Value.of(parseSigned(value, 64));
      case "google.protobuf.Int32Value" -> Int32Value.of((int) parseSigned(value, 32));
      case "google.protobuf.UInt64Value" -> UInt64Value.of(parseUnsigned(value, 64));
      case "google.protobuf.UInt32Value" -> UInt32Value.of((int) parseUnsigned(value, 32));
      case "google.protobuf.BoolValue" -> BoolValue.of(parseBool(value));
      case "google.protobuf.StringValue" -> StringValue.of(value);
      case "google.protobuf.BytesValue" -> BytesValue.of(ByteString.copyFrom(parseBytes(value)));
      case "google.protobuf.FieldMask" -> FieldMask.newBuilder().addAllPaths(Arrays.asList(value.split(",", -1)))
          .build();
      case "google.protobuf.Value" -> parseJson(value, Value.newBuilder());
      case "google.protobuf.Struct" -> parseJson(value, Struct.newBuilder());
      default -> throw new BindException("unsupported message type: \"" + type.getFullName() + "\"");
    };
  }

  private static Timestamp parseTimestamp(String value) {
    try {
      OffsetDateTime t = OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      Timestamp ts = Timestamp.newBuilder().setSeconds(t.toEpochSecond()).setNanos(t.getNano()).build();
      if (!Timestamps.isValid(ts)) {
        throw new BindException("bad Timestamp: " + value + " is out of range");
      }
      return ts;
    } catch (DateTimeParseException e) {
      throw new BindException("bad Timestamp: parsing time \"" + value + "\" as RFC 3339 failed");
    }
  }

  private static Message parseJson(String value, Message.Builder into) {
    try {
      JsonFormat.parser().merge(value, into);
      return into.build();
    } catch (InvalidProtocolBufferException e) {
      throw new BindException("bad " + into.getDescriptorForType().getName() + ": " + e.getMessage());
    }
  }

  private static BindException syntax(String fn, String value) {
    return new BindException("strconv." + fn + ": parsing \"" + value + "\": invalid syntax");
  }

  private static BindException range(String fn, String value) {
    return new BindException("strconv." + fn + ": parsing \"" + value + "\": value out of range");
  }
}
