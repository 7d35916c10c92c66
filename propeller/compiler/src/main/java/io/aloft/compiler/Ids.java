package io.aloft.compiler;

import flyteidl.core.IdentifierOuterClass.Identifier;

/** Map keys and display strings for identifiers. */
final class Ids {
  private Ids() {}

  /** A key that distinguishes identifiers by every field that names an entity. */
  static String key(Identifier id) {
    return id.getResourceTypeValue() + "|" + id.getProject() + "|" + id.getDomain() + "|" + id.getName() + "|"
        + id.getVersion() + "|" + id.getOrg();
  }

  /** {@code project:domain:name:version}, as error messages show it. */
  static String display(Identifier id) {
    return id.getProject() + ":" + id.getDomain() + ":" + id.getName() + ":" + id.getVersion();
  }
}
