package io.aloft.propeller.plugin.pod;

import com.google.protobuf.Timestamp;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flyte's command/args templating (flyteplugins pluginmachinery/utils/template.go): {@code {{.Input}}},
 * {@code {{.InputPrefix}}}, {@code {{.OutputPrefix}}}, {@code {{.RawOutputDataPrefix}}},
 * {@code {{.CheckpointOutputPrefix}}}, {@code {{.PrevCheckpointPrefix}}}, {@code {{.PerRetryUniqueKey}}},
 * {@code {{.TaskTemplatePath}}} and {@code {{.Inputs.<var>}}}; case-insensitive, spaces inside the braces allowed, and
 * {@code $} in place of the dot (the legacy {@code {{$input}}} forms).
 */
public final class PodTemplates {
  private static final Pattern INPUT_FILE = Pattern.compile("(?i)\\{\\{\\s*[.$]Input\\s*}}");
  private static final Pattern INPUT_PREFIX = Pattern.compile("(?i)\\{\\{\\s*[.$]InputPrefix\\s*}}");
  private static final Pattern OUTPUT_PREFIX = Pattern.compile("(?i)\\{\\{\\s*[.$]OutputPrefix\\s*}}");
  private static final Pattern INPUT_VAR = Pattern.compile("(?i)\\{\\{\\s*[.$]Inputs\\.([^}\\s]+)\\s*}}");
  private static final Pattern RAW_OUTPUT_PREFIX = Pattern.compile("(?i)\\{\\{\\s*[.$]RawOutputDataPrefix\\s*}}");
  private static final Pattern PER_RETRY_UNIQUE_KEY = Pattern.compile("(?i)\\{\\{\\s*[.$]PerRetryUniqueKey\\s*}}");
  private static final Pattern TASK_TEMPLATE_PATH = Pattern.compile("(?i)\\{\\{\\s*[.$]TaskTemplatePath\\s*}}");
  private static final Pattern PREV_CHECKPOINT = Pattern.compile("(?i)\\{\\{\\s*[.$]PrevCheckpointPrefix\\s*}}");
  private static final Pattern CHECKPOINT = Pattern.compile("(?i)\\{\\{\\s*[.$]CheckpointOutputPrefix\\s*}}");
  private static final Pattern NOT_ALPHANUMERIC = Pattern.compile("[^a-zA-Z0-9_]+");
  private static final Pattern NOT_STARTING_WITH_ALPHA = Pattern.compile("^[^a-zA-Z_]+");

  private PodTemplates() {}

  /**
   * What the templates resolve to for one attempt.
   *
   * @param inputPath the node's inputs.pb
   * @param inputPrefix the directory of inputs.pb
   * @param outputPrefix the attempt's output directory
   * @param rawOutputPrefix the attempt's raw output prefix
   * @param checkpointPrefix where the attempt writes checkpoints
   * @param prevCheckpointPrefix the previous attempt's checkpoints (empty: none)
   * @param generatedName the attempt's generated name, from which the per-retry unique key is made
   * @param inputs the inputs, read only when a template names one
   * @param taskTemplatePath the task template's path, written only when a template asks for it
   */
  public record Params(String inputPath, String inputPrefix, String outputPrefix, String rawOutputPrefix,
      String checkpointPrefix, String prevCheckpointPrefix, String generatedName, Supplier<LiteralMap> inputs,
      Supplier<String> taskTemplatePath) {}

  /** A template that names an input the task does not have, or an input that cannot be rendered as text. */
  public static final class TemplateException extends Exception {
    public TemplateException(String message) {
      super(message);
    }
  }

  /** Renders every element of {@code templates}. */
  public static List<String> render(List<String> templates, Params params) throws TemplateException {
    String key = NOT_ALPHANUMERIC.matcher(
        NOT_STARTING_WITH_ALPHA.matcher(params.generatedName()).replaceAll("a")).replaceAll("_");
    List<String> out = new ArrayList<>(templates.size());
    for (String t : templates) {
      out.add(render(t, params, key));
    }
    return out;
  }

