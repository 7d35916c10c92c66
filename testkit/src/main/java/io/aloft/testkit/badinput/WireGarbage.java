package io.aloft.testkit.badinput;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Bytes that are not a valid encoding of the request: truncated, garbage, malformed fields, too large. */
final class WireGarbage {
  private WireGarbage() {}

  /** Hand-written malformed encodings, plus invalid UTF-8 in the request's first string field if it has one. */
  static List<Case> malformed(Descriptor type) {
    List<Case> out = new ArrayList<>(List.of(
        new Case("garbage", "varint of 11 bytes", filled(11, (byte) 0xFF)),
        new Case("garbage", "wire type 7", new byte[] {0x0F}),
        new Case("garbage", "field number 0", new byte[] {0x00, 0x01}),
        new Case("garbage", "end group without start", new byte[] {0x0C}),
        new Case("garbage", "length 2^32-1", new byte[] {0x0A, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
            (byte) 0xFF, 0x0F}),
        new Case("garbage", "length past the end", new byte[] {0x0A, 0x05, 0x01}),
        new Case("garbage", "negative length", new byte[] {0x0A, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
            (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01})));
    type.getFields().stream().filter(f -> f.getJavaType() == FieldDescriptor.JavaType.STRING).findFirst()
        .ifPresent(f -> out.add(new Case("garbage", "invalid UTF-8 in " + f.getName(),
            concat(tag(f.getNumber(), WireFormat.WIRETYPE_LENGTH_DELIMITED), new byte[] {0x02, (byte) 0xC3, 0x28}))));
    return out;
  }

  /** {@code valid} cut short at a random point. */
  static Case truncated(byte[] valid, Random random) {
    int cut = valid.length <= 1 ? 0 : 1 + random.nextInt(valid.length - 1);
    return new Case("truncated", cut + " of " + valid.length + " bytes", Arrays.copyOf(valid, cut));
  }

  /** Random bytes. */
  static Case garbage(Random random) {
    byte[] b = new byte[1 + random.nextInt(256)];
    random.nextBytes(b);
    return new Case("garbage", "random " + b.length + " bytes", b);
  }

  /** A well-formed message of about {@code size} bytes (never more): one unknown bytes field (19999). */
  static byte[] sized(int size) {
    int tag = CodedOutputStream.computeTagSize(19_999);
    int payload = size - tag - CodedOutputStream.computeUInt32SizeNoTag(size);
    byte[] out = new byte[tag + CodedOutputStream.computeUInt32SizeNoTag(payload) + payload];
    CodedOutputStream o = CodedOutputStream.newInstance(out);
    try {
      o.writeTag(19_999, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      o.writeUInt32NoTag(payload);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] tag(int number, int wireType) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try {
      CodedOutputStream o = CodedOutputStream.newInstance(b);
      o.writeTag(number, wireType);
      o.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return b.toByteArray();
  }

  private static byte[] filled(int n, byte value) {
    byte[] b = new byte[n];
    Arrays.fill(b, value);
    return b;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
