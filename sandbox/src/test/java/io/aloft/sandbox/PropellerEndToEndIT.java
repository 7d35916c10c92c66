package io.aloft.sandbox;

import static io.aloft.sandbox.Flows.INT;
import static io.aloft.sandbox.Flows.integer;
import static io.aloft.sandbox.Flows.listOf;
import static io.aloft.sandbox.Flows.promise;
import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetDataRequest;
import flyteidl.admin.NodeExecutionOuterClass.NodeExecutionListRequest;
import flyteidl.admin.TaskExecutionOuterClass.TaskExecutionListRequest;
import flyteidl.core.Execution.NodeExecution;
import flyteidl.core.Execution.WorkflowExecution;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.NodeExecutionIdentifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.RetryStrategy;
import flyteidl.core.Tasks.TaskMetadata;
import flyteidl.core.Tasks.TaskTemplate;
import flyteidl.core.Interface.TypedInterface;
import flyteidl.core.Types.LiteralType;
import flyteidl.service.AdminServiceGrpc;
import flyteidl.service.AdminServiceGrpc.AdminServiceBlockingStub;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Admin, datacatalog and propeller as the local stack runs them (child JVMs on a real API server, PostgreSQL and S3):
 * executions launched through admin's gRPC API are driven to completion by propeller, which reports to admin.
 */
class PropellerEndToEndIT {
  static LocalStack stack;
  static ManagedChannel channel;
  static AdminServiceBlockingStub admin;
  static KubernetesClient kube;

  @BeforeAll
  static void start() throws Exception {
    Path data = Files.createTempDirectory("aloft-e2e");
    stack = new LocalStack(LocalStack.Options.parse("--data-dir", data.toString(), "--random-ports",
        "--propeller", "aloft.propeller.workflow-reeval-duration=2s"),
        new PrintStream(new ByteArrayOutputStream())).start();
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", stack.endpoints().get("admin").grpcPort())
        .usePlaintext().build();
    admin = AdminServiceGrpc.newBlockingStub(channel);
    kube = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(stack.kube().kubeconfigYaml())).build();
  }

  @AfterAll
  static void stop() {
    if (kube != null) {
      kube.close();
    }
    if (channel != null) {
      channel.shutdownNow();
    }
    if (stack != null) {
      stack.close();
    }
  }

  static TaskTemplate echo(String name, Map<String, LiteralType> vars) {
    return TaskTemplate.newBuilder().setId(Flows.id(ResourceType.TASK, name, "v1")).setType("echo")
        .setMetadata(TaskMetadata.newBuilder().setRetries(RetryStrategy.newBuilder().setRetries(0)))
        .setInterface(TypedInterface.newBuilder().setInputs(Flows.vars(vars)).setOutputs(Flows.vars(vars))).build();
  }

  @Test
  void anEchoWorkflowPassesDataAndAdminShowsItsNodesAndOutputs() throws Exception {
    TaskTemplate pass = echo("e2e.pass", Map.of("x", INT, "xs", listOf(INT)));
    Identifier lp = new Flows.Wf("e2e.echo_chain", "v1").input("x", INT).input("xs", listOf(INT))
        .node("n0", pass, Map.of("x", promise("start-node", "x"), "xs", promise("start-node", "xs")), null)
        .node("n1", pass, Map.of("x", promise("n0", "x"), "xs", promise("n0", "xs")), null)
        .node("n2", pass, Map.of("x", promise("n1", "x"), "xs", promise("n1", "xs")), null)
        .output("y", INT, promise("n2", "x")).output("ys", listOf(INT), promise("n2", "xs"))
        .register(admin);
    WorkflowExecutionIdentifier id = Flows.launch(admin, lp, "e2e-echo", LiteralMap.newBuilder()
        .putLiterals("x", integer(7)).putLiterals("xs", Flows.list(integer(1), integer(2))).build(), 0);
    assertThat(Flows.await(admin, id, Duration.ofSeconds(60))).isEqualTo(WorkflowExecution.Phase.SUCCEEDED);

    var data = admin.getExecutionData(WorkflowExecutionGetDataRequest.newBuilder().setId(id).build());
    assertThat(data.getFullOutputs().getLiteralsOrThrow("y")).isEqualTo(integer(7));
    assertThat(data.getFullOutputs().getLiteralsOrThrow("ys")).isEqualTo(Flows.list(integer(1), integer(2)));
    var nodes = admin.listNodeExecutions(NodeExecutionListRequest.newBuilder().setWorkflowExecutionId(id)
        .setLimit(100).build());
    assertThat(nodes.getNodeExecutionsList()).filteredOn(n -> n.getId().getNodeId().startsWith("n"))
        .hasSize(3).allSatisfy(n -> assertThat(n.getClosure().getPhase()).isEqualTo(NodeExecution.Phase.SUCCEEDED));
    var tasks = admin.listTaskExecutions(TaskExecutionListRequest.newBuilder().setNodeExecutionId(
        NodeExecutionIdentifier.newBuilder().setExecutionId(id).setNodeId("n1")).setLimit(10).build());
    assertThat(tasks.getTaskExecutionsList()).hasSize(1);
    assertThat(tasks.getTaskExecutions(0).getId().getTaskId().getName()).isEqualTo("e2e.pass");
  }
}