  private static String render(String template, Params p, String perRetryKey) throws TemplateException {
    String v = replace(OUTPUT_PREFIX, template, p.outputPrefix());
    v = replace(INPUT_PREFIX, v, p.inputPrefix());
    v = replace(RAW_OUTPUT_PREFIX, v, p.rawOutputPrefix());
    String prev = p.prevCheckpointPrefix() == null || p.prevCheckpointPrefix().isEmpty()
        ? "\"\"" : p.prevCheckpointPrefix();
    v = replace(PREV_CHECKPOINT, v, prev);
    v = replace(CHECKPOINT, v, p.checkpointPrefix());
    v = replace(PER_RETRY_UNIQUE_KEY, v, perRetryKey);
    v = replace(INPUT_FILE, v, p.inputPath());
    if (TASK_TEMPLATE_PATH.matcher(v).find()) {
      v = replace(TASK_TEMPLATE_PATH, v, p.taskTemplatePath().get());
    }
    Matcher m = INPUT_VAR.matcher(v);
    if (!m.find()) {
      return v;
    }
    LiteralMap inputs = p.inputs().get();
    List<String> errors = new ArrayList<>();
    StringBuilder sb = new StringBuilder();
    do {
      String name = m.group(1);
      Literal literal = inputs.getLiteralsMap().get(name);
      String replacement = "";
      if (literal == null) {
        errors.add("input template [" + m.group() + "]: requested input is not found [" + name + "]");
      } else {
        try {
          replacement = serialize(literal);
        } catch (TemplateException e) {
          errors.add("input template [" + m.group() + "]: failed to bind a value to inputName [" + name + "]: "
              + e.getMessage());
        }
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
    } while (m.find());
    m.appendTail(sb);
    if (!errors.isEmpty()) {
      throw new TemplateException(String.join("; ", errors));
    }
    return sb.toString();
  }

  private static String replace(Pattern p, String in, String value) {
    return p.matcher(in).replaceAll(Matcher.quoteReplacement(value == null ? "" : value));
  }

  /** A literal as text: primitives, blob and schema URIs, collections as {@code [a,b]}. */
  static String serialize(Literal l) throws TemplateException {
    switch (l.getValueCase()) {
      case COLLECTION -> {
        List<String> parts = new ArrayList<>();
        for (Literal sub : l.getCollection().getLiteralsList()) {
          parts.add(serialize(sub));
        }
        return "[" + String.join(",", parts) + "]";
      }
      case SCALAR -> {
        Scalar s = l.getScalar();
        return switch (s.getValueCase()) {
          case PRIMITIVE -> primitive(s.getPrimitive());
          case BLOB -> s.getBlob().getUri();
          case SCHEMA -> s.getSchema().getUri();
          default -> throw new TemplateException("received an unexpected scalar type [" + s.getValueCase() + "]");
        };
      }
      default -> throw new TemplateException("received an unexpected primitive type [" + l.getValueCase() + "]");
    }
  }

  private static String primitive(Primitive p) throws TemplateException {
    return switch (p.getValueCase()) {
      case INTEGER -> Long.toString(p.getInteger());
      case BOOLEAN -> Boolean.toString(p.getBoolean());
      case FLOAT_VALUE -> goFloat(p.getFloatValue());
      case STRING_VALUE -> p.getStringValue();
      case DATETIME -> timestamp(p.getDatetime());
      // Go prints the Duration message in its compact text form.
      case DURATION -> {
        StringBuilder sb = new StringBuilder();
        if (p.getDuration().getSeconds() != 0) {
          sb.append("seconds:").append(p.getDuration().getSeconds());
        }
        if (p.getDuration().getNanos() != 0) {
          sb.append(sb.isEmpty() ? "" : " ").append("nanos:").append(p.getDuration().getNanos());
        }
        yield sb.toString();
      }
      default -> throw new TemplateException("received an unexpected primitive type [" + p.getValueCase() + "]");
    };
  }

  /** RFC 3339 in UTC with 0, 3, 6 or 9 fractional digits (ptypes.TimestampString). */
  static String timestamp(Timestamp t) {
    Instant i = Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    String base = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC).format(i);
    int n = t.getNanos();
    if (n == 0) {
      return base + "Z";
    }
    String frac = n % 1_000_000 == 0 ? String.format("%03d", n / 1_000_000)
        : n % 1000 == 0 ? String.format("%06d", n / 1000) : String.format("%09d", n);
    return base + "." + frac + "Z";
  }

  /**
   * A float64 as Go's {@code %v} prints it: the shortest digits that read back as the value, in exponent form when
   * the decimal exponent is below -4 or at least 6 ({@code 1e+06}, {@code 1.5e-05}, {@code 123456.7}).
   */
  static String goFloat(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    if (d == 0) {
      return (1 / d) < 0 ? "-0" : "0";
    }
    BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    int exp = bd.precision() - bd.scale() - 1;
    if (exp < -4 || exp >= 6) {
      String digits = bd.unscaledValue().abs().toString();
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String e = (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
      return (d < 0 ? "-" : "") + mantissa + "e" + e;
    }
    return bd.toPlainString();
  }
}
