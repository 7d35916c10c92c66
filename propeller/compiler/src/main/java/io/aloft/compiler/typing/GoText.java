package io.aloft.compiler.typing;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.UnknownFieldSet;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Renders protobuf messages and doubles the way Go renders them, because Flyte keys and orders types by Go's
 * {@code proto.Message.String()} (single-line prototext) and hands JSON numbers around as protojson text.
 *
 * <p>Go's prototext randomly doubles some separating spaces per binary ({@code detrand}); a single space is used
 * here. The doubling never changes how two renderings order or whether they are equal, because a space sorts
 * below every other character the single-line format emits.
 */
final class GoText {
  private GoText() {}

  /** Orders strings the way Go's {@code <} does: by their UTF-8 bytes, unsigned. */
  static final Comparator<String> GO_STRING_ORDER = (a, b) -> Arrays.compareUnsigned(
      a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

  /** Go's {@code m.String()} for a message, {@code <nil>} for a nil one (prototext {@code Format}). */
  static String messageString(Message message) {
    if (message == null) {
      return "<nil>";
    }
    Writer writer = new Writer();
    writer.fields(message);
    return writer.out.toString();
  }

  /** Go's {@code strconv.FormatFloat(d, 'g', -1, 64)} with prototext's nan/inf spellings. */
  static String formatG(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    Digits digits = Digits.of(d);
    // FormatFloat 'g' with shortest digits switches to %e when the exponent is < -4 or >= 6.
    int exp = digits.dp - 1;
    if (digits.nd > 0 && (exp < -4 || exp >= 6)) {
      return formatE(digits, true);
    }
    return formatF(digits);
  }

  /**
   * The JSON text protojson writes for a finite double (internal/encoding/json appendFloat): shortest digits, fixed
   * notation unless the magnitude is below 1e-6 or at least 1e21, and a one-digit negative exponent not zero-padded.
   */
  static String protojsonNumber(double d) {
    double abs = Math.abs(d);
    Digits digits = Digits.of(d);
    if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
      return formatE(digits, false);
    }
    return formatF(digits);
  }

  private static String formatE(Digits digits, boolean padNegativeExponent) {
    StringBuilder sb = new StringBuilder();
    if (digits.negative) {
      sb.append('-');
    }
    sb.append(digits.nd == 0 ? '0' : digits.digits.charAt(0));
    if (digits.nd > 1) {
      sb.append('.').append(digits.digits, 1, digits.nd);
    }
    int exp = digits.nd == 0 ? 0 : digits.dp - 1;
    sb.append('e').append(exp < 0 ? '-' : '+');
    int absExp = Math.abs(exp);
    // Go pads the exponent to two digits; protojson strips the padding again for negative one-digit exponents.
    if (absExp < 10 && (exp >= 0 || padNegativeExponent)) {
      sb.append('0');
    }
    sb.append(absExp);
    return sb.toString();
  }

  private static String formatF(Digits digits) {
    StringBuilder sb = new StringBuilder();
    if (digits.negative) {
      sb.append('-');
    }
    if (digits.dp > 0) {
      int m = Math.min(digits.nd, digits.dp);
      sb.append(digits.digits, 0, m);
      for (int i = m; i < digits.dp; i++) {
        sb.append('0');
      }
    } else {
      sb.append('0');
    }
    int fraction = Math.max(digits.nd - digits.dp, 0);
    if (fraction > 0) {
      sb.append('.');
      for (int i = 1; i <= fraction; i++) {
        int j = digits.dp + i - 1;
        sb.append(j < 0 || j >= digits.nd ? '0' : digits.digits.charAt(j));
      }
    }
    return sb.toString();
  }

  /** Shortest round-trip decimal digits of a double: value = 0.{digits} x 10^dp (Go's decimalSlice). */
  private record Digits(boolean negative, String digits, int nd, int dp) {
    static Digits of(double d) {
      boolean negative = (Double.doubleToRawLongBits(d) & Long.MIN_VALUE) != 0;
      double abs = Math.abs(d);
      if (abs == 0) {
        return new Digits(negative, "", 0, 0);
      }
      // Since JDK 19, Double.toString yields the shortest decimal that rounds back to the double, as Go's 'g'/-1
      // does, except that where one digit would do it may prefer a closer two-digit decimal (4.9E-324 for 5e-324).
      BigDecimal decimal = new BigDecimal(Double.toString(abs)).stripTrailingZeros();
      if (decimal.precision() == 2) {
        BigDecimal oneDigit = closestOneDigit(abs, decimal);
        if (oneDigit != null) {
          decimal = oneDigit;
        }
      }
      String unscaled = decimal.unscaledValue().toString();
      return new Digits(negative, unscaled, unscaled.length(), unscaled.length() - decimal.scale());
    }

