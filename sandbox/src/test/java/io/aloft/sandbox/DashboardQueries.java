package io.aloft.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The metric names the Grafana dashboards in deploy/monitoring/dashboards query, and those a Prometheus scrape
 * exports, so a test can require every panel's metrics to exist.
 */
final class DashboardQueries {
  /** One query of one panel of dashboard {@code dashboard} (the file name without .json). */
  record Query(String dashboard, String panel, String expr) {
    Set<String> metrics() {
      return metricNames(expr);
    }
  }

  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
      "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan");

  private DashboardQueries() {}

  /** Every panel query of every dashboard in {@code dir}, rows' nested panels included. */
  static List<Query> load(Path dir) {
    List<Query> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        String dashboard = file.getFileName().toString().replace(".json", "");
        collect(dashboard, new ObjectMapper().readTree(file.toFile()).path("panels"), out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static void collect(String dashboard, JsonNode panels, List<Query> out) {
    for (JsonNode panel : panels) {
      for (JsonNode target : panel.path("targets")) {
        out.add(new Query(dashboard, panel.path("title").asText(), target.path("expr").asText()));
      }
      collect(dashboard, panel.path("panels"), out);
    }
  }

  /**
   * The metric names a PromQL expression selects: its identifiers once label matchers, ranges, strings and
   * grouping clauses are removed, except function and aggregation names (followed by a parenthesis) and keywords.
   */
  static Set<String> metricNames(String expr) {
    String bare = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
        .replaceAll("\\{[^}]*}", " ")
        .replaceAll("\\[[^]]*]", " ")
        .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    Set<String> names = new LinkedHashSet<>();
    Matcher m = IDENTIFIER.matcher(bare);
    while (m.find()) {
      String name = m.group();
      boolean call = bare.substring(m.end()).stripLeading().startsWith("(");
      boolean partOfNumber = m.start() > 0 && Character.isDigit(bare.charAt(m.start() - 1));
      if (!call && !partOfNumber && !KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
        names.add(name);
      }
    }
    return names;
  }

  /** The sample names of a Prometheus text exposition ({@code _bucket}, {@code _count}, ... included). */
  static Set<String> exported(String scrape) {
    Set<String> names = new TreeSet<>();
    for (String line : scrape.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = IDENTIFIER.matcher(line);
      if (m.lookingAt()) {
        names.add(m.group());
      }
    }
    return names;
  }
}
