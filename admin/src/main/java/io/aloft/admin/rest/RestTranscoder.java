package io.aloft.admin.rest;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.aloft.admin.auth.AuthConfig;
import io.aloft.admin.auth.AuthInterceptor;
import io.aloft.admin.rest.GatewayMarshaler.Format;
import io.aloft.admin.rest.HttpRules.Binding;
import io.grpc.BindableService;
import io.grpc.Metadata;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.protobuf.ProtoServiceDescriptorSupplier;
import io.grpc.protobuf.StatusProto;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.grpc.MetricCollectingServerInterceptor;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * FlyteAdmin's HTTP/JSON gateway: every binding (GET, POST, PUT, PATCH, DELETE) in the {@code google.api.http}
 * options of the gRPC services this application serves (AdminService, DataProxyService, SignalService, ...
 * whatever is a {@link BindableService} bean) is answered on the HTTP port by calling the same service in
 * process. Nothing here knows an RPC by name; an RPC gains its REST route the moment its gRPC implementation exists.
 *
 * <p>Per request: match the method and path against the bindings in grpc-gateway's order ({@link HttpRules}), fill
 * the request as grpc-gateway's generated handlers do (the body into the whole request for {@code body: "*"} or
 * into the named field, by {@link GatewayMarshaler#unmarshal}; then the path variables; then, unless the body is
 * the whole request, the query parameters; {@link MessageBinder}), run the method's server handler on a
 * worker thread with an active request context ({@link InProcessCall}), and answer with the response or the
 * status in the encoding the request asked for ({@link GatewayMarshaler}, {@link HttpStatuses}). A method and path
 * that match no binding go on to the next route (Quarkus answers 404 or 405).
 *
 * <p>The calls go through the gRPC server's Micrometer interceptor, so {@code grpc_server_*} counts them as
 * FlyteAdmin's gRPC metrics count its gateway's calls; {@code aloft_admin_rest_requests_seconds} times the HTTP
 * side.
 */
@ApplicationScoped
public class RestTranscoder {
  private static final Logger LOG = Logger.getLogger(RestTranscoder.class);
  /** The key under which Quarkus's HTTP metrics look for a route template (as RESTEasy Reactive sets it). */
  private static final String URL_PATH_TEMPLATE = "UrlPathTemplate";

  @Inject
  RestConfig config;

  @Inject
  @Any
  Instance<BindableService> services;

  @Inject
  @Any
  Instance<MetricCollectingServerInterceptor> grpcMetrics;

  @Inject
  MeterRegistry meters;

  @Inject
  AuthInterceptor authInterceptor;

  @Inject
  AuthConfig authConfig;

  private List<Binding> bindings = List.of();
  private GatewayMarshaler marshaler;
  private MessageBinder binder;

  void routes(@Observes Router router) {
    if (!config.enabled()) {
      LOG.info("REST gateway disabled (aloft.admin.rest.enabled=false)");
      return;
    }
    List<ServerInterceptor> interceptors = new ArrayList<>();
    grpcMetrics.forEach(interceptors::add);
    // the same token check as on the gRPC port: the REST API is no way around it
    interceptors.add(authInterceptor);
    List<ServerServiceDefinition> definitions = new ArrayList<>();
    JsonFormat.TypeRegistry.Builder types = JsonFormat.TypeRegistry.newBuilder()
        .add(com.google.rpc.Status.getDescriptor())
        .add(com.google.rpc.BadRequest.getDescriptor());
    for (BindableService service : services) {
      ServerServiceDefinition definition = service.bindService();
      if (definition.getServiceDescriptor().getSchemaDescriptor() instanceof ProtoServiceDescriptorSupplier s) {
        // every message type of the service's file and of the files it imports, for Any fields
        s.getServiceDescriptor().getMethods().forEach(m -> types.add(m.getInputType()));
      }
      definitions.add(interceptors.isEmpty() ? definition : ServerInterceptors.intercept(definition, interceptors));
    }
    bindings = HttpRules.of(definitions);
    marshaler = new GatewayMarshaler(types.build());
    binder = new MessageBinder(config.strictQueryParameters());

    Set<String> prefixes = new LinkedHashSet<>();
    Set<HttpMethod> methods = new LinkedHashSet<>();
    for (Binding b : bindings) {
      List<String> literal = b.template().literalPrefix();
      prefixes.add(literal.isEmpty() ? "" : literal.get(0));
      methods.add(HttpMethod.valueOf(b.httpMethod()));
    }
    BodyHandler body = BodyHandler.create(false).setBodyLimit(config.maxBodySize().asLongValue());
    for (String prefix : prefixes) {
      Route route = prefix.isEmpty() ? router.route() : router.route("/" + prefix + "/*");
      methods.forEach(route::method);
      route.handler(body).handler(this::handle);
    }
    LOG.infof("REST gateway: %d bindings (%s) of %d RPCs under %s", bindings.size(), methods,
        bindings.stream().map(Binding::rpc).distinct().count(), prefixes.stream().map(p -> "/" + p).toList());
  }

