package io.aloft.compiler.typing;

import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Types.BlobType;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SchemaType;
import flyteidl.core.Types.SimpleType;
import flyteidl.core.Types.StructuredDatasetType;
import flyteidl.core.Types.UnionType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The type Flyte infers for a literal value, and short renderings of types for error messages.
 *
 * <p>Inference mirrors flytepropeller/pkg/compiler/validators/utils.go ({@code LiteralTypeForLiteral},
 * {@code literalTypeForLiterals}, {@code buildMultipleTypeUnion}, {@code literalTypeForScalar},
 * {@code literalTypeForPrimitive}) as of Flyte master, including the msgpack rule for binaries.
 */
public final class LiteralTypes {
  private LiteralTypes() {}

  /** The {@code Binary.tag} flytekit gives MessagePack-encoded dicts, dataclasses and Pydantic models. */
  static final String MESSAGEPACK = "msgpack";

  private static final LiteralType NONE = simple(SimpleType.NONE);

  /**
   * The type Flyte infers for {@code literal} ({@code LiteralTypeForLiteral}), or null where Flyte's is nil (an
   * unset value, a blob without metadata) or contains a nil (a collection or map holding such a value).
   */
  public static LiteralType typeOf(Literal literal) {
    if (literal == null) {
      return null;
    }
    return switch (literal.getValueCase()) {
      case SCALAR -> typeOfScalar(literal.getScalar());
      case COLLECTION -> {
        LiteralType element = commonType(literal.getCollection().getLiteralsList());
        yield element == null ? null : LiteralType.newBuilder().setCollectionType(element).build();
      }
      case MAP -> {
        LiteralType value = commonType(literal.getMap().getLiteralsMap().values());
        yield value == null ? null : LiteralType.newBuilder().setMapValueType(value).build();
      }
      // Offloaded literals carry the type flytekit inferred before offloading.
      case OFFLOADED_METADATA -> literal.getOffloadedMetadata().hasInferredType()
          ? literal.getOffloadedMetadata().getInferredType() : null;
      case VALUE_NOT_SET -> null;
    };
  }

  // Mirrors literalTypeForLiterals: the distinct element types (keyed by Go's String() rendering); empty nested
  // collections only count when nothing else is there; one type stands alone, several become a union sorted by
  // their rendering; no elements at all give NONE.
  private static LiteralType commonType(Collection<Literal> literals) {
    List<LiteralType> types = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    LiteralType emptyCollectionType = null;
    boolean sawUnknown = false;
    for (Literal literal : literals) {
      LiteralType type = typeOf(literal);
      String key = GoText.messageString(type);
      if (literal.hasCollection() && literal.getCollection().getLiteralsCount() == 0) {
        emptyCollectionType = type;
        continue;
      }
      if (seen.add(key)) {
        sawUnknown |= type == null;
        types.add(type);
        keys.add(key);
      }
    }
    if (types.isEmpty() && emptyCollectionType != null) {
      types.add(emptyCollectionType);
      keys.add(GoText.messageString(emptyCollectionType));
    }
    if (sawUnknown) {
      return null; // Flyte would embed a nil type here, which no caller can use
    }
    if (types.isEmpty()) {
      return NONE;
    }
    if (types.size() == 1) {
      return types.get(0);
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < types.size(); i++) {
      order.add(i);
    }
    order.sort((a, b) -> GoText.GO_STRING_ORDER.compare(keys.get(a), keys.get(b)));
    List<LiteralType> sorted = new ArrayList<>();
    for (int i : order) {
      sorted.add(types.get(i));
    }
    return buildMultipleTypeUnion(sorted);
  }

  // Mirrors buildMultipleTypeUnion: collections of unions are flattened into one union, re-wrapped in a collection.
  private static LiteralType buildMultipleTypeUnion(List<LiteralType> types) {
    UnionType.Builder union = UnionType.newBuilder();
    boolean nested = false;
    for (LiteralType type : types) {
      if (type.hasCollectionType() && type.getCollectionType().hasUnionType()) {
        nested = true;
        union.addAllVariants(type.getCollectionType().getUnionType().getVariantsList());
      } else {
        union.addVariants(type);
      }
    }
    LiteralType unionType = LiteralType.newBuilder().setUnionType(union).build();
    return nested ? LiteralType.newBuilder().setCollectionType(unionType).build() : unionType;
  }

