package io.aloft.crd;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;

/**
 * Durations as Kubernetes' {@code metav1.Duration} writes them in JSON: Go's {@code time.Duration.String()}
 * ({@code "1h0m0s"}, {@code "1m30s"}, {@code "500ms"}, {@code "0s"}) and read with {@code time.ParseDuration}
 * ({@code "90s"}, {@code "1.5h"}, {@code "2h45m"}, {@code "-1m"}). A Go duration is a signed 64-bit count of
 * nanoseconds, so longer durations are rejected.
 */
public final class GoDuration {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);
  private static final BigInteger MIN_NANOS = BigInteger.valueOf(Long.MIN_VALUE);

  private GoDuration() {}

  /** Whether {@code d} fits Go's {@code time.Duration} (signed 64-bit nanoseconds). */
  public static boolean fits(Duration d) {
    BigInteger nanos = BigInteger.valueOf(d.getSeconds()).multiply(BigInteger.valueOf(NANOS_PER_SECOND))
        .add(BigInteger.valueOf(d.getNano()));
    return nanos.compareTo(MAX_NANOS) <= 0 && nanos.compareTo(MIN_NANOS) >= 0;
  }

  /** Go's {@code time.Duration(d).String()}; {@code d} must {@link #fits fit}. */
  public static String format(Duration d) {
    if (!fits(d)) {
      throw new IllegalArgumentException("duration " + d + " does not fit a Go time.Duration");
    }
    long nanos = d.toNanos();
    if (nanos == 0) {
      return "0s";
    }
    boolean negative = nanos < 0;
    // Unsigned magnitude, as Go computes it (|MinInt64| does not fit a long).
    long u = negative ? -nanos : nanos;
    StringBuilder out = new StringBuilder();
    if (Long.compareUnsigned(u, NANOS_PER_SECOND) < 0) {
      // Below one second: one unit, with a fraction.
      if (u < 1_000L) {
        out.append(u).append("ns");
      } else if (u < 1_000_000L) {
        out.append(withFraction(u, 3)).append("µs");
      } else {
        out.append(withFraction(u, 6)).append("ms");
      }
    } else {
      String seconds = withFraction(Long.remainderUnsigned(u, 60 * NANOS_PER_SECOND), 9);
      long minutes = Long.divideUnsigned(u, 60 * NANOS_PER_SECOND);
      StringBuilder rest = new StringBuilder(seconds).append('s');
      if (minutes > 0) {
        rest.insert(0, (minutes % 60) + "m");
        long hours = minutes / 60;
        if (hours > 0) {
          rest.insert(0, hours + "h");
        }
      }
      out.append(rest);
    }
    return negative ? "-" + out : out.toString();
  }

  /** {@code v / 10^prec} with the fraction's trailing zeros (and a bare '.') dropped, as Go's fmtFrac/fmtInt. */
  private static String withFraction(long v, int prec) {
    long scale = 1;
    for (int i = 0; i < prec; i++) {
      scale *= 10;
    }
    long whole = Long.divideUnsigned(v, scale);
    long frac = Long.remainderUnsigned(v, scale);
    if (frac == 0) {
      return Long.toUnsignedString(whole);
    }
    String digits = String.format("%0" + prec + "d", frac).replaceAll("0+$", "");
    return Long.toUnsignedString(whole) + "." + digits;
  }

  /** Go's {@code time.ParseDuration}: a signed sequence of decimal numbers, each with a unit. */
  public static Duration parse(String s) {
    String orig = s;
    boolean negative = false;
    int i = 0;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      negative = s.charAt(0) == '-';
      i++;
    }
    if (s.substring(i).equals("0")) {
      return Duration.ZERO;
    }
    if (i == s.length()) {
      throw invalid(orig);
    }
    BigInteger total = BigInteger.ZERO;
    while (i < s.length()) {
      // Integer part, optional fraction, then the unit.
      int start = i;
      while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
        i++;
      }
      String whole = s.substring(start, i);
      String frac = "";
      boolean dot = i < s.length() && s.charAt(i) == '.';
      if (dot) {
        i++;
        int fs = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
          i++;
        }
        frac = s.substring(fs, i);
      }
      if (whole.isEmpty() && frac.isEmpty()) {
        throw invalid(orig);
      }
      int us = i;
      while (i < s.length() && s.charAt(i) != '.' && !(s.charAt(i) >= '0' && s.charAt(i) <= '9')) {
        i++;
      }
      String unit = s.substring(us, i);
      long unitNanos = switch (unit) {
        case "ns" -> 1L;
        case "us", "µs", "μs" -> 1_000L;
        case "ms" -> 1_000_000L;
        case "s" -> NANOS_PER_SECOND;
        case "m" -> 60 * NANOS_PER_SECOND;
        case "h" -> 3600 * NANOS_PER_SECOND;
        default -> throw new IllegalArgumentException(unit.isEmpty()
            ? "time: missing unit in duration \"" + orig + "\""
            : "time: unknown unit \"" + unit + "\" in duration \"" + orig + "\"");
      };
      BigInteger value = new BigInteger(whole.isEmpty() ? "0" : whole).multiply(BigInteger.valueOf(unitNanos));
      if (!frac.isEmpty()) {
        // Go truncates the fractional part towards zero after scaling.
        value = value.add(new BigInteger(frac).multiply(BigInteger.valueOf(unitNanos))
            .divide(BigInteger.TEN.pow(frac.length())));
      }
      total = total.add(value);
      if (total.compareTo(MAX_NANOS.add(BigInteger.ONE)) > 0) {
        throw invalid(orig);
      }
    }
    if (negative) {
      total = total.negate();
    }
    if (total.compareTo(MAX_NANOS) > 0) {
      throw invalid(orig);
    }
    return Duration.ofNanos(total.longValueExact());
  }

  private static IllegalArgumentException invalid(String s) {
    return new IllegalArgumentException("time: invalid duration \"" + s + "\"");
  }

  /** Writes a {@link Duration} as {@link #format}. */
  public static final class Serializer extends JsonSerializer<Duration> {
    @Override
    public void serialize(Duration value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
      gen.writeString(format(value));
    }
  }

  /** Reads a {@link Duration} with {@link #parse}. */
  public static final class Deserializer extends JsonDeserializer<Duration> {
    @Override
    public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
      }
      try {
        return parse(p.getText());
      } catch (IllegalArgumentException e) {
        return (Duration) ctxt.handleWeirdStringValue(Duration.class, p.getText(), e.getMessage());
      }
    }
  }
}
