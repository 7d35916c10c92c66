package io.aloft.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import flyteidl.admin.Common.NamedEntityIdentifier;
import flyteidl.admin.Common.NamedEntityIdentifierListRequest;
import flyteidl.admin.Common.ObjectGetRequest;
import flyteidl.admin.Common.ResourceListRequest;
import flyteidl.admin.Common.Sort;
import flyteidl.admin.ProjectOuterClass.GetDomainRequest;
import flyteidl.admin.ProjectOuterClass.Project;
import flyteidl.admin.ProjectOuterClass.ProjectGetRequest;
import flyteidl.admin.ProjectOuterClass.ProjectListRequest;
import flyteidl.admin.ProjectOuterClass.Projects;
import flyteidl.admin.TaskOuterClass.Task;
import flyteidl.admin.TaskOuterClass.TaskCreateRequest;
import flyteidl.admin.TaskOuterClass.TaskList;
import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetDataRequest;
import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetRequest;
import flyteidl.admin.NodeExecutionOuterClass.NodeExecutionGetRequest;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.NodeExecutionIdentifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import io.aloft.admin.rest.HttpStatuses;
import io.aloft.testkit.quarkus.FreeGrpcPortResource;
import io.aloft.testkit.quarkus.PostgresResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * FlyteAdmin's HTTP/JSON read paths (grpc-gateway over the protos' google.api.http GET rules), answered by the same
 * gRPC implementation: every answer is compared with the gRPC answer to the same request.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "admin_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
class RestTranscodingIT extends AdminGrpcTestBase {
  private static final String PROJECT = "rest-it";
  private static final String DOMAIN = "development";
  private static final JsonFormat.Printer JSON_FORMAT = JsonFormat.printer().preservingProtoFieldNames()
      .alwaysPrintFieldsWithNoPresence();
  private TaskCreateRequest task;

  @BeforeEach
  void registerVersions() throws Exception {
    ensureProject(PROJECT, "REST IT");
    TaskCreateRequest r = TaskCreateRequest.parseFrom(Files.readAllBytes(
        Path.of("../api-protos/src/test/resources/flytekit-fixtures/task_create_request.pb")));
    task = r.toBuilder().setId(r.getId().toBuilder().setProject(PROJECT)).build();
    for (String v : new String[] {"v1", "v2", "v3"}) {
      try {
        admin.createTask(task.toBuilder().setId(task.getId().toBuilder().setVersion(v)).build());
      } catch (StatusRuntimeException e) {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
      }
    }
  }

  private String name() {
    return task.getId().getName();
  }

  private static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static Response get(String pathAndQuery, String accept) {
    return given().urlEncodingEnabled(false).accept(accept).get(pathAndQuery);
  }

  /** Asserts the REST answer is the gRPC answer in grpc-gateway's application/json form; returns its JSON. */
  private static JsonObject assertSameAsGrpc(Response rest, Message grpc) throws Exception {
    assertThat(rest.statusCode()).as(rest.asString()).isEqualTo(200);
    assertThat(rest.contentType()).isEqualTo("application/json");
    JsonObject json = JsonParser.parseString(rest.asString()).getAsJsonObject();
    // it reads back as the very message gRPC answered
    Message.Builder back = grpc.newBuilderForType();
    JsonFormat.parser().merge(rest.asString(), back);
    assertThat(back.build()).isEqualTo(grpc);
    // and it is JsonFormat's proto-name form plus grpc-gateway's nulls for unset message fields
    assertThat(withoutNulls(json)).isEqualTo(JsonParser.parseString(JSON_FORMAT.print(grpc)));
    return json;
  }

  private static JsonElement withoutNulls(JsonElement e) {
    if (e.isJsonObject()) {
      JsonObject out = new JsonObject();
      for (Map.Entry<String, JsonElement> m : e.getAsJsonObject().entrySet()) {
        if (!m.getValue().isJsonNull()) {
          out.add(m.getKey(), withoutNulls(m.getValue()));
        }
      }
      return out;
    }
    if (e.isJsonArray()) {
      var out = new com.google.gson.JsonArray();
      e.getAsJsonArray().forEach(x -> out.add(withoutNulls(x)));
      return out;
    }
    return e;
  }

