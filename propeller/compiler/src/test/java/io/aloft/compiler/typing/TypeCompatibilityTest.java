package io.aloft.compiler.typing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import flyteidl.core.Types.BlobType;
import flyteidl.core.Types.BlobType.BlobDimensionality;
import flyteidl.core.Types.EnumType;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SchemaType;
import flyteidl.core.Types.SchemaType.SchemaColumn;
import flyteidl.core.Types.SchemaType.SchemaColumn.SchemaColumnType;
import flyteidl.core.Types.SimpleType;
import flyteidl.core.Types.StructuredDatasetType;
import flyteidl.core.Types.StructuredDatasetType.DatasetColumn;
import flyteidl.core.Types.TypeAnnotation;
import flyteidl.core.Types.TypeStructure;
import flyteidl.core.Types.UnionType;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Flyte's AreTypesCastable rules (typing.go), family by family, including the cases typing_test.go pins. */
class TypeCompatibilityTest {
  static final LiteralType INTEGER = simple(SimpleType.INTEGER);
  static final LiteralType FLOAT = simple(SimpleType.FLOAT);
  static final LiteralType STRING = simple(SimpleType.STRING);
  static final LiteralType NONE = simple(SimpleType.NONE);
  static final LiteralType BINARY = simple(SimpleType.BINARY);

  static LiteralType simple(SimpleType type) {
    return LiteralType.newBuilder().setSimple(type).build();
  }

  static LiteralType tagged(LiteralType type, String tag) {
    return type.toBuilder().setStructure(TypeStructure.newBuilder().setTag(tag)).build();
  }

  static LiteralType collection(LiteralType element) {
    return LiteralType.newBuilder().setCollectionType(element).build();
  }

  static LiteralType map(LiteralType value) {
    return LiteralType.newBuilder().setMapValueType(value).build();
  }

  static LiteralType union(LiteralType... variants) {
    return LiteralType.newBuilder().setUnionType(UnionType.newBuilder().addAllVariants(List.of(variants)))
        .build();
  }

  static LiteralType enumOf(String... values) {
    return LiteralType.newBuilder().setEnumType(EnumType.newBuilder().addAllValues(List.of(values))).build();
  }

  static LiteralType blob(String format, BlobDimensionality dimensionality) {
    return LiteralType.newBuilder().setBlob(BlobType.newBuilder().setFormat(format).setDimensionality(dimensionality))
        .build();
  }

  static LiteralType struct(Struct jsonSchema) {
    return LiteralType.newBuilder().setSimple(SimpleType.STRUCT).setMetadata(jsonSchema).build();
  }

  static LiteralType schema(Object... nameTypePairs) {
    SchemaType.Builder schema = SchemaType.newBuilder();
    for (int i = 0; i < nameTypePairs.length; i += 2) {
      schema.addColumns(SchemaColumn.newBuilder().setName((String) nameTypePairs[i])
          .setType((SchemaColumnType) nameTypePairs[i + 1]));
    }
    return LiteralType.newBuilder().setSchema(schema).build();
  }

  static LiteralType dataset(String format, Object... nameTypePairs) {
    StructuredDatasetType.Builder dataset = StructuredDatasetType.newBuilder().setFormat(format);
    for (int i = 0; i < nameTypePairs.length; i += 2) {
      dataset.addColumns(DatasetColumn.newBuilder().setName((String) nameTypePairs[i])
          .setLiteralType((LiteralType) nameTypePairs[i + 1]));
    }
    return LiteralType.newBuilder().setStructuredDatasetType(dataset).build();
  }

