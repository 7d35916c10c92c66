package io.aloft.admin.rest;

import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Calls a unary method through its {@link ServerMethodDefinition} (the service's own handler, after any server
 * interceptors), in this process and on the calling thread, with a {@link ServerCall} that captures the response,
 * status and trailers. This is what a gRPC transport does for a call, minus the bytes: the request is handed over
 * as a message.
 */
final class InProcessCall {
  private InProcessCall() {}

  /** What a call ended with: the response (null unless OK), the status and the trailers. */
  record Outcome(Object response, Status status, Metadata trailers) {}

  /** Runs {@code request} through {@code method}; waits up to {@code timeout} for a service that answers later. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Outcome unary(ServerMethodDefinition<?, ?> method, Object request, Metadata headers, long timeout,
      TimeUnit unit) {
    CapturingCall call = new CapturingCall(method.getMethodDescriptor());
    ServerCall.Listener listener = null;
    try {
      listener = ((ServerMethodDefinition) method).getServerCallHandler().startCall(call, headers);
      listener.onMessage(request);
      listener.onHalfClose();
    } catch (RuntimeException e) {
      // A transport closes the call with UNKNOWN when the application throws; so do we.
      call.close(Status.UNKNOWN.withDescription(e.getMessage()).withCause(e), new Metadata());
      if (listener != null) {
        listener.onCancel();
      }
      return call.outcome.join();
    }
    Outcome outcome;
    try {
      outcome = call.outcome.get(timeout, unit);
    } catch (TimeoutException e) {
      call.cancelled = true;
      listener.onCancel();
      return new Outcome(null, Status.DEADLINE_EXCEEDED.withDescription("no answer within " + timeout + " "
          + unit.toString().toLowerCase(java.util.Locale.ROOT)), new Metadata());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      call.cancelled = true;
      listener.onCancel();
      return new Outcome(null, Status.CANCELLED.withDescription("interrupted"), new Metadata());
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
    // The service closed the call itself, with whatever status: for a transport that is a completed stream
    // (onCancel is for calls the client or a deadline abandons).
    listener.onComplete();
    return outcome;
  }

  private static final class CapturingCall extends ServerCall<Object, Object> {
    private final MethodDescriptor<?, ?> method;
    final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private volatile Object response;
    volatile boolean cancelled;

    CapturingCall(MethodDescriptor<?, ?> method) {
      this.method = method;
    }

    @Override
    public void request(int numMessages) {
      // the single request is pushed by unary()
    }

    @Override
    public void sendHeaders(Metadata headers) {
      // response headers are not forwarded (grpc-gateway would add them as Grpc-Metadata-* HTTP headers)
    }

    @Override
    public void sendMessage(Object message) {
      if (response != null) {
        throw new IllegalStateException("a unary call sent a second response");
      }
      response = message;
    }

    @Override
    public void close(Status status, Metadata trailers) {
      if (status.isOk() && response == null) {
        status = Status.INTERNAL.withDescription("no response message");
      }
      outcome.complete(new Outcome(status.isOk() ? response : null, status, trailers));
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public Attributes getAttributes() {
      return Attributes.EMPTY;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    @Override
    public MethodDescriptor<Object, Object> getMethodDescriptor() {
      return (MethodDescriptor) method;
    }
  }
}
