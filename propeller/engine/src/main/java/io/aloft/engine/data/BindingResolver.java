package io.aloft.engine.data;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import flyteidl.core.Literals.Binding;
import flyteidl.core.Literals.BindingData;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralCollection;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Literals.Union;
import flyteidl.core.Types.OutputReference;
import flyteidl.core.Types.PromiseAttribute;
import java.util.List;
import java.util.Map;

/**
 * Turns a node's input bindings into its inputs LiteralMap (flytepropeller nodes/resolve.go, output_resolver.go,
 * attr_path.go): scalars, collections and maps are built inline, promises read the upstream node's outputs and select
 * the variable (through the upstream node's output aliases) and then the attribute path, and union bindings wrap the
 * value with the binding's target type.
 */
public final class BindingResolver {
  /** How the resolver reaches an upstream node's outputs. */
  public interface Outputs {
    /** The outputs of {@code nodeId}'s last successful attempt. */
    LiteralMap of(String nodeId);

    /** The variable {@code alias} stands for on {@code nodeId}, or {@code alias} itself. */
    default String unalias(String nodeId, String alias) {
      return alias;
    }
  }

  /** A binding that cannot be resolved; the node fails permanently with this message. */
  public static final class BindingException extends RuntimeException {
    public BindingException(String message) {
      super(message);
    }
  }

  private BindingResolver() {}

  /** The LiteralMap for {@code bindings}. */
  public static LiteralMap resolve(List<Binding> bindings, Outputs outputs) {
    LiteralMap.Builder out = LiteralMap.newBuilder();
    if (bindings != null) {
      for (Binding b : bindings) {
        out.putLiterals(b.getVar(), resolve(b.getBinding(), outputs));
      }
    }
    return out.build();
  }

  /** The literal for one binding. */
  public static Literal resolve(BindingData data, Outputs outputs) {
    Literal lit = switch (data.getValueCase()) {
      case SCALAR -> Literal.newBuilder().setScalar(data.getScalar()).build();
      case COLLECTION -> {
        LiteralCollection.Builder c = LiteralCollection.newBuilder();
        data.getCollection().getBindingsList().forEach(b -> c.addLiterals(resolve(b, outputs)));
        yield Literal.newBuilder().setCollection(c).build();
      }
      case MAP -> {
        LiteralMap.Builder m = LiteralMap.newBuilder();
        data.getMap().getBindingsMap().forEach((k, b) -> m.putLiterals(k, resolve(b, outputs)));
        yield Literal.newBuilder().setMap(m).build();
      }
      case PROMISE -> promise(data.getPromise(), outputs);
      case OFFLOADED_METADATA -> Literal.newBuilder().setOffloadedMetadata(data.getOffloadedMetadata()).build();
      case VALUE_NOT_SET -> throw new BindingException("binding has no value");
    };
    if (data.hasUnion()) {
      return Literal.newBuilder().setScalar(Scalar.newBuilder().setUnion(
          Union.newBuilder().setValue(lit).setType(data.getUnion().getTargetType()))).build();
    }
    return lit;
  }

  private static Literal promise(OutputReference ref, Outputs outputs) {
    LiteralMap upstream = outputs.of(ref.getNodeId());
    String var = outputs.unalias(ref.getNodeId(), ref.getVar());
    Literal lit = upstream.getLiteralsMap().get(var);
    if (lit == null) {
      throw new BindingException("output [" + ref.getVar() + "] of node [" + ref.getNodeId() + "] not found");
    }
    return attrPath(lit, ref.getAttrPathList(), ref);
  }

  /** Applies {@code path} to {@code lit}: indices and keys into collections and maps, then fields of a struct. */
  static Literal attrPath(Literal lit, List<PromiseAttribute> path, OutputReference ref) {
    Literal cur = lit;
    int i = 0;
    for (; i < path.size(); i++) {
      PromiseAttribute a = path.get(i);
      if (cur.hasCollection() && a.hasIntValue()) {
        List<Literal> items = cur.getCollection().getLiteralsList();
        if (a.getIntValue() < 0 || a.getIntValue() >= items.size()) {
          throw bad(ref, "index " + a.getIntValue() + " out of range");
        }
        cur = items.get(a.getIntValue());
      } else if (cur.hasMap() && a.hasStringValue()) {
        Literal next = cur.getMap().getLiteralsMap().get(a.getStringValue());
        if (next == null) {
          throw bad(ref, "key " + a.getStringValue() + " not found");
        }
        cur = next;
      } else if (cur.hasScalar() && cur.getScalar().hasGeneric()) {
        return structPath(cur.getScalar().getGeneric(), path.subList(i, path.size()), ref);
      } else if (cur.hasScalar() && cur.getScalar().hasBinary()) {
        return binaryPath(cur.getScalar().getBinary(), path.subList(i, path.size()), ref);
      } else {
        throw bad(ref, "cannot apply " + describe(a) + " to this literal");
      }
    }
    return cur;
  }

