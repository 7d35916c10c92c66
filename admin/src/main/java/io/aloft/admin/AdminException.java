package io.aloft.admin;

import io.grpc.Status;

/**
 * A request admin refuses or cannot serve, with the gRPC status it maps to. Messages name the offending field,
 * as FlyteAdmin's do. Anything else thrown from an RPC is a server fault and maps to INTERNAL, never UNKNOWN
 * (flytekit treats UNKNOWN as an authentication failure).
 */
public final class AdminException extends RuntimeException {
  private final Status.Code code;

  public AdminException(Status.Code code, String message) {
    super(message);
    this.code = code;
  }

  /** A server fault ({@code INTERNAL}, typically) with the exception that caused it, for the log. */
  public AdminException(Status.Code code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public Status.Code code() {
    return code;
  }

  public static AdminException invalid(String message) {
    return new AdminException(Status.Code.INVALID_ARGUMENT, message);
  }

  public static AdminException notFound(String message) {
    return new AdminException(Status.Code.NOT_FOUND, message);
  }

  public static AdminException alreadyExists(String message) {
    return new AdminException(Status.Code.ALREADY_EXISTS, message);
  }
}
