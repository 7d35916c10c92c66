package io.aloft.datacatalog.grpc;

import io.aloft.datacatalog.CatalogException;
import io.aloft.api.grpc.StatusDescriptions;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/** Runs one unary RPC body and maps its outcome to the gRPC status Flyte's datacatalog would answer. */
final class Rpc {
  private static final Logger LOG = Logger.getLogger(Rpc.class);

  private Rpc() {}

  /** Sends {@code body}'s result, or the status for what it threw: never UNKNOWN. */
  static <T> void unary(StreamObserver<T> out, Supplier<T> body) {
    T result;
    try {
      result = body.get();
    } catch (CatalogException e) {
      if (e.code() == Status.Code.INTERNAL) {
        LOG.errorf("%s", e.getMessage());
      }
      out.onError(Status.fromCode(e.code()).withDescription(StatusDescriptions.bounded(e.getMessage()))
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