    private static BigDecimal closestOneDigit(double abs, BigDecimal twoDigits) {
      BigDecimal exact = new BigDecimal(abs);
      BigDecimal best = null;
      for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
        BigDecimal candidate = twoDigits.round(new MathContext(1, mode)).stripTrailingZeros();
        if (candidate.signum() > 0 && candidate.doubleValue() == abs && (best == null
            || candidate.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
          best = candidate;
        }
      }
      return best;
    }
  }

  /** Go's text encoder state machine, single-line flavour (internal/encoding/text Encoder). */
  private static final class Writer {
    private enum Last { NONE, NAME, SCALAR, OPEN, CLOSE }

    private final StringBuilder out = new StringBuilder();
    private Last last = Last.NONE;

    void name(String name) {
      if (last == Last.SCALAR || last == Last.CLOSE) {
        out.append(' ');
      }
      out.append(name).append(':');
      last = Last.NAME;
    }

    void scalar(String text) {
      out.append(text);
      last = Last.SCALAR;
    }

    void open() {
      out.append('{');
      last = Last.OPEN;
    }

    void close() {
      out.append('}');
      last = Last.CLOSE;
    }

    // prototext visits populated fields in declaration order (order.IndexNameFieldOrder), then unknown fields.
    void fields(Message message) {
      for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
        if (field.isMapField()) {
          map(field, message);
        } else if (field.isRepeated()) {
          int count = message.getRepeatedFieldCount(field);
          for (int i = 0; i < count; i++) {
            name(field.getName());
            value(field, message.getRepeatedField(field, i));
          }
        } else if (message.hasField(field)) {
          name(field.getName());
          value(field, message.getField(field));
        }
      }
      unknown(message.getUnknownFields());
    }

    // Map entries are sorted by key (order.GenericKeyOrder) and printed as repeated key/value messages.
    private void map(FieldDescriptor field, Message message) {
      FieldDescriptor keyField = field.getMessageType().findFieldByNumber(1);
      FieldDescriptor valueField = field.getMessageType().findFieldByNumber(2);
      List<Message> entries = new ArrayList<>();
      for (int i = 0; i < message.getRepeatedFieldCount(field); i++) {
        entries.add((Message) message.getRepeatedField(field, i));
      }
      entries.sort((a, b) -> compareKeys(a.getField(keyField), b.getField(keyField)));
      for (Message entry : entries) {
        name(field.getName());
        open();
        name("key");
        value(keyField, entry.getField(keyField));
        name("value");
        value(valueField, entry.getField(valueField));
        close();
      }
    }

    private static int compareKeys(Object a, Object b) {
      if (a instanceof String sa && b instanceof String sb) {
        return GO_STRING_ORDER.compare(sa, sb);
      }
      if (a instanceof Boolean ba && b instanceof Boolean bb) {
        return Boolean.compare(ba, bb);
      }
      if (a instanceof Integer ia && b instanceof Integer ib) {
        return Integer.compare(ia, ib);
      }
      return Long.compare(((Number) a).longValue(), ((Number) b).longValue());
    }

    private void value(FieldDescriptor field, Object value) {
      switch (field.getJavaType()) {
        case MESSAGE -> {
          open();
          fields((Message) value);
          close();
        }
        case STRING -> scalar(quote(((String) value).getBytes(StandardCharsets.UTF_8)));
        case BYTE_STRING -> scalar(quote(((ByteString) value).toByteArray()));
        case ENUM -> {
          EnumValueDescriptor enumValue = (EnumValueDescriptor) value;
          // An unknown enum number prints as the number (Java reports those with an "UNKNOWN_ENUM_VALUE_" name).
          scalar(enumValue.getIndex() >= 0 ? enumValue.getName() : Integer.toString(enumValue.getNumber()));
        }
        case DOUBLE -> scalar(formatG((Double) value));
        case FLOAT -> scalar(formatFloat32((Float) value));
        case BOOLEAN -> scalar(value.toString());
        case INT, LONG -> scalar(unsigned(field) ? Long.toUnsignedString(toUnsigned(value)) : value.toString());
      }
    }

