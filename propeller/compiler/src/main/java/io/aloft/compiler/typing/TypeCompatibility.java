package io.aloft.compiler.typing;

import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SchemaType;
import flyteidl.core.Types.SchemaType.SchemaColumn;
import flyteidl.core.Types.SimpleType;
import flyteidl.core.Types.StructuredDatasetType;
import flyteidl.core.Types.StructuredDatasetType.DatasetColumn;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Whether a value of one Flyte type may be bound where another is expected, exactly as Flyte's compiler decides it
 * (flytepropeller/pkg/compiler/validators/typing.go, master).
 *
 * <p>The rules, each implemented below by a method named after the Go function it mirrors:
 * <ul>
 *   <li>{@code AreTypesCastable}: a union with a single variant upstream is first tried as that variant.</li>
 *   <li>{@code getTypeChecker}: the downstream type picks the checker; there is no dedicated "any" type, so
 *       unknown shapes fall to the exact-match checker.</li>
 *   <li>{@code trivialChecker}: enum and STRING convert both ways; a non-empty upstream structure tag must equal the
 *       downstream tag; two STRUCTs match when either lacks metadata, else when their JSON schemas are equal or
 *       the upstream one is a superset; anything else must be equal once structure, metadata and annotation are
 *       ignored (so enums must list the same values in the same order).</li>
 *   <li>{@code noneTypeChecker}: NONE accepts only NONE.</li>
 *   <li>{@code collectionTypeChecker}/{@code mapTypeChecker}: an upstream element type of NONE (an empty
 *       collection or map) matches any element type; otherwise the element types are checked recursively (without
 *       the single-variant-union unwrapping of {@code AreTypesCastable}).</li>
 *   <li>{@code blobTypeChecker}: any blob when either format is empty, else formats must be equal (case
 *       sensitive). Dimensionality is not compared.</li>
 *   <li>{@code schemaTypeChecker}: schema or parquet (or format-less) structured dataset upstream; the downstream
 *       columns must be a subset of the upstream ones with matching types, no columns on either side matches.</li>
 *   <li>{@code structuredDatasetChecker}: NONE (structured datasets are nullable), a schema when the downstream
 *       format is empty or parquet, or a structured dataset whose format matches case-insensitively (or either is
 *       empty); column subset rules as for schemas, with column types checked recursively.</li>
 *   <li>{@code unionTypeChecker}: every variant of an upstream union must be castable to some downstream variant;
 *       a non-union must be castable to exactly one variant (two matches are ambiguous and fail).</li>
 * </ul>
 */
public final class TypeCompatibility {
  private TypeCompatibility() {}

  /**
   * Whether a value of type {@code upstream} may flow into a variable of type {@code downstream}; Flyte's
   * {@code AreTypesCastable(upstreamType, downstreamType)}. Both types must be non-null.
   */
  public static boolean isCastable(LiteralType upstream, LiteralType downstream) {
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(downstream, "downstream");
    // AreTypesCastable: a singular union upstream is tried as its only variant before as itself.
    if (upstream.hasUnionType() && upstream.getUnionType().getVariantsCount() == 1
        && castsFrom(downstream, upstream.getUnionType().getVariants(0))) {
      return true;
    }
    return castsFrom(downstream, upstream);
  }

  /** getTypeChecker(downstream).CastsFrom(upstream): the checker is chosen by the downstream type's shape. */
  static boolean castsFrom(LiteralType downstream, LiteralType upstream) {
    return switch (downstream.getTypeCase()) {
      case COLLECTION_TYPE -> collectionCastsFrom(downstream, upstream);
      case MAP_VALUE_TYPE -> mapCastsFrom(downstream, upstream);
      case BLOB -> blobCastsFrom(downstream, upstream);
      case SCHEMA -> schemaCastsFrom(downstream, upstream);
      case UNION_TYPE -> unionCastsFrom(downstream, upstream);
      case STRUCTURED_DATASET_TYPE -> structuredDatasetCastsFrom(downstream, upstream);
      // noneTypeChecker.CastsFrom: NONE only accepts NONE.
      default -> isNoneType(downstream) ? isNoneType(upstream) : trivialCastsFrom(downstream, upstream);
    };
  }

  /** Mirrors isNoneType: the simple type NONE (a type with no shape set is not NONE). */
  static boolean isNoneType(LiteralType type) {
    return type.getTypeCase() == LiteralType.TypeCase.SIMPLE && type.getSimple() == SimpleType.NONE;
  }

  /** Mirrors GetTagForType: the structure tag, "" when there is none. */
  static String tagOf(LiteralType type) {
    return type.hasStructure() ? type.getStructure().getTag() : "";
  }

