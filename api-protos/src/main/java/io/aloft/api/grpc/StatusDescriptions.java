package io.aloft.api.grpc;

/**
 * Status descriptions that fit in a response's trailers. gRPC sends the description percent-encoded in the
 * {@code grpc-message} trailer, and clients cap the trailers' size (grpc-java: 8 KiB); a server that exceeds it
 * cannot answer at all, and the client sees a broken stream instead of the status. Messages that quote a client's
 * 10 KB id would, so they are cut to a size that always fits.
 */
public final class StatusDescriptions {
  /** Bytes of the encoded description kept: a quarter of grpc-java's default limit left for other headers. */
  static final int MAX_ENCODED_BYTES = 6 * 1024;

  private StatusDescriptions() {}

  /** {@code description}, cut at a code point so that its encoded form is at most {@link #MAX_ENCODED_BYTES}. */
  public static String bounded(String description) {
    if (description == null) {
      return null;
    }
    int encoded = 0;
    for (int i = 0; i < description.length(); ) {
      int c = description.codePointAt(i);
      // printable ASCII other than '%' is sent as is; every other byte of the UTF-8 form as %XX
      int bytes = c >= 0x20 && c < 0x7F && c != '%' ? 1 : 3 * utf8Length(c);
      if (encoded + bytes > MAX_ENCODED_BYTES - 64) {
        return description.substring(0, i) + "... (" + (description.length() - i) + " more characters)";
      }
      encoded += bytes;
      i += Character.charCount(c);
    }
    return description;
  }

  private static int utf8Length(int c) {
    return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
}
