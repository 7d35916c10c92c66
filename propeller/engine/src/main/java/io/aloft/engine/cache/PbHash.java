package io.aloft.engine.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Flyte's deterministic protobuf hash (flytestdlib pbhash.ComputeHash): the message's proto3 JSON (golang jsonpb:
 * JSON names, default values omitted, set oneof members kept, 64-bit integers as strings) hashed with objecthash's
 * CommonJSONHash (every JSON number a float64; dictionaries by sorted key hashes). Only the JSON value tree matters,
 * not its spelling, so protobuf-java's printer yields the same hash as Go's marshaller.
 */
public final class PbHash {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

  private PbHash() {}

  /** The 32-byte hash of {@code message}. */
  public static byte[] compute(MessageOrBuilder message) {
    String json;
    try {
      json = PRINTER.print(message);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException("cannot marshal " + message.getDescriptorForType().getFullName()
          + " to JSON: " + e.getMessage(), e);
    }
    return commonJsonHash(json);
  }

  /** objecthash CommonJSONHash of a JSON text. */
  public static byte[] commonJsonHash(String json) {
    try {
      return objectHash(JSON.readTree(json));
    } catch (IOException e) {
      throw new IllegalArgumentException("invalid JSON: " + e.getMessage(), e);
    }
  }

  static byte[] objectHash(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return hash('n', new byte[0]);
    }
    if (n.isBoolean()) {
      return hash('b', new byte[] {(byte) (n.booleanValue() ? '1' : '0')});
    }
    if (n.isNumber()) {
      return hash('f', floatNormalize(n.doubleValue()).getBytes(StandardCharsets.UTF_8));
    }
    if (n.isTextual()) {
      return hash('u', n.textValue().getBytes(StandardCharsets.UTF_8));
    }
    if (n.isArray()) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      for (JsonNode e : n) {
        b.writeBytes(objectHash(e));
      }
      return hash('l', b.toByteArray());
    }
    if (n.isObject()) {
      List<byte[][]> entries = new ArrayList<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        entries.add(new byte[][] {hash('u', e.getKey().getBytes(StandardCharsets.UTF_8)), objectHash(e.getValue())});
      }
      entries.sort((x, y) -> Arrays.compareUnsigned(x[0], y[0]));
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      for (byte[][] e : entries) {
        b.writeBytes(e[0]);
        b.writeBytes(e[1]);
      }
      return hash('d', b.toByteArray());
    }
    throw new IllegalArgumentException("unsupported JSON node " + n.getNodeType());
  }

  /** objecthash's float normalization: sign, binary exponent, then the mantissa's bits. */
  static String floatNormalize(double original) {
    if (Double.isNaN(original)) {
      return "NaN";
    }
    if (Double.isInfinite(original)) {
      return original > 0 ? "Infinity" : "-Infinity";
    }
    if (original == 0) {
      return "+0:";
    }
    double f = original;
    StringBuilder s = new StringBuilder(original < 0 ? "-" : "+");
    if (f < 0) {
      f = -f;
    }
    int e = 0;
    while (f > 1) {
      f /= 2;
      e++;
    }
    while (f <= .5) {
      f *= 2;
      e--;
    }
    s.append(e).append(':');
    while (f != 0) {
      if (f >= 1) {
        s.append('1');
        f--;
      } else {
        s.append('0');
      }
      if (s.length() >= 1000) {
        throw new IllegalArgumentException("cannot normalize float " + original);
      }
      f *= 2;
    }
    return s.toString();
  }

  private static byte[] hash(char type, byte[] body) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update((byte) type);
      d.update(body);
      return d.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
