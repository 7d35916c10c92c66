package io.aloft.compiler.typing;

import static io.aloft.compiler.typing.TypeCompatibilityTest.BINARY;
import static io.aloft.compiler.typing.TypeCompatibilityTest.FLOAT;
import static io.aloft.compiler.typing.TypeCompatibilityTest.INTEGER;
import static io.aloft.compiler.typing.TypeCompatibilityTest.NONE;
import static io.aloft.compiler.typing.TypeCompatibilityTest.STRING;
import static io.aloft.compiler.typing.TypeCompatibilityTest.blob;
import static io.aloft.compiler.typing.TypeCompatibilityTest.collection;
import static io.aloft.compiler.typing.TypeCompatibilityTest.dataset;
import static io.aloft.compiler.typing.TypeCompatibilityTest.enumOf;
import static io.aloft.compiler.typing.TypeCompatibilityTest.map;
import static io.aloft.compiler.typing.TypeCompatibilityTest.schema;
import static io.aloft.compiler.typing.TypeCompatibilityTest.simple;
import static io.aloft.compiler.typing.TypeCompatibilityTest.tagged;
import static io.aloft.compiler.typing.TypeCompatibilityTest.union;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import flyteidl.core.Literals.Binary;
import flyteidl.core.Literals.Blob;
import flyteidl.core.Literals.BlobMetadata;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralCollection;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.LiteralOffloadedMetadata;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Literals.Schema;
import flyteidl.core.Literals.StructuredDataset;
import flyteidl.core.Literals.StructuredDatasetMetadata;
import flyteidl.core.Literals.Union;
import flyteidl.core.Literals.Void;
import flyteidl.core.Types.BlobType;
import flyteidl.core.Types.BlobType.BlobDimensionality;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SchemaType.SchemaColumn.SchemaColumnType;
import flyteidl.core.Types.SimpleType;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Flyte's LiteralTypeForLiteral (utils.go) and the short type rendering used in error messages. */
class LiteralTypesTest {
  static Literal scalar(Scalar.Builder scalar) {
    return Literal.newBuilder().setScalar(scalar).build();
  }

  static Literal primitive(Primitive.Builder primitive) {
    return scalar(Scalar.newBuilder().setPrimitive(primitive));
  }

  static Literal integer(long value) {
    return primitive(Primitive.newBuilder().setInteger(value));
  }

  static Literal string(String value) {
    return primitive(Primitive.newBuilder().setStringValue(value));
  }

  static Literal floatValue(double value) {
    return primitive(Primitive.newBuilder().setFloatValue(value));
  }

  static Literal bool(boolean value) {
    return primitive(Primitive.newBuilder().setBoolean(value));
  }

  static Literal list(Literal... elements) {
    return Literal.newBuilder().setCollection(LiteralCollection.newBuilder().addAllLiterals(List.of(elements)))
        .build();
  }

  static Literal none() {
    return scalar(Scalar.newBuilder().setNoneType(Void.getDefaultInstance()));
  }

  @Nested
  class Scalars {
    @Test
    void primitivesMapToTheirSimpleTypes() {
      assertThat(LiteralTypes.typeOf(integer(1))).isEqualTo(INTEGER);
      assertThat(LiteralTypes.typeOf(floatValue(1.5))).isEqualTo(FLOAT);
      assertThat(LiteralTypes.typeOf(string("a"))).isEqualTo(STRING);
      assertThat(LiteralTypes.typeOf(bool(true))).isEqualTo(simple(SimpleType.BOOLEAN));
      assertThat(LiteralTypes.typeOf(primitive(Primitive.newBuilder().setDatetime(Timestamp.getDefaultInstance()))))
          .isEqualTo(simple(SimpleType.DATETIME));
      assertThat(LiteralTypes.typeOf(primitive(Primitive.newBuilder().setDuration(Duration.getDefaultInstance()))))
          .isEqualTo(simple(SimpleType.DURATION));
    }

    @Test
    void anEmptyPrimitiveIsNone() {
      assertThat(LiteralTypes.typeOf(primitive(Primitive.newBuilder()))).isEqualTo(NONE);
    }

    @Test
    void noneErrorAndGenericScalars() {
      assertThat(LiteralTypes.typeOf(none())).isEqualTo(NONE);
      Literal error = scalar(Scalar.newBuilder().setError(flyteidl.core.Types.Error.newBuilder().setMessage("boom")));

      assertThat(LiteralTypes.typeOf(error)).isEqualTo(simple(SimpleType.ERROR));
      assertThat(LiteralTypes.typeOf(scalar(Scalar.newBuilder().setGeneric(Struct.getDefaultInstance()))))
          .isEqualTo(simple(SimpleType.STRUCT));
    }

