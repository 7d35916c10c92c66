package io.aloft.compiler.typing;

import io.aloft.compiler.typing.JsonValues.JsonNull;
import io.aloft.compiler.typing.JsonValues.JsonNumber;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles JSON-schema documents the way github.com/santhosh-tekuri/jsonschema v1.2.4 does, which is the library
 * Flyte's {@code isSuperTypeInJSON} uses before handing the result to json-schema-compare. Only what the comparison
 * reads is kept. A document the library would reject (unknown {@code $schema}, meta-schema violation, unresolvable
 * {@code $ref}) fails with {@link SchemaException}; the library's own panics surface as runtime exceptions.
 */
final class SchemaCompiler {
  /** The library returns an error from {@code Compile}. */
  static final class SchemaException extends Exception {
    private static final long serialVersionUID = 1L;

    SchemaException(String message) {
      super(message, null, false, false);
    }
  }

  /** The fields of the library's {@code Schema} that json-schema-compare reads. */
  static final class Schema {
    Boolean always;
    Schema ref;
    List<String> types;
    List<Object> enumValues;
    Schema not;
    List<Schema> allOf;
    List<Schema> anyOf;
    List<Schema> oneOf;
    // Counters default to 0 (Go's zero value) and become -1 for "absent" only when compiled from an object.
    long minProperties;
    long maxProperties;
    List<String> required;
    Map<String, Schema> properties;
    int patternPropertiesCount;
    Object additionalProperties; // null, Boolean.FALSE or Schema
    int dependenciesCount;
    long minItems;
    long maxItems;
    boolean uniqueItems;
    Object items; // null, Schema or List<Schema>
    Object additionalItems; // null, Boolean or Schema
    long minLength;
    long maxLength;
    String pattern;
    String formatName = "";
    Double minimum;
    Double maximum;
    Double exclusiveMinimum;
    Double exclusiveMaximum;
    Double multipleOf;
    List<Object> constant;
    Schema ifSchema;
    Schema thenSchema;
    Schema elseSchema;
  }

  private record Draft(int version, String idKeyword) {}

  private static final Draft DRAFT4 = new Draft(4, "id");
  private static final Draft DRAFT6 = new Draft(6, "$id");
  private static final Draft DRAFT7 = new Draft(7, "$id");

  private static final class Resource {
    final String url;
    final Map<String, Object> doc;
    Draft draft;
    final Map<String, Schema> schemas = new HashMap<>();

    Resource(String url, Map<String, Object> doc) {
      this.url = url;
      this.doc = doc;
    }
  }

  private final Map<String, Resource> resources = new LinkedHashMap<>();

  /** Adds an in-memory document under a fragment-less URL ({@code Compiler.AddResource}). */
  void addResource(String url, Map<String, Object> doc) {
    resources.put(url, new Resource(url, doc));
  }

  /** {@code Compiler.Compile}: the schema at a URL, drafting by the document's {@code $schema} (draft 7 if none). */
  Schema compile(String url) throws SchemaException {
    String[] split = split(url);
    Resource r = resources.get(split[0]);
    if (r == null) {
      // Only in-memory resources exist: Flyte's process would try its file loader, which we never do.
      throw new SchemaException("no resource " + split[0]);
    }
    if (r.draft == null) {
      if (r.doc.containsKey("$schema")) {
        Object schemaUrl = r.doc.get("$schema");
        r.draft = switch (schemaUrl instanceof String s ? s : "") {
          case "http://json-schema.org/schema#", "http://json-schema.org/draft-07/schema#" -> DRAFT7;
          case "http://json-schema.org/draft-06/schema#" -> DRAFT6;
          case "http://json-schema.org/draft-04/schema#" -> DRAFT4;
          default -> throw new SchemaException("unknown $schema " + schemaUrl);
        };
      }
      if (r.draft == null) {
        r.draft = DRAFT7;
      }
    }
    return compileRef(r, r.url, split[1]);
  }

