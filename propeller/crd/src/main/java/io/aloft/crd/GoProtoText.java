package io.aloft.crd;

import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;

/**
 * Go's {@code core.Identifier.String()} (single-line prototext), which Flyte's k8s transformer uses as the key of the
 * resource's {@code tasks} and {@code subWorkflows} maps and in nodes' {@code task} and {@code subWorkflowRef}:
 * {@code resource_type:TASK project:"p" domain:"d" name:"n" version:"v"}. Fields at their zero value are left out.
 *
 * <p>Go's text marshaler doubles a separating space at places fixed per binary ({@code detrand}), so Flyte's keys
 * may carry a second space here and there; a single space is written here. Only consistency within one resource
 * matters: the keys are looked up with references built the same way.
 */
public final class GoProtoText {
  private GoProtoText() {}

  /** Go's {@code id.String()}. */
  public static String identifier(Identifier id) {
    StringBuilder out = new StringBuilder();
    if (id.getResourceTypeValue() != 0) {
      // An enum value this flyteidl does not name is written as its number, as Go does.
      ResourceType type = ResourceType.forNumber(id.getResourceTypeValue());
      field(out, "resource_type").append(type != null ? type.name() : String.valueOf(id.getResourceTypeValue()));
    }
    string(out, "project", id.getProject());
    string(out, "domain", id.getDomain());
    string(out, "name", id.getName());
    string(out, "version", id.getVersion());
    string(out, "org", id.getOrg());
    return out.toString();
  }

  private static StringBuilder field(StringBuilder out, String name) {
    if (!out.isEmpty()) {
      out.append(' ');
    }
    return out.append(name).append(':');
  }

  private static void string(StringBuilder out, String name, String value) {
    if (!value.isEmpty()) {
      field(out, name);
      quote(out, value);
    }
  }

  /** Go's prototext string quoting (internal/encoding/text appendString, outputASCII false). */
  static void quote(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); ) {
      int r = s.codePointAt(i);
      i += Character.charCount(r);
      if (r < ' ' || r == '"' || r == '\\' || r == 0x7f) {
        out.append('\\');
        switch (r) {
          case '"', '\\' -> out.append((char) r);
          case '\n' -> out.append('n');
          case '\r' -> out.append('r');
          case '\t' -> out.append('t');
          default -> out.append('x').append(String.format("%02x", r));
        }
      } else if (r >= 0x80 && r <= 0x9f) {
        out.append("\\u").append(String.format("%04x", r));
      } else {
        out.appendCodePoint(r);
      }
    }
    out.append('"');
  }
}