  /** Asserts the REST answer is grpc-gateway's error body for the status gRPC answers to the same request. */
  private static void assertSameErrorAsGrpc(Response rest, Supplier<?> grpcCall, Status.Code expected) {
    StatusRuntimeException grpc = null;
    try {
      grpcCall.get();
    } catch (StatusRuntimeException e) {
      grpc = e;
    }
    assertThat(grpc).as("gRPC call fails").isNotNull();
    assertThat(grpc.getStatus().getCode()).isEqualTo(expected);
    assertThat(rest.statusCode()).isEqualTo(HttpStatuses.of(expected));
    assertThat(rest.contentType()).isEqualTo("application/json");
    assertThat(JsonParser.parseString(rest.asString())).isEqualTo(JsonParser.parseString(
        "{\"code\":" + expected.value() + ",\"message\":" + new com.google.gson.Gson().toJson(
            grpc.getStatus().getDescription()) + ",\"details\":[]}"));
  }

  @Test
  void listsRegisteredProjects() throws Exception {
    JsonObject json = assertSameAsGrpc(get("/api/v1/projects?limit=100", "application/json"),
        admin.listProjects(ProjectListRequest.newBuilder().setLimit(100).build()));
    assertThat(json.getAsJsonArray("projects").asList()).anySatisfy(p -> {
      assertThat(p.getAsJsonObject().get("id").getAsString()).isEqualTo(PROJECT);
      assertThat(p.getAsJsonObject().get("name").getAsString()).isEqualTo("REST IT");
      assertThat(p.getAsJsonObject().get("labels").isJsonNull()).isTrue(); // unset message: null, as protojson
      assertThat(p.getAsJsonObject().get("state").getAsString()).isEqualTo("ACTIVE");
    });

    // Without parameters: whatever ListProjects answers over gRPC, the same over HTTP.
    // flyteconsole lists projects without a limit: all of them, as FlyteAdmin answers
    JsonObject all = assertSameAsGrpc(get("/api/v1/projects", "application/json"),
        admin.listProjects(ProjectListRequest.getDefaultInstance()));
    assertThat(all.getAsJsonArray("projects").asList())
        .anySatisfy(p -> assertThat(p.getAsJsonObject().get("id").getAsString()).isEqualTo(PROJECT));

    assertSameAsGrpc(get("/api/v1/projects/" + PROJECT, "application/json"),
        admin.getProject(ProjectGetRequest.newBuilder().setId(PROJECT).build()));
    assertSameAsGrpc(get("/api/v1/domains", "application/json"),
        admin.getDomains(GetDomainRequest.getDefaultInstance()));
  }

  @Test
  void getsATaskByItsFullIdentifier() throws Exception {
    Identifier id = Identifier.newBuilder().setResourceType(ResourceType.TASK).setProject(PROJECT).setDomain(DOMAIN)
        .setName(name()).setVersion("v2").build();
    Task grpc = admin.getTask(ObjectGetRequest.newBuilder().setId(id).build());
    JsonObject json = assertSameAsGrpc(get("/api/v1/tasks/" + PROJECT + "/" + DOMAIN + "/" + name() + "/v2",
        "application/json"), grpc);
    assertThat(json.getAsJsonObject("id").get("version").getAsString()).isEqualTo("v2");
    assertThat(json.has("short_description")).isTrue();
    assertThat(json.getAsJsonObject("closure").has("created_at")).isTrue();
  }