    @Test
    void aMsgpackBinaryIsAStructAndAnyOtherBinaryIsBinary() {
      Binary.Builder bytes = Binary.newBuilder().setValue(ByteString.copyFromUtf8("\u0081\u00a1a\u0001"));

      assertThat(LiteralTypes.typeOf(scalar(Scalar.newBuilder().setBinary(bytes.setTag("msgpack")))))
          .isEqualTo(simple(SimpleType.STRUCT));
      assertThat(LiteralTypes.typeOf(scalar(Scalar.newBuilder().setBinary(bytes.setTag("pickle")))))
          .isEqualTo(BINARY);
      assertThat(LiteralTypes.typeOf(scalar(Scalar.newBuilder().setBinary(bytes.setTag("")))))
          .isEqualTo(BINARY);
    }

    @Test
    void aBlobTakesItsMetadataTypeAndHasNoTypeWithoutMetadata() {
      BlobType csv = BlobType.newBuilder().setFormat("csv").setDimensionality(BlobDimensionality.MULTIPART).build();
      Literal withMetadata = scalar(Scalar.newBuilder().setBlob(
          Blob.newBuilder().setUri("s3://b/k").setMetadata(BlobMetadata.newBuilder().setType(csv))));
      Literal withoutMetadata = scalar(Scalar.newBuilder().setBlob(Blob.newBuilder().setUri("s3://b/k")));

      assertThat(LiteralTypes.typeOf(withMetadata)).isEqualTo(blob("csv", BlobDimensionality.MULTIPART));
      assertThat(LiteralTypes.typeOf(withoutMetadata)).isNull();
    }

    @Test
    void aSchemaTakesItsStoredType() {
      LiteralType expected = schema("a", SchemaColumnType.INTEGER);
      Literal literal = scalar(Scalar.newBuilder().setSchema(Schema.newBuilder().setUri("s3://x")
          .setType(expected.getSchema())));

      assertThat(LiteralTypes.typeOf(literal)).isEqualTo(expected);
    }

    @Test
    void aStructuredDatasetTakesItsMetadataTypeOrAnEmptyOne() {
      LiteralType expected = dataset("parquet", "a", INTEGER);
      Literal withMetadata = scalar(Scalar.newBuilder().setStructuredDataset(StructuredDataset.newBuilder()
          .setUri("s3://x").setMetadata(StructuredDatasetMetadata.newBuilder()
              .setStructuredDatasetType(expected.getStructuredDatasetType()))));
      Literal withoutMetadata = scalar(Scalar.newBuilder().setStructuredDataset(StructuredDataset.newBuilder()
          .setUri("s3://x")));

      assertThat(LiteralTypes.typeOf(withMetadata)).isEqualTo(expected);
      assertThat(LiteralTypes.typeOf(withoutMetadata)).isEqualTo(dataset(""));
    }

    @Test
    void aUnionValueIsASingleVariantUnionOfItsStoredType() {
      LiteralType variant = tagged(INTEGER, "int");
      Literal literal = scalar(Scalar.newBuilder().setUnion(Union.newBuilder().setValue(integer(3)).setType(variant)));

      assertThat(LiteralTypes.typeOf(literal)).isEqualTo(union(variant));
      assertThat(TypeCompatibility.isCastable(LiteralTypes.typeOf(literal), union(variant, tagged(NONE, "none"))))
          .isTrue();
    }

    @Test
    void unsetValuesHaveNoType() {
      assertThat(LiteralTypes.typeOf(Literal.getDefaultInstance())).isNull();
      assertThat(LiteralTypes.typeOf(scalar(Scalar.newBuilder()))).isNull();
      assertThat(LiteralTypes.typeOf(null)).isNull();
    }
  }

  @Nested
  class Collections {
    @Test
    void aHomogeneousCollectionHasItsElementType() {
      assertThat(LiteralTypes.typeOf(list(integer(1), integer(2), integer(3)))).isEqualTo(collection(INTEGER));
    }

    @Test
    void anEmptyCollectionIsACollectionOfNone() {
      assertThat(LiteralTypes.typeOf(list())).isEqualTo(collection(NONE));
    }

    @Test
    void mixedElementsBecomeAUnionOrderedByGoTextRendering() {
      // "simple:BOOLEAN" < "simple:FLOAT" < "simple:INTEGER" < "simple:STRING": alphabetical, not enum order.
      LiteralType type = LiteralTypes.typeOf(list(string("a"), integer(1), floatValue(1.5), bool(true), integer(2)));

      assertThat(type).isEqualTo(collection(union(simple(SimpleType.BOOLEAN), FLOAT, INTEGER, STRING)));
    }

    @Test
    void noneElementsJoinTheUnion() {
      assertThat(LiteralTypes.typeOf(list(integer(1), none()))).isEqualTo(collection(union(INTEGER, NONE)));
    }

    @Test
    void emptyNestedCollectionsOnlyCountWhenNothingElseIsThere() {
      assertThat(LiteralTypes.typeOf(list(list(), list(integer(1))))).isEqualTo(collection(collection(INTEGER)));
      assertThat(LiteralTypes.typeOf(list(list(), list()))).isEqualTo(collection(collection(NONE)));
    }

