package io.aloft.crd;

import java.nio.charset.StandardCharsets;

/**
 * Flyte's fixed-length unique ids (flytestdlib encoding.FixedLengthUniqueID): an id longer than the limit becomes
 * "f" followed by the unpadded base32 (alphabet {@code a-z1-6}) of its fnv-1a 32-bit hash, 8 characters in all.
 * Node ids of generated workflows, raw-output prefixes and reservation owners are built this way.
 */
public final class UniqueIds {
  private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz123456".toCharArray();

  private UniqueIds() {}

  /** {@code id} itself if at most {@code maxLength} long, else its 8-character hash form. */
  public static String fixedLength(String id, int maxLength) {
    if (id.getBytes(StandardCharsets.UTF_8).length <= maxLength) {
      return id;
    }
    int h = WorkflowLabels.fnv32a(id);
    byte[] b = {(byte) (h >>> 24), (byte) (h >>> 16), (byte) (h >>> 8), (byte) h};
    String out = "f" + base32(b);
    if (out.length() > maxLength) {
      throw new IllegalArgumentException("max length " + maxLength + " is too small for a hashed id");
    }
    return out;
  }

  /**
   * {@code id} itself if at most {@code maxLength} long, else "f" and the base32 of its fnv-1a 64-bit hash, 14
   * characters (Flyte's Algorithm64, which names launch-plan nodes' child executions).
   */
  public static String fixedLength64(String id, int maxLength) {
    if (id.getBytes(StandardCharsets.UTF_8).length <= maxLength) {
      return id;
    }
    long h = 0xcbf29ce484222325L;
    for (byte v : id.getBytes(StandardCharsets.UTF_8)) {
      h ^= (v & 0xff);
      h *= 0x100000001b3L;
    }
    byte[] b = new byte[8];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (h >>> (56 - 8 * i));
    }
    String out = "f" + base32(b);
    if (out.length() > maxLength) {
      throw new IllegalArgumentException("max length " + maxLength + " is too small for a hashed id");
    }
    return out;
  }

  /** Unpadded base32 of {@code bytes} with Flyte's alphabet. */
  static String base32(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    int buffer = 0;
    int bits = 0;
    for (byte value : bytes) {
      buffer = (buffer << 8) | (value & 0xff);
      bits += 8;
      while (bits >= 5) {
        sb.append(ALPHABET[(buffer >>> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      sb.append(ALPHABET[(buffer << (5 - bits)) & 31]);
    }
    return sb.toString();
  }
}