  // Mirrors trivialChecker.CastsFrom.
  private static boolean trivialCastsFrom(LiteralType downstream, LiteralType upstream) {
    // An enum is consumed downstream as a STRING, and a STRING may feed an enum (a constrained string alias).
    if (upstream.hasEnumType() && downstream.getSimple() == SimpleType.STRING) {
      return true;
    }
    if (downstream.hasEnumType() && upstream.getSimple() == SimpleType.STRING) {
      return true;
    }
    // A tagged upstream (a union variant) only matches the same tag; an untagged upstream ignores tags.
    String upstreamTag = tagOf(upstream);
    if (!upstreamTag.isEmpty() && !tagOf(downstream).equals(upstreamTag)) {
      return false;
    }
    // STRUCT vs STRUCT (dataclasses, Pydantic models, dicts): the JSON schema kept in metadata decides, and a
    // missing schema on either side passes for backward compatibility with older flytekit.
    if (upstream.getSimple() == SimpleType.STRUCT && downstream.getSimple() == SimpleType.STRUCT) {
      if (!upstream.hasMetadata() || !downstream.hasMetadata()) {
        return true;
      }
      return JsonSchemaCompat.isSameType(upstream.getMetadata(), downstream.getMetadata())
          || JsonSchemaCompat.superTypeOutcome(upstream.getMetadata(), downstream.getMetadata())
              == JsonSchemaCompat.Outcome.SUPERTYPE;
    }
    // Exact match, ignoring structure, metadata and annotation of the outer type only.
    return withoutDecorations(upstream).equals(withoutDecorations(downstream));
  }

  private static LiteralType withoutDecorations(LiteralType type) {
    return type.toBuilder().clearStructure().clearMetadata().clearAnnotation().build();
  }

  // Mirrors collectionTypeChecker.CastsFrom.
  private static boolean collectionCastsFrom(LiteralType downstream, LiteralType upstream) {
    if (!upstream.hasCollectionType()) {
      return false;
    }
    // An empty collection (element type NONE) matches any collection.
    if (isNoneType(upstream.getCollectionType())) {
      return true;
    }
    return castsFrom(downstream.getCollectionType(), upstream.getCollectionType());
  }

  // Mirrors mapTypeChecker.CastsFrom.
  private static boolean mapCastsFrom(LiteralType downstream, LiteralType upstream) {
    if (!upstream.hasMapValueType()) {
      return false;
    }
    // An empty map (value type NONE) matches any map.
    if (isNoneType(upstream.getMapValueType())) {
      return true;
    }
    return castsFrom(downstream.getMapValueType(), upstream.getMapValueType());
  }

  // Mirrors blobTypeChecker.CastsFrom: only formats are compared, never dimensionality.
  private static boolean blobCastsFrom(LiteralType downstream, LiteralType upstream) {
    if (!upstream.hasBlob()) {
      return false;
    }
    String upstreamFormat = upstream.getBlob().getFormat();
    String downstreamFormat = downstream.getBlob().getFormat();
    if (upstreamFormat.isEmpty() || downstreamFormat.isEmpty()) {
      return true;
    }
    return upstreamFormat.equals(downstreamFormat);
  }

  // Mirrors schemaTypeChecker.CastsFrom.
  private static boolean schemaCastsFrom(LiteralType downstream, LiteralType upstream) {
    if (upstream.hasSchema()) {
      return schemaCastFromSchema(upstream.getSchema(), downstream.getSchema());
    }
    if (!upstream.hasStructuredDatasetType()) {
      return false;
    }
    StructuredDatasetType dataset = upstream.getStructuredDatasetType();
    // A FlyteSchema can only be serialized to parquet.
    if (!dataset.getFormat().isEmpty() && !dataset.getFormat().equalsIgnoreCase("parquet")) {
      return false;
    }
    return schemaCastFromStructuredDataset(dataset, downstream.getSchema());
  }

  // Mirrors structuredDatasetChecker.CastsFrom.
  private static boolean structuredDatasetCastsFrom(LiteralType downstream, LiteralType upstream) {
    // Structured datasets are nullable.
    if (isNoneType(upstream)) {
      return true;
    }
    StructuredDatasetType expected = downstream.getStructuredDatasetType();
    if (upstream.hasSchema()) {
      // A FlyteSchema can only be serialized to parquet.
      if (!expected.getFormat().isEmpty() && !expected.getFormat().equalsIgnoreCase("parquet")) {
        return false;
      }
      return structuredDatasetCastFromSchema(upstream.getSchema(), expected);
    }
    if (!upstream.hasStructuredDatasetType()) {
      return false;
    }
    return structuredDatasetCastFromStructuredDataset(upstream.getStructuredDatasetType(), expected);
  }