  static Struct jsonSchema(String json) {
    try {
      return JsonSchemaCompatTest.struct(json);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static boolean castable(LiteralType upstream, LiteralType downstream) {
    return TypeCompatibility.isCastable(upstream, downstream);
  }

  @Nested
  class SimpleTypes {
    @Test
    void aSimpleTypeCastsToItself() {
      assertThat(castable(INTEGER, INTEGER)).isTrue();
      assertThat(castable(simple(SimpleType.DATETIME), simple(SimpleType.DATETIME))).isTrue();
    }

    @Test
    void integersAndFloatsDoNotConvert() {
      assertThat(castable(INTEGER, FLOAT)).isFalse();
      assertThat(castable(FLOAT, INTEGER)).isFalse();
    }

    @Test
    void noneDoesNotFeedANonOptionalType() {
      assertThat(castable(NONE, INTEGER)).isFalse();
      assertThat(castable(INTEGER, NONE)).isFalse();
    }

    @Test
    void noneFeedsNone() {
      assertThat(castable(NONE, NONE)).isTrue();
    }

    @Test
    void metadataAnnotationAndStructureOfTheOuterTypeAreIgnored() {
      LiteralType decorated = INTEGER.toBuilder()
          .setMetadata(Struct.newBuilder().putFields("a", Value.newBuilder().setStringValue("b").build()))
          .setAnnotation(TypeAnnotation.newBuilder().setAnnotations(Struct.newBuilder()))
          .setStructure(TypeStructure.newBuilder().putDataclassType("x", STRING))
          .build();

      assertThat(castable(decorated, INTEGER)).isTrue();
      assertThat(castable(INTEGER, decorated)).isTrue();
    }

    @Test
    void aTypeWithNoShapeOnlyMatchesAnotherShapelessType() {
      LiteralType unset = LiteralType.getDefaultInstance();

      assertThat(castable(unset, INTEGER)).isFalse();
      assertThat(castable(INTEGER, unset)).isFalse();
      assertThat(castable(unset, unset)).isTrue();
      assertThat(castable(unset, NONE)).as("an unset type is not NONE").isFalse();
    }

    @Test
    void nullTypesAreRejected() {
      assertThatNullPointerException().isThrownBy(() -> castable(null, INTEGER));
      assertThatNullPointerException().isThrownBy(() -> castable(INTEGER, null));
    }
  }

  @Nested
  class Enums {
    @Test
    void anEnumIsConsumedAsAString() {
      assertThat(castable(enumOf("x", "y"), STRING)).isTrue();
    }

    @Test
    void aStringFeedsAnEnum() {
      assertThat(castable(STRING, enumOf("x", "y"))).isTrue();
    }

    @Test
    void enumsMatchOnlyWithTheSameValuesInTheSameOrder() {
      assertThat(castable(enumOf("x", "y"), enumOf("x", "y"))).isTrue();
      assertThat(castable(enumOf("x", "y"), enumOf("m", "n"))).isFalse();
      assertThat(castable(enumOf("x"), enumOf("x", "y"))).as("no subset rule").isFalse();
      assertThat(castable(enumOf("y", "x"), enumOf("x", "y"))).as("order matters").isFalse();
    }

    @Test
    void anEnumDoesNotFeedOtherSimpleTypes() {
      assertThat(castable(enumOf("x"), INTEGER)).isFalse();
      assertThat(castable(INTEGER, enumOf("x"))).isFalse();
    }
  }

  @Nested
  class StructureTags {
    @Test
    void aTaggedUpstreamNeedsTheSameTag() {
      assertThat(castable(tagged(INTEGER, "int"), tagged(INTEGER, "int"))).isTrue();
      assertThat(castable(tagged(INTEGER, "int"), tagged(INTEGER, "other"))).isFalse();
      assertThat(castable(tagged(INTEGER, "int"), INTEGER)).isFalse();
    }

    @Test
    void anUntaggedUpstreamIgnoresTheDownstreamTag() {
      assertThat(castable(INTEGER, tagged(INTEGER, "int"))).isTrue();
    }

    @Test
    void tagsDoNotMatterToTheEnumStringRule() {
      assertThat(castable(tagged(enumOf("a"), "x"), tagged(STRING, "y"))).isTrue();
    }
  }

  @Nested
  class Structs {
    private final Struct schemaA = jsonSchema("""
        {"type":"object","title":"A","properties":{"a":{"type":"integer"}},"additionalProperties":false,
         "required":["a"]}""");
    private final Struct schemaB = jsonSchema("""
        {"type":"object","title":"B","properties":{"b":{"type":"string"}},"additionalProperties":false,
         "required":["b"]}""");
    private final Struct schemaChildOfA = jsonSchema("""
        {"type":"object","title":"C","properties":{"a":{"type":"integer"},"c":{"type":"number"}},
         "additionalProperties":false,"required":["a","c"]}""");

    @Test
    void aStructWithoutASchemaOnEitherSideMatchesAnyStruct() {
      LiteralType plain = simple(SimpleType.STRUCT);

      assertThat(castable(plain, plain)).isTrue();
      assertThat(castable(plain, struct(schemaA))).isTrue();
      assertThat(castable(struct(schemaA), plain)).isTrue();
    }

    @Test
    void dataclassesMatchByJsonSchema() {
      assertThat(castable(struct(schemaA), struct(schemaA))).isTrue();
      assertThat(castable(struct(schemaA), struct(schemaB))).isFalse();
    }

    @Test
    void aSubclassFeedsItsParentButNotTheReverse() {
      assertThat(castable(struct(schemaChildOfA), struct(schemaA))).isTrue();
      assertThat(castable(struct(schemaA), struct(schemaChildOfA))).isFalse();
    }

    @Test
    void aDataclassSelectsItsVariantInAUnionOfDataclasses() {
      LiteralType unionOfDataclasses = union(tagged(struct(schemaA), "A"), tagged(struct(schemaB), "B"));

      assertThat(castable(struct(schemaB), unionOfDataclasses)).isTrue();
      assertThat(castable(simple(SimpleType.STRUCT), unionOfDataclasses))
          .as("a schemaless struct matches both variants, which is ambiguous").isFalse();
    }

    @Test
    void aSchemaFlyteCannotCompileOnlyMatchesAnIdenticalSchema() {
      // "uuid" is no format santhosh-tekuri/jsonschema v1.2.4 knows: Flyte's comparison panics unless the schemas
      // are identical (isSameTypeInJSON answers first).
      Struct withUuid = jsonSchema("""
          {"type":"object","properties":{"id":{"type":"string","format":"uuid"}}}""");
      Struct withUuidAndMore = jsonSchema("""
          {"type":"object","properties":{"id":{"type":"string","format":"uuid"},"n":{"type":"integer"}}}""");

      assertThat(castable(struct(withUuid), struct(withUuid))).isTrue();
      assertThat(castable(struct(withUuidAndMore), struct(withUuid))).isFalse();
    }

    @Test
    void aStructIsNotABinary() {
      assertThat(castable(simple(SimpleType.STRUCT), BINARY)).isFalse();
      assertThat(castable(BINARY, simple(SimpleType.STRUCT))).isFalse();
    }
  }

  @Nested
  class Collections {
    @Test
    void elementTypesAreCheckedRecursively() {
      assertThat(castable(collection(INTEGER), collection(INTEGER))).isTrue();
      assertThat(castable(collection(collection(INTEGER)), collection(collection(INTEGER)))).isTrue();
      assertThat(castable(collection(INTEGER), collection(FLOAT))).isFalse();
      assertThat(castable(collection(collection(INTEGER)), collection(collection(FLOAT)))).isFalse();
    }

    @Test
    void anEmptyCollectionMatchesAnyCollection() {
      assertThat(castable(collection(NONE), collection(INTEGER))).isTrue();
      assertThat(castable(collection(NONE), collection(collection(STRING)))).isTrue();
    }

    @Test
    void nestingLevelsMustAgree() {
      assertThat(castable(collection(INTEGER), INTEGER)).isFalse();
      assertThat(castable(INTEGER, collection(INTEGER))).isFalse();
      assertThat(castable(collection(INTEGER), collection(collection(INTEGER)))).isFalse();
      assertThat(castable(collection(INTEGER), map(INTEGER))).isFalse();
    }

    @Test
    void collectionsAreNotNullable() {
      assertThat(castable(NONE, collection(collection(INTEGER)))).isFalse();
    }

    @Test
    void elementsMayFeedAUnionElement() {
      assertThat(castable(collection(INTEGER), collection(union(tagged(INTEGER, "int"), tagged(STRING, "str")))))
          .isTrue();
    }

    @Test
    void singleVariantUnionsAreOnlyUnwrappedAtTheTop() {
      // AreTypesCastable unwraps a singular union, but the collection checker recurses through getTypeChecker.
      assertThat(castable(union(INTEGER), INTEGER)).isTrue();
      assertThat(castable(collection(union(INTEGER)), collection(INTEGER))).isFalse();
    }
  }

  @Nested
  class Maps {
    @Test
    void valueTypesAreCheckedRecursively() {
      assertThat(castable(map(INTEGER), map(INTEGER))).isTrue();
      assertThat(castable(map(collection(STRING)), map(collection(STRING)))).isTrue();
      assertThat(castable(map(INTEGER), map(FLOAT))).isFalse();
    }

    @Test
    void anEmptyMapMatchesAnyMap() {
      assertThat(castable(map(NONE), map(FLOAT))).isTrue();
    }

    @Test
    void nestingLevelsMustAgree() {
      assertThat(castable(map(INTEGER), INTEGER)).isFalse();
      assertThat(castable(map(INTEGER), map(map(INTEGER)))).isFalse();
      assertThat(castable(map(INTEGER), collection(INTEGER))).isFalse();
    }
  }

  @Nested
  class Blobs {
    @Test
    void equalFormatsMatch() {
      assertThat(castable(blob("csv", BlobDimensionality.SINGLE), blob("csv", BlobDimensionality.SINGLE))).isTrue();
    }

    @Test
    void differentFormatsDoNotMatch() {
      assertThat(castable(blob("csv", BlobDimensionality.SINGLE), blob("parquet", BlobDimensionality.SINGLE)))
          .isFalse();
      assertThat(castable(blob("CSV", BlobDimensionality.SINGLE), blob("csv", BlobDimensionality.SINGLE)))
          .as("formats compare case-sensitively").isFalse();
    }

    @Test
    void anEmptyFormatOnEitherSideMatchesAnyBlob() {
      assertThat(castable(blob("", BlobDimensionality.SINGLE), blob("csv", BlobDimensionality.SINGLE))).isTrue();
      assertThat(castable(blob("csv", BlobDimensionality.SINGLE), blob("", BlobDimensionality.SINGLE))).isTrue();
    }

    @Test
    void dimensionalityIsNotCompared() {
      // A FlyteFile (SINGLE) feeds a FlyteDirectory (MULTIPART): blobTypeChecker only looks at formats.
      assertThat(castable(blob("", BlobDimensionality.SINGLE), blob("", BlobDimensionality.MULTIPART))).isTrue();
      assertThat(castable(blob("csv", BlobDimensionality.MULTIPART), blob("csv", BlobDimensionality.SINGLE)))
          .isTrue();
    }

    @Test
    void onlyBlobsFeedBlobs() {
      assertThat(castable(STRING, blob("", BlobDimensionality.SINGLE))).isFalse();
      assertThat(castable(NONE, blob("", BlobDimensionality.SINGLE))).isFalse();
      assertThat(castable(blob("", BlobDimensionality.SINGLE), STRING)).isFalse();
    }
  }

  @Nested
  class Schemas {
    @Test
    void downstreamColumnsMustBeASubsetWithEqualTypes() {
      LiteralType upstream = schema("a", SchemaColumnType.INTEGER, "b", SchemaColumnType.STRING);

      assertThat(castable(upstream, schema("b", SchemaColumnType.STRING))).isTrue();
      assertThat(castable(upstream, schema("c", SchemaColumnType.STRING))).isFalse();
      assertThat(castable(upstream, schema("a", SchemaColumnType.FLOAT))).isFalse();
    }

    @Test
    void noColumnsOnEitherSideMatches() {
      assertThat(castable(schema(), schema("a", SchemaColumnType.INTEGER))).isTrue();
      assertThat(castable(schema("a", SchemaColumnType.INTEGER), schema())).isTrue();
    }

    @Test
    void aParquetOrFormatlessStructuredDatasetFeedsASchema() {
      LiteralType downstream = schema("a", SchemaColumnType.INTEGER);

      assertThat(castable(dataset("parquet", "a", INTEGER), downstream)).isTrue();
      assertThat(castable(dataset("PARQUET", "a", INTEGER), downstream)).isTrue();
      assertThat(castable(dataset("", "a", INTEGER), downstream)).isTrue();
      assertThat(castable(dataset("csv", "a", INTEGER), downstream)).isFalse();
      assertThat(castable(dataset("parquet", "a", STRING), downstream)).isFalse();
      assertThat(castable(dataset("parquet", "b", INTEGER), downstream)).isFalse();
    }

    @Test
    void otherTypesDoNotFeedASchema() {
      assertThat(castable(INTEGER, schema())).isFalse();
      assertThat(castable(NONE, schema())).as("schemas, unlike structured datasets, are not nullable").isFalse();
    }
  }

  @Nested
  class StructuredDatasets {
    @Test
    void formatsMatchIgnoringCaseUnlessEitherIsEmpty() {
      assertThat(castable(dataset("parquet"), dataset("PARQUET"))).isTrue();
      assertThat(castable(dataset(""), dataset("csv"))).isTrue();
      assertThat(castable(dataset("csv"), dataset(""))).isTrue();
      assertThat(castable(dataset("parquet"), dataset("csv"))).isFalse();
    }

    @Test
    void downstreamColumnsMustBeASubsetOfCastableColumns() {
      LiteralType upstream = dataset("", "a", INTEGER, "b", collection(STRING));

      assertThat(castable(upstream, dataset("", "b", collection(STRING)))).isTrue();
      assertThat(castable(upstream, dataset("", "b", collection(INTEGER)))).isFalse();
      assertThat(castable(upstream, dataset("", "z", INTEGER))).isFalse();
      assertThat(castable(dataset(""), dataset("", "z", INTEGER))).as("no upstream columns").isTrue();
    }

    @Test
    void structuredDatasetsAreNullable() {
      assertThat(castable(NONE, dataset("parquet", "a", INTEGER))).isTrue();
    }

    @Test
    void aSchemaFeedsAParquetOrFormatlessStructuredDataset() {
      LiteralType upstream = schema("t", SchemaColumnType.DATETIME);

      assertThat(castable(upstream, dataset("parquet", "t", simple(SimpleType.DATETIME)))).isTrue();
      assertThat(castable(upstream, dataset("", "t", simple(SimpleType.DATETIME)))).isTrue();
      assertThat(castable(upstream, dataset("csv", "t", simple(SimpleType.DATETIME)))).isFalse();
      assertThat(castable(upstream, dataset("", "t", simple(SimpleType.DURATION)))).isFalse();
    }

    @Test
    void otherTypesDoNotFeedAStructuredDataset() {
      assertThat(castable(STRING, dataset(""))).isFalse();
      assertThat(castable(blob("parquet", BlobDimensionality.MULTIPART), dataset("parquet"))).isFalse();
    }
  }

  @Nested
  class Unions {
    private final LiteralType intOrStr = union(tagged(INTEGER, "int"), tagged(STRING, "str"));

    @Test
    void aValueSelectsTheOneVariantItCastsTo() {
      assertThat(castable(STRING, intOrStr)).isTrue();
      assertThat(castable(INTEGER, intOrStr)).isTrue();
      assertThat(castable(FLOAT, intOrStr)).isFalse();
    }

    @Test
    void twoMatchingVariantsAreAmbiguous() {
      assertThat(castable(STRING, union(tagged(STRING, "str1"), tagged(STRING, "str2")))).isFalse();
    }

    @Test
    void noneFeedsAnOptional() {
      LiteralType optionalInt = union(tagged(INTEGER, "int"), tagged(NONE, "none"));

      assertThat(castable(NONE, optionalInt)).isTrue();
      assertThat(castable(INTEGER, optionalInt)).isTrue();
      assertThat(castable(NONE, intOrStr)).isFalse();
    }

    @Test
    void aUnionFeedsAUnionWithASupersetOfVariants() {
      LiteralType upstream = union(tagged(STRING, "str1"), tagged(STRING, "str2"));

      assertThat(castable(upstream, union(tagged(STRING, "str1"), tagged(INTEGER, "int1"), tagged(STRING, "str2"))))
          .isTrue();
      assertThat(castable(upstream, union(tagged(INTEGER, "str2"), tagged(STRING, "str3")))).isFalse();
    }

    @Test
    void variantTypesMustMatchNotJustTags() {
      assertThat(castable(union(tagged(STRING, "test")), union(tagged(INTEGER, "test")))).isFalse();
    }

    @Test
    void aSingleVariantUnionFeedsItsVariantType() {
      assertThat(castable(union(tagged(STRING, "string")), tagged(STRING, "string"))).isTrue();
      assertThat(castable(union(tagged(STRING, "string")), INTEGER)).isFalse();
    }

    @Test
    void aMultiVariantUnionDoesNotFeedAPlainType() {
      assertThat(castable(union(tagged(INTEGER, "int"), tagged(NONE, "none")), INTEGER)).isFalse();
    }

    @Test
    void anEmptyUpstreamUnionFeedsAnyUnion() {
      // No upstream variant is left without a counterpart.
      assertThat(castable(union(), intOrStr)).isTrue();
      assertThat(castable(INTEGER, union())).isFalse();
    }

    @Test
    void nestedContainersSelectVariantsRecursively() {
      LiteralType listOrMap = union(tagged(collection(INTEGER), "list"), tagged(map(INTEGER), "dict"));

      assertThat(castable(collection(INTEGER), listOrMap)).isTrue();
      assertThat(castable(map(INTEGER), listOrMap)).isTrue();
      assertThat(castable(collection(NONE), listOrMap)).as("an empty list only fits the list variant").isTrue();
      assertThat(castable(collection(STRING), listOrMap)).isFalse();
    }
  }
}
