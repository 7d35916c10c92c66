package io.aloft.admin.list;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses duration filter values as FlyteAdmin's {@code prepareValues} does (flyteadmin/pkg/manager/impl/util/
 * filters.go): a plain number is seconds ({@code "20"}, {@code "3600.5"}, {@code "1e3"}); anything else must be a
 * Go {@code time.ParseDuration} string ({@code "20s"}, {@code "1m30s"}, {@code "1.5h"}, {@code "250ms"}).
 *
 * <p>Go formats the float back with {@code %vs} before parsing it, which makes it refuse tiny values such as
 * {@code 0.00001} (printed {@code 1e-05s}); here a number is taken as exact decimal seconds instead.
 */
public final class GoDuration {
  private static final Pattern NUMBER = Pattern.compile("[+-]?(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?");
  private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);
  // Go's time.ParseDuration unit table, in nanoseconds.
  private static final Map<String, Long> UNITS = Map.of(
      "ns", 1L,
      "us", 1_000L,
      "\u00b5s", 1_000L, // U+00B5 micro sign
      "\u03bcs", 1_000L, // U+03BC Greek mu
      "ms", 1_000_000L,
      "s", 1_000_000_000L,
      "m", 60_000_000_000L,
      "h", 3_600_000_000_000L);
  private static final BigInteger MAX = BigInteger.ONE.shiftLeft(63); // |min int64|

  private GoDuration() {}

  /** Parses a duration filter value; throws IllegalArgumentException with the reason if it is not one. */
  static Duration parse(String value) {
    // Far longer than any real duration; bounds the BigDecimal work done on request text.
    if (value.length() > 64) {
      throw invalid(value.substring(0, 64) + "...");
    }
    if (NUMBER.matcher(value).matches()) {
      BigInteger nanos = new BigDecimal(value).movePointRight(9).setScale(0, RoundingMode.DOWN).toBigIntegerExact();
      return toDuration(nanos, value);
    }
    return parseGo(value);
  }

  /** Go's time.ParseDuration: [-+]?([0-9]*(\.[0-9]*)?[a-z]+)+, or "0". */
  public static Duration parseGo(String orig) {
    String s = orig;
    boolean neg = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      neg = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw invalid(orig);
    }
    BigInteger total = BigInteger.ZERO;
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (!(c == '.' || isDigit(c))) {
        throw invalid(orig);
      }
      int intStart = i;
      while (i < s.length() && isDigit(s.charAt(i))) {
        i++;
      }
      String intPart = s.substring(intStart, i);
      String fracPart = "";
      if (i < s.length() && s.charAt(i) == '.') {
        i++;
        int fracStart = i;
        while (i < s.length() && isDigit(s.charAt(i))) {
          i++;
        }
        fracPart = s.substring(fracStart, i);
      }
      if (intPart.isEmpty() && fracPart.isEmpty()) {
        throw invalid(orig); // no digits, e.g. ".s"
      }
      int unitStart = i;
      while (i < s.length() && s.charAt(i) != '.' && !isDigit(s.charAt(i))) {
        i++;
      }
      String unit = s.substring(unitStart, i);
      Long unitNanos = UNITS.get(unit);
      if (unit.isEmpty()) {
        throw new IllegalArgumentException("missing unit in duration \"" + orig + "\"");
      }
      if (unitNanos == null) {
        throw new IllegalArgumentException("unknown unit \"" + unit + "\" in duration \"" + orig + "\"");
      }
      // Go truncates each component's fractional nanoseconds.
      String digits = (intPart.isEmpty() ? "0" : intPart) + (fracPart.isEmpty() ? "" : "." + fracPart);
      BigDecimal number = new BigDecimal(digits);
      total = total.add(number.multiply(BigDecimal.valueOf(unitNanos)).setScale(0, RoundingMode.DOWN).toBigInteger());
      if (total.compareTo(MAX) > 0) {
        throw invalid(orig);
      }
    }
    return toDuration(neg ? total.negate() : total, orig);
  }

  private static Duration toDuration(BigInteger nanos, String orig) {
    // Go durations are int64 nanoseconds: about +-292 years.
    if (nanos.bitLength() > 63 && !nanos.equals(MAX.negate())) {
      throw invalid(orig);
    }
    BigInteger[] qr = nanos.divideAndRemainder(NANOS_PER_SECOND);
    return Duration.ofSeconds(qr[0].longValueExact(), qr[1].longValueExact());
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static IllegalArgumentException invalid(String orig) {
    return new IllegalArgumentException("invalid duration \"" + orig + "\"");
  }
}
