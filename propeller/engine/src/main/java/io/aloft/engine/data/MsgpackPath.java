package io.aloft.engine.data;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Attribute paths into a MessagePack document (flytekit 1.14+ writes dataclasses and Pydantic models as
 * {@code Binary} literals tagged {@code msgpack}; flytepropeller's {@code resolveAttrPathInBinary}). A value inside a
 * MessagePack document is itself a complete MessagePack document, so resolving {@code p.x} returns the bytes of the
 * value under key {@code x}: nothing is decoded beyond what the walk needs, and nothing is re-encoded.
 */
public final class MsgpackPath {
  private MsgpackPath() {}

  /** A document that is not valid MessagePack, or a path that does not fit it. */
  public static final class MsgpackException extends Exception {
    public MsgpackException(String message) {
      super(message);
    }
  }

  /** The bytes of the value at map key {@code key} of the map {@code doc}. */
  public static byte[] field(byte[] doc, String key) throws MsgpackException {
    int[] pos = {0};
    int n = mapLength(doc, pos);
    if (n < 0) {
      throw new MsgpackException("not a map: cannot take key [" + key + "]");
    }
    byte[] wanted = key.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < n; i++) {
      int keyStart = pos[0];
      byte[] k = stringAt(doc, pos);
      if (k == null) {
        pos[0] = keyStart;
        skip(doc, pos);
      }
      int valueStart = pos[0];
      skip(doc, pos);
      if (k != null && Arrays.equals(k, wanted)) {
        return Arrays.copyOfRange(doc, valueStart, pos[0]);
      }
    }
    throw new MsgpackException("key [" + key + "] does not exist");
  }

  /** The bytes of element {@code index} of the array {@code doc}. */
  public static byte[] element(byte[] doc, int index) throws MsgpackException {
    int[] pos = {0};
    int n = arrayLength(doc, pos);
    if (n < 0) {
      throw new MsgpackException("not an array: cannot take index [" + index + "]");
    }
    if (index < 0 || index >= n) {
      throw new MsgpackException("index [" + index + "] is out of range of " + n + " elements");
    }
    for (int i = 0; i < index; i++) {
      skip(doc, pos);
    }
    int start = pos[0];
    skip(doc, pos);
    return Arrays.copyOfRange(doc, start, pos[0]);
  }

  private static int u8(byte[] d, int p) throws MsgpackException {
    if (p >= d.length) {
      throw new MsgpackException("truncated document");
    }
    return d[p] & 0xff;
  }

  private static long uint(byte[] d, int p, int bytes) throws MsgpackException {
    long v = 0;
    for (int i = 0; i < bytes; i++) {
      v = (v << 8) | u8(d, p + i);
    }
    return v;
  }

  /** A map's entry count, moving past its header; -1 (position unchanged) when not a map. */
  private static int mapLength(byte[] d, int[] pos) throws MsgpackException {
    int b = u8(d, pos[0]);
    if ((b & 0xf0) == 0x80) {
      pos[0] += 1;
      return b & 0x0f;
    }
    if (b == 0xde) {
      int n = (int) uint(d, pos[0] + 1, 2);
      pos[0] += 3;
      return n;
    }
    if (b == 0xdf) {
      int n = (int) uint(d, pos[0] + 1, 4);
      pos[0] += 5;
      return n;
    }
    return -1;
  }

  /** An array's length, moving past its header; -1 (position unchanged) when not an array. */
  private static int arrayLength(byte[] d, int[] pos) throws MsgpackException {
    int b = u8(d, pos[0]);
    if ((b & 0xf0) == 0x90) {
      pos[0] += 1;
      return b & 0x0f;
    }
    if (b == 0xdc) {
      int n = (int) uint(d, pos[0] + 1, 2);
      pos[0] += 3;
      return n;
    }
    if (b == 0xdd) {
      int n = (int) uint(d, pos[0] + 1, 4);
      pos[0] += 5;
      return n;
    }
    return -1;
  }

  /** The UTF-8 bytes of a string at the position, moving past it; null (position unchanged) when not a string. */
  private static byte[] stringAt(byte[] d, int[] pos) throws MsgpackException {
    int b = u8(d, pos[0]);
    int header;
    long len;
    if ((b & 0xe0) == 0xa0) {
      header = 1;
      len = b & 0x1f;
    } else if (b == 0xd9) {
      header = 2;
      len = uint(d, pos[0] + 1, 1);
    } else if (b == 0xda) {
      header = 3;
      len = uint(d, pos[0] + 1, 2);
    } else if (b == 0xdb) {
      header = 5;
      len = uint(d, pos[0] + 1, 4);
    } else {
      return null;
    }
    int start = pos[0] + header;
    if (start + len > d.length) {
      throw new MsgpackException("truncated string");
    }
    pos[0] = (int) (start + len);
    return Arrays.copyOfRange(d, start, pos[0]);
  }

  /** Moves past one complete value. */
  static void skip(byte[] d, int[] pos) throws MsgpackException {
    int b = u8(d, pos[0]);
    if (b <= 0x7f || b >= 0xe0 || b == 0xc0 || b == 0xc2 || b == 0xc3) {
      pos[0] += 1; // fixint, negative fixint, nil, false, true
      return;
    }
    if ((b & 0xe0) == 0xa0 || b == 0xd9 || b == 0xda || b == 0xdb) {
      stringAt(d, pos);
      return;
    }
    int n = mapLength(d, pos);
    if (n >= 0) {
      for (int i = 0; i < 2 * n; i++) {
        skip(d, pos);
      }
      return;
    }
    n = arrayLength(d, pos);
    if (n >= 0) {
      for (int i = 0; i < n; i++) {
        skip(d, pos);
      }
      return;
    }
    int p = pos[0];
    long len = switch (b) {
      case 0xc4 -> 2 + uint(d, p + 1, 1); // bin 8
      case 0xc5 -> 3 + uint(d, p + 1, 2); // bin 16
      case 0xc6 -> 5 + uint(d, p + 1, 4); // bin 32
      case 0xc7 -> 3 + uint(d, p + 1, 1); // ext 8
      case 0xc8 -> 4 + uint(d, p + 1, 2); // ext 16
      case 0xc9 -> 6 + uint(d, p + 1, 4); // ext 32
      case 0xca -> 5; // float 32
      case 0xcb -> 9; // float 64
      case 0xcc, 0xd0 -> 2; // (u)int 8
      case 0xcd, 0xd1 -> 3; // (u)int 16
      case 0xce, 0xd2 -> 5; // (u)int 32
      case 0xcf, 0xd3 -> 9; // (u)int 64
      case 0xd4 -> 3; // fixext 1
      case 0xd5 -> 4; // fixext 2
      case 0xd6 -> 6; // fixext 4
      case 0xd7 -> 10; // fixext 8
      case 0xd8 -> 18; // fixext 16
      default -> throw new MsgpackException("invalid MessagePack byte 0x" + Integer.toHexString(b));
    };
    if (p + len > d.length) {
      throw new MsgpackException("truncated document");
    }
    pos[0] = (int) (p + len);
  }
}