  /**
   * A path into a dataclass or Pydantic model flytekit wrote as MessagePack: the selected value, again a
   * {@code msgpack} binary (as flytepropeller returns it; flytekit decodes it by the input's type).
   */
  private static Literal binaryPath(flyteidl.core.Literals.Binary binary, List<PromiseAttribute> path,
      OutputReference ref) {
    if (!"msgpack".equals(binary.getTag())) {
      throw bad(ref, "unsupported binary format [" + binary.getTag() + "] (only msgpack)");
    }
    byte[] cur = binary.getValue().toByteArray();
    try {
      for (PromiseAttribute a : path) {
        cur = a.hasIntValue() ? MsgpackPath.element(cur, a.getIntValue()) : MsgpackPath.field(cur, a.getStringValue());
      }
    } catch (MsgpackPath.MsgpackException e) {
      throw bad(ref, e.getMessage());
    }
    return Literal.newBuilder().setScalar(flyteidl.core.Literals.Scalar.newBuilder().setBinary(
        flyteidl.core.Literals.Binary.newBuilder().setValue(com.google.protobuf.ByteString.copyFrom(cur))
            .setTag("msgpack"))).build();
  }

  private static Literal structPath(Struct struct, List<PromiseAttribute> path, OutputReference ref) {
    Value cur = Value.newBuilder().setStructValue(struct).build();
    for (PromiseAttribute a : path) {
      if (cur.hasStructValue() && a.hasStringValue()) {
        Map<String, Value> fields = cur.getStructValue().getFieldsMap();
        if (!fields.containsKey(a.getStringValue())) {
          throw bad(ref, "field " + a.getStringValue() + " not found");
        }
        cur = fields.get(a.getStringValue());
      } else if (cur.hasListValue() && a.hasIntValue()) {
        ListValue l = cur.getListValue();
        if (a.getIntValue() < 0 || a.getIntValue() >= l.getValuesCount()) {
          throw bad(ref, "index " + a.getIntValue() + " out of range");
        }
        cur = l.getValues(a.getIntValue());
      } else {
        throw bad(ref, "cannot apply " + describe(a) + " to this value");
      }
    }
    return fromValue(cur);
  }

  /**
   * A JSON value as a literal (Flyte's convertInterfaceToLiteral): objects stay generic structs, lists become
   * collections, strings and booleans primitives, numbers integers when whole (JSON has no int/float split, and
   * dataclass ints arrive as whole numbers) else floats.
   */
  static Literal fromValue(Value v) {
    return switch (v.getKindCase()) {
      case STRUCT_VALUE -> Literal.newBuilder().setScalar(Scalar.newBuilder().setGeneric(v.getStructValue())).build();
      case LIST_VALUE -> {
        LiteralCollection.Builder c = LiteralCollection.newBuilder();
        v.getListValue().getValuesList().forEach(x -> c.addLiterals(fromValue(x)));
        yield Literal.newBuilder().setCollection(c).build();
      }
      case STRING_VALUE -> primitive(Primitive.newBuilder().setStringValue(v.getStringValue()));
      case BOOL_VALUE -> primitive(Primitive.newBuilder().setBoolean(v.getBoolValue()));
      case NUMBER_VALUE -> {
        double d = v.getNumberValue();
        yield d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15
            ? primitive(Primitive.newBuilder().setInteger((long) d))
            : primitive(Primitive.newBuilder().setFloatValue(d));
      }
      case NULL_VALUE, KIND_NOT_SET -> Literal.newBuilder().setScalar(Scalar.newBuilder()
          .setNoneType(flyteidl.core.Literals.Void.getDefaultInstance())).build();
    };
  }

  private static Literal primitive(Primitive.Builder p) {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setPrimitive(p)).build();
  }

  private static String describe(PromiseAttribute a) {
    return a.hasIntValue() ? "index " + a.getIntValue() : "attribute " + a.getStringValue();
  }

  private static BindingException bad(OutputReference ref, String why) {
    return new BindingException("attr_path of output [" + ref.getVar() + "] of node [" + ref.getNodeId() + "]: "
        + why);
  }
}