  @Test
  void projectScopedListsTakeLimitTokenFiltersAndSort() throws Exception {
    String base = "/api/v1/tasks/" + PROJECT + "/" + DOMAIN + "/" + name();
    ResourceListRequest.Builder request = ResourceListRequest.newBuilder().setId(NamedEntityIdentifier.newBuilder()
        .setProject(PROJECT).setDomain(DOMAIN).setName(name()));

    JsonObject first = assertSameAsGrpc(get(base + "?limit=2&sort_by.key=version&sort_by.direction=ASCENDING",
        "application/json"), admin.listTasks(request.clone().setLimit(2)
            .setSortBy(Sort.newBuilder().setKey("version").setDirection(Sort.Direction.ASCENDING)).build()));
    assertThat(first.getAsJsonArray("tasks").asList()).extracting(t -> t.getAsJsonObject().getAsJsonObject("id")
        .get("version").getAsString()).containsExactly("v1", "v2");
    assertThat(first.get("token").getAsString()).isEqualTo("2");

    // the token from the first page, JSON names and an enum number
    TaskList secondGrpc = admin.listTasks(request.clone().setLimit(2).setToken("2")
        .setSortBy(Sort.newBuilder().setKey("version").setDirection(Sort.Direction.ASCENDING)).build());
    JsonObject second = assertSameAsGrpc(get(base + "?limit=2&token=2&sortBy.key=version&sortBy.direction=1",
        "application/json"), secondGrpc);
    assertThat(second.getAsJsonArray("tasks")).hasSize(1);
    assertThat(second.get("token").getAsString()).isEmpty();

    // filters as flytectl writes them: '+' and ';' must be percent-encoded in a query string
    String filters = "value_in(version,v1;v3)+ne(version,v1)";
    JsonObject filtered = assertSameAsGrpc(get(base + "?limit=10&filters=" + q(filters), "application/json"),
        admin.listTasks(request.clone().setLimit(10).setFilters(filters).build()));
    assertThat(filtered.getAsJsonArray("tasks").asList()).extracting(t -> t.getAsJsonObject().getAsJsonObject("id")
        .get("version").getAsString()).containsExactly("v3");

    // the project/domain binding takes the name as a query parameter
    assertSameAsGrpc(get("/api/v1/tasks/" + PROJECT + "/" + DOMAIN + "?limit=3&id.name=" + q(name())
        + "&sort_by.key=created_at&sort_by.direction=DESCENDING", "application/json"),
        admin.listTasks(request.clone().setLimit(3)
            .setSortBy(Sort.newBuilder().setKey("created_at").setDirection(Sort.Direction.DESCENDING)).build()));

    assertSameAsGrpc(get("/api/v1/task_ids/" + PROJECT + "/" + DOMAIN + "?limit=10", "application/json"),
        admin.listTaskIds(NamedEntityIdentifierListRequest.newBuilder().setProject(PROJECT).setDomain(DOMAIN)
            .setLimit(10).build()));
  }

  @Test
  void encodingFollowsAcceptAsInFlyteAdminsGateway() throws Exception {
    ObjectGetRequest request = ObjectGetRequest.newBuilder().setId(Identifier.newBuilder()
        .setResourceType(ResourceType.TASK).setProject(PROJECT).setDomain(DOMAIN).setName(name()).setVersion("v1"))
        .build();
    Task grpc = admin.getTask(request);
    String path = "/api/v1/tasks/" + PROJECT + "/" + DOMAIN + "/" + name() + "/v1";

    // flyteconsole asks for protobuf
    Response binary = get(path, "application/octet-stream");
    assertThat(binary.statusCode()).isEqualTo(200);
    assertThat(binary.contentType()).isEqualTo("application/octet-stream");
    assertThat(Task.parseFrom(binary.asByteArray())).isEqualTo(grpc);

    // anything else gets grpc-gateway's default marshaler: JSON names
    Response other = get(path, "*/*");
    assertThat(other.statusCode()).isEqualTo(200);
    JsonObject camel = JsonParser.parseString(other.asString()).getAsJsonObject();
    assertThat(camel.has("shortDescription")).isTrue();
    assertThat(camel.has("short_description")).isFalse();
    Task.Builder back = Task.newBuilder();
    JsonFormat.parser().merge(other.asString(), back);
    assertThat(back.build()).isEqualTo(grpc);
  }

