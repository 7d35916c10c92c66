package io.aloft.compiler.typing;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Flyte's dataclass/Pydantic JSON-schema comparison (typing.go isSameTypeInJSON / isSuperTypeInJSON). Every
 * expected value below was produced by running Flyte's two wrapper functions over the real Go libraries it links
 * (santhosh-tekuri/jsonschema v1.2.4, gitlab.com/yvesf/json-schema-compare, wI2L/jsondiff v0.6.0), recovering
 * panics as GO_PANIC. Columns: case, isSameTypeInJSON, isSuperTypeInJSON outcome, upstream schema, downstream
 * schema.
 */
class JsonSchemaCompatTest {
  private static final String CASES = """
      same_A || true || SUPERTYPE || {"type":"object","title":"A","properties":{"a":{"type":"integer"}},"additionalProperties":false,"required":["a"]} || {"type":"object","title":"A","properties":{"a":{"type":"integer"}},"additionalProperties":false,"required":["a"]}
      child_to_parent || false || SUPERTYPE || {"type":"object","title":"B","properties":{"a":{"type":"integer"},"b":{"type":"string"}},"additionalProperties":false,"required":["a","b"]} || {"type":"object","title":"A","properties":{"a":{"type":"integer"}},"additionalProperties":false,"required":["a"]}
      parent_to_child || false || NOT_SUPERTYPE || {"type":"object","title":"A","properties":{"a":{"type":"integer"}},"additionalProperties":false,"required":["a"]} || {"type":"object","title":"B","properties":{"a":{"type":"integer"},"b":{"type":"string"}},"additionalProperties":false,"required":["a","b"]}
      unrelated || false || NOT_SUPERTYPE || {"type":"object","title":"A","properties":{"a":{"type":"integer"}},"additionalProperties":false,"required":["a"]} || {"type":"object","title":"C","properties":{"c":{"type":"integer"}},"additionalProperties":false,"required":["c"]}
      renamed_same_shape || false || SUPERTYPE || {"type":"object","title":"A2","properties":{"a":{"type":"integer"}},"additionalProperties":false,"required":["a"]} || {"type":"object","title":"A","properties":{"a":{"type":"integer"}},"additionalProperties":false,"required":["a"]}
      int_vs_number || false || NOT_SUPERTYPE || {"type":"object","properties":{"a":{"type":"integer"}}} || {"type":"object","properties":{"a":{"type":"number"}}}
      optional_both || true || SUPERTYPE || {"type":"object","properties":{"x":{"anyOf":[{"type":"integer"},{"type":"null"}]}}} || {"type":"object","properties":{"x":{"anyOf":[{"type":"integer"},{"type":"null"}]}}}
      anyof_only_down || false || NOT_SUPERTYPE || {"type":"object","properties":{"x":{"type":"integer"}}} || {"type":"object","properties":{"x":{"anyOf":[{"type":"integer"},{"type":"null"}]}}}
      anyof_only_up || false || NOT_SUPERTYPE || {"type":"object","properties":{"x":{"anyOf":[{"type":"integer"},{"type":"null"}]}}} || {"type":"object","properties":{"x":{"type":"integer"}}}
      nested_inline || false || SUPERTYPE || {"type":"object","properties":{"i":{"type":"object","title":"Inner","properties":{"x":{"type":"number"}},"additionalProperties":false,"required":["x"]}},"required":["i"]} || {"type":"object","properties":{"i":{"type":"object","title":"Other","properties":{"x":{"type":"number"}},"additionalProperties":false,"required":["x"]}},"required":["i"]}
      nested_inline_diff || false || NOT_SUPERTYPE || {"type":"object","properties":{"i":{"type":"object","title":"Inner","properties":{"x":{"type":"number"}},"additionalProperties":false,"required":["x"]}},"required":["i"]} || {"type":"object","properties":{"i":{"type":"object","properties":{"x":{"type":"string"}},"required":["x"]}},"required":["i"]}
      pydantic_big_to_small || false || SUPERTYPE || {"$defs":{"Inner":{"properties":{"x":{"title":"X","type":"number"}},"required":["x"],"title":"Inner","type":"object"}},"properties":{"i":{"$ref":"#/$defs/Inner"},"n":{"title":"N","type":"integer"}},"required":["i","n"],"title":"M","type":"object"} || {"$defs":{"Inner":{"properties":{"x":{"title":"X","type":"number"}},"required":["x"],"title":"Inner","type":"object"}},"properties":{"i":{"$ref":"#/$defs/Inner"}},"required":["i"],"title":"S","type":"object"}
      pydantic_small_to_big || false || NOT_SUPERTYPE || {"$defs":{"Inner":{"properties":{"x":{"title":"X","type":"number"}},"required":["x"],"title":"Inner","type":"object"}},"properties":{"i":{"$ref":"#/$defs/Inner"}},"required":["i"],"title":"S","type":"object"} || {"$defs":{"Inner":{"properties":{"x":{"title":"X","type":"number"}},"required":["x"],"title":"Inner","type":"object"}},"properties":{"i":{"$ref":"#/$defs/Inner"},"n":{"title":"N","type":"integer"}},"required":["i","n"],"title":"M","type":"object"}
      marshmallow_child_to_parent || false || SUPERTYPE || {"$schema":"http://json-schema.org/draft-07/schema#","definitions":{"BSchema":{"properties":{"a":{"title":"a","type":"integer"},"b":{"title":"b","type":"string"}},"type":"object","additionalProperties":false,"required":["a","b"]}},"$ref":"#/definitions/BSchema"} || {"$schema":"http://json-schema.org/draft-07/schema#","definitions":{"ASchema":{"properties":{"a":{"title":"a","type":"integer"}},"type":"object","additionalProperties":false,"required":["a"]}},"$ref":"#/definitions/ASchema"}
      marshmallow_parent_to_child || false || NOT_SUPERTYPE || {"$schema":"http://json-schema.org/draft-07/schema#","definitions":{"ASchema":{"properties":{"a":{"title":"a","type":"integer"}},"type":"object","additionalProperties":false,"required":["a"]}},"$ref":"#/definitions/ASchema"} || {"$schema":"http://json-schema.org/draft-07/schema#","definitions":{"BSchema":{"properties":{"a":{"title":"a","type":"integer"},"b":{"title":"b","type":"string"}},"type":"object","additionalProperties":false,"required":["a","b"]}},"$ref":"#/definitions/BSchema"}
      marshmallow_vs_mashumaro || false || SUPERTYPE || {"$schema":"http://json-schema.org/draft-07/schema#","definitions":{"ASchema":{"properties":{"a":{"title":"a","type":"integer"}},"type":"object","additionalProperties":false,"required":["a"]}},"$ref":"#/definitions/ASchema"} || {"type":"object","title":"A","properties":{"a":{"type":"integer"}},"additionalProperties":false,"required":["a"]}
      draft2020_up || false || GO_PANIC || {"type":"object","title":"A","properties":{"a":{"type":"integer"}},"additionalProperties":false,"required":["a"],"$schema":"https://json-schema.org/draft/2020-12/schema"} || {"type":"object","title":"B","properties":{"a":{"type":"integer"},"b":{"type":"string"}},"additionalProperties":false,"required":["a","b"]}
      draft2020_same || true || GO_PANIC || {"type":"object","title":"A","properties":{"a":{"type":"integer"}},"additionalProperties":false,"required":["a"],"$schema":"https://json-schema.org/draft/2020-12/schema"} || {"type":"object","title":"A","properties":{"a":{"type":"integer"}},"additionalProperties":false,"required":["a"],"$schema":"https://json-schema.org/draft/2020-12/schema"}
      uuid_format || false || GO_PANIC || {"type":"object","properties":{"u":{"type":"string","format":"uuid"}}} || {"type":"object","properties":{"u":{"type":"string","format":"uuid"},"v":{"type":"integer"}}}
      timedelta_format || false || GO_PANIC || {"type":"object","properties":{"d":{"type":"number","format":"time-delta"}},"required":["d"],"title":"X"} || {"type":"object","properties":{"d":{"type":"number","format":"time-delta"}},"required":["d"],"title":"Y"}
      datetime_same_fmt || false || SUPERTYPE || {"type":"object","properties":{"d":{"type":"string","format":"date-time"}},"title":"X"} || {"type":"object","properties":{"d":{"type":"string","format":"date-time"}},"title":"Y"}
      format_differs || false || NOT_SUPERTYPE || {"type":"object","properties":{"d":{"type":"string","format":"date-time"}}} || {"type":"object","properties":{"d":{"type":"string","format":"date"}}}
      format_missing_up || false || NOT_SUPERTYPE || {"type":"object","properties":{"d":{"type":"string"}}} || {"type":"object","properties":{"d":{"type":"string","format":"date"}}}
      enum_superset_subset || false || SUPERTYPE || {"type":"object","properties":{"e":{"type":"string","enum":["a"]}}} || {"type":"object","properties":{"e":{"type":"string","enum":["a","b"]}}}
      enum_subset_superset || false || NOT_SUPERTYPE || {"type":"object","properties":{"e":{"type":"string","enum":["a","b"]}}} || {"type":"object","properties":{"e":{"type":"string","enum":["a"]}}}
      enum_empty_string_quirk || false || SUPERTYPE || {"type":"object","properties":{"e":{"type":"string","enum":["","a"]}}} || {"type":"object","properties":{"e":{"type":"string","enum":["a"]}}}
      enum_untyped || false || SUPERTYPE || {"type":"object","properties":{"e":{"enum":["a","b"]}},"title":"1"} || {"type":"object","properties":{"e":{"enum":["a"]}},"title":"2"}
      enum_numbers_in_string || false || GO_PANIC || {"type":"object","properties":{"e":{"type":"string","enum":["a"]}}} || {"type":"object","properties":{"e":{"type":"string","enum":[1,"a"]}}}
      pattern_same || false || SUPERTYPE || {"type":"object","properties":{"p":{"type":"string","pattern":"^a+$"}},"title":"1"} || {"type":"object","properties":{"p":{"type":"string","pattern":"^a+$"}},"title":"2"}
      pattern_differs || false || NOT_SUPERTYPE || {"type":"object","properties":{"p":{"type":"string","pattern":"^a+$"}}} || {"type":"object","properties":{"p":{"type":"string","pattern":"^b+$"}}}
      pattern_only_down || false || GO_PANIC || {"type":"object","properties":{"p":{"type":"string"}}} || {"type":"object","properties":{"p":{"type":"string","pattern":"^b+$"}}}
      pattern_only_up || false || SUPERTYPE || {"type":"object","properties":{"p":{"type":"string","pattern":"^b+$"}}} || {"type":"object","properties":{"p":{"type":"string"}}}
      pattern_lookahead || false || GO_PANIC || {"type":"object","properties":{"p":{"type":"string","pattern":"^(?=a)a$"}}} || {"type":"object","properties":{"p":{"type":"string"}}}
      pattern_named_group || false || SUPERTYPE || {"type":"object","properties":{"p":{"type":"string","pattern":"(?P<first_name>a+)"}},"title":"1"} || {"type":"object","properties":{"p":{"type":"string","pattern":"(?P<first_name>a+)"}},"title":"2"}
      multipleof_ok || false || SUPERTYPE || {"type":"object","properties":{"m":{"type":"number","multipleOf":4}}} || {"type":"object","properties":{"m":{"type":"number","multipleOf":2}}}
      multipleof_bad || false || NOT_SUPERTYPE || {"type":"object","properties":{"m":{"type":"number","multipleOf":4}}} || {"type":"object","properties":{"m":{"type":"number","multipleOf":3}}}
      multipleof_only_down || false || GO_PANIC || {"type":"object","properties":{"m":{"type":"number"}}} || {"type":"object","properties":{"m":{"type":"number","multipleOf":3}}}
      multipleof_fraction || false || GO_PANIC || {"type":"object","properties":{"m":{"type":"number","multipleOf":1}}} || {"type":"object","properties":{"m":{"type":"number","multipleOf":0.5}}}
      multipleof_fraction_ok || false || SUPERTYPE || {"type":"object","properties":{"m":{"type":"number","multipleOf":4.5}}} || {"type":"object","properties":{"m":{"type":"number","multipleOf":2}}}
      maxlength_smaller_up || false || SUPERTYPE || {"type":"object","properties":{"s":{"type":"string","maxLength":5}}} || {"type":"object","properties":{"s":{"type":"string","maxLength":10}}}
      maxlength_bigger_up || false || NOT_SUPERTYPE || {"type":"object","properties":{"s":{"type":"string","maxLength":20}}} || {"type":"object","properties":{"s":{"type":"string","maxLength":10}}}
      maxlength_none_up || false || NOT_SUPERTYPE || {"type":"object","properties":{"s":{"type":"string"}}} || {"type":"object","properties":{"s":{"type":"string","maxLength":10}}}
      minlength || false || SUPERTYPE || {"type":"object","properties":{"s":{"type":"string","minLength":3}}} || {"type":"object","properties":{"s":{"type":"string","minLength":2}}}
      minlength_bad || false || NOT_SUPERTYPE || {"type":"object","properties":{"s":{"type":"string","minLength":1}}} || {"type":"object","properties":{"s":{"type":"string","minLength":2}}}
      minimum_ok || false || SUPERTYPE || {"type":"object","properties":{"v":{"type":"number","minimum":2}}} || {"type":"object","properties":{"v":{"type":"number","minimum":1.5}}}
      minimum_bad || false || NOT_SUPERTYPE || {"type":"object","properties":{"v":{"type":"number","minimum":1}}} || {"type":"object","properties":{"v":{"type":"number","minimum":1.5}}}
      maximum_ok || false || SUPERTYPE || {"type":"object","properties":{"v":{"type":"number","maximum":1}}} || {"type":"object","properties":{"v":{"type":"number","maximum":1.5}}}
      exclusive_min || false || SUPERTYPE || {"type":"object","properties":{"v":{"type":"number","exclusiveMinimum":0}}} || {"type":"object","properties":{"v":{"type":"number"}}}
      const_same || false || SUPERTYPE || {"type":"object","properties":{"k":{"const":"x"}},"title":"1"} || {"type":"object","properties":{"k":{"const":"x"}},"title":"2"}
      const_diff || false || NOT_SUPERTYPE || {"type":"object","properties":{"k":{"const":"x"}}} || {"type":"object","properties":{"k":{"const":"y"}}}
      const_num || false || SUPERTYPE || {"type":"object","properties":{"k":{"const":1}},"title":"1"} || {"type":"object","properties":{"k":{"const":1.0}},"title":"2"}
      const_obj || false || GO_PANIC || {"type":"object","properties":{"k":{"const":{"a":1}}},"title":"1"} || {"type":"object","properties":{"k":{"const":{"a":1}}},"title":"2"}
      const_null || false || SUPERTYPE || {"type":"object","properties":{"k":{"const":null}},"title":"1"} || {"type":"object","properties":{"k":{"const":null}},"title":"2"}
      const_only_up || false || SUPERTYPE || {"type":"object","properties":{"k":{"const":"x"}}} || {"type":"object","properties":{"k":{}}}
      array_items_same || false || SUPERTYPE || {"type":"object","properties":{"l":{"type":"array","items":{"type":"integer"}}},"title":"1"} || {"type":"object","properties":{"l":{"type":"array","items":{"type":"integer"}}},"title":"2"}
      array_items_diff || false || NOT_SUPERTYPE || {"type":"object","properties":{"l":{"type":"array","items":{"type":"integer"}}}} || {"type":"object","properties":{"l":{"type":"array","items":{"type":"string"}}}}
      array_items_only_down || false || NOT_SUPERTYPE || {"type":"object","properties":{"l":{"type":"array"}}} || {"type":"object","properties":{"l":{"type":"array","items":{"type":"string"}}}}
      tuple_items || false || SUPERTYPE || {"type":"object","properties":{"l":{"type":"array","items":[{"type":"integer"},{"type":"string"}]}},"title":"1"} || {"type":"object","properties":{"l":{"type":"array","items":[{"type":"integer"},{"type":"string"}]}},"title":"2"}
      tuple_vs_items || false || NOT_SUPERTYPE || {"type":"object","properties":{"l":{"type":"array","items":[{"type":"integer"}]}}} || {"type":"object","properties":{"l":{"type":"array","items":{"type":"integer"}}}}
      tuple_len || false || NOT_SUPERTYPE || {"type":"object","properties":{"l":{"type":"array","items":[{"type":"integer"}]}}} || {"type":"object","properties":{"l":{"type":"array","items":[{"type":"integer"},{"type":"integer"}]}}}
      unique_items || false || NOT_SUPERTYPE || {"type":"object","properties":{"l":{"type":"array","uniqueItems":false}}} || {"type":"object","properties":{"l":{"type":"array","uniqueItems":true}}}
      min_items || false || SUPERTYPE || {"type":"object","properties":{"l":{"type":"array","minItems":2}}} || {"type":"object","properties":{"l":{"type":"array","minItems":1}}}
      dict_int_vs_str || false || SUPERTYPE || {"type":"object","additionalProperties":{"type":"integer"}} || {"type":"object","additionalProperties":{"type":"string"}}
      bool_prop_down || false || NOT_SUPERTYPE || {"type":"object","properties":{"x":{}}} || {"type":"object","properties":{"x":true}}
      bool_prop_up || false || SUPERTYPE || {"type":"object","properties":{"x":true}} || {"type":"object","properties":{"x":{}}}
      bool_prop_both || false || SUPERTYPE || {"type":"object","properties":{"x":false},"title":"1"} || {"type":"object","properties":{"x":false},"title":"2"}
      if_then_same || false || SUPERTYPE || {"type":"object","properties":{"x":{"if":{"type":"string"},"then":{"minLength":1}}},"title":"1"} || {"type":"object","properties":{"x":{"if":{"type":"string"},"then":{"minLength":1}}},"title":"2"}
      if_then_diff || false || SUPERTYPE || {"type":"object","properties":{"x":{"if":{"type":"string"},"then":{"minLength":1}}}} || {"type":"object","properties":{"x":{"if":{"type":"string"},"then":{"minLength":2}}}}
      if_only_down || false || NOT_SUPERTYPE || {"type":"object","properties":{"x":{}}} || {"type":"object","properties":{"x":{"if":{"type":"string"},"then":{"minLength":2}}}}
      not_kw || false || SUPERTYPE || {"type":"object","properties":{"x":{"not":{"type":"string"}}},"title":"1"} || {"type":"object","properties":{"x":{"not":{"type":"string"}}},"title":"2"}
      types_nullable || false || NOT_SUPERTYPE || {"type":"object","properties":{"x":{"type":["string","null"]}}} || {"type":"object","properties":{"x":{"type":"string"}}}
      types_order || false || SUPERTYPE || {"type":"object","properties":{"x":{"type":["null","string"]}},"title":"1"} || {"type":"object","properties":{"x":{"type":["string","null"]}},"title":"2"}
      object_vs_untyped_up || false || SUPERTYPE || {"type":"object"} || {}
      untyped_vs_object_up || false || NOT_SUPERTYPE || {} || {"type":"object"}
      required_dupes || false || GO_PANIC || {"type":"object","properties":{"a":{}},"required":["a","a"]} || {"type":"object","properties":{"a":{}},"required":["a"]}
      ref_missing || false || GO_PANIC || {"type":"object","properties":{"a":{"$ref":"#/definitions/Nope"}}} || {"type":"object","properties":{"a":{}}}
      ref_id_anchor || false || SUPERTYPE || {"definitions":{"X":{"$id":"#foo","type":"integer"}},"type":"object","properties":{"a":{"$ref":"#foo"}}} || {"type":"object","properties":{"a":{"type":"integer"}}}
      ref_id_anchor_bad || false || NOT_SUPERTYPE || {"definitions":{"X":{"$id":"#foo","type":"integer"}},"type":"object","properties":{"a":{"$ref":"#foo"}}} || {"type":"object","properties":{"a":{"type":"string"}}}
      ref_cross_resource || false || SUPERTYPE || {"type":"object","properties":{"a":{"$ref":"tgt#/properties/a"}}} || {"type":"object","properties":{"a":{"type":"string"}}}
      ref_file || false || GO_PANIC || {"type":"object","properties":{"a":{"$ref":"other.json"}}} || {"type":"object","properties":{"a":{"type":"string"}}}
      content_encoding_ok || false || SUPERTYPE || {"type":"object","properties":{"b":{"type":"string","contentEncoding":"base64"}},"title":"1"} || {"type":"object","properties":{"b":{"type":"string","contentEncoding":"base64"}},"title":"2"}
      content_encoding_bad || false || GO_PANIC || {"type":"object","properties":{"b":{"type":"string","contentEncoding":"base32"}},"title":"1"} || {"type":"object","properties":{"b":{"type":"string","contentEncoding":"base32"}},"title":"2"}
      minlength_huge || false || GO_PANIC || {"type":"object","properties":{"s":{"type":"string","minLength":1e+21}}} || {"type":"object","properties":{"s":{"type":"string"}}}
      empty_up || false || NOT_SUPERTYPE || {} || {"type":"object","title":"A","properties":{"a":{"type":"integer"}},"additionalProperties":false,"required":["a"]}
      empty_down || false || SUPERTYPE || {"type":"object","title":"A","properties":{"a":{"type":"integer"}},"additionalProperties":false,"required":["a"]} || {}
      dependencies || false || SUPERTYPE || {"type":"object","properties":{"a":{}},"dependencies":{"a":["b"]},"title":"1"} || {"type":"object","properties":{"a":{}},"dependencies":{"a":["b"]},"title":"2"}
      pattern_props || false || SUPERTYPE || {"type":"object","patternProperties":{"^x":{"type":"integer"}},"title":"1"} || {"type":"object","patternProperties":{"^x":{"type":"integer"}}}
      readonly_bad || false || GO_PANIC || {"type":"object","properties":{"a":{"readOnly":"yes"}}} || {"type":"object","properties":{"a":{}}}
      title_bad || false || GO_PANIC || {"type":"object","properties":{"a":{"title":5}}} || {"type":"object","properties":{"a":{}}}
      unknown_type_name || false || GO_PANIC || {"type":"object","properties":{"a":{"type":"int"}}} || {"type":"object","properties":{"a":{}}}
      draft4_schema || false || NOT_SUPERTYPE || {"$schema":"http://json-schema.org/draft-04/schema#","type":"object","properties":{"a":{"type":"number","minimum":1,"exclusiveMinimum":true}}} || {"$schema":"http://json-schema.org/draft-04/schema#","type":"object","properties":{"a":{"type":"number","minimum":0}}}
      draft6_bool_schema || false || SUPERTYPE || {"$schema":"http://json-schema.org/draft-06/schema#","type":"object","properties":{"a":true}} || {"$schema":"http://json-schema.org/draft-06/schema#","type":"object","properties":{"a":true},"title":"x"}
      draft4_bool_schema || false || GO_PANIC || {"$schema":"http://json-schema.org/draft-04/schema#","type":"object","properties":{"a":true}} || {"$schema":"http://json-schema.org/draft-04/schema#","type":"object","properties":{"a":true},"title":"x"}
      allof || false || NOT_SUPERTYPE || {"type":"object","properties":{"a":{"allOf":[{"type":"integer"},{"minimum":0}]}},"title":"1"} || {"type":"object","properties":{"a":{"allOf":[{"minimum":0}]}}}
      oneof_mismatch || false || NOT_SUPERTYPE || {"type":"object","properties":{"a":{"oneOf":[{"type":"integer"}]}}} || {"type":"object","properties":{"a":{"oneOf":[{"type":"string"}]}}}
      prop_named_not_implemented || false || SUPERTYPE || {"type":"object","properties":{"not implemented":{"type":"integer"}}} || {"type":"object","properties":{"not implemented":{"type":"string"}}}
      enum_value_not_implemented || false || SUPERTYPE || {"type":"object","properties":{"e":{"type":"string","enum":["a"]}}} || {"type":"object","properties":{"e":{"type":"string","enum":["a","not implemented"]}}}
      format_regex_field || false || SUPERTYPE || {"type":"object","properties":{"r":{"type":"string","format":"regex"}},"title":"1"} || {"type":"object","properties":{"r":{"type":"string","format":"regex"}},"title":"2"}
      same_with_nan_free_numbers || true || SUPERTYPE || {"type":"object","properties":{"v":{"type":"number","minimum":-0.0}}} || {"type":"object","properties":{"v":{"type":"number","minimum":0}}}
      mashumaro_dict_field || false || SUPERTYPE || {"type":"object","properties":{"d":{"type":"object","additionalProperties":{"type":"integer"},"propertyNames":{"type":"string"}}},"required":["d"],"title":"1"} || {"type":"object","properties":{"d":{"type":"object","additionalProperties":{"type":"integer"},"propertyNames":{"type":"string"}}},"required":["d"],"title":"2"}
      mashumaro_list_field || false || NOT_SUPERTYPE || {"type":"object","properties":{"l":{"type":"array","items":{"type":"string"}}},"required":["l"],"title":"1"} || {"type":"object","properties":{"l":{"type":"array","items":{"type":"integer"}}},"required":["l"],"title":"2"}
      min_properties || false || SUPERTYPE || {"type":"object","minProperties":2} || {"type":"object","minProperties":1}
      max_properties_bad || false || NOT_SUPERTYPE || {"type":"object","maxProperties":2} || {"type":"object","maxProperties":1}
      enum_empty || false || GO_PANIC || {"type":"object","properties":{"e":{"type":"string","enum":[]}}} || {"type":"object","properties":{"e":{"type":"string"}}}
      """;