  // Mirrors unionTypeChecker.CastsFrom.
  private static boolean unionCastsFrom(LiteralType downstream, LiteralType upstream) {
    var variants = downstream.getUnionType().getVariantsList();
    if (upstream.hasUnionType()) {
      // Every upstream variant needs some compatible downstream variant.
      for (LiteralType u : upstream.getUnionType().getVariantsList()) {
        boolean found = false;
        for (LiteralType d : variants) {
          if (isCastable(u, d)) {
            found = true;
            break;
          }
        }
        if (!found) {
          return false;
        }
      }
      return true;
    }
    // A plain upstream must select exactly one variant; more than one is ambiguous.
    boolean foundOne = false;
    for (LiteralType d : variants) {
      if (isCastable(upstream, d)) {
        if (foundOne) {
          return false;
        }
        foundOne = true;
      }
    }
    return foundOne;
  }

  // Mirrors schemaCastFromSchema: downstream columns must be a subset of upstream columns with equal types.
  private static boolean schemaCastFromSchema(SchemaType upstream, SchemaType downstream) {
    if (upstream.getColumnsCount() == 0 || downstream.getColumnsCount() == 0) {
      return true;
    }
    Map<String, Integer> upstreamColumns = new HashMap<>();
    for (SchemaColumn column : upstream.getColumnsList()) {
      upstreamColumns.put(column.getName(), column.getTypeValue());
    }
    for (SchemaColumn column : downstream.getColumnsList()) {
      Integer type = upstreamColumns.get(column.getName());
      if (type == null || type != column.getTypeValue()) {
        return false;
      }
    }
    return true;
  }

  // Mirrors structuredDatasetCastFromStructuredDataset: formats (if both set) match ignoring case, then the
  // downstream columns must be a subset of the upstream ones, each column type castable.
  private static boolean structuredDatasetCastFromStructuredDataset(
      StructuredDatasetType upstream, StructuredDatasetType downstream) {
    if (!upstream.getFormat().isEmpty() && !downstream.getFormat().isEmpty()
        && !upstream.getFormat().equalsIgnoreCase(downstream.getFormat())) {
      return false;
    }
    if (upstream.getColumnsCount() == 0 || downstream.getColumnsCount() == 0) {
      return true;
    }
    Map<String, LiteralType> upstreamColumns = new HashMap<>();
    for (DatasetColumn column : upstream.getColumnsList()) {
      upstreamColumns.put(column.getName(), column.getLiteralType());
    }
    for (DatasetColumn column : downstream.getColumnsList()) {
      LiteralType type = upstreamColumns.get(column.getName());
      if (type == null || !castsFrom(column.getLiteralType(), type)) {
        return false;
      }
    }
    return true;
  }

  // Mirrors structuredDatasetCastFromSchema: schema columns against structured dataset column simple types.
  private static boolean structuredDatasetCastFromSchema(SchemaType upstream, StructuredDatasetType downstream) {
    if (upstream.getColumnsCount() == 0 || downstream.getColumnsCount() == 0) {
      return true;
    }
    Map<String, Integer> upstreamColumns = new HashMap<>();
    for (SchemaColumn column : upstream.getColumnsList()) {
      upstreamColumns.put(column.getName(), column.getTypeValue());
    }
    for (DatasetColumn column : downstream.getColumnsList()) {
      Integer type = upstreamColumns.get(column.getName());
      if (type == null || !schemaTypeIsMatchStructuredDatasetType(type, column.getLiteralType().getSimple())) {
        return false;
      }
    }
    return true;
  }

  // Mirrors schemaCastFromStructuredDataset: structured dataset column simple types against schema columns.
  private static boolean schemaCastFromStructuredDataset(StructuredDatasetType upstream, SchemaType downstream) {
    if (upstream.getColumnsCount() == 0 || downstream.getColumnsCount() == 0) {
      return true;
    }
    Map<String, SimpleType> upstreamColumns = new HashMap<>();
    for (DatasetColumn column : upstream.getColumnsList()) {
      upstreamColumns.put(column.getName(), column.getLiteralType().getSimple());
    }
    for (SchemaColumn column : downstream.getColumnsList()) {
      SimpleType type = upstreamColumns.get(column.getName());
      if (type == null || !schemaTypeIsMatchStructuredDatasetType(column.getTypeValue(), type)) {
        return false;
      }
    }
    return true;
  }

  // Mirrors schemaTypeIsMatchStructuredDatasetType: each schema column type has exactly one simple counterpart.
  private static boolean schemaTypeIsMatchStructuredDatasetType(int schemaColumnType, SimpleType simple) {
    SchemaColumn.SchemaColumnType type = SchemaColumn.SchemaColumnType.forNumber(schemaColumnType);
    if (type == null) {
      return false;
    }
    return switch (type) {
      case INTEGER -> simple == SimpleType.INTEGER;
      case FLOAT -> simple == SimpleType.FLOAT;
      case STRING -> simple == SimpleType.STRING;
      case BOOLEAN -> simple == SimpleType.BOOLEAN;
      case DATETIME -> simple == SimpleType.DATETIME;
      case DURATION -> simple == SimpleType.DURATION;
      case UNRECOGNIZED -> false;
    };
  }
}