  private Schema compileRef(Resource r, String base, String ref) throws SchemaException {
    if (rootFragment(ref)) {
      Schema s = r.schemas.get("#");
      if (s == null) {
        MetaSchema.validate(r.draft.version, r.doc);
        s = new Schema();
        r.schemas.put("#", s);
        compileValue(r, s, base, r.doc);
      }
      return s;
    }
    if (ref.startsWith("#/")) {
      Schema s = r.schemas.get(ref);
      if (s == null) {
        Object[] resolved = resolvePointer(r, ref);
        MetaSchema.validate(r.draft.version, resolved[1]);
        s = new Schema();
        r.schemas.put(ref, s);
        compileValue(r, s, (String) resolved[0], resolved[1]);
      }
      return s;
    }
    String refUrl = resolveUrl(base, ref);
    Schema cached = r.schemas.get(refUrl);
    if (cached != null) {
      return cached;
    }
    Map<String, Map<String, Object>> ids = new HashMap<>();
    resolveIds(r.draft, r.url, r.doc, ids);
    Map<String, Object> byId = ids.get(refUrl);
    if (byId != null) {
      MetaSchema.validate(r.draft.version, byId);
      Schema s = new Schema();
      r.schemas.put(refUrl, s);
      compileMap(r, s, refUrl, byId);
      return s;
    }
    if (split(refUrl)[0].equals(r.url)) {
      throw new SchemaException("invalid ref: " + refUrl);
    }
    return compile(refUrl);
  }

  /** {@code compile}: booleans become always-pass/always-fail schemas, objects are compiled keyword by keyword. */
  private Schema compileValue(Resource r, Schema s, String base, Object value) throws SchemaException {
    if (s == null) {
      s = new Schema();
    }
    if (value instanceof Boolean b) {
      s.always = b;
      return s;
    }
    compileMap(r, s, base, asMap(value));
    return s;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object value) {
    if (value instanceof Map) {
      return (Map<String, Object>) value;
    }
    throw new IllegalStateException("interface conversion: not a map"); // a Go panic
  }

  @SuppressWarnings("unchecked")
  private static List<Object> asList(Object value) {
    if (value instanceof List) {
      return (List<Object>) value;
    }
    throw new IllegalStateException("interface conversion: not a slice"); // a Go panic
  }

  private static String asString(Object value) {
    if (value instanceof String s) {
      return s;
    }
    throw new IllegalStateException("interface conversion: not a string"); // a Go panic
  }

  private static JsonNumber asNumber(Object value) {
    if (value instanceof JsonNumber n) {
      return n;
    }
    throw new IllegalStateException("interface conversion: not a json.Number"); // a Go panic
  }

