package io.aloft.testkit.badinput;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Requests whose wire bytes nest a recursive type of the request (a Literal in a collection in a Literal, a
 * LiteralType's collection type, a Struct in a Value, ...) to a given depth. The bytes are written by hand, since
 * protobuf-java will not build or parse more than 100 levels; the server must refuse them as bad input.
 */
final class DeepNesting {
  /** protobuf-java's default recursion limit when parsing. */
  static final int PARSER_LIMIT = 100;

  private DeepNesting() {}

  /** A recursive type reachable from the request: the fields leading to it, and a cycle of fields back to it. */
  record Recursion(String type, List<FieldDescriptor> path, List<FieldDescriptor> cycle) {}

  /** Each recursive message type reachable from {@code root} within four fields, with its shortest cycle. */
  static List<Recursion> recursions(Descriptor root) {
    Map<String, Recursion> found = new LinkedHashMap<>();
    for (List<FieldDescriptor> path : FieldPaths.find(root, 4,
        f -> f.getJavaType() == FieldDescriptor.JavaType.MESSAGE)) {
      Descriptor t = path.get(path.size() - 1).getMessageType();
      if (!found.containsKey(t.getFullName())) {
        List<FieldDescriptor> cycle = cycle(t);
        if (cycle != null) {
          found.put(t.getFullName(), new Recursion(t.getFullName(), path, cycle));
        }
      }
    }
    return List.copyOf(found.values());
  }

  /** The shortest path of at most three message fields from {@code t} back to {@code t}, or null. */
  private static List<FieldDescriptor> cycle(Descriptor t) {
    for (List<FieldDescriptor> p : FieldPaths.find(t, 3, f -> f.getJavaType() == FieldDescriptor.JavaType.MESSAGE
        && f.getMessageType().equals(t))) {
      return p;
    }
    return null;
  }

  /** The request bytes with {@code r}'s path, then its cycle {@code times} times, ending in an empty message. */
  static byte[] nest(Recursion r, int times) {
    List<FieldDescriptor> fields = new ArrayList<>(r.path());
    for (int i = 0; i < times; i++) {
      fields.addAll(r.cycle());
    }
    return encode(fields);
  }

  /** Times the cycle repeats so that the message depth is just within (or, with +1, just over) the limit. */
  static int timesWithin(Recursion r) {
    return (PARSER_LIMIT - 1 - r.path().size()) / r.cycle().size();
  }

  /** Nested length-delimited fields, outermost first: each one's content is the next one. */
  static byte[] encode(List<FieldDescriptor> fields) {
    int n = fields.size();
    int[] length = new int[n + 1];
    for (int i = n - 1; i >= 0; i--) {
      int inner = length[i + 1];
      length[i] = CodedOutputStream.computeTagSize(fields.get(i).getNumber())
          + CodedOutputStream.computeUInt32SizeNoTag(inner) + inner;
    }
    byte[] out = new byte[length[0]];
    CodedOutputStream o = CodedOutputStream.newInstance(out);
    try {
      for (int i = 0; i < n; i++) {
        o.writeTag(fields.get(i).getNumber(), WireFormat.WIRETYPE_LENGTH_DELIMITED);
        o.writeUInt32NoTag(length[i + 1]);
      }
      o.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** {@code depth} nested unknown groups (field 19999): the parser must stop at its limit, not overflow. */
  static byte[] unknownGroups(int depth) {
    int tagSize = CodedOutputStream.computeTagSize(19_999);
    byte[] out = new byte[2 * depth * tagSize];
    CodedOutputStream o = CodedOutputStream.newInstance(out);
    try {
      for (int i = 0; i < depth; i++) {
        o.writeTag(19_999, WireFormat.WIRETYPE_START_GROUP);
      }
      for (int i = 0; i < depth; i++) {
        o.writeTag(19_999, WireFormat.WIRETYPE_END_GROUP);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
