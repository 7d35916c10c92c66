package io.aloft.admin.list;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Offset pagination as FlyteAdmin does it: the token is the decimal offset of the first row
 * ({@code ValidateToken} in flyteadmin/pkg/manager/impl/validation/validation.go: empty means 0, Go's
 * {@code strconv.Atoi} syntax, negative refused), the limit must be non-zero ({@code ValidateLimit}), and the
 * next token is {@code offset + returned} only when a full page came back (the list managers). flytectl computes
 * tokens itself as {@code (page-1)*limit} (flytectl/pkg/filters/util.go {@code getToken}), so tokens must stay
 * plain offsets.
 *
 * @param offset rows to skip, at least 0
 * @param limit rows to return at most, at least 1 (the proto's uint32, so up to 2^32-1)
 */
public record Page(long offset, long limit) {
  // strconv.Atoi: optional sign, ASCII decimal digits; no spaces, no underscores.
  private static final Pattern ATOI = Pattern.compile("[+-]?[0-9]+");

  /** Requires offset >= 0 and limit >= 1. */
  public Page {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0");
    }
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1");
    }
  }

  /**
   * The page for a request's {@code limit} (uint32 as Java int: read unsigned) and {@code token}; checks the limit
   * first, as FlyteAdmin validates the request before parsing its token. Throws ListRequestException.
   */
  public static Page of(int limit, String token) {
    long l = validateLimit(limit);
    return new Page(parseToken(token), l);
  }

  /** The request limit read as unsigned; throws ListRequestException when it is 0. */
  public static long validateLimit(int limit) {
    long l = Integer.toUnsignedLong(limit);
    if (l == 0) {
      throw new ListRequestException("invalid value for limit: must be greater than 0");
    }
    return l;
  }

  /** The offset a token encodes: "" (or null) is 0; throws ListRequestException if not a non-negative integer. */
  public static long parseToken(String token) {
    if (token == null || token.isEmpty()) {
      return 0;
    }
    if (!ATOI.matcher(token).matches()) {
      throw new ListRequestException("invalid pagination token " + token + ": not a decimal offset");
    }
    long offset;
    try {
      offset = Long.parseLong(token);
    } catch (NumberFormatException e) {
      throw new ListRequestException("invalid pagination token " + token + ": out of range");
    }
    if (offset < 0) {
      throw new ListRequestException("invalid pagination token " + token + ": must not be negative");
    }
    return offset;
  }

  /** The token for the page after one that returned {@code returned} rows: "" unless the page was full. */
  public String nextToken(int returned) {
    return nextToken(offset, limit, returned);
  }

  /** {@code str(offset + returned)} when {@code returned == limit}, else "" (no more rows). */
  public static String nextToken(long offset, long limit, long returned) {
    return returned == limit ? Long.toString(offset + returned) : "";
  }

  /** {@code "LIMIT ? OFFSET ?"}; bind {@link #params()}. */
  public String sql() {
    return "LIMIT ? OFFSET ?";
  }

  /** The parameters for {@link #sql()}: limit, then offset, as Long. */
  public List<Object> params() {
    return List.of(limit, offset);
  }

  /** The offset for APIs taking an int (JPA setFirstResult), clamped to Integer.MAX_VALUE (an empty page anyway). */
  public int firstResult() {
    return (int) Math.min(offset, Integer.MAX_VALUE);
  }

  /** The limit for APIs taking an int (JPA setMaxResults), clamped to Integer.MAX_VALUE. */
  public int maxResults() {
    return (int) Math.min(limit, Integer.MAX_VALUE);
  }
}