  // Mirrors literalTypeForScalar.
  private static LiteralType typeOfScalar(Scalar scalar) {
    return switch (scalar.getValueCase()) {
      case PRIMITIVE -> simple(typeOfPrimitive(scalar.getPrimitive()));
      // A blob without metadata has no type in Flyte.
      case BLOB -> scalar.getBlob().hasMetadata()
          ? LiteralType.newBuilder().setBlob(scalar.getBlob().getMetadata().getType()).build() : null;
      // A msgpack-tagged binary is a serialized dict/dataclass/Pydantic model: a STRUCT (binary IDL RFC 5741).
      case BINARY -> simple(MESSAGEPACK.equals(scalar.getBinary().getTag()) ? SimpleType.STRUCT : SimpleType.BINARY);
      case SCHEMA -> LiteralType.newBuilder().setSchema(scalar.getSchema().getType()).build();
      case STRUCTURED_DATASET -> LiteralType.newBuilder().setStructuredDatasetType(
          scalar.getStructuredDataset().getMetadata().getStructuredDatasetType()).build();
      case NONE_TYPE -> NONE;
      case ERROR -> simple(SimpleType.ERROR);
      case GENERIC -> simple(SimpleType.STRUCT);
      // A union value carries its own type; Flyte wraps it as a single-variant union.
      case UNION -> LiteralType.newBuilder()
          .setUnionType(UnionType.newBuilder().addVariants(scalar.getUnion().getType())).build();
      case VALUE_NOT_SET -> null;
    };
  }

  // Mirrors literalTypeForPrimitive: an unset primitive is NONE.
  private static SimpleType typeOfPrimitive(Primitive primitive) {
    return switch (primitive.getValueCase()) {
      case INTEGER -> SimpleType.INTEGER;
      case FLOAT_VALUE -> SimpleType.FLOAT;
      case STRING_VALUE -> SimpleType.STRING;
      case BOOLEAN -> SimpleType.BOOLEAN;
      case DATETIME -> SimpleType.DATETIME;
      case DURATION -> SimpleType.DURATION;
      case VALUE_NOT_SET -> SimpleType.NONE;
    };
  }

  private static LiteralType simple(SimpleType type) {
    return LiteralType.newBuilder().setSimple(type).build();
  }

  /**
   * A short human-readable rendering of {@code type} for error messages, e.g. {@code INTEGER},
   * {@code collection<STRING>}, {@code map<INTEGER>}, {@code union<INTEGER|NONE>}, {@code blob(csv, SINGLE)}.
   */
  public static String describe(LiteralType type) {
    if (type == null) {
      return "<unknown>";
    }
    return switch (type.getTypeCase()) {
      case SIMPLE -> type.getSimple() == SimpleType.UNRECOGNIZED
          ? "simple(" + type.getSimpleValue() + ")" : type.getSimple().name();
      case COLLECTION_TYPE -> "collection<" + describe(type.getCollectionType()) + ">";
      case MAP_VALUE_TYPE -> "map<" + describe(type.getMapValueType()) + ">";
      case UNION_TYPE -> {
        StringJoiner variants = new StringJoiner("|", "union<", ">");
        type.getUnionType().getVariantsList().forEach(v -> variants.add(describe(v)));
        yield variants.toString();
      }
      case BLOB -> describeBlob(type.getBlob());
      case ENUM_TYPE -> "enum{" + String.join(",", type.getEnumType().getValuesList()) + "}";
      case SCHEMA -> describeSchema(type.getSchema());
      case STRUCTURED_DATASET_TYPE -> describeStructuredDataset(type.getStructuredDatasetType());
      case TYPE_NOT_SET -> "<unset>";
    };
  }

  private static String describeBlob(BlobType blob) {
    String dimensionality = blob.getDimensionality() == BlobType.BlobDimensionality.UNRECOGNIZED
        ? Integer.toString(blob.getDimensionalityValue()) : blob.getDimensionality().name();
    return blob.getFormat().isEmpty()
        ? "blob(" + dimensionality + ")" : "blob(" + blob.getFormat() + ", " + dimensionality + ")";
  }

  private static String describeSchema(SchemaType schema) {
    if (schema.getColumnsCount() == 0) {
      return "schema";
    }
    StringJoiner columns = new StringJoiner(", ", "schema(", ")");
    for (SchemaType.SchemaColumn column : schema.getColumnsList()) {
      String columnType = column.getType() == SchemaType.SchemaColumn.SchemaColumnType.UNRECOGNIZED
          ? Integer.toString(column.getTypeValue()) : column.getType().name();
      columns.add(column.getName() + ": " + columnType);
    }
    return columns.toString();
  }

  private static String describeStructuredDataset(StructuredDatasetType dataset) {
    StringJoiner parts = new StringJoiner(", ", "structured_dataset(", ")");
    if (!dataset.getFormat().isEmpty()) {
      parts.add(dataset.getFormat());
    }
    for (StructuredDatasetType.DatasetColumn column : dataset.getColumnsList()) {
      parts.add(column.getName() + ": " + describe(column.getLiteralType()));
    }
    return dataset.getFormat().isEmpty() && dataset.getColumnsCount() == 0 ? "structured_dataset" : parts.toString();
  }
}
