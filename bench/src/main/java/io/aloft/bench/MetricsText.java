package io.aloft.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Samples of a Prometheus text exposition (what /metrics answers), and sums over the ones a predicate selects. */
public final class MetricsText {
  /** One sample: metric name, labels, value. */
  public record Sample(String name, Map<String, String> labels, double value) {
    public String label(String key) {
      return labels.getOrDefault(key, "");
    }
  }

  private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{([^}]*)})?\\s+(\\S+)");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");
  private final List<Sample> samples;

  private MetricsText(List<Sample> samples) {
    this.samples = samples;
  }

  /** Parses {@code text}; comment lines and lines that are not samples are skipped. */
  public static MetricsText parse(String text) {
    List<Sample> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      Matcher m = LINE.matcher(line);
      double value;
      if (!m.find() || Double.isNaN(value = value(m.group(3)))) {
        continue;
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      out.add(new Sample(m.group(1), labels, value));
    }
    return new MetricsText(out);
  }

  private static double value(String text) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> {
        try {
          yield Double.parseDouble(text);
        } catch (NumberFormatException e) {
          yield Double.NaN;
        }
      }
    };
  }

  public List<Sample> samples() {
    return samples;
  }

  /** The sum of the samples of {@code name} that {@code filter} accepts. */
  public double sum(String name, Predicate<Sample> filter) {
    return samples.stream().filter(s -> s.name().equals(name) && filter.test(s)).mapToDouble(Sample::value).sum();
  }

  /** The first sample of {@code name} that {@code filter} accepts, or NaN. */
  public double first(String name, Predicate<Sample> filter) {
    return samples.stream().filter(s -> s.name().equals(name) && filter.test(s)).mapToDouble(Sample::value)
        .findFirst().orElse(Double.NaN);
  }
}
