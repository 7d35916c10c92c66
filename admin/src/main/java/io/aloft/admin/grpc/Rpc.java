package io.aloft.admin.grpc;

import io.aloft.admin.AdminException;
import io.aloft.api.grpc.StatusDescriptions;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/** Runs one unary RPC body and maps its outcome to the gRPC status the clients expect. */
final class Rpc {
  private static final Logger LOG = Logger.getLogger(Rpc.class);

  private Rpc() {}

  /** Sends {@code body}'s result, or the status for what it threw: never UNKNOWN. */
  static <T> void unary(StreamObserver<T> out, Supplier<T> body) {
    T result;
    try {
      result = body.get();
    } catch (AdminException e) {
      if (e.code() == Status.Code.INTERNAL) {
        // a server fault, not bad input: operators must see it, with its cause
        LOG.errorf(e, "internal error: %s", e.getMessage());
      }
      out.onError(Status.fromCode(e.code()).withDescription(StatusDescriptions.bounded(e.getMessage()))
          .asRuntimeException());
      return;
    } catch (io.aloft.admin.list.ListRequestException e) {
      out.onError(Status.INVALID_ARGUMENT.withDescription(StatusDescriptions.bounded(e.getMessage()))
          .asRuntimeException());
      return;
    } catch (StatusRuntimeException e) {
      out.onError(e.getStatus().getCode() == Status.Code.UNKNOWN
          ? Status.INTERNAL.withDescription(e.getStatus().getDescription()).asRuntimeException() : e);
      return;
    } catch (RuntimeException e) {
      LOG.errorf(e, "internal error");
      out.onError(Status.INTERNAL.withDescription("internal error: " + e.getClass().getSimpleName())
          .asRuntimeException());
      return;
    }
    out.onNext(result);
    out.onCompleted();
  }
}
