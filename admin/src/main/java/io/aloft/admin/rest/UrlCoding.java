package io.aloft.admin.rest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decoding of request paths and query strings as Go's net/url does for grpc-gateway: {@code url.ParseQuery}
 * ('&amp;'-separated, '+' is a space, a ';' is an error, empty pairs skipped) and path unescaping ('+' stays).
 */
final class UrlCoding {
  private UrlCoding() {}

  /** The query's parameters in order of first appearance, each with its values in order. */
  static Map<String, List<String>> parseQuery(String query) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (query == null || query.isEmpty()) {
      return out;
    }
    for (String pair : query.split("&", -1)) {
      if (pair.indexOf(';') >= 0) {
        throw new IllegalArgumentException("invalid semicolon separator in query");
      }
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = unescape(eq < 0 ? pair : pair.substring(0, eq), true);
      String value = eq < 0 ? "" : unescape(pair.substring(eq + 1), true);
      out.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
    }
    return out;
  }

  /** The path's components after its leading '/', unescaped after splitting on the '/' of the decoded path. */
  static List<String> pathComponents(String rawPath) {
    if (rawPath == null || !rawPath.startsWith("/")) {
      throw new IllegalArgumentException("path must start with /");
    }
    // grpc-gateway's default (legacy) unescaping works on the decoded path: an escaped "/" also separates.
    String decoded = unescape(rawPath.substring(1), false);
    List<String> out = new ArrayList<>();
    int from = 0;
    for (int i = 0; i <= decoded.length(); i++) {
      if (i == decoded.length() || decoded.charAt(i) == '/') {
        out.add(decoded.substring(from, i));
        from = i + 1;
      }
    }
    return out;
  }

  /** Percent-decoding to UTF-8; in a query '+' is a space. Throws IllegalArgumentException on a bad escape. */
  static String unescape(String s, boolean query) {
    if (s.indexOf('%') < 0 && !(query && s.indexOf('+') >= 0)) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length() || hex(s.charAt(i + 1)) < 0 || hex(s.charAt(i + 2)) < 0) {
          String bad = s.substring(i, Math.min(i + 3, s.length()));
          throw new IllegalArgumentException("invalid URL escape \"" + bad + "\"");
        }
        bytes.write(hex(s.charAt(i + 1)) << 4 | hex(s.charAt(i + 2)));
        i += 2;
      } else if (c == '+' && query) {
        bytes.write(' ');
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
          b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        bytes.writeBytes(b);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
