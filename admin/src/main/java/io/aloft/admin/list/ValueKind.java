package io.aloft.admin.list;

import com.google.protobuf.ProtocolMessageEnum;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a field's filter values (always strings on the wire) are checked and converted to the typed SQL parameter
 * bound for its column. Declared per field in a {@link FieldCatalog}.
 *
 * <p>FlyteAdmin hands most values to PostgreSQL as strings and lets the database coerce them (its timestamp
 * parsing in {@code prepareValues} is keyed by Go field names such as {@code CreatedAt}, which never match the
 * snake_case filter keys, so it never runs). Converting here turns what would be a database error (INTERNAL) into
 * INVALID_ARGUMENT naming the value, and lets every parameter be bound with its proper JDBC type.
 */
public sealed interface ValueKind {
  /** Text compared as given; the only kind (with name-stored enums) that {@code contains}/{@code not_like} accept. */
  ValueKind STRING = new Text();
  /** A decimal integer (ASCII digits, optional sign), bound as {@link Long}. */
  ValueKind INT = new Int();
  /** An RFC 3339 timestamp (fractional seconds to nanoseconds), bound as {@link Instant}. */
  ValueKind TIMESTAMP = new Timestamp();
  /** A boolean in PostgreSQL's spellings (true/false, t/f, yes/no, on/off, 1/0), bound as {@link Boolean}. */
  ValueKind BOOL = new Bool();
  /** A duration (number of seconds or Go duration string) for a column holding whole seconds. */
  ValueKind DURATION_SECONDS = new DurationValue(ChronoUnit.SECONDS);
  /** A duration for a column holding milliseconds. */
  ValueKind DURATION_MILLIS = new DurationValue(ChronoUnit.MILLIS);
  /** A duration for a column holding nanoseconds (FlyteAdmin stores Go's time.Duration this way). */
  ValueKind DURATION_NANOS = new DurationValue(ChronoUnit.NANOS);

  /** An enum stored as its number (INTEGER column); values may be names or numbers. Bound as {@link Integer}. */
  static ValueKind ENUM(Map<String, Integer> nameToNumber) {
    return new EnumValue(nameToNumber, EnumStorage.NUMBER);
  }

  /** An enum stored as its name (TEXT column, as FlyteAdmin stores execution phases). Bound as {@link String}. */
  static ValueKind ENUM_NAME(Map<String, Integer> nameToNumber) {
    return new EnumValue(nameToNumber, EnumStorage.NAME);
  }

  /** {@link #ENUM(Map)} for a protobuf enum class, skipping the synthetic UNRECOGNIZED constant. */
  static <E extends Enum<E> & ProtocolMessageEnum> ValueKind ENUM(Class<E> protoEnum) {
    return ENUM(namesOf(protoEnum));
  }

  /** {@link #ENUM_NAME(Map)} for a protobuf enum class, skipping the synthetic UNRECOGNIZED constant. */
  static <E extends Enum<E> & ProtocolMessageEnum> ValueKind ENUM_NAME(Class<E> protoEnum) {
    return ENUM_NAME(namesOf(protoEnum));
  }

  /** Converts one wire value to the SQL parameter; throws IllegalArgumentException saying why it is not valid. */
  Object convert(String raw);

  /** Whether {@code contains} and {@code not_like} (SQL LIKE) make sense on this kind. */
  default boolean supportsLike() {
    return false;
  }

  /** A short description for error messages. */
  String describe();

  private static <E extends Enum<E> & ProtocolMessageEnum> Map<String, Integer> namesOf(Class<E> protoEnum) {
    Map<String, Integer> names = new LinkedHashMap<>();
    for (E constant : protoEnum.getEnumConstants()) {
      if (!constant.name().equals("UNRECOGNIZED")) {
        names.put(constant.name(), constant.getNumber());
      }
    }
    return names;
  }

  /** Plain text. */
  record Text() implements ValueKind {
    /** Returns the text unchanged. */
    @Override
    public Object convert(String raw) {
      return raw;
    }

    /** True: LIKE applies to text. */
    @Override
    public boolean supportsLike() {
      return true;
    }

    /** Returns "string". */
    @Override
    public String describe() {
      return "string";
    }
  }

  /** Decimal integer. */
  record Int() implements ValueKind {
    private static final Pattern DIGITS = Pattern.compile("[+-]?[0-9]+");

    /** Parses an ASCII decimal integer to Long; refuses anything else or out of range. */
    @Override
    public Object convert(String raw) {
      // ASCII digits only: Long.parseLong would also take other scripts' digits.
      if (!DIGITS.matcher(raw).matches()) {
        throw new IllegalArgumentException("expected an integer");
      }
      try {
        return Long.parseLong(raw);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("integer out of range");
      }
    }

    /** Returns "integer". */
    @Override
    public String describe() {
      return "integer";
    }
  }