  private void compileMap(Resource r, Schema s, String base, Map<String, Object> m) throws SchemaException {
    if (m.containsKey(r.draft.idKeyword())) {
      base = resolveUrl(base, asString(m.get(r.draft.idKeyword())));
    }
    if (m.containsKey("$ref")) {
      // All other keywords of a "$ref" object are ignored.
      s.ref = compileRef(r, split(base)[0], asString(m.get("$ref")));
      return;
    }
    Object type = m.get("type");
    if (type instanceof String t) {
      s.types = new ArrayList<>(List.of(t));
    } else if (type instanceof List<?> list) {
      s.types = toStrings(list);
    }
    if (m.containsKey("enum")) {
      s.enumValues = asList(m.get("enum"));
    }
    s.not = loadSchema(r, base, m, "not");
    s.allOf = loadSchemas(r, base, m, "allOf");
    s.anyOf = loadSchemas(r, base, m, "anyOf");
    s.oneOf = loadSchemas(r, base, m, "oneOf");
    s.minProperties = loadInt(m, "minProperties");
    s.maxProperties = loadInt(m, "maxProperties");
    if (m.containsKey("required")) {
      s.required = toStrings(asList(m.get("required")));
    }
    if (m.containsKey("properties")) {
      Map<String, Object> props = asMap(m.get("properties"));
      s.properties = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : props.entrySet()) {
        s.properties.put(e.getKey(), compileValue(r, null, base, e.getValue()));
      }
    }
    if (m.containsKey("regexProperties") && !(m.get("regexProperties") instanceof Boolean)) {
      throw new IllegalStateException("interface conversion: regexProperties is not a bool");
    }
    if (m.containsKey("patternProperties")) {
      Map<String, Object> props = asMap(m.get("patternProperties"));
      for (Map.Entry<String, Object> e : props.entrySet()) {
        if (!GoSyntax.isRe2Regex(e.getKey())) {
          throw new IllegalStateException("regexp: Compile(" + e.getKey() + ")"); // MustCompile panics
        }
        compileValue(r, null, base, e.getValue());
      }
      s.patternPropertiesCount = props.size();
    }
    if (m.containsKey("additionalProperties")) {
      Object additional = m.get("additionalProperties");
      if (additional instanceof Boolean b) {
        if (!b) {
          s.additionalProperties = Boolean.FALSE; // "true" leaves the field nil
        }
      } else if (additional instanceof Map) {
        s.additionalProperties = compileValue(r, null, base, additional);
      }
    }
    if (m.containsKey("dependencies")) {
      Map<String, Object> deps = asMap(m.get("dependencies"));
      for (Object dep : deps.values()) {
        if (dep instanceof List<?> list) {
          toStrings(list);
        } else {
          compileValue(r, null, base, dep);
        }
      }
      s.dependenciesCount = deps.size();
    }
    s.minItems = loadInt(m, "minItems");
    s.maxItems = loadInt(m, "maxItems");
    if (m.containsKey("uniqueItems")) {
      if (!(m.get("uniqueItems") instanceof Boolean unique)) {
        throw new IllegalStateException("interface conversion: uniqueItems is not a bool");
      }
      s.uniqueItems = unique;
    }
    if (m.containsKey("items")) {
      Object items = m.get("items");
      if (items instanceof List) {
        s.items = loadSchemas(r, base, m, "items");
        if (m.containsKey("additionalItems")) {
          Object additional = m.get("additionalItems");
          if (additional instanceof Boolean b) {
            s.additionalItems = b;
          } else if (additional instanceof Map) {
            s.additionalItems = compileValue(r, null, base, additional);
          }
        } else {
          s.additionalItems = Boolean.TRUE;
        }
      } else {
        s.items = compileValue(r, null, base, items);
      }
    }
    s.minLength = loadInt(m, "minLength");
    s.maxLength = loadInt(m, "maxLength");
    if (m.containsKey("pattern")) {
      s.pattern = asString(m.get("pattern"));
      if (!GoSyntax.isRe2Regex(s.pattern)) {
        throw new IllegalStateException("regexp: Compile(" + s.pattern + ")"); // MustCompile panics
      }
    }
    if (m.containsKey("format")) {
      s.formatName = asString(m.get("format"));
    }
    s.minimum = loadFloat(m, "minimum");
    if (m.containsKey("exclusiveMinimum")) {
      if (m.get("exclusiveMinimum") instanceof Boolean exclusive) {
        if (exclusive) {
          s.exclusiveMinimum = s.minimum;
          s.minimum = null;
        }
      } else {
        s.exclusiveMinimum = loadFloat(m, "exclusiveMinimum");
      }
    }
    s.maximum = loadFloat(m, "maximum");
    if (m.containsKey("exclusiveMaximum")) {
      if (m.get("exclusiveMaximum") instanceof Boolean exclusive) {
        if (exclusive) {
          s.exclusiveMaximum = s.maximum;
          s.maximum = null;
        }
      } else {
        s.exclusiveMaximum = loadFloat(m, "exclusiveMaximum");
      }
    }
    s.multipleOf = loadFloat(m, "multipleOf");
    if (r.draft.version() >= 6) {
      if (m.containsKey("const")) {
        List<Object> constant = new ArrayList<>();
        constant.add(m.get("const"));
        s.constant = constant;
      }
      loadSchema(r, base, m, "propertyNames");
      loadSchema(r, base, m, "contains");
    }
    if (r.draft.version() >= 7) {
      // Go tests m["if"] != nil, so a JSON null counts as absent.
      if (present(m, "if") && (present(m, "then") || present(m, "else"))) {
        s.ifSchema = loadSchema(r, base, m, "if");
        s.thenSchema = loadSchema(r, base, m, "then");
        s.elseSchema = loadSchema(r, base, m, "else");
      }
      if (m.containsKey("contentEncoding")) {
        asString(m.get("contentEncoding"));
      }
      if (m.containsKey("contentMediaType")) {
        asString(m.get("contentMediaType"));
      }
    }
  }

  private static boolean present(Map<String, Object> m, String key) {
    return m.containsKey(key) && m.get(key) != JsonNull.NULL;
  }

  private Schema loadSchema(Resource r, String base, Map<String, Object> m, String key) throws SchemaException {
    return m.containsKey(key) ? compileValue(r, null, base, m.get(key)) : null;
  }

  private List<Schema> loadSchemas(Resource r, String base, Map<String, Object> m, String key)
      throws SchemaException {
    if (!m.containsKey(key)) {
      return null;
    }
    List<Schema> schemas = new ArrayList<>();
    for (Object v : asList(m.get(key))) {
      schemas.add(compileValue(r, null, base, v));
    }
    return schemas;
  }

  private static long loadInt(Map<String, Object> m, String key) {
    return m.containsKey(key) ? asNumber(m.get(key)).int64IgnoringError() : -1;
  }

  private static Double loadFloat(Map<String, Object> m, String key) {
    return m.containsKey(key) ? asNumber(m.get(key)).value() : null;
  }

  private static List<String> toStrings(List<?> list) {
    List<String> out = new ArrayList<>();
    for (Object o : list) {
      out.add(asString(o));
    }
    return out;
  }

  /** {@code resource.resolvePtr}: walks a JSON pointer from the document root, tracking the base URL by ids. */
  private static Object[] resolvePointer(Resource r, String ptr) throws SchemaException {
    String base = r.url;
    Object doc = r.doc;
    for (String raw : ptr.substring(2).split("/", -1)) {
      String item = unescapePath(raw.replace("~1", "/").replace("~0", "~"));
      if (doc instanceof Map<?, ?> map) {
        Object id = map.get(r.draft.idKeyword());
        if (id instanceof String s) {
          base = resolveUrl(base, s);
        }
        doc = map.containsKey(item) ? map.get(item) : JsonNull.NULL;
      } else if (doc instanceof List<?> list) {
        int index;
        try {
          index = Integer.parseInt(item);
        } catch (NumberFormatException e) {
          throw new SchemaException("invalid $ref " + ptr);
        }
        if (index < 0 || index >= list.size()) {
          throw new SchemaException("invalid $ref " + ptr + ", reason: array index outofrange");
        }
        doc = list.get(index);
      } else {
        throw new SchemaException("invalid $ref " + ptr);
      }
    }
    return new Object[] {base, doc};
  }

  private static String unescapePath(String s) throws SchemaException {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '%') {
        if (i + 2 >= bytes.length) {
          throw new SchemaException("unable to url unscape: " + s);
        }
        int hi = Character.digit(bytes[i + 1], 16);
        int lo = Character.digit(bytes[i + 2], 16);
        if (hi < 0 || lo < 0) {
          throw new SchemaException("unable to url unscape: " + s);
        }
        out.write(hi * 16 + lo);
        i += 2;
      } else {
        out.write(bytes[i]);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** {@code resolveIDs}: the sub-documents reachable through keywords that carry an id, keyed by resolved URL. */
  private static void resolveIds(Draft draft, String base, Object v, Map<String, Map<String, Object>> ids)
      throws SchemaException {
    if (!(v instanceof Map)) {
      return;
    }
    Map<String, Object> m = asMap(v);
    if (m.containsKey(draft.idKeyword())) {
      base = resolveUrl(base, asString(m.get(draft.idKeyword())));
      ids.put(base, m);
    }
    for (String key : List.of("not", "additionalProperties")) {
      if (m.containsKey(key)) {
        resolveIds(draft, base, m.get(key), ids);
      }
    }
    for (String key : List.of("allOf", "anyOf", "oneOf")) {
      if (m.containsKey(key)) {
        for (Object o : asList(m.get(key))) {
          resolveIds(draft, base, o, ids);
        }
      }
    }
    for (String key : List.of("definitions", "properties", "patternProperties", "dependencies")) {
      if (m.containsKey(key)) {
        for (Object o : asMap(m.get(key)).values()) {
          resolveIds(draft, base, o, ids);
        }
      }
    }
    if (m.containsKey("items")) {
      Object items = m.get("items");
      if (items instanceof Map) {
        resolveIds(draft, base, items, ids);
      } else if (items instanceof List<?> list) {
        for (Object o : list) {
          resolveIds(draft, base, o, ids);
        }
      }
      if (m.get("additionalItems") instanceof Map) {
        resolveIds(draft, base, m.get("additionalItems"), ids);
      }
    }
    if (draft.version() >= 6) {
      for (String key : List.of("propertyNames", "contains")) {
        if (m.containsKey(key)) {
          resolveIds(draft, base, m.get(key), ids);
        }
      }
    }
    if (draft.version() >= 7 && m.containsKey("if")) {
      for (String key : List.of("if", "then", "else")) {
        if (m.containsKey(key)) {
          resolveIds(draft, base, m.get(key), ids);
        }
      }
    }
  }

  static String[] split(String uri) {
    int hash = uri.indexOf('#');
    return hash < 0 ? new String[] {uri, "#"} : new String[] {uri.substring(0, hash), uri.substring(hash)};
  }

  private static boolean rootFragment(String fragment) {
    return fragment.isEmpty() || fragment.equals("#") || fragment.equals("#/");
  }

  private static String normalize(String url) {
    String[] split = split(url);
    return split[0] + (rootFragment(split[1]) ? "#" : split[1]);
  }

  /** {@code resolveURL}: absolute references win, absolute bases resolve per RFC 3986, else file-path joining. */
  static String resolveUrl(String base, String ref) throws SchemaException {
    if (ref.isEmpty()) {
      return base;
    }
    try {
      if (!GoSyntax.parseUrlScheme(ref).isEmpty()) {
        return normalize(ref);
      }
      if (!GoSyntax.parseUrlScheme(base).isEmpty()) {
        try {
          return normalize(new URI(base).resolve(new URI(ref)).toString());
        } catch (URISyntaxException | IllegalArgumentException e) {
          throw new SchemaException("cannot resolve " + ref + " against " + base);
        }
      }
    } catch (GoSyntax.BadUrlException e) {
      throw new SchemaException(e.getMessage());
    }
    String b = split(base)[0];
    String[] r = split(ref);
    if (r[0].isEmpty()) {
      return b + r[1];
    }
    int slash = b.lastIndexOf('/');
    String dir = slash < 0 ? "" : b.substring(0, slash + 1);
    return cleanPath(dir + r[0]) + r[1];
  }

  /** Go's {@code filepath.Clean} for slash-separated paths. */
  private static String cleanPath(String path) {
    boolean rooted = path.startsWith("/");
    Deque<String> parts = new ArrayDeque<>();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!parts.isEmpty() && !parts.peekLast().equals("..")) {
          parts.removeLast();
        } else if (!rooted) {
          parts.addLast("..");
        }
        continue;
      }
      parts.addLast(part);
    }
    String joined = String.join("/", parts);
    if (rooted) {
      return "/" + joined;
    }
    return joined.isEmpty() ? "." : joined;
  }

  /**
   * The draft 4/6/7 meta-schemas the library validates every compiled document against, written out keyword by
   * keyword. Violations make {@code Compile} fail.
   */
  static final class MetaSchema {
    private MetaSchema() {}

    private static final Set<String> SIMPLE_TYPES =
        Set.of("array", "boolean", "integer", "null", "number", "object", "string");

    // formats.go's registry, plus "encoding" and "mediatype" that compiler.go registers.
    private static final Set<String> FORMATS = Set.of("date-time", "date", "time", "hostname", "email",
        "ip-address", "ipv4", "ipv6", "uri", "iri", "uri-reference", "uriref", "iri-reference", "uri-template",
        "regex", "json-pointer", "relative-json-pointer", "format", "encoding", "mediatype");

    static void validate(int version, Object schema) throws SchemaException {
      if (!schema(version, schema)) {
        throw new SchemaException("doesn't validate with the draft-0" + version + " meta-schema");
      }
    }

    private static boolean schema(int version, Object v) {
      if (v instanceof Boolean) {
        return version >= 6;
      }
      if (!(v instanceof Map<?, ?> m)) {
        return false;
      }
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!keyword(version, (String) e.getKey(), e.getValue())) {
          return false;
        }
      }
      if (version == 4) {
        if (m.containsKey("exclusiveMaximum") && !m.containsKey("maximum")) {
          return false;
        }
        if (m.containsKey("exclusiveMinimum") && !m.containsKey("minimum")) {
          return false;
        }
      }
      return true;
    }

    private static boolean keyword(int version, String key, Object v) {
      return switch (key) {
        case "id" -> version != 4 || v instanceof String s && uriReference(s);
        case "$id" -> version == 4 || v instanceof String s && uriReference(s);
        case "$schema" -> v instanceof String s && uri(s);
        case "$ref" -> v instanceof String s && (version == 4 || uriReference(s));
        case "$comment" -> version != 7 || v instanceof String;
        case "title", "description" -> v instanceof String;
        case "readOnly" -> version != 7 || v instanceof Boolean;
        case "examples" -> version != 7 || v instanceof List;
        case "multipleOf" -> v instanceof JsonNumber n && n.value() > 0;
        case "maximum", "minimum" -> v instanceof JsonNumber;
        case "exclusiveMaximum", "exclusiveMinimum" -> version == 4 ? v instanceof Boolean : v instanceof JsonNumber;
        case "maxLength", "minLength", "maxItems", "minItems", "maxProperties", "minProperties" ->
            nonNegativeInteger(v);
        case "pattern" -> v instanceof String s && GoSyntax.isRe2Regex(s);
        case "additionalItems", "additionalProperties" -> version == 4 && v instanceof Boolean || schema(version, v);
        case "items" -> schema(version, v) || schemaArray(version, v);
        case "uniqueItems" -> v instanceof Boolean;
        case "contains", "propertyNames" -> version == 4 || schema(version, v);
        case "required" -> stringArray(v, version == 4);
        case "definitions", "properties" -> schemaMap(version, v, false);
        case "patternProperties" -> schemaMap(version, v, true);
        case "regexProperties" -> version != 4 || v instanceof Boolean;
        case "dependencies" -> v instanceof Map<?, ?> deps
            && deps.values().stream().allMatch(d -> schema(version, d) || stringArray(d, version == 4));
        case "enum" -> v instanceof List<?> list && !list.isEmpty() && unique(list);
        case "type" -> v instanceof String s ? SIMPLE_TYPES.contains(s)
            : v instanceof List<?> list && !list.isEmpty() && unique(list)
                && list.stream().allMatch(t -> t instanceof String s && SIMPLE_TYPES.contains(s));
        case "format" -> v instanceof String s && FORMATS.contains(s);
        case "contentMediaType" -> version != 7 || v instanceof String s && s.equals("application/json");
        case "contentEncoding" -> version != 7 || v instanceof String s && s.equals("base64");
        case "if", "then", "else" -> version != 7 || schema(version, v);
        case "allOf", "anyOf", "oneOf" -> schemaArray(version, v);
        case "not" -> schema(version, v);
        default -> true; // "default", "const" and unknown keywords are unconstrained
      };
    }

    private static boolean nonNegativeInteger(Object v) {
      return v instanceof JsonNumber n && n.isIntegerText() && n.value() >= 0;
    }

    private static boolean schemaArray(int version, Object v) {
      return v instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(s -> schema(version, s));
    }

    private static boolean schemaMap(int version, Object v, boolean regexKeys) {
      if (!(v instanceof Map<?, ?> m)) {
        return false;
      }
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (regexKeys && !GoSyntax.isRe2Regex((String) e.getKey()) || !schema(version, e.getValue())) {
          return false;
        }
      }
      return true;
    }

    private static boolean stringArray(Object v, boolean nonEmpty) {
      return v instanceof List<?> list && (!nonEmpty || !list.isEmpty()) && unique(list)
          && list.stream().allMatch(s -> s instanceof String);
    }

    private static boolean unique(List<?> list) {
      for (int i = 1; i < list.size(); i++) {
        for (int j = 0; j < i; j++) {
          if (JsonValues.schemaEquals(list.get(i), list.get(j))) {
            return false;
          }
        }
      }
      return true;
    }

    private static boolean uriReference(String s) {
      try {
        GoSyntax.parseUrlScheme(s);
        return true;
      } catch (GoSyntax.BadUrlException e) {
        return false;
      }
    }

    private static boolean uri(String s) {
      try {
        return !GoSyntax.parseUrlScheme(s).isEmpty();
      } catch (GoSyntax.BadUrlException e) {
        return false;
      }
    }
  }
}