  /** The bindings served, highest precedence first. */
  public List<Binding> bindings() {
    return bindings;
  }

  private void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    HttpServerRequest request = ctx.request();
    Format format = GatewayMarshaler.select(request.headers().getAll("Accept"),
        request.headers().getAll("Content-Type"));
    List<String> components;
    try {
      components = UrlCoding.pathComponents(ctx.normalizedPath());
    } catch (IllegalArgumentException e) {
      respondError(ctx, format, null, Status.INVALID_ARGUMENT.withDescription(e.getMessage()), null, start);
      return;
    }
    String method = request.method().name();
    Binding binding = null;
    Map<String, String> variables = null;
    for (Binding b : bindings) {
      variables = b.httpMethod().equals(method) ? b.template().match(components) : null;
      if (variables != null) {
        binding = b;
        break;
      }
    }
    if (binding == null) {
      ctx.next();
      return;
    }
    if (Vertx.currentContext() != null) {
      Vertx.currentContext().putLocal(URL_PATH_TEMPLATE, binding.template().toString());
    }
    Message message;
    try {
      message = bind(binding, variables, ctx);
    } catch (IllegalArgumentException e) {
      respondError(ctx, format, binding, Status.INVALID_ARGUMENT.withDescription(e.getMessage()), null, start);
      return;
    }
    Binding matched = binding;
    Metadata headers = callHeaders(request);
    ctx.vertx().executeBlocking(() -> invoke(matched, message, headers), false).onComplete(result -> {
      if (result.failed()) {
        LOG.errorf(result.cause(), "%s failed in process", matched.rpc());
        respondError(ctx, format, matched, Status.INTERNAL.withDescription("internal error"), null, start);
        return;
      }
      InProcessCall.Outcome outcome = result.result();
      if (!outcome.status().isOk()) {
        respondError(ctx, format, matched, outcome.status(), outcome.trailers(), start);
        return;
      }
      respond(ctx, format, matched, (Message) outcome.response(), start);
    });
  }

  /** The request message: body, path variables and query parameters in grpc-gateway's order. */
  private Message bind(Binding binding, Map<String, String> variables, RoutingContext ctx) {
    Message.Builder builder = binding.requestPrototype().newBuilderForType();
    List<String> notFromQuery = new ArrayList<>(binding.template().fieldPaths());
    if (!binding.body().isEmpty()) {
      Format in = GatewayMarshaler.inbound(ctx.request().headers().getAll("Content-Type"));
      byte[] bytes = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
      try {
        if (binding.body().equals("*")) {
          marshaler.unmarshal(bytes, in, builder);
        } else {
          FieldDescriptor field = builder.getDescriptorForType().findFieldByName(binding.body());
          Message.Builder sub = builder.newBuilderForField(field);
          marshaler.unmarshal(bytes, in, sub);
          builder.setField(field, sub.build());
          notFromQuery.add(binding.body());
        }
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalArgumentException("invalid request body for " + builder.getDescriptorForType().getFullName()
            + ": " + e.getMessage(), e);
      }
    }
    binder.bindPath(builder, variables);
    if (!binding.body().equals("*")) {
      binder.bindQuery(builder, UrlCoding.parseQuery(ctx.request().query()), notFromQuery);
    }
    return builder.build();
  }

  /** The request's credentials as the gRPC metadata the auth interceptor reads; nothing else is passed on. */
  private Metadata callHeaders(HttpServerRequest request) {
    Metadata headers = new Metadata();
    String authorization = request.getHeader("Authorization");
    if (authorization != null) {
      headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), authorization);
    }
    String flyte = request.getHeader(authConfig.httpAuthorizationHeader());
    if (flyte != null) {
      headers.put(Metadata.Key.of(authConfig.grpcAuthorizationHeader(), Metadata.ASCII_STRING_MARSHALLER), flyte);
    }
    return headers;
  }

  private InProcessCall.Outcome invoke(Binding binding, Message request, Metadata headers) {
    ManagedContext requestContext = Arc.container().requestContext();
    boolean activated = !requestContext.isActive();
    if (activated) {
      requestContext.activate();
    }
    try {
      return InProcessCall.unary(binding.method(), request, headers, config.timeout().toMillis(),
          TimeUnit.MILLISECONDS);
    } finally {
      if (activated) {
        requestContext.terminate();
      }
    }
  }

  private void respond(RoutingContext ctx, Format format, Binding binding, Message response, long start) {
    Message body = response;
    if (!binding.responseBody().isEmpty()) {
      Descriptor type = response.getDescriptorForType();
      FieldDescriptor field = type.findFieldByName(binding.responseBody());
      body = (Message) response.getField(field);
    }
    byte[] bytes;
    try {
      bytes = marshaler.marshal(body, format);
    } catch (Exception e) {
      LOG.errorf(e, "%s: cannot encode the response", binding.rpc());
      respondError(ctx, format, binding, Status.INTERNAL.withDescription("failed to marshal the response: "
          + e.getMessage()), null, start);
      return;
    }
    end(ctx, 200, format, bytes, binding, start);
  }

  private void respondError(RoutingContext ctx, Format format, Binding binding, Status status, Metadata trailers,
      long start) {
    com.google.rpc.Status body;
    try {
      body = StatusProto.fromStatusAndTrailers(status, trailers);
    } catch (IllegalArgumentException e) {
      // details whose code disagrees with the status: drop them
      body = StatusProto.fromStatusAndTrailers(status, null);
    }
    int http = HttpStatuses.of(status.getCode());
    if (status.getCode() == Status.Code.UNAUTHENTICATED) {
      ctx.response().putHeader("WWW-Authenticate", body.getMessage());
    }
    byte[] bytes;
    try {
      bytes = marshaler.marshal(body, format);
    } catch (Exception e) {
      bytes = "{\"code\": 13, \"message\": \"failed to marshal error message\"}".getBytes(StandardCharsets.UTF_8);
      http = 500;
      format = Format.JSON_PROTO_NAMES;
    }
    end(ctx, http, format, bytes, binding, start);
  }

  private void end(RoutingContext ctx, int http, Format format, byte[] bytes, Binding binding, long start) {
    ctx.response().setStatusCode(http).putHeader("Content-Type", format.contentType()).end(Buffer.buffer(bytes));
    Timer.builder("aloft.admin.rest.requests")
        .description("HTTP requests served by the REST gateway, by route and RPC")
        .tag("method", ctx.request().method().name())
        .tag("route", binding == null ? "none" : binding.template().toString())
        .tag("rpc", binding == null ? "none" : binding.rpc())
        .tag("status", Integer.toString(http))
        .serviceLevelObjectives(LatencyBuckets.BOUNDARIES)
        .register(meters)
        .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
  }
}