  /** RFC 3339 timestamp. */
  record Timestamp() implements ValueKind {
    /** Parses RFC 3339 (or a bare date / offset-less date-time, read as UTC) to Instant. */
    @Override
    public Object convert(String raw) {
      // RFC 3339 lets the 'T' be lower case or (by note) a space; PostgreSQL, which FlyteAdmin lets parse these
      // values, also takes a date alone or a date-time without offset (UTC in FlyteAdmin's deployments).
      String s = raw;
      if (s.length() > 10 && (s.charAt(10) == ' ' || s.charAt(10) == 't')) {
        s = s.substring(0, 10) + 'T' + s.substring(11);
      }
      if (s.endsWith("z")) {
        s = s.substring(0, s.length() - 1) + 'Z';
      }
      try {
        return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      } catch (DateTimeParseException ignored) {
        // try the forms without offset
      }
      try {
        return LocalDateTime.parse(s, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException ignored) {
        // try a date alone
      }
      try {
        return LocalDate.parse(s, DateTimeFormatter.ISO_LOCAL_DATE).atStartOfDay().toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        // FlyteAdmin's wording (prepareValues).
        throw new IllegalArgumentException("Timestamp " + raw + " must conform to RFC3339 Nano spec");
      }
    }

    /** Returns "RFC3339 timestamp". */
    @Override
    public String describe() {
      return "RFC3339 timestamp";
    }
  }

  /** Boolean. */
  record Bool() implements ValueKind {
    private static final Set<String> TRUE = Set.of("true", "t", "yes", "y", "on", "1");
    private static final Set<String> FALSE = Set.of("false", "f", "no", "n", "off", "0");

    /** Parses PostgreSQL boolean spellings (case-insensitive) to Boolean. */
    @Override
    public Object convert(String raw) {
      String v = raw.trim().toLowerCase(Locale.ROOT);
      if (TRUE.contains(v)) {
        return Boolean.TRUE;
      }
      if (FALSE.contains(v)) {
        return Boolean.FALSE;
      }
      throw new IllegalArgumentException("expected a boolean");
    }

    /** Returns "boolean". */
    @Override
    public String describe() {
      return "boolean";
    }
  }

  /**
   * A duration, converted to the column's unit. Bound as {@link Long} when the value is a whole number of units,
   * else as an exact {@link BigDecimal} (so {@code gt(duration,3600.5)} on a seconds column stays exact).
   */
  record DurationValue(ChronoUnit unit) implements ValueKind {
    public DurationValue {
      Objects.requireNonNull(unit, "unit");
      // Decimal sub-units only, so a non-whole value is always an exact (terminating) decimal.
      if (!Set.of(ChronoUnit.NANOS, ChronoUnit.MICROS, ChronoUnit.MILLIS, ChronoUnit.SECONDS).contains(unit)) {
        throw new IllegalArgumentException("unsupported duration unit " + unit);
      }
    }

    /** Parses seconds or a Go duration to a count of the column unit (Long, or BigDecimal if fractional). */
    @Override
    public Object convert(String raw) {
      Duration d;
      try {
        d = GoDuration.parse(raw);
      } catch (IllegalArgumentException e) {
        // FlyteAdmin's wording (prepareValues).
        throw new IllegalArgumentException("Failed to parse duration [" + raw + "]");
      }
      BigInteger nanos = BigInteger.valueOf(d.getSeconds()).multiply(BigInteger.valueOf(1_000_000_000L))
          .add(BigInteger.valueOf(d.getNano()));
      BigInteger per = BigInteger.valueOf(unit.getDuration().toNanos());
      BigInteger[] qr = nanos.divideAndRemainder(per);
      if (qr[1].signum() == 0) {
        return qr[0].longValueExact();
      }
      return new BigDecimal(nanos).divide(new BigDecimal(per)).stripTrailingZeros();
    }

    /** Returns "duration (<unit>)". */
    @Override
    public String describe() {
      return "duration (" + unit.name().toLowerCase(Locale.ROOT) + ")";
    }
  }

  /** How an enum column stores its values. */
  enum EnumStorage { NUMBER, NAME }

  /**
   * An enum; accepts a name (case-insensitively) or a number that is one of the enum's, e.g. flyteconsole sends
   * {@code eq(state, 0)} for named-entity state while flytectl users write {@code execution.phase=SUCCEEDED}.
   */
  record EnumValue(Map<String, Integer> nameToNumber, EnumStorage storage) implements ValueKind {
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]{1,10}");

    public EnumValue {
      if (nameToNumber == null || nameToNumber.isEmpty()) {
        throw new IllegalArgumentException("an enum kind needs at least one name");
      }
      nameToNumber = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(nameToNumber));
      Objects.requireNonNull(storage, "storage");
    }

    /** Maps a name (any case) or declared number to the stored number (Integer) or name (String). */
    @Override
    public Object convert(String raw) {
      String name = null;
      Integer number = nameToNumber.get(raw);
      if (number != null) {
        name = raw;
      } else {
        for (Map.Entry<String, Integer> e : nameToNumber.entrySet()) {
          if (e.getKey().equalsIgnoreCase(raw)) {
            name = e.getKey();
            number = e.getValue();
            break;
          }
        }
      }
      if (name == null && NUMBER.matcher(raw).matches()) {
        long n = Long.parseLong(raw);
        for (Map.Entry<String, Integer> e : nameToNumber.entrySet()) {
          if (e.getValue() == n) {
            name = e.getKey();
            number = e.getValue();
            break;
          }
        }
      }
      if (name == null) {
        throw new IllegalArgumentException("expected one of " + nameToNumber.keySet());
      }
      return storage == EnumStorage.NUMBER ? (Object) number : name;
    }

    /** True only for name-stored enums, whose column is text. */
    @Override
    public boolean supportsLike() {
      return storage == EnumStorage.NAME;
    }

    /** Returns "enum [names]". */
    @Override
    public String describe() {
      return "enum " + nameToNumber.keySet();
    }
  }
}
