package io.aloft.datacatalog;

import io.grpc.Status;

/**
 * A request datacatalog refuses or cannot serve, with the gRPC status it maps to (Flyte:
 * datacatalog/pkg/errors/errors.go). Messages follow Flyte's validators ("missing project", "invalid value for
 * ...") so that logs read the same. Anything else thrown from an RPC is a server fault and maps to INTERNAL.
 */
public final class CatalogException extends RuntimeException {
  private final Status.Code code;

  public CatalogException(Status.Code code, String message) {
    super(message);
    this.code = code;
  }

  public Status.Code code() {
    return code;
  }

  /** INVALID_ARGUMENT "missing {field}", as Flyte's NewMissingArgumentError. */
  public static CatalogException missing(String field) {
    return new CatalogException(Status.Code.INVALID_ARGUMENT, "missing " + field);
  }

  public static CatalogException invalid(String message) {
    return new CatalogException(Status.Code.INVALID_ARGUMENT, message);
  }

  public static CatalogException notFound(String message) {
    return new CatalogException(Status.Code.NOT_FOUND, message);
  }

  public static CatalogException alreadyExists(String message) {
    return new CatalogException(Status.Code.ALREADY_EXISTS, message);
  }

  public static CatalogException internal(String message) {
    return new CatalogException(Status.Code.INTERNAL, message);
  }
}
