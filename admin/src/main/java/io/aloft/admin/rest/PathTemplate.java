package io.aloft.admin.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An HttpRule path template ({@code google/api/http.proto}) and its matcher, with grpc-gateway v2's semantics
 * (runtime/pattern.go, internal/httprule):
 * <pre>
 * Template = "/" Segments [ ":" Verb ] ;  Segments = Segment { "/" Segment } ;
 * Segment  = "*" | "**" | LITERAL | Variable ;  Variable = "{" FieldPath [ "=" Segments ] "}" ;
 * </pre>
 * {@code {x}} means {@code {x=*}}. {@code *} matches one path segment (even an empty one), {@code **} zero or more
 * (at most one per template, possibly followed by fixed segments); a variable over several segments captures them
 * joined with {@code /}. A template with a verb matches only a last segment ending in {@code :verb}; without one, a
 * colon is part of the segment.
 */
public final class PathTemplate {
  private static final Pattern FIELD_PATH = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

  private enum Kind { LITERAL, ONE, REST }

  private record Segment(Kind kind, String literal) {}

  /** A variable over segments [start, end) of the template. */
  private record Variable(String fieldPath, int start, int end) {}

  private final String text;
  private final List<Segment> segments;
  private final List<Variable> variables;
  private final String verb;
  /** Index of the {@code **} segment, or -1. */
  private final int rest;

  private PathTemplate(String text, List<Segment> segments, List<Variable> variables, String verb) {
    this.text = text;
    this.segments = List.copyOf(segments);
    this.variables = List.copyOf(variables);
    this.verb = verb;
    int r = -1;
    for (int i = 0; i < segments.size(); i++) {
      if (segments.get(i).kind == Kind.REST) {
        r = i;
      }
    }
    this.rest = r;
  }

  /** Parses {@code template}; throws IllegalArgumentException naming the problem if it is not a valid template. */
  public static PathTemplate parse(String template) {
    if (template == null || !template.startsWith("/") || template.length() < 2) {
      throw invalid(template, "must start with / and have a segment");
    }
    String body = template.substring(1);
    String verb = "";
    int colon = verbColon(body);
    if (colon >= 0) {
      verb = body.substring(colon + 1);
      body = body.substring(0, colon);
      if (verb.isEmpty() || verb.contains("/")) {
        throw invalid(template, "empty or malformed verb");
      }
    }
    List<Segment> segments = new ArrayList<>();
    List<Variable> variables = new ArrayList<>();
    for (String token : splitTopLevel(template, body)) {
      if (token.startsWith("{")) {
        if (!token.endsWith("}")) {
          throw invalid(template, "unterminated variable " + token);
        }
        String inner = token.substring(1, token.length() - 1);
        int eq = inner.indexOf('=');
        String fieldPath = eq < 0 ? inner : inner.substring(0, eq);
        if (!FIELD_PATH.matcher(fieldPath).matches()) {
          throw invalid(template, "bad field path \"" + fieldPath + "\"");
        }
        for (Variable v : variables) {
          if (v.fieldPath.equals(fieldPath)) {
            throw invalid(template, "variable " + fieldPath + " bound twice");
          }
        }
        int start = segments.size();
        if (eq < 0) {
          segments.add(new Segment(Kind.ONE, null));
        } else {
          String sub = inner.substring(eq + 1);
          if (sub.isEmpty()) {
            throw invalid(template, "empty segments in variable " + fieldPath);
          }
          for (String s : sub.split("/", -1)) {
            if (s.contains("{") || s.contains("}")) {
              throw invalid(template, "nested variable in " + fieldPath);
            }
            segments.add(segment(template, s));
          }
        }
        variables.add(new Variable(fieldPath, start, segments.size()));
      } else {
        segments.add(segment(template, token));
      }
    }
    long deep = segments.stream().filter(s -> s.kind == Kind.REST).count();
    if (deep > 1) {
      throw invalid(template, "more than one **");
    }
    return new PathTemplate(template, segments, variables, verb);
  }

