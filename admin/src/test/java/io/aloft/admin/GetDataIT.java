package io.aloft.admin;

import static io.aloft.admin.Events.node;
import static io.aloft.admin.Events.request;
import static io.aloft.admin.Events.task;
import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.core.Execution.NodeExecution.Phase;
import flyteidl.core.Execution.TaskExecution;
import flyteidl.core.Execution.WorkflowExecution;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.NodeExecutionIdentifier;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.service.DataProxyServiceGrpc;
import flyteidl.service.Dataproxy.GetDataRequest;
import flyteidl.service.Dataproxy.GetDataResponse;
import io.aloft.admin.storage.BlobStore;
import io.aloft.testkit.quarkus.FreeGrpcPortResource;
import io.aloft.testkit.quarkus.PostgresResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.grpc.Status;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DataProxy GetData: flytekit's flyte:// references resolved to the node's or task attempt's data. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "admin_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
class GetDataIT extends AdminGrpcTestBase {
  private static final String PROJECT = "get-data-it";

  @Inject
  EntityManager em;

  @Inject
  BlobStore blobs;

  private WorkflowExecutionIdentifier exec;
  private DataProxyServiceGrpc.DataProxyServiceBlockingStub proxy;

  @BeforeEach
  void aNodeWithTwoAttempts() {
    proxy = DataProxyServiceGrpc.newBlockingStub(channel);
    exec = ExecutionRows.create(em, ExecutionRows.id(PROJECT, "g" + UUID.randomUUID().toString().replace("-", "")
        .substring(0, 19)), Events.CLUSTER, WorkflowExecution.Phase.RUNNING);
    String inputs = blobs.put("metadata/propeller/" + exec.getName() + "/n0/data/inputs.pb",
        Events.ints("a", 1).toByteArray());
    String outputs = blobs.put("metadata/propeller/" + exec.getName() + "/n0/data/1/outputs.pb",
        Events.ints("o0", 2).toByteArray());
    admin.createNodeEvent(request(node(exec, "n0", Phase.QUEUED, 1).setInputUri(inputs)));
    admin.createNodeEvent(request(node(exec, "n0", Phase.RUNNING, 2).setInputUri(inputs)));
    NodeExecutionIdentifier n0 = Events.nodeId(exec, "n0");
    Identifier taskId = Events.taskId(PROJECT, "t");
    admin.createTaskEvent(Events.request(task(n0, taskId, 0, TaskExecution.Phase.RUNNING, 0, 3)
        .setInputUri(inputs)));
    admin.createTaskEvent(Events.request(task(n0, taskId, 0, TaskExecution.Phase.RETRYABLE_FAILED, 0, 4)
        .setInputUri(inputs).setError(flyteidl.core.Execution.ExecutionError.newBuilder().setMessage("oom"))));
    admin.createTaskEvent(Events.request(task(n0, taskId, 1, TaskExecution.Phase.RUNNING, 0, 5)
        .setInputUri(inputs)));
    admin.createTaskEvent(Events.request(task(n0, taskId, 1, TaskExecution.Phase.SUCCEEDED, 0, 6)
        .setInputUri(inputs).setOutputUri(outputs)));
    admin.createNodeEvent(request(node(exec, "n0", Phase.SUCCEEDED, 7).setInputUri(inputs).setOutputUri(outputs)));
  }

  private GetDataResponse get(String tail) {
    return proxy.getData(GetDataRequest.newBuilder().setFlyteUrl(base() + tail).build());
  }

  private String base() {
    return "flyte://v1/" + PROJECT + "/development/" + exec.getName() + "/";
  }

  @Test
  void aNodesInputsAndOutputsAsLiteralMaps() {
    GetDataResponse in = get("n0/i");
    assertThat(in.getDataCase()).isEqualTo(GetDataResponse.DataCase.LITERAL_MAP);
    assertThat(in.getLiteralMap()).isEqualTo(Events.ints("a", 1));
    assertThat(get("n0/o").getLiteralMap()).isEqualTo(Events.ints("o0", 2));
    // One literal by name.
    assertThat(get("n0/o/o0").getLiteral()).isEqualTo(Events.ints("o0", 2).getLiteralsOrThrow("o0"));
  }

  @Test
  void anAttemptsDataIsThatAttempts() {
    // The first attempt failed and has no outputs; the second has the node's.
    assertThat(get("n0/0/o").getDataCase()).isEqualTo(GetDataResponse.DataCase.LITERAL_MAP);
    assertThat(get("n0/0/o").getLiteralMap().getLiteralsMap()).isEmpty();
    assertThat(get("n0/1/o").getLiteralMap()).isEqualTo(Events.ints("o0", 2));
    assertStatus(() -> get("n0/0/o/o0"), Status.Code.INVALID_ARGUMENT, "o0");
    assertThat(get("n0/0/i/a").getLiteral()).isEqualTo(Events.ints("a", 1).getLiteralsOrThrow("a"));
  }

  @Test
  void badReferencesAreInvalidArgumentAndUnknownOnesNotFound() {
    assertStatus(() -> proxy.getData(GetDataRequest.getDefaultInstance()), Status.Code.INVALID_ARGUMENT,
        "flyte_url");
    assertStatus(() -> proxy.getData(GetDataRequest.newBuilder().setFlyteUrl("s3://bucket/key").build()),
        Status.Code.INVALID_ARGUMENT, "flyte_url");
    assertStatus(() -> get("n0/x"), Status.Code.INVALID_ARGUMENT, "flyte_url");
    assertStatus(() -> get("n0"), Status.Code.INVALID_ARGUMENT, "flyte_url");
    assertStatus(() -> get("n0/0/d"), Status.Code.INVALID_ARGUMENT, "deck");
    assertStatus(() -> get("n0/o/nope"), Status.Code.INVALID_ARGUMENT, "nope");
    assertStatus(() -> get("n9/i"), Status.Code.NOT_FOUND, "n9");
    assertStatus(() -> get("n0/5/i"), Status.Code.NOT_FOUND, "attempt 5");
    assertStatus(() -> proxy.getData(GetDataRequest.newBuilder()
        .setFlyteUrl("flyte://v1/" + PROJECT + "/development/nosuchexec/n0/i").build()), Status.Code.NOT_FOUND,
        "nosuchexec");
  }
}
