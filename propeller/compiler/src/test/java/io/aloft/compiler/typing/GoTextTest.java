package io.aloft.compiler.typing;

import static io.aloft.compiler.typing.TypeCompatibilityTest.INTEGER;
import static io.aloft.compiler.typing.TypeCompatibilityTest.NONE;
import static io.aloft.compiler.typing.TypeCompatibilityTest.collection;
import static io.aloft.compiler.typing.TypeCompatibilityTest.enumOf;
import static io.aloft.compiler.typing.TypeCompatibilityTest.schema;
import static io.aloft.compiler.typing.TypeCompatibilityTest.tagged;
import static io.aloft.compiler.typing.TypeCompatibilityTest.union;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SchemaType.SchemaColumn.SchemaColumnType;
import flyteidl.core.Types.SimpleType;
import flyteidl.core.Types.StructuredDatasetType;
import flyteidl.core.Types.TypeStructure;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Go renderings Flyte keys and orders inferred types by. Expected strings were printed by Go (protobuf-go
 * prototext single-line Format, protojson, strconv) for the same messages and doubles.
 */
class GoTextTest {
  @Test
  void rendersMessagesAsGoPrototextDoes() {
    assertThat(GoText.messageString(INTEGER)).isEqualTo("simple:INTEGER");
    assertThat(GoText.messageString(NONE)).as("a set oneof prints even at its zero value").isEqualTo("simple:NONE");
    assertThat(GoText.messageString(collection(INTEGER))).isEqualTo("collection_type:{simple:INTEGER}");
    assertThat(GoText.messageString(union(tagged(INTEGER, "int"), tagged(NONE, "none"))))
        .isEqualTo("union_type:{variants:{simple:INTEGER structure:{tag:\"int\"}} "
            + "variants:{simple:NONE structure:{tag:\"none\"}}}");
    assertThat(GoText.messageString(schema("x", SchemaColumnType.INTEGER)))
        .as("zero-valued proto3 scalars are omitted").isEqualTo("schema:{columns:{name:\"x\"}}");
    assertThat(GoText.messageString(LiteralType.getDefaultInstance())).isEmpty();
    assertThat(GoText.messageString(null)).isEqualTo("<nil>");
  }

  @Test
  void quotesStringsAndBytesAsGoDoes() {
    assertThat(GoText.messageString(enumOf("b", "a\"q\\\n\t\u0001\u007f\u0085é😀'")))
        .isEqualTo("enum_type:{values:\"b\" values:\"a\\\"q\\\\\\n\\t\\x01\\x7f\\u0085é😀'\"}");
    LiteralType bytes = LiteralType.newBuilder().setStructuredDatasetType(StructuredDatasetType.newBuilder()
        .setExternalSchemaBytes(ByteString.copyFrom(new byte[] {0, 1, (byte) 0xff, (byte) 0xc3, (byte) 0xa9, 65,
            (byte) 0xe2, (byte) 0x82}))).build();
    assertThat(GoText.messageString(bytes))
        .isEqualTo("structured_dataset_type:{external_schema_bytes:\"\\x00\\x01\\xfféA\\xe2\\x82\"}");
  }

  @Test
  void sortsMapEntriesByKeyBytes() {
    LiteralType type = LiteralType.newBuilder().setSimple(SimpleType.STRUCT)
        .setMetadata(Struct.newBuilder()
            .putFields("é", Value.newBuilder().setNumberValue(1e21).build())
            .putFields("b", Value.newBuilder().setNumberValue(1.5e-5).build())
            .putFields("B", Value.newBuilder().setBoolValue(true).build()))
        .setStructure(TypeStructure.newBuilder().putDataclassType("z", INTEGER).putDataclassType("a", NONE))
        .build();

    assertThat(GoText.messageString(type)).isEqualTo("simple:STRUCT metadata:{"
        + "fields:{key:\"B\" value:{bool_value:true}} fields:{key:\"b\" value:{number_value:1.5e-05}} "
        + "fields:{key:\"é\" value:{number_value:1e+21}}} structure:{"
        + "dataclass_type:{key:\"a\" value:{simple:NONE}} dataclass_type:{key:\"z\" value:{simple:INTEGER}}}");
  }

  @Test
  void ordersByUtf8BytesLikeGo() {
    List<String> keys = new ArrayList<>(List.of("é", "z", "Z", "a b", "ab", "\uffff", "😀"));
    keys.sort(GoText.GO_STRING_ORDER);

    // UTF-16 order would put U+FFFF after the surrogate pair of 😀; UTF-8 order does not.
    assertThat(keys).containsExactly("Z", "a b", "ab", "z", "é", "\uffff", "😀");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "0, 0, 0",
      "-0.0, -0, -0",
      "1, 1, 1",
      "100, 100, 100",
      "123456, 123456, 123456",
      "1000000, 1e+06, 1000000",
      "1234567, 1.234567e+06, 1234567",
      "0.0001, 0.0001, 0.0001",
      "0.00001, 1e-05, 0.00001",
      "1e-7, 1e-07, 1e-7",
      "2.5e-8, 2.5e-08, 2.5e-8",
      "1e20, 1e+20, 100000000000000000000",
      "1e21, 1e+21, 1e+21",
      "-7e22, -7e+22, -7e+22",
      "0.1, 0.1, 0.1",
      "-1.5, -1.5, -1.5",
      "4.9e-324, 5e-324, 5e-324",
      "1.7976931348623157e308, 1.7976931348623157e+308, 1.7976931348623157e+308",
  })
  void formatsDoublesAsGoDoes(double value, String prototext, String protojson) {
    assertThat(GoText.formatG(value)).isEqualTo(prototext);
    assertThat(GoText.protojsonNumber(value)).isEqualTo(protojson);
  }
}