  @Test
  void errorsCarryTheGrpcStatus() {
    Identifier missing = Identifier.newBuilder().setResourceType(ResourceType.TASK).setProject(PROJECT)
        .setDomain(DOMAIN).setName("no.such.task").setVersion("v1").build();
    assertSameErrorAsGrpc(get("/api/v1/tasks/" + PROJECT + "/" + DOMAIN + "/no.such.task/v1", "application/json"),
        () -> admin.getTask(ObjectGetRequest.newBuilder().setId(missing).build()), Status.Code.NOT_FOUND);

    ResourceListRequest.Builder request = ResourceListRequest.newBuilder().setId(NamedEntityIdentifier.newBuilder()
        .setProject(PROJECT).setDomain(DOMAIN).setName(name()));
    assertSameErrorAsGrpc(get("/api/v1/tasks/" + PROJECT + "/" + DOMAIN + "/" + name() + "?limit=5&filters="
        + q("eq(colour,red)"), "application/json"),
        () -> admin.listTasks(request.clone().setLimit(5).setFilters("eq(colour,red)").build()),
        Status.Code.INVALID_ARGUMENT);
    assertSameErrorAsGrpc(get("/api/v1/tasks/" + PROJECT + "/" + DOMAIN + "/" + name() + "?limit=5&token=abc",
        "application/json"), () -> admin.listTasks(request.clone().setLimit(5).setToken("abc").build()),
        Status.Code.INVALID_ARGUMENT);

    // path variables are percent-decoded once: %25 is a literal '%', %20 a space
    assertSameErrorAsGrpc(get("/api/v1/projects/no%25such%20project", "application/json"),
        () -> admin.getProject(ProjectGetRequest.newBuilder().setId("no%such project").build()),
        Status.Code.NOT_FOUND);

    // the error body in protobuf for flyteconsole
    Response binary = get("/api/v1/tasks/" + PROJECT + "/" + DOMAIN + "/no.such.task/v1", "application/octet-stream");
    assertThat(binary.statusCode()).isEqualTo(404);
    assertThat(binary.contentType()).isEqualTo("application/octet-stream");
    assertThat(parseStatus(binary.asByteArray()).getCode()).isEqualTo(Status.Code.NOT_FOUND.value());
  }

