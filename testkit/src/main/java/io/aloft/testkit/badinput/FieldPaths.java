package io.aloft.testkit.badinput;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Paths of fields inside a message type, and messages with one path set: the base request has every field named in
 * {@code valid} filled in (so an id is complete), and a targeted case replaces one field with a hostile value.
 */
final class FieldPaths {
  private FieldPaths() {}

  /** Every path of at most {@code maxDepth} fields from {@code type} to a field {@code leaf} accepts. */
  static List<List<FieldDescriptor>> find(Descriptor type, int maxDepth, Predicate<FieldDescriptor> leaf) {
    List<List<FieldDescriptor>> out = new ArrayList<>();
    walk(type, new ArrayList<>(), maxDepth, leaf, out);
    return out;
  }

  private static void walk(Descriptor type, List<FieldDescriptor> prefix, int maxDepth,
      Predicate<FieldDescriptor> leaf, List<List<FieldDescriptor>> out) {
    for (FieldDescriptor f : type.getFields()) {
      List<FieldDescriptor> path = new ArrayList<>(prefix);
      path.add(f);
      if (leaf.test(f)) {
        out.add(List.copyOf(path));
      }
      if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE && path.size() < maxDepth) {
        walk(f.getMessageType(), path, maxDepth, leaf, out);
      }
    }
  }

  /** {@code type} with each string field named in {@code valid} (up to three levels down) set to that value. */
  static DynamicMessage base(Descriptor type, Map<String, String> valid) {
    DynamicMessage m = DynamicMessage.getDefaultInstance(type);
    for (List<FieldDescriptor> path : find(type, 3, f -> f.getJavaType() == FieldDescriptor.JavaType.STRING
        && !f.isRepeated() && valid.containsKey(f.getName()) && f.getContainingOneof() == null)) {
      m = with(m, path, valid.get(path.get(path.size() - 1).getName()));
    }
    for (List<FieldDescriptor> path : find(type, 1, f -> f.getName().equals("limit"))) {
      m = with(m, path, 10);
    }
    return m;
  }

  /** {@code message} with the field at {@code path} set to {@code value} (as the only element if repeated). */
  static DynamicMessage with(DynamicMessage message, List<FieldDescriptor> path, Object value) {
    FieldDescriptor f = path.get(0);
    DynamicMessage.Builder b = message.toBuilder();
    Object v = value;
    if (path.size() > 1) {
      DynamicMessage inner = f.isRepeated()
          ? (message.getRepeatedFieldCount(f) > 0 ? (DynamicMessage) message.getRepeatedField(f, 0)
              : DynamicMessage.getDefaultInstance(f.getMessageType()))
          : (DynamicMessage) message.getField(f);
      v = with(inner, path.subList(1, path.size()), value);
    }
    if (f.isRepeated()) {
      b.clearField(f).addRepeatedField(f, v);
    } else {
      b.setField(f, v);
    }
    return b.build();
  }
}
