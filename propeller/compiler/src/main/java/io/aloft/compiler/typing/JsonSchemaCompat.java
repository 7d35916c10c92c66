package io.aloft.compiler.typing;

import com.google.protobuf.Struct;
import io.aloft.compiler.typing.JsonValues.JsonNull;
import io.aloft.compiler.typing.JsonValues.JsonNumber;
import io.aloft.compiler.typing.JsonValues.NotMarshalableException;
import io.aloft.compiler.typing.SchemaCompiler.Schema;
import io.aloft.compiler.typing.SchemaCompiler.SchemaException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Flyte's JSON-schema test for two STRUCT types that both carry a schema in their metadata (dataclasses, Pydantic
 * models): typing.go {@code isSameTypeInJSON} || {@code isSuperTypeInJSON}, the latter being
 * gitlab.com/yvesf/json-schema-compare run over santhosh-tekuri/jsonschema v1.2.4 compilations.
 */
final class JsonSchemaCompat {
  private JsonSchemaCompat() {}

  /** What Flyte's {@code isSuperTypeInJSON} does with a pair of schemas. */
  enum Outcome {
    /** Returns true: every difference json-schema-compare reports is a "not implemented" one. */
    SUPERTYPE,
    /** Returns false. */
    NOT_SUPERTYPE,
    /**
     * Crashes: a schema fails to compile and the nil result is dereferenced, json-schema-compare dereferences a nil
     * field, divides by zero, or recurses without end on a self-referencing schema.
     */
    GO_PANIC
  }

  /** Mirrors typing.go {@code isSameTypeInJSON}: the two metadata documents are the same JSON (jsondiff is empty). */
  static boolean isSameType(Struct upstream, Struct downstream) {
    try {
      return JsonValues.schemaEquals(JsonValues.fromStruct(upstream), JsonValues.fromStruct(downstream));
    } catch (NotMarshalableException e) {
      return false; // json.Marshal fails, Flyte logs and answers false
    }
  }

  /**
   * Mirrors typing.go {@code isSuperTypeInJSON}: the upstream schema (json-schema-compare's "superset") accepts at
   * least what the downstream one describes. Errors containing "not implemented" are ignored, as Flyte does.
   */
  static Outcome superTypeOutcome(Struct upstream, Struct downstream) {
    Map<String, Object> src;
    Map<String, Object> tgt;
    try {
      src = JsonValues.fromStruct(upstream);
      tgt = JsonValues.fromStruct(downstream);
    } catch (NotMarshalableException e) {
      return Outcome.NOT_SUPERTYPE; // the empty JSON fails AddResource, Flyte answers false
    }
    SchemaCompiler compiler = new SchemaCompiler();
    compiler.addResource("src", src);
    compiler.addResource("tgt", tgt);
    try {
      Schema srcSchema = compileOrNull(compiler, "src");
      Schema tgtSchema = compileOrNull(compiler, "tgt");
      if (srcSchema == null || tgtSchema == null) {
        return Outcome.GO_PANIC; // Compile errors are discarded; comparing the nil schema dereferences it
      }
      List<String> errors = new Comparer().compare(tgtSchema, srcSchema);
      return errors.stream().allMatch(e -> e.contains("not implemented")) ? Outcome.SUPERTYPE
          : Outcome.NOT_SUPERTYPE;
    } catch (RuntimeException | StackOverflowError panic) {
      return Outcome.GO_PANIC;
    }
  }

  private static Schema compileOrNull(SchemaCompiler compiler, String url) {
    try {
      return compiler.compile(url);
    } catch (SchemaException e) {
      return null;
    }
  }

  /** A nil pointer dereference, divide by zero or failed type assertion inside json-schema-compare. */
  private static final class GoPanic extends RuntimeException {
    private static final long serialVersionUID = 1L;