  private static com.google.rpc.Status parseStatus(byte[] bytes) {
    try {
      return com.google.rpc.Status.parseFrom(bytes);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void requestsTheGatewayCannotBindAreBadRequests() {
    String base = "/api/v1/tasks/" + PROJECT + "/" + DOMAIN + "/" + name();
    assertBadRequest(get(base + "?limit=5&colour=red", "application/json"),
        "unknown query parameter \"colour\" for flyteidl.admin.ResourceListRequest");
    assertBadRequest(get(base + "?limit=5&id.project=other", "application/json"),
        "query parameter \"id.project\" conflicts with path variable id.project");
    assertBadRequest(get(base + "?limit=5&limit=6", "application/json"), "too many values for field \"limit\"");
    assertBadRequest(get(base + "?limit=five", "application/json"), "strconv.ParseUint: parsing \"five\"");
    assertBadRequest(get(base + "?limit=5&sort_by.direction=SIDEWAYS", "application/json"),
        "\"SIDEWAYS\" is not a valid value");
    assertBadRequest(get(base + "?limit=5;token=2", "application/json"), "invalid semicolon separator in query");
  }

  @Test
  void malformedEscapesAreBadRequests() throws Exception {
    // HTTP clients refuse to send these; a raw request does. The HTTP server refuses them before routing, as Go's
    // net/http does before grpc-gateway sees them.
    String base = "/api/v1/tasks/" + PROJECT + "/" + DOMAIN + "/" + name();
    assertThat(rawGet(base + "?limit=%zz")).startsWith("HTTP/1.1 400");
    assertThat(rawGet("/api/v1/projects/%zz")).startsWith("HTTP/1.1 400");
    assertThat(rawGet(base + "?limit=5")).startsWith("HTTP/1.1 200");
  }

  private static String rawGet(String target) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
      socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Accept: application/json\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void assertBadRequest(Response rest, String message) {
    assertThat(rest.statusCode()).as(rest.asString()).isEqualTo(400);
    JsonObject json = JsonParser.parseString(rest.asString()).getAsJsonObject();
    assertThat(json.get("code").getAsInt()).isEqualTo(Status.Code.INVALID_ARGUMENT.value());
    assertThat(json.get("message").getAsString()).contains(message);
  }

  @Test
  void everyGetBindingIsServedWithoutPerRpcCode() throws Exception {
    // The execution bindings are routed by the same generic gateway as the rest: each answers exactly what its RPC
    // answers over gRPC. These executions do not exist, so that is NOT_FOUND (404 with grpc-gateway's error body),
    // not UNIMPLEMENTED (the RPC would have lost its implementation) and not the HTTP server's own 404 page.
    WorkflowExecutionIdentifier missing = WorkflowExecutionIdentifier.newBuilder().setProject(PROJECT)
        .setDomain(DOMAIN).setName("a1b2c3").build();
    assertSameErrorAsGrpc(get("/api/v1/executions/" + PROJECT + "/" + DOMAIN + "/a1b2c3", "application/json"),
        () -> admin.getExecution(WorkflowExecutionGetRequest.newBuilder().setId(missing).build()),
        Status.Code.NOT_FOUND);
    assertSameErrorAsGrpc(get("/api/v1/node_executions/" + PROJECT + "/" + DOMAIN + "/a1b2c3/n0",
        "application/json"), () -> admin.getNodeExecution(NodeExecutionGetRequest.newBuilder().setId(
            NodeExecutionIdentifier.newBuilder().setExecutionId(missing).setNodeId("n0")).build()),
        Status.Code.NOT_FOUND);
    assertSameErrorAsGrpc(get("/api/v1/data/executions/" + PROJECT + "/" + DOMAIN + "/a1b2c3", "application/json"),
        () -> admin.getExecutionData(WorkflowExecutionGetDataRequest.newBuilder().setId(missing).build()),
        Status.Code.NOT_FOUND);
    // a list binding with sort and filters: the very list gRPC answers
    assertSameAsGrpc(get("/api/v1/executions/" + PROJECT + "/" + DOMAIN + "?limit=5&sort_by.key=created_at"
        + "&sort_by.direction=DESCENDING&filters=" + q("eq(phase,RUNNING)"), "application/json"),
        admin.listExecutions(ResourceListRequest.newBuilder().setId(NamedEntityIdentifier.newBuilder()
            .setProject(PROJECT).setDomain(DOMAIN)).setLimit(5).setFilters("eq(phase,RUNNING)")
            .setSortBy(Sort.newBuilder().setKey("created_at").setDirection(Sort.Direction.DESCENDING)).build()));

    // a path no rule matches is not the gateway's
    assertThat(get("/api/v1/no_such_collection/x", "application/json").statusCode()).isEqualTo(404);
    assertThat(get("/api/v1/tasks", "application/json").statusCode()).isEqualTo(404);
  }

  private static Response send(String method, String path, String contentType, byte[] body) {
    return given().urlEncodingEnabled(false).accept("application/json").contentType(contentType).body(body)
        .request(method, path);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void writeBindingsReadTheBodyAsTheWholeRequestAndThePathOverridesIt() throws Exception {
    String id = "rest-write-" + System.nanoTime();
    Response created = send("POST", "/api/v1/projects", "application/json", utf8(
        "{\"project\": {\"id\": \"" + id + "\", \"name\": \"written over REST\", \"description\": \"d\"}}"));
    assertThat(created.statusCode()).as(created.asString()).isEqualTo(200);
    assertThat(JsonParser.parseString(created.asString())).isEqualTo(JsonParser.parseString("{}"));
    Project project = admin.getProject(ProjectGetRequest.newBuilder().setId(id).build());
    assertThat(project.getName()).isEqualTo("written over REST");

    // PUT /api/v1/projects/{id}: the path's id wins over the body's; lowerCamelCase names and the binary
    // protobuf body (flyteconsole's) are read too
    Response updated = send("PUT", "/api/v1/projects/" + id, "application/json",
        utf8("{\"id\": \"some-other-project\", \"name\": \"renamed\", \"description\": \"d\"}"));
    assertThat(updated.statusCode()).as(updated.asString()).isEqualTo(200);
    assertThat(admin.getProject(ProjectGetRequest.newBuilder().setId(id).build()).getName()).isEqualTo("renamed");
    Response binary = send("PUT", "/api/v1/projects/" + id, "application/octet-stream",
        project.toBuilder().setName("binary").build().toByteArray());
    assertThat(binary.statusCode()).as(binary.asString()).isEqualTo(200);
    assertThat(admin.getProject(ProjectGetRequest.newBuilder().setId(id).build()).getName()).isEqualTo("binary");

    // the write's gRPC status is the HTTP status, as for reads
    Response again = send("POST", "/api/v1/projects", "application/json",
        utf8("{\"project\": {\"id\": \"" + id + "\", \"name\": \"twice\"}}"));
    assertThat(again.statusCode()).as(again.asString()).isEqualTo(HttpStatuses.of(Status.Code.ALREADY_EXISTS));
  }

  @Test
  void executionAndSignalWritesAreRoutedToTheirRpcs() {
    WorkflowExecutionIdentifier missing = WorkflowExecutionIdentifier.newBuilder().setProject(PROJECT)
        .setDomain(DOMAIN).setName("nosuchexec").build();
    String cause = "{\"cause\": \"not needed\"}";
    assertSameErrorAsGrpc(send("DELETE", "/api/v1/executions/" + PROJECT + "/" + DOMAIN + "/nosuchexec",
        "application/json", utf8(cause)), () -> admin.terminateExecution(
            flyteidl.admin.ExecutionOuterClass.ExecutionTerminateRequest.newBuilder().setId(missing)
                .setCause("not needed").build()), Status.Code.NOT_FOUND);
    assertSameErrorAsGrpc(send("POST", "/api/v1/executions/relaunch", "application/json", utf8(
        "{\"id\": {\"project\": \"" + PROJECT + "\", \"domain\": \"" + DOMAIN + "\", \"name\": \"nosuchexec\"},"
            + " \"name\": \"again\"}")), () -> admin.relaunchExecution(
                flyteidl.admin.ExecutionOuterClass.ExecutionRelaunchRequest.newBuilder().setId(missing)
                    .setName("again").build()), Status.Code.NOT_FOUND);
  }

  @Test
  void badBodiesAreBadRequestsNamingTheProblem() {
    assertBadRequest(send("POST", "/api/v1/projects", "application/json", utf8("{\"project\": {\"id\": ")),
        "invalid request body for flyteidl.admin.ProjectRegisterRequest");
    // application/json is FlyteAdmin's JSONPb: a field the request lacks is an error
    assertBadRequest(send("POST", "/api/v1/projects", "application/json", utf8("{\"colour\": \"red\"}")),
        "colour");
    // any other type is grpc-gateway's default marshaler, which discards unknown fields
    String id = "rest-lenient-" + System.nanoTime();
    Response lenient = send("POST", "/api/v1/projects", "text/plain",
        utf8("{\"colour\": \"red\", \"project\": {\"id\": \"" + id + "\", \"name\": \"lenient\"}}"));
    assertThat(lenient.statusCode()).as(lenient.asString()).isEqualTo(200);
    assertBadRequest(send("POST", "/api/v1/projects", "application/octet-stream", new byte[] {(byte) 0xff, 1}),
        "invalid request body");
    // a GET-only path does not take a POST, and a write path does not answer a GET
    assertThat(send("POST", "/api/v1/tasks/" + PROJECT + "/" + DOMAIN, "application/json", utf8("{}"))
        .statusCode()).isIn(404, 405);
    assertThat(get("/api/v1/executions/relaunch", "application/json").statusCode()).isIn(404, 405);
  }
}