  private static Segment segment(String template, String s) {
    return switch (s) {
      case "*" -> new Segment(Kind.ONE, null);
      case "**" -> new Segment(Kind.REST, null);
      case "" -> throw invalid(template, "empty segment");
      default -> {
        if (s.indexOf('{') >= 0 || s.indexOf('}') >= 0 || s.indexOf('*') >= 0 || s.indexOf('=') >= 0) {
          throw invalid(template, "bad literal \"" + s + "\"");
        }
        yield new Segment(Kind.LITERAL, s);
      }
    };
  }

  /** The colon that starts the verb: the last one outside braces with no '/' or '}' after it, or -1. */
  private static int verbColon(String body) {
    int depth = 0;
    int colon = -1;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
        colon = -1;
      } else if (c == '/' && depth == 0) {
        colon = -1;
      } else if (c == ':' && depth == 0) {
        colon = i;
      }
    }
    return colon;
  }

  /** Splits on '/' outside braces. */
  private static List<String> splitTopLevel(String template, String body) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int from = 0;
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '{') {
        if (++depth > 1) {
          throw invalid(template, "nested variable");
        }
      } else if (c == '}') {
        if (--depth < 0) {
          throw invalid(template, "unbalanced }");
        }
      } else if (c == '/' && depth == 0) {
        out.add(body.substring(from, i));
        from = i + 1;
      }
    }
    if (depth != 0) {
      throw invalid(template, "unbalanced {");
    }
    out.add(body.substring(from));
    return out;
  }

  private static IllegalArgumentException invalid(String template, String why) {
    return new IllegalArgumentException("invalid path template \"" + template + "\": " + why);
  }

  /**
   * Matches decoded path components (the request path without its leading '/', split on '/'); returns the
   * variables' values by field path, in template order, or null if the path does not match.
   */
  public Map<String, String> match(List<String> components) {
    List<String> comps = components;
    if (!verb.isEmpty()) {
      if (comps.isEmpty()) {
        return null;
      }
      String last = comps.get(comps.size() - 1);
      String suffix = ":" + verb;
      // grpc-gateway: a last segment that is only ":verb" does not match.
      if (!last.endsWith(suffix) || last.length() == suffix.length()) {
        return null;
      }
      comps = new ArrayList<>(comps);
      comps.set(comps.size() - 1, last.substring(0, last.length() - suffix.length()));
    }
    int fixed = segments.size() - (rest >= 0 ? 1 : 0);
    if (rest < 0 ? comps.size() != fixed : comps.size() < fixed) {
      return null;
    }
    // captured[i] = what segment i consumed
    String[] captured = new String[segments.size()];
    int pos = 0;
    for (int i = 0; i < segments.size(); i++) {
      Segment s = segments.get(i);
      switch (s.kind) {
        case LITERAL -> {
          if (!s.literal.equals(comps.get(pos))) {
            return null;
          }
          captured[i] = s.literal;
          pos++;
        }
        case ONE -> captured[i] = comps.get(pos++);
        case REST -> {
          int end = comps.size() - (segments.size() - 1 - i);
          captured[i] = String.join("/", comps.subList(pos, end));
          pos = end;
        }
      }
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (Variable v : variables) {
      StringBuilder b = new StringBuilder();
      for (int i = v.start; i < v.end; i++) {
        if (i > v.start) {
          b.append('/');
        }
        b.append(captured[i]);
      }
      values.put(v.fieldPath, b.toString());
    }
    return values;
  }

  /** The field paths bound by this template, in template order. */
  public List<String> fieldPaths() {
    return variables.stream().map(Variable::fieldPath).toList();
  }

  /** The literal segments before the first variable or wildcard (e.g. {@code [api, v1, tasks]}). */
  public List<String> literalPrefix() {
    List<String> out = new ArrayList<>();
    for (Segment s : segments) {
      if (s.kind != Kind.LITERAL) {
        break;
      }
      out.add(s.literal);
    }
    return out;
  }

  public String verb() {
    return verb;
  }

  @Override
  public String toString() {
    return text;
  }
}