  static Stream<Arguments> goVerifiedCases() {
    return CASES.lines().map(line -> line.split(" \\|\\| ")).map(f -> Arguments.of(f[0],
        Boolean.parseBoolean(f[1]), JsonSchemaCompat.Outcome.valueOf(f[2]), f[3], f[4]));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goVerifiedCases")
  void matchesFlyteOnTheRealGoLibraries(String name, boolean same, JsonSchemaCompat.Outcome outcome, String up,
      String down) throws InvalidProtocolBufferException {
    Struct upstream = struct(up);
    Struct downstream = struct(down);

    assertThat(JsonSchemaCompat.isSameType(upstream, downstream)).as("isSameTypeInJSON").isEqualTo(same);
    assertThat(JsonSchemaCompat.superTypeOutcome(upstream, downstream)).as("isSuperTypeInJSON").isEqualTo(outcome);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goVerifiedCases")
  void castabilityOfTwoStructsFollowsTheSchemas(String name, boolean same, JsonSchemaCompat.Outcome outcome,
      String up, String down) throws InvalidProtocolBufferException {
    var upstream = TypeCompatibilityTest.struct(struct(up));
    var downstream = TypeCompatibilityTest.struct(struct(down));

    // A panic cannot be mirrored; it makes the pair incompatible.
    assertThat(TypeCompatibility.isCastable(upstream, downstream))
        .isEqualTo(same || outcome == JsonSchemaCompat.Outcome.SUPERTYPE);
  }

  // Go recurses without end on these and dies of stack exhaustion, so they are not in the Go-verified table.
  @Test
  void selfReferencingSchemasCrashFlyteUnlessIdentical() throws InvalidProtocolBufferException {
    Struct linkedList = struct("""
        {"type":"object","title":"Node","properties":{"next":{"$ref":"#"}}}""");
    Struct renamed = struct("""
        {"type":"object","title":"Other","properties":{"next":{"$ref":"#"}}}""");
    Struct refLoop = struct("""
        {"definitions":{"a":{"$ref":"#/definitions/b"},"b":{"$ref":"#/definitions/a"}},"$ref":"#/definitions/a"}""");

    assertThat(JsonSchemaCompat.superTypeOutcome(linkedList, renamed)).isEqualTo(JsonSchemaCompat.Outcome.GO_PANIC);
    assertThat(JsonSchemaCompat.superTypeOutcome(refLoop, renamed)).isEqualTo(JsonSchemaCompat.Outcome.GO_PANIC);
    assertThat(TypeCompatibility.isCastable(TypeCompatibilityTest.struct(linkedList),
        TypeCompatibilityTest.struct(renamed))).isFalse();
    assertThat(TypeCompatibility.isCastable(TypeCompatibilityTest.struct(linkedList),
        TypeCompatibilityTest.struct(linkedList))).as("isSameTypeInJSON answers first").isTrue();
  }

  @Test
  void metadataProtojsonCannotMarshalIsNeverTheSameNorASupertype() {
    Struct withNaN = Struct.newBuilder()
        .putFields("minimum", Value.newBuilder().setNumberValue(Double.NaN).build()).build();

    assertThat(JsonSchemaCompat.isSameType(withNaN, withNaN)).isFalse();
    assertThat(JsonSchemaCompat.superTypeOutcome(withNaN, withNaN)).isEqualTo(JsonSchemaCompat.Outcome.NOT_SUPERTYPE);
  }

  static Struct struct(String json) throws InvalidProtocolBufferException {
    Struct.Builder builder = Struct.newBuilder();
    JsonFormat.parser().merge(json, builder);
    return builder.build();
  }
}
