package io.aloft.admin.rest;

import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoServiceDescriptorSupplier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The bindings (GET, POST, PUT, PATCH, DELETE; custom verbs are not served) of the {@code google.api.http} options
 * of gRPC services, read from their generated descriptors, in the order grpc-gateway v2 tries them (per HTTP
 * method): its ServeMux puts each newly registered pattern first, and FlyteAdmin registers the services' gateways
 * in {@link #GATEWAY_ORDER} (flyteadmin/pkg/server/service.go), each service's methods in declaration order and
 * each method's rule before its additional bindings. So the last registered binding wins where two templates
 * match the same path.
 */
public final class HttpRules {
  private static final Logger LOG = Logger.getLogger(HttpRules.class);

  /** The order in which FlyteAdmin registers its gateway handlers; other services come after, by name. */
  static final List<String> GATEWAY_ORDER = List.of("flyteidl.service.AdminService",
      "flyteidl.service.AuthMetadataService", "flyteidl.service.IdentityService",
      "flyteidl.service.DataProxyService", "flyteidl.service.SignalService");

  private HttpRules() {}

  /**
   * One binding of a unary RPC.
   *
   * @param httpMethod the HTTP method, e.g. {@code POST}
   * @param body where the request body goes: "" (no body; query parameters), "*" (the whole request) or the
   *     name of a request field
   * @param rpc the RPC's full name, e.g. {@code flyteidl.service.AdminService/GetTask}
   * @param template the path template
   * @param requestPrototype the request type's default instance
   * @param responseBody the response field to answer with instead of the whole response, or ""
   * @param method the method's server handler
   */
  public record Binding(String httpMethod, String body, String rpc, PathTemplate template, Message requestPrototype,
      String responseBody, ServerMethodDefinition<?, ?> method) {}

  /** The bindings of {@code services}, highest precedence first. */
  public static List<Binding> of(List<ServerServiceDefinition> services) {
    List<ServerServiceDefinition> ordered = new ArrayList<>(services);
    ordered.sort(Comparator.comparingInt((ServerServiceDefinition s) -> rank(s.getServiceDescriptor().getName()))
        .thenComparing(s -> s.getServiceDescriptor().getName()));
    List<Binding> registered = new ArrayList<>();
    for (ServerServiceDefinition service : ordered) {
      if (!(service.getServiceDescriptor().getSchemaDescriptor() instanceof ProtoServiceDescriptorSupplier schema)) {
        continue;
      }
      Descriptors.ServiceDescriptor proto = schema.getServiceDescriptor();
      for (Descriptors.MethodDescriptor protoMethod : proto.getMethods()) {
        if (!protoMethod.getOptions().hasExtension(AnnotationsProto.http)) {
          continue;
        }
        ServerMethodDefinition<?, ?> method = service.getMethod(
            MethodDescriptor.generateFullMethodName(proto.getFullName(), protoMethod.getName()));
        if (method == null || method.getMethodDescriptor().getType() != MethodDescriptor.MethodType.UNARY) {
          continue;
        }
        HttpRule rule = protoMethod.getOptions().getExtension(AnnotationsProto.http);
        List<HttpRule> rules = new ArrayList<>();
        rules.add(rule);
        rules.addAll(rule.getAdditionalBindingsList());
        for (HttpRule r : rules) {
          Binding b = binding(method, protoMethod, r);
          if (b != null) {
            registered.add(b);
          }
        }
      }
    }
    return registered.reversed();
  }

  private static int rank(String service) {
    int i = GATEWAY_ORDER.indexOf(service);
    return i < 0 ? GATEWAY_ORDER.size() : i;
  }

  private static Binding binding(ServerMethodDefinition<?, ?> method, Descriptors.MethodDescriptor protoMethod,
      HttpRule rule) {
    String httpMethod = switch (rule.getPatternCase()) {
      case GET -> "GET";
      case POST -> "POST";
      case PUT -> "PUT";
      case PATCH -> "PATCH";
      case DELETE -> "DELETE";
      default -> null;
    };
    String rpc = method.getMethodDescriptor().getFullMethodName();
    if (httpMethod == null) {
      LOG.warnf("%s: a %s binding; not served", rpc, rule.getPatternCase());
      return null;
    }
    String path = path(rule);
    String body = rule.getBody();
    if (httpMethod.equals("GET") && !body.isEmpty()) {
      LOG.warnf("%s: GET %s has a body (%s); not served", rpc, path, body);
      return null;
    }
    if (!body.isEmpty() && !body.equals("*")) {
      Descriptors.FieldDescriptor field = protoMethod.getInputType().findFieldByName(body);
      if (field == null || field.isRepeated() || field.getJavaType() != Descriptors.FieldDescriptor.JavaType.MESSAGE) {
        // grpc-gateway can also read a scalar field from the body; no flyteidl rule does
        LOG.warnf("%s: %s %s: body %s is not a singular message field; not served", rpc, httpMethod, path, body);
        return null;
      }
    }
    PathTemplate template;
    try {
      template = PathTemplate.parse(path);
    } catch (IllegalArgumentException e) {
      LOG.warnf("%s: %s; not served", rpc, e.getMessage());
      return null;
    }
    for (String fieldPath : template.fieldPaths()) {
      String problem = MessageBinder.checkPathField(protoMethod.getInputType(), fieldPath);
      if (problem != null) {
        LOG.warnf("%s: %s %s: %s; not served", rpc, httpMethod, path, problem);
        return null;
      }
    }
    String responseBody = rule.getResponseBody();
    if (!responseBody.isEmpty()) {
      Descriptors.FieldDescriptor field = protoMethod.getOutputType().findFieldByName(responseBody);
      // grpc-gateway can answer with any field; a message field is all this gateway prints.
      if (field == null || field.isRepeated() || field.getJavaType() != Descriptors.FieldDescriptor.JavaType.MESSAGE) {
        LOG.warnf("%s: %s %s: response_body %s is not a singular message field; not served", rpc, httpMethod,
            path, responseBody);
        return null;
      }
    }
    if (!(method.getMethodDescriptor().getRequestMarshaller()
        instanceof MethodDescriptor.PrototypeMarshaller<?> marshaller)
        || !(marshaller.getMessagePrototype() instanceof Message prototype)) {
      LOG.warnf("%s: request marshaller has no protobuf prototype; not served", rpc);
      return null;
    }
    return new Binding(httpMethod, body, rpc, template, prototype, responseBody, method);
  }

  private static String path(HttpRule rule) {
    return switch (rule.getPatternCase()) {
      case GET -> rule.getGet();
      case POST -> rule.getPost();
      case PUT -> rule.getPut();
      case PATCH -> rule.getPatch();
      case DELETE -> rule.getDelete();
      default -> throw new IllegalArgumentException(rule.getPatternCase().toString());
    };
  }
}
