package io.aloft.admin.rest;

import io.grpc.Status;

/** gRPC status code to HTTP status, as grpc-gateway v2's {@code runtime.HTTPStatusFromCode}. */
public final class HttpStatuses {
  private HttpStatuses() {}

  /** The HTTP status grpc-gateway answers for {@code code}. */
  public static int of(Status.Code code) {
    return switch (code) {
      case OK -> 200;
      case CANCELLED -> 499;
      case UNKNOWN, INTERNAL, DATA_LOSS -> 500;
      case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> 400;
      case DEADLINE_EXCEEDED -> 504;
      case NOT_FOUND -> 404;
      case ALREADY_EXISTS, ABORTED -> 409;
      case PERMISSION_DENIED -> 403;
      case UNAUTHENTICATED -> 401;
      case RESOURCE_EXHAUSTED -> 429;
      case UNIMPLEMENTED -> 501;
      case UNAVAILABLE -> 503;
    };
  }
}
