package io.aloft.api.grpc;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.InputStream;

/**
 * A service definition whose requests that do not parse (garbage or truncated bytes, invalid UTF-8 in a string,
 * nesting deeper than protobuf's limit) are refused with INVALID_ARGUMENT naming the request type. gRPC's own
 * handling throws from the parser, and the transport answers UNKNOWN "Application error processing RPC" (which
 * flytekit reads as an authentication failure) and logs the stack at SEVERE for every such request.
 *
 * <p>The request marshaller returns a {@link Malformed} in place of a message it cannot parse; the handler then
 * closes the call instead of handing it to the service. It stays a {@link MethodDescriptor.PrototypeMarshaller},
 * so callers that build requests from the prototype (admin's REST gateway) keep working.
 */
public final class MalformedRequests {
  private MalformedRequests() {}

  /** {@code definition} with every method's request parsing guarded. */
  public static ServerServiceDefinition guard(ServerServiceDefinition definition) {
    ServiceDescriptor original = definition.getServiceDescriptor();
    ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(original.getName())
        .setSchemaDescriptor(original.getSchemaDescriptor());
    java.util.List<ServerMethodDefinition<?, ?>> methods = new java.util.ArrayList<>();
    for (ServerMethodDefinition<?, ?> method : definition.getMethods()) {
      ServerMethodDefinition<?, ?> guarded = guard(method);
      descriptor.addMethod(guarded.getMethodDescriptor());
      methods.add(guarded);
    }
    ServerServiceDefinition.Builder out = ServerServiceDefinition.builder(descriptor.build());
    methods.forEach(out::addMethod);
    return out.build();
  }

  @SuppressWarnings("unchecked")
  private static <ReqT, RespT> ServerMethodDefinition<Object, RespT> guard(ServerMethodDefinition<ReqT, RespT> m) {
    MethodDescriptor<ReqT, RespT> md = m.getMethodDescriptor();
    MethodDescriptor<Object, RespT> guarded = md.toBuilder(
        new GuardedMarshaller<>(md.getRequestMarshaller()), md.getResponseMarshaller()).build();
    ServerCallHandler<ReqT, RespT> handler = m.getServerCallHandler();
    return ServerMethodDefinition.create(guarded, (call, headers) -> new Listener<>(call,
        handler.startCall((ServerCall<ReqT, RespT>) (ServerCall<?, RespT>) call, headers)));
  }

  /** What the marshaller returns for bytes that are not a request. */
  record Malformed(String type, String reason) {}

  /** The method's marshaller, with parse failures returned as {@link Malformed}. */
  private static final class GuardedMarshaller<T> implements MethodDescriptor.PrototypeMarshaller<Object> {
    private final MethodDescriptor.Marshaller<T> delegate;

    GuardedMarshaller(MethodDescriptor.Marshaller<T> delegate) {
      this.delegate = delegate;
    }

    @SuppressWarnings("unchecked")
    @Override
    public InputStream stream(Object value) {
      return delegate.stream((T) value);
    }

    @Override
    public Object parse(InputStream stream) {
      try {
        return delegate.parse(stream);
      } catch (StatusRuntimeException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return new Malformed(getMessageClass() == null ? "request" : getMessageClass().getSimpleName(),
            cause.getMessage());
      }
    }

    @Override
    public Object getMessagePrototype() {
      return delegate instanceof MethodDescriptor.PrototypeMarshaller<T> p ? p.getMessagePrototype() : null;
    }

    @Override
    public Class<Object> getMessageClass() {
      @SuppressWarnings("unchecked")
      Class<Object> c = delegate instanceof MethodDescriptor.PrototypeMarshaller<T> p
          ? (Class<Object>) (Class<?>) p.getMessageClass() : null;
      return c;
    }
  }

  /** Hands parsed requests to the service's listener; closes the call on a {@link Malformed} one. */
  private static final class Listener<ReqT, RespT> extends ServerCall.Listener<Object> {
    private final ServerCall<Object, RespT> call;
    private final ServerCall.Listener<ReqT> delegate;
    private boolean refused;

    Listener(ServerCall<Object, RespT> call, ServerCall.Listener<ReqT> delegate) {
      this.call = call;
      this.delegate = delegate;
    }

    @SuppressWarnings("unchecked")
    @Override
    public void onMessage(Object message) {
      if (message instanceof Malformed m) {
        refused = true;
        call.close(Status.INVALID_ARGUMENT.withDescription("invalid request: the bytes are not a valid "
            + m.type() + " message: " + m.reason()), new Metadata());
      } else if (!refused) {
        delegate.onMessage((ReqT) message);
      }
    }

    @Override
    public void onHalfClose() {
      if (!refused) {
        delegate.onHalfClose();
      }
    }

    @Override
    public void onCancel() {
      delegate.onCancel();
    }

    @Override
    public void onComplete() {
      delegate.onComplete();
    }

    @Override
    public void onReady() {
      delegate.onReady();
    }
  }
}
