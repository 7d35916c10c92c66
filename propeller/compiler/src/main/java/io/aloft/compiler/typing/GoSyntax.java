package io.aloft.compiler.typing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Approximations of the Go standard-library parsers santhosh-tekuri/jsonschema leans on when it checks a schema
 * against its meta-schema: {@code net/url.Parse} (formats uri, uri-reference) and {@code regexp.Compile} (RE2).
 * They accept and reject the inputs JSON-schema generators produce the same way Go does; exotic inputs may differ.
 */
final class GoSyntax {
  private GoSyntax() {}

  /** Thrown where {@code url.Parse} returns an error. */
  static final class BadUrlException extends Exception {
    private static final long serialVersionUID = 1L;

    BadUrlException(String message) {
      super(message, null, false, false);
    }
  }

  /** The scheme {@code url.Parse} finds ("" for a relative reference), or an exception where it errors. */
  static String parseUrlScheme(String raw) throws BadUrlException {
    int hash = raw.indexOf('#');
    String rest = hash < 0 ? raw : raw.substring(0, hash);
    if (hash >= 0) {
      checkEscapes(raw.substring(hash + 1));
    }
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new BadUrlException("net/url: invalid control character in URL");
      }
    }
    String scheme = "";
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
        continue;
      }
      if (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.') {
        if (i == 0) {
          break;
        }
        continue;
      }
      if (c == ':') {
        if (i == 0) {
          throw new BadUrlException("missing protocol scheme");
        }
        scheme = rest.substring(0, i);
        rest = rest.substring(i + 1);
      }
      break;
    }
    int query = rest.indexOf('?');
    if (query >= 0) {
      rest = rest.substring(0, query);
    }
    if (!rest.startsWith("/")) {
      if (!scheme.isEmpty()) {
        return scheme; // opaque URL
      }
      int slash = rest.indexOf('/');
      String segment = slash < 0 ? rest : rest.substring(0, slash);
      if (segment.contains(":")) {
        throw new BadUrlException("first path segment in URL cannot contain colon");
      }
    }
    if ((!scheme.isEmpty() || !rest.startsWith("///")) && rest.startsWith("//")) {
      String authority = rest.substring(2);
      int slash = authority.indexOf('/');
      String path = slash < 0 ? "" : authority.substring(slash);
      authority = slash < 0 ? authority : authority.substring(0, slash);
      checkAuthority(authority);
      rest = path;
    }
    checkEscapes(rest);
    return scheme;
  }

  private static void checkAuthority(String authority) throws BadUrlException {
    int at = authority.lastIndexOf('@');
    String host = at < 0 ? authority : authority.substring(at + 1);
    if (at >= 0) {
      String userinfo = authority.substring(0, at);
      for (int i = 0; i < userinfo.length(); i++) {
        char c = userinfo.charAt(i);
        if (!(Character.isLetterOrDigit(c) || "-._:~!$&'()*+,;=%@".indexOf(c) >= 0 || c >= 0x80)) {
          throw new BadUrlException("net/url: invalid userinfo");
        }
      }
      checkEscapes(userinfo);
    }
    String port;
    if (host.startsWith("[")) {
      int close = host.lastIndexOf(']');
      if (close < 0) {
        throw new BadUrlException("missing ']' in host");
      }
      port = host.substring(close + 1);
      if (!port.isEmpty() && !port.startsWith(":")) {
        throw new BadUrlException("invalid port after host");
      }
    } else {
      int colon = host.lastIndexOf(':');
      port = colon < 0 ? "" : host.substring(colon);
      for (int i = 0; i < host.length(); i++) {
        char c = host.charAt(i);
        if (c < 0x80 && !(Character.isLetterOrDigit(c) || "-._~!$&'()*+,;=:[]<>\"%".indexOf(c) >= 0)) {
          throw new BadUrlException("invalid character in host name");
        }
      }
      checkEscapes(host);
    }
    if (!port.isEmpty() && !port.substring(1).chars().allMatch(Character::isDigit)) {
      throw new BadUrlException("invalid port");
    }
  }

  private static void checkEscapes(String s) throws BadUrlException {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '%') {
        if (i + 2 >= s.length() || !isHex(s.charAt(i + 1)) || !isHex(s.charAt(i + 2))) {
          throw new BadUrlException("invalid URL escape");
        }
        i += 2;
      }
    }
  }

  private static boolean isHex(char c) {
    return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
  }

  private static final Pattern GO_NAMED_GROUP = Pattern.compile("\\(\\?P?<([^>]*)>");
  private static final Pattern BIG_REPEAT = Pattern.compile("\\{(\\d+)(,(\\d*))?}");

  /** Whether Go's {@code regexp.Compile} (RE2 syntax) accepts the pattern. */
  static boolean isRe2Regex(String regex) {
    // Constructs Java accepts but RE2 rejects: look-around, atomic groups, back-references, possessive quantifiers
    // and escapes RE2 does not define.
    boolean inClass = false;
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\') {
        if (i + 1 >= regex.length()) {
          return false;
        }
        char e = regex.charAt(i + 1);
        if (e == 'Q') {
          int end = regex.indexOf("\\E", i + 2);
          i = end < 0 ? regex.length() : end + 1;
          continue;
        }
        if (Character.isLetterOrDigit(e) && "afnrtvdDsSwWpPxz01234567".indexOf(e) < 0
            && !(!inClass && "bBA".indexOf(e) >= 0)) {
          return false;
        }
        if (e >= '1' && e <= '9' && !inClass) {
          return false; // back-reference (RE2 reads \1..\7 only inside classes as octal)
        }
        i++;
        continue;
      }
      if (inClass) {
        if (c == ']') {
          inClass = false;
        }
        continue;
      }
      if (c == '[') {
        inClass = true;
        if (i + 1 < regex.length() && regex.charAt(i + 1) == '^') {
          i++;
        }
        if (i + 1 < regex.length() && regex.charAt(i + 1) == ']') {
          i++;
        }
        continue;
      }
      if (c == '(' && regex.startsWith("(?", i)) {
        if (regex.startsWith("(?=", i) || regex.startsWith("(?!", i) || regex.startsWith("(?<=", i)
            || regex.startsWith("(?<!", i) || regex.startsWith("(?>", i)) {
          return false;
        }
      }
      if ((c == '*' || c == '+' || c == '?' || c == '}') && i + 1 < regex.length() && regex.charAt(i + 1) == '+') {
        return false;
      }
    }
    Matcher repeat = BIG_REPEAT.matcher(regex);
    while (repeat.find()) {
      if (exceeds1000(repeat.group(1)) || repeat.group(3) != null && exceeds1000(repeat.group(3))) {
        return false;
      }
    }
    // Go accepts (?P<name>...) and (?<name>...) with word-character names; Java wants letters and digits only.
    StringBuilder javaRegex = new StringBuilder();
    Matcher named = GO_NAMED_GROUP.matcher(regex);
    int group = 0;
    while (named.find()) {
      if (!named.group(1).matches("[A-Za-z0-9_]+")) {
        return false;
      }
      named.appendReplacement(javaRegex, "(?<g" + group++ + ">");
    }
    named.appendTail(javaRegex);
    try {
      Pattern.compile(javaRegex.toString());
      return true;
    } catch (PatternSyntaxException e) {
      return false;
    }
  }

  private static boolean exceeds1000(String digits) {
    return !digits.isEmpty() && (digits.length() > 4 || Integer.parseInt(digits) > 1000);
  }
}
