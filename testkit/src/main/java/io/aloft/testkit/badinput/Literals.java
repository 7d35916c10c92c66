package io.aloft.testkit.badinput;

import com.google.protobuf.Timestamp;
import flyteidl.core.Literals.Blob;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralCollection;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.LiteralOffloadedMetadata;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Literals.Union;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-written hostile literals and literal types: of the wrong type for any interface, half-set, pointing at
 * hostile URIs, wide, and nested as deep as protobuf will still parse.
 */
final class Literals {
  private Literals() {}

  static Map<String, Literal> literals() {
    Map<String, Literal> out = new LinkedHashMap<>();
    out.put("empty literal", Literal.getDefaultInstance());
    out.put("empty scalar", Literal.newBuilder().setScalar(Scalar.getDefaultInstance()).build());
    out.put("empty primitive", scalar(Scalar.newBuilder().setPrimitive(Primitive.getDefaultInstance())));
    out.put("string for anything", primitive(Primitive.newBuilder().setStringValue("' OR 1=1 --")));
    out.put("integer for anything", primitive(Primitive.newBuilder().setInteger(Long.MIN_VALUE)));
    out.put("NaN float", primitive(Primitive.newBuilder().setFloatValue(Double.NaN)));
    out.put("timestamp out of range", primitive(Primitive.newBuilder()
        .setDatetime(Timestamp.newBuilder().setSeconds(Long.MAX_VALUE).setNanos(-5))));
    out.put("duration out of range", primitive(Primitive.newBuilder()
        .setDuration(com.google.protobuf.Duration.newBuilder().setSeconds(Long.MIN_VALUE).setNanos(2_000_000_000))));
    out.put("blob with hostile uri", scalar(Scalar.newBuilder().setBlob(Blob.newBuilder().setUri("../../x\u0000"))));
    out.put("union without type", scalar(Scalar.newBuilder().setUnion(Union.newBuilder()
        .setValue(primitive(Primitive.newBuilder().setInteger(1))))));
    out.put("offloaded to a hostile uri", Literal.newBuilder().setOffloadedMetadata(LiteralOffloadedMetadata
        .newBuilder().setUri("s3://../../etc/passwd").setSizeBytes(-1)).build());
    out.put("mixed collection", Literal.newBuilder().setCollection(LiteralCollection.newBuilder()
        .addLiterals(primitive(Primitive.newBuilder().setInteger(1)))
        .addLiterals(primitive(Primitive.newBuilder().setStringValue("a")))
        .addLiterals(Literal.getDefaultInstance())).build());
    out.put("map of 10,000 entries", Literal.newBuilder().setMap(wideMap(10_000)).build());
    out.put("collection nested 30 deep", nested(30));
    return out;
  }

  static Map<String, LiteralType> types() {
    Map<String, LiteralType> out = new LinkedHashMap<>();
    out.put("empty type", LiteralType.getDefaultInstance());
    out.put("unknown simple type", LiteralType.newBuilder().setSimpleValue(99).build());
    out.put("collection of nothing", LiteralType.newBuilder().setCollectionType(LiteralType.getDefaultInstance())
        .build());
    out.put("map of unknown", LiteralType.newBuilder().setMapValueType(LiteralType.newBuilder().setSimpleValue(-7))
        .build());
    LiteralType t = LiteralType.newBuilder().setSimple(SimpleType.INTEGER).build();
    for (int i = 0; i < 40; i++) {
      t = LiteralType.newBuilder().setCollectionType(t).build();
    }
    out.put("collection type nested 40 deep", t);
    return out;
  }

  /** A LiteralMap of {@code n} entries with hostile keys. */
  static LiteralMap wideMap(int n) {
    LiteralMap.Builder m = LiteralMap.newBuilder();
    List<String> keys = Hostile.STRINGS;
    for (int i = 0; i < n; i++) {
      m.putLiterals(keys.get(i % keys.size()).substring(0, Math.min(20, keys.get(i % keys.size()).length())) + i,
          primitive(Primitive.newBuilder().setInteger(i)));
    }
    return m.build();
  }

  private static Literal nested(int depth) {
    Literal l = primitive(Primitive.newBuilder().setBoolean(true));
    for (int i = 0; i < depth; i++) {
      l = Literal.newBuilder().setCollection(LiteralCollection.newBuilder().addLiterals(l)).build();
    }
    return l;
  }

  private static Literal primitive(Primitive.Builder p) {
    return scalar(Scalar.newBuilder().setPrimitive(p));
  }

  private static Literal scalar(Scalar.Builder s) {
    return Literal.newBuilder().setScalar(s).build();
  }
}
