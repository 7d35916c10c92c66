package io.aloft.admin.list;

/**
 * A list request (filters, sort, limit or token) that FlyteAdmin would refuse with INVALID_ARGUMENT. The message
 * names the offending filter expression, field, sort key or token, as FlyteAdmin's messages do
 * (flyteadmin/pkg/common/filters.go, pkg/manager/impl/util/filters.go, pkg/common/sorting.go,
 * pkg/manager/impl/validation/validation.go). The RPC layer maps it to gRPC INVALID_ARGUMENT.
 */
public final class ListRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that names what was wrong with the request. */
  public ListRequestException(String message) {
    super(message);
  }
}