    private static boolean unsigned(FieldDescriptor field) {
      return switch (field.getType()) {
        case UINT32, UINT64, FIXED32, FIXED64 -> true;
        default -> false;
      };
    }

    private static long toUnsigned(Object value) {
      return value instanceof Integer i ? Integer.toUnsignedLong(i) : (Long) value;
    }

    private void unknown(UnknownFieldSet fields) {
      for (Map.Entry<Integer, UnknownFieldSet.Field> entry : fields.asMap().entrySet()) {
        String number = Integer.toString(entry.getKey());
        UnknownFieldSet.Field field = entry.getValue();
        for (long v : field.getVarintList()) {
          name(number);
          scalar(Long.toUnsignedString(v));
        }
        for (int v : field.getFixed32List()) {
          name(number);
          scalar("0x" + Integer.toHexString(v));
        }
        for (long v : field.getFixed64List()) {
          name(number);
          scalar("0x" + Long.toHexString(v));
        }
        for (ByteString v : field.getLengthDelimitedList()) {
          name(number);
          scalar(quote(v.toByteArray()));
        }
        for (UnknownFieldSet group : field.getGroupList()) {
          name(number);
          open();
          unknown(group);
          close();
        }
      }
    }
  }

  // Float fields are not part of LiteralType; approximate Go's 32-bit 'g' formatting through the widened value.
  private static String formatFloat32(float f) {
    if (Float.isNaN(f) || Float.isInfinite(f)) {
      return formatG(f);
    }
    return formatG(Double.parseDouble(Float.toString(f)));
  }

  /** Go prototext string quoting (internal/encoding/text appendString) of UTF-8 bytes. */
  static String quote(byte[] bytes) {
    StringBuilder sb = new StringBuilder("\"");
    int i = 0;
    while (i < bytes.length) {
      int b = bytes[i] & 0xff;
      int rune;
      int size;
      if (b < 0x80) {
        rune = b;
        size = 1;
      } else {
        int[] decoded = decodeUtf8(bytes, i);
        rune = decoded[0];
        size = decoded[1];
      }
      if (rune == -1) {
        // Invalid UTF-8: the byte itself is escaped as \xHH.
        appendHexEscape(sb, b);
      } else if (rune < ' ' || rune == '"' || rune == '\\' || rune == 0x7f) {
        switch (rune) {
          case '"' -> sb.append("\\\"");
          case '\\' -> sb.append("\\\\");
          case '\n' -> sb.append("\\n");
          case '\r' -> sb.append("\\r");
          case '\t' -> sb.append("\\t");
          default -> appendHexEscape(sb, rune);
        }
      } else if (rune >= 0x80 && rune <= 0x9f) {
        sb.append("\\u00").append(Integer.toHexString(rune));
      } else {
        sb.append(new String(bytes, i, size, StandardCharsets.UTF_8));
      }
      i += size;
    }
    return sb.append('"').toString();
  }

  private static void appendHexEscape(StringBuilder sb, int value) {
    String hex = Integer.toHexString(value);
    sb.append("\\x");
    if (hex.length() < 2) {
      sb.append('0');
    }
    sb.append(hex);
  }

  /** Decodes one UTF-8 rune at {@code i}: {rune, size}, or {-1, 1} where Go's decoder reports RuneError/1. */
  private static int[] decodeUtf8(byte[] bytes, int i) {
    int b0 = bytes[i] & 0xff;
    int need;
    int rune;
    int min;
    if (b0 >= 0xc2 && b0 <= 0xdf) {
      need = 1;
      rune = b0 & 0x1f;
      min = 0x80;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      need = 2;
      rune = b0 & 0x0f;
      min = 0x800;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      need = 3;
      rune = b0 & 0x07;
      min = 0x10000;
    } else {
      return new int[] {-1, 1};
    }
    if (i + need >= bytes.length) {
      return new int[] {-1, 1};
    }
    for (int k = 1; k <= need; k++) {
      int b = bytes[i + k] & 0xff;
      if ((b & 0xc0) != 0x80) {
        return new int[] {-1, 1};
      }
      rune = (rune << 6) | (b & 0x3f);
    }
    if (rune < min || rune > 0x10ffff || (rune >= 0xd800 && rune <= 0xdfff)) {
      return new int[] {-1, 1};
    }
    return new int[] {rune, need + 1};
  }
}