    @Test
    void collectionsOfUnionsAreFlattenedIntoOneNestedUnion() {
      // Element types: [INTEGER] and [INTEGER|STRING]. buildMultipleTypeUnion lifts the inner union's variants next
      // to the plain collection type and re-wraps the result in a collection.
      LiteralType type = LiteralTypes.typeOf(list(list(integer(1)), list(integer(2), string("a"))));

      assertThat(type).isEqualTo(collection(collection(union(collection(INTEGER), INTEGER, STRING))));
    }

    @Test
    void aCollectionHoldingAnUntypedValueHasNoType() {
      Literal untypedBlob = scalar(Scalar.newBuilder().setBlob(Blob.newBuilder().setUri("s3://b/k")));

      assertThat(LiteralTypes.typeOf(list(untypedBlob))).isNull();
      assertThat(LiteralTypes.typeOf(list(integer(1), untypedBlob))).isNull();
    }

    @Test
    void inferredTypesFeedTheCastabilityCheck() {
      LiteralType mixed = LiteralTypes.typeOf(list(integer(1), string("a")));

      assertThat(TypeCompatibility.isCastable(mixed, collection(INTEGER))).isFalse();
      assertThat(TypeCompatibility.isCastable(mixed, collection(union(tagged(INTEGER, "int"), tagged(STRING, "str")))))
          .isTrue();
      assertThat(TypeCompatibility.isCastable(LiteralTypes.typeOf(list()), collection(STRING))).isTrue();
    }
  }

  @Nested
  class Maps {
    @Test
    void aMapHasTheCommonTypeOfItsValues() {
      Literal homogeneous = Literal.newBuilder().setMap(LiteralMap.newBuilder()
          .putLiterals("a", integer(1)).putLiterals("b", integer(2))).build();
      Literal mixed = Literal.newBuilder().setMap(LiteralMap.newBuilder()
          .putLiterals("a", string("x")).putLiterals("b", integer(2))).build();

      assertThat(LiteralTypes.typeOf(homogeneous)).isEqualTo(map(INTEGER));
      assertThat(LiteralTypes.typeOf(mixed)).isEqualTo(map(union(INTEGER, STRING)));
    }

    @Test
    void anEmptyMapIsAMapOfNone() {
      assertThat(LiteralTypes.typeOf(Literal.newBuilder().setMap(LiteralMap.getDefaultInstance()).build()))
          .isEqualTo(map(NONE));
    }
  }

  @Nested
  class Offloaded {
    @Test
    void anOffloadedLiteralHasItsInferredType() {
      Literal offloaded = Literal.newBuilder().setOffloadedMetadata(LiteralOffloadedMetadata.newBuilder()
          .setUri("s3://big").setSizeBytes(1 << 30).setInferredType(collection(STRING))).build();

      assertThat(LiteralTypes.typeOf(offloaded)).isEqualTo(collection(STRING));
    }

    @Test
    void anOffloadedLiteralWithoutInferredTypeHasNoType() {
      Literal offloaded = Literal.newBuilder().setOffloadedMetadata(LiteralOffloadedMetadata.newBuilder()
          .setUri("s3://big")).build();

      assertThat(LiteralTypes.typeOf(offloaded)).isNull();
    }
  }

  @Nested
  class Describe {
    @Test
    void simpleAndContainerTypes() {
      assertThat(LiteralTypes.describe(INTEGER)).isEqualTo("INTEGER");
      assertThat(LiteralTypes.describe(collection(STRING))).isEqualTo("collection<STRING>");
      assertThat(LiteralTypes.describe(map(INTEGER))).isEqualTo("map<INTEGER>");
      assertThat(LiteralTypes.describe(map(collection(FLOAT)))).isEqualTo("map<collection<FLOAT>>");
      assertThat(LiteralTypes.describe(union(tagged(INTEGER, "int"), NONE))).isEqualTo("union<INTEGER|NONE>");
    }

    @Test
    void blobsEnumsSchemasAndDatasets() {
      assertThat(LiteralTypes.describe(blob("csv", BlobDimensionality.SINGLE))).isEqualTo("blob(csv, SINGLE)");
      assertThat(LiteralTypes.describe(blob("", BlobDimensionality.MULTIPART))).isEqualTo("blob(MULTIPART)");
      assertThat(LiteralTypes.describe(enumOf("a", "b"))).isEqualTo("enum{a,b}");
      assertThat(LiteralTypes.describe(schema())).isEqualTo("schema");
      assertThat(LiteralTypes.describe(schema("a", SchemaColumnType.INTEGER))).isEqualTo("schema(a: INTEGER)");
      assertThat(LiteralTypes.describe(dataset(""))).isEqualTo("structured_dataset");
      assertThat(LiteralTypes.describe(dataset("parquet", "a", INTEGER)))
          .isEqualTo("structured_dataset(parquet, a: INTEGER)");
    }

    @Test
    void unknownAndUnsetTypes() {
      assertThat(LiteralTypes.describe(null)).isEqualTo("<unknown>");
      assertThat(LiteralTypes.describe(LiteralType.getDefaultInstance())).isEqualTo("<unset>");
      assertThat(LiteralTypes.describe(LiteralType.newBuilder().setSimpleValue(42).build())).isEqualTo("simple(42)");
    }
  }
}