    GoPanic(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * gitlab.com/yvesf/json-schema-compare {@code Compare(subset, superset)}. Each error is kept as Go formats it
   * ({@code path: message}) closely enough that the "not implemented" test gives the same answer.
   */
  private static final class Comparer {
    private final List<String> errors = new ArrayList<>();

    List<String> compare(Schema subset, Schema superset) {
      compare3(resolveRef(subset), resolveRef(superset), List.of(""));
      return errors;
    }

    private void error(List<String> path, String message) {
      errors.add(String.join("/", path) + ": " + message);
    }

    private void notImplemented(List<String> path, String field) {
      error(append(path, field), "FIXME " + field + " not implemented");
    }

    private static List<String> append(List<String> path, String... more) {
      List<String> out = new ArrayList<>(path);
      out.addAll(List.of(more));
      return out;
    }

    // Follows $ref chains; a chain that loops makes Go recurse until its stack overflows.
    private static Schema resolveRef(Schema schema) {
      Set<Schema> seen = Collections.newSetFromMap(new IdentityHashMap<>());
      Schema s = schema;
      while (s != null && s.ref != null) {
        if (!seen.add(s)) {
          throw new GoPanic("goroutine stack exceeds limit");
        }
        s = s.ref;
      }
      return s;
    }

    private static Schema deref(Schema schema) {
      if (schema == null) {
        throw new GoPanic("invalid memory address or nil pointer dereference");
      }
      return schema;
    }

    private static List<String> types(Schema s) {
      return s.types == null ? List.of() : s.types;
    }

    private void compare3(Schema subsetIn, Schema supersetIn, List<String> path) {
      Schema subset = deref(resolveRef(subsetIn));
      Schema superset = deref(resolveRef(supersetIn));
      List<String> subTypes = types(subset);
      List<String> superTypes = types(superset);
      // The type sets must match, except that a superset "object" is implied by a subset without types.
      for (String t : subTypes) {
        if (!superTypes.contains(t)) {
          error(path, "subset type \"" + t + "\" is not in superset types " + goList(superTypes));
        }
      }
      for (String t : superTypes) {
        if (!subTypes.contains(t)) {
          if (t.equals("object") && subTypes.isEmpty()) {
            continue;
          }
          error(path, "superset type \"" + t + "\" is not in subset types " + goList(subTypes));
        }
      }
      if (subTypes.contains("string")) {
        compareString(subset, superset, path);
      }
      if (subTypes.contains("number")) {
        compareNumber(subset, superset, path);
      }
      if (subTypes.contains("array")) {
        compareArray(subset, superset, path);
      }
      if (subTypes.contains("object") || subTypes.isEmpty()) {
        compareObject(subset, superset, path);
      }
      compareCombinator(subset.allOf, superset.allOf, "allOf", path);
      compareCombinator(subset.anyOf, superset.anyOf, "anyOf", path);
      compareCombinator(subset.oneOf, superset.oneOf, "oneOf", path);
      if (subset.constant != null && !subset.constant.isEmpty()) {
        if (superset.constant == null || superset.constant.isEmpty()) {
          error(append(path, "const"), "constant value in subset but not in superset");
        } else if (subset.constant.size() != superset.constant.size()) {
          error(append(path, "const"), "different constant value in schemas");
        } else {
          for (int i = 0; i < subset.constant.size(); i++) {
            if (!goInterfaceEquals(subset.constant.get(i), superset.constant.get(i))) {
              error(append(path, "const"), "different constant value [" + i + "] in schemas");
            }
          }
        }
      }
    }

    // Every superset alternative needs a deep-equal counterpart in the subset; one side alone is an error.
    private void compareCombinator(List<Schema> subset, List<Schema> superset, String keyword, List<String> path) {
      boolean hasSub = subset != null && !subset.isEmpty();
      boolean hasSuper = superset != null && !superset.isEmpty();
      if (hasSub && hasSuper) {
        for (int i = 0; i < superset.size(); i++) {
          boolean match = false;
          for (Schema candidate : subset) {
            Comparer deep = new Comparer();
            deep.deepCompare(candidate, superset.get(i), append(path, keyword));
            if (deep.errors.isEmpty()) {
              match = true;
              break;
            }
          }
          if (!match) {
            error(append(path, keyword), keyword + "[" + i + "] in superset has no counterpart in subset");
          }
        }
      } else if (hasSub || hasSuper) {
        error(append(path, keyword), keyword + " must appear in both subset and superset");
      }
    }

    private void compareObject(Schema subset, Schema superset, List<String> path) {
      if (subset.additionalProperties != null || superset.additionalProperties != null) {
        error(append(path, "additionalProperties"), "FIXME additionalProperties not implemented");
      }
      List<String> superRequired = superset.required == null ? List.of() : superset.required;
      for (String field : subset.required == null ? List.<String>of() : subset.required) {
        if (!superRequired.contains(field)) {
          error(append(path, "required", field), "field \"" + field + "\" is required in subset but not in superset");
        }
      }
      if (subset.minProperties != -1) {
        if (superset.minProperties == -1) {
          error(append(path, "minProperties"), "subset has minProperties but superset has no minimum");
        } else if (superset.minProperties < subset.minProperties) {
          error(append(path, "minProperties"), "subset has a larger minProperties");
        }
      }
      if (subset.maxProperties != -1) {
        if (superset.maxProperties == -1) {
          error(append(path, "maxProperties"), "subset has maxProperties but superset has no maxProperties");
        } else if (superset.maxProperties > subset.maxProperties) {
          error(append(path, "maxProperties"), "subset has a smaller maxProperties");
        }
      }
      if (subset.dependenciesCount > 0 || superset.dependenciesCount > 0) {
        notImplemented(path, "dependencies");
      }
      if (subset.patternPropertiesCount > 0 || superset.patternPropertiesCount > 0) {
        notImplemented(path, "patternProperties");
      }
      if (subset.not != null || superset.not != null) {
        notImplemented(path, "not");
      }
      compareConditional(subset.ifSchema, superset.ifSchema, "if", path);
      compareConditional(subset.thenSchema, superset.thenSchema, "then", path);
      compareConditional(subset.elseSchema, superset.elseSchema, "else", path);
      if (subset.properties != null) {
        Map<String, Schema> superProperties = superset.properties == null ? Map.of() : superset.properties;
        for (Map.Entry<String, Schema> property : subset.properties.entrySet()) {
          List<String> propertyPath = append(path, property.getKey());
          Schema match = superProperties.get(property.getKey());
          if (match != null) {
            compare3(property.getValue(), match, propertyPath);
          } else {
            error(propertyPath, "field is present in subset but not in superset");
          }
        }
      }
    }

    private void compareConditional(Schema subset, Schema superset, String keyword, List<String> path) {
      if (subset == null && superset == null) {
        return;
      }
      if (subset == null) {
        error(append(path, keyword), "\"" + keyword + "\" in superset but not in subset");
      } else if (superset == null) {
        error(append(path, keyword), "\"" + keyword + "\" in subset but not in superset");
      } else {
        Comparer deep = new Comparer();
        deep.deepCompare(subset, superset, append(path, keyword));
        if (!deep.errors.isEmpty()) {
          error(append(path, keyword), "\"" + keyword + "\" is not totally equal");
          errors.addAll(deep.errors);
        }
      }
    }

    private void compareString(Schema subset, Schema superset, List<String> path) {
      if (!subset.formatName.equals(superset.formatName)) {
        error(append(path, "format"),
            "subset format \"" + subset.formatName + "\" != superset format \"" + superset.formatName + "\"");
      }
      // An enum in the subset bounds the superset's. Go pre-sizes the list with empty strings before appending,
      // so "" counts as present whenever the subset enum is non-empty.
      if (subset.enumValues != null) {
        List<String> subsetValues = new ArrayList<>();
        if (!subset.enumValues.isEmpty()) {
          subsetValues.add("");
        }
        for (Object v : subset.enumValues) {
          subsetValues.add(goString(v));
        }
        for (Object v : superset.enumValues == null ? List.of() : superset.enumValues) {
          String value = goString(v);
          if (!subsetValues.contains(value)) {
            error(append(path, "enum"), "superset enum value \"" + value + "\" is not contained in subset");
          }
        }
      }
      if (subset.pattern != null) {
        if (superset.pattern == null) {
          throw new GoPanic("nil *regexp.Regexp");
        }
        if (!subset.pattern.equals(superset.pattern)) {
          error(append(path, "format"),
              "subset pattern \"" + subset.pattern + "\" != superset pattern \"" + superset.pattern + "\"");
        }
      }
      if (subset.maxLength != -1) {
        if (superset.maxLength == -1) {
          error(append(path, "maxLength"), "subset has maxLength but superset has no limit");
        } else if (superset.maxLength > subset.maxLength) {
          error(append(path, "maxLength"), "subset has a smaller maxLength");
        }
      }
      if (subset.minLength != -1) {
        if (superset.minLength == -1) {
          error(append(path, "maxLength"), "subset has minLength but superset has no minLength");
        } else if (superset.minLength < subset.minLength) {
          error(append(path, "maxLength"), "subset has a larger minLength");
        }
      }
    }

    private void compareNumber(Schema subset, Schema superset, List<String> path) {
      if (subset.maximum != null) {
        if (superset.maximum == null) {
          error(append(path, "maximum"), "subset has maximum but superset has no limit");
        } else if (superset.maximum > subset.maximum) {
          error(append(path, "maximum"), "subset has a smaller maximum");
        }
      }
      if (subset.minimum != null) {
        if (superset.minimum == null) {
          error(append(path, "minimum"), "subset has minimum but superset has no minimum");
        } else if (superset.minimum < subset.minimum) {
          error(append(path, "minimum"), "subset has a larger minimum");
        }
      }
      if (subset.exclusiveMinimum != null || superset.exclusiveMinimum != null) {
        notImplemented(path, "exclusiveMinimum");
      }
      if (subset.exclusiveMaximum != null || superset.exclusiveMaximum != null) {
        notImplemented(path, "exclusiveMaximum");
      }
      // Go dereferences both multipleOf pointers as soon as either is set, then reduces them to int64.
      if (subset.multipleOf != null || superset.multipleOf != null) {
        double sub = Objects.requireNonNull(subset.multipleOf, "nil multipleOf");
        double sup = Objects.requireNonNull(superset.multipleOf, "nil multipleOf");
        if (!(isInt(sup) && isInt(sub))) {
          notImplemented(path, "multipleOf for non integer");
        }
        long iSub = (long) sub;
        long iSup = (long) sup;
        if (iSub == 0) {
          throw new GoPanic("integer divide by zero");
        }
        if (iSup % iSub != 0) {
          error(append(path, "multipleOf"), iSub + " is not in " + iSup);
        }
      }
    }

    private static boolean isInt(double d) {
      return d == Math.rint(d);
    }

    private void compareArray(Schema subset, Schema superset, List<String> path) {
      if (subset.minItems != -1) {
        if (superset.minItems == -1) {
          error(append(path, "minItems"), "array minItems but superset has no minItems");
        } else if (superset.minItems < subset.minItems) {
          error(append(path, "minItems"), "array minItems larger than superset's");
        }
      }
      if (subset.maxItems != -1) {
        if (superset.maxItems == -1) {
          error(append(path, "maxItems"), "array maxItems but superset has no maxItems");
        } else if (superset.maxItems > subset.maxItems) {
          error(append(path, "maxItems"), "array maxItems smaller than superset's");
        }
      }
      if (subset.items != null) {
        if (superset.items == null) {
          error(append(path, "items"), "items only defined on subset");
        } else if (subset.items instanceof Schema subItem && superset.items instanceof Schema superItem) {
          compare3(subItem, superItem, append(path, "items"));
        } else if (subset.items instanceof List<?> subItems && superset.items instanceof List<?> superItems) {
          if (subItems.size() != superItems.size()) {
            error(append(path, "items"), "sub-schema list have different length");
          } else {
            for (int i = 0; i < subItems.size(); i++) {
              compare3((Schema) subItems.get(i), (Schema) superItems.get(i), append(path, "item[" + i + "]"));
            }
          }
        } else {
          error(append(path, "items"), "cannot match sub-schema list");
        }
      }
      if (subset.additionalItems != null || superset.additionalItems != null) {
        notImplemented(path, "additionalItems");
      }
      if (subset.uniqueItems && !superset.uniqueItems) {
        error(append(path, "uniqueItems"), "subset has uniqueItems=true but superset has not");
      }
    }

    private void deepCompare(Schema schema1In, Schema schema2In, List<String> path) {
      Schema schema1 = resolveRef(schema1In);
      Schema schema2 = resolveRef(schema2In);
      if (schema1 == null ^ schema2 == null) {
        error(path, "one schemas is defined while other is not defined");
        return;
      }
      deref(schema1);
      if (schema1.always == null ^ schema2.always == null) {
        error(path, "one schema is always true/false while the other is not defined");
        return;
      }
      if (schema1.always != null && !schema1.always.equals(schema2.always)) {
        error(path, "one schema is always true/false while the other is the opposite");
        return;
      }
      compare3(schema1, schema2, path);
    }

    private static String goString(Object v) {
      if (v instanceof String s) {
        return s;
      }
      throw new GoPanic("interface conversion: interface {} is not string");
    }

    private static String goList(List<String> values) {
      return "[" + String.join(" ", values) + "]";
    }

    // Go's == on two interface{} values holding decoded JSON: maps and slices of the same type cannot be compared.
    private static boolean goInterfaceEquals(Object a, Object b) {
      if (a instanceof JsonNumber na && b instanceof JsonNumber nb) {
        return na.text().equals(nb.text());
      }
      if ((a instanceof Map && b instanceof Map) || (a instanceof List && b instanceof List)) {
        throw new GoPanic("comparing uncomparable type");
      }
      if (a == JsonNull.NULL || b == JsonNull.NULL) {
        return a == b;
      }
      return a.getClass().equals(b.getClass()) && a.equals(b);
    }
  }
}
