package io.aloft.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.admin.ProjectOuterClass.GetDomainRequest;
import flyteidl.admin.VersionOuterClass.GetVersionRequest;
import flyteidl.service.AdminServiceGrpc;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What `./aloft up` does, end to end: the embedded components and the three packaged services as child JVMs,
 * all answering on 127.0.0.1, and everything gone after close; a second start on the same data keeps it.
 */
class LocalStackIT {

  @Test
  void startsEverythingPrintsWhereItListensAndStopsCleanly(@TempDir Path data) throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    LocalStack.Options options = LocalStack.Options.parse("--data-dir", data.toString(), "--random-ports");
    LocalStack.Endpoint admin;
    try (LocalStack stack = new LocalStack(options, new PrintStream(printed, true, StandardCharsets.UTF_8)).start()) {
      admin = stack.endpoints().get("admin");
      String summary = printed.toString(StandardCharsets.UTF_8);
      assertThat(summary).contains("Aloft is up")
          .contains("gRPC 127.0.0.1:" + admin.grpcPort())
          .contains(stack.kube().url())
          .contains(stack.s3().endpoint().toString())
          .contains("flytekit config " + stack.flytekitConfig())
          .contains("console         http://127.0.0.1:" + admin.httpPort() + "/console/");
      // the flytekit config a user passes to pyflyte --config: admin's endpoint, the S3 keys, the console's address
      assertThat(Files.readString(stack.flytekitConfig()))
          .contains("endpoint: dns:///127.0.0.1:" + admin.grpcPort()).contains("insecure: true")
          .contains("endpoint: " + stack.s3().endpoint()).contains("access-key: " + stack.s3().accessKey())
          .contains("console:\n  endpoint: http://127.0.0.1:" + admin.httpPort() + "\n");

      ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", admin.grpcPort()).usePlaintext().build();
      try {
        var stub = AdminServiceGrpc.newBlockingStub(channel);
        assertThat(stub.getVersion(GetVersionRequest.getDefaultInstance()).getControlPlaneVersion().getBuild())
            .isEqualTo("aloft");
        assertThat(stub.getDomains(GetDomainRequest.getDefaultInstance()).getDomainsCount()).isEqualTo(3);
        // pyflyte's default project is there from the start
        assertThat(stub.getProject(flyteidl.admin.ProjectOuterClass.ProjectGetRequest.newBuilder()
            .setId("flytesnacks").build()).getId()).isEqualTo("flytesnacks");
        // an execution (an echo task: no pod) that must still be there after a restart
        var echo = flyteidl.core.Tasks.TaskTemplate.newBuilder()
            .setId(Flows.id(flyteidl.core.IdentifierOuterClass.ResourceType.TASK, "persist.echo", "v1"))
            .setType("echo").setInterface(flyteidl.core.Interface.TypedInterface.newBuilder()
                .setInputs(Flows.vars(java.util.Map.of("x", Flows.INT)))
                .setOutputs(Flows.vars(java.util.Map.of("x", Flows.INT)))).build();
        var lp = new Flows.Wf("persist.wf", "v1").input("x", Flows.INT)
            .node("n0", echo, java.util.Map.of("x", Flows.promise("start-node", "x")), null)
            .output("y", Flows.INT, Flows.promise("n0", "x")).register(stub);
        var id = Flows.launch(stub, lp, "survives-restart", flyteidl.core.Literals.LiteralMap.newBuilder()
            .putLiterals("x", Flows.integer(5)).build(), 0);
        assertThat(Flows.await(stub, id, java.time.Duration.ofSeconds(60)))
            .isEqualTo(flyteidl.core.Execution.WorkflowExecution.Phase.SUCCEEDED);
      } finally {
        channel.shutdownNow();
      }

      HttpClient http = HttpClient.newHttpClient();
      for (LocalStack.Endpoint e : stack.endpoints().values()) {
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + e.httpPort() + "/q/health/ready")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).as(e.name() + " ready: " + ready.body()).isEqualTo(200);
      }

      // The printed kubeconfig works for any client.
      try (KubernetesClient k8s = new KubernetesClientBuilder()
          .withConfig(Config.fromKubeconfig(Files.readString(stack.kubeconfig()))).build()) {
        assertThat(k8s.namespaces().withName("kube-system").get()).isNotNull();
      }

      try (var c = DriverManager.getConnection(stack.postgres().jdbcUrl("aloft_admin"), "postgres", "postgres")) {
        c.createStatement().execute("CREATE TABLE survives_restart (id int)");
      }
    }

    // Everything stopped: the admin port is free again.
    try (var socket = new java.net.ServerSocket(admin.grpcPort(), 1, java.net.InetAddress.getLoopbackAddress())) {
      assertThat(socket.getLocalPort()).isEqualTo(admin.grpcPort());
    }

    // A second start on the same data directory keeps the data.
    try (LocalStack again = new LocalStack(options, new PrintStream(new ByteArrayOutputStream())).start()) {
      // while it runs, another start on the same directory fails at once, saying so, and starts nothing
      LocalStack third = new LocalStack(options, new PrintStream(new ByteArrayOutputStream()));
      org.assertj.core.api.Assertions.assertThatThrownBy(third::start).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(data + " is in use by another local stack (pid " + ProcessHandle.current().pid()
              + ")");
      third.close();
      assertThat(third.endpoints()).isEmpty();
      try (var c = DriverManager.getConnection(again.postgres().jdbcUrl("aloft_admin"), "postgres", "postgres");
          var rs = c.createStatement().executeQuery(
              "SELECT count(*) FROM information_schema.tables WHERE table_name = 'survives_restart'")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
      // the execution run before the restart is still visible, with its outputs
      ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1",
          again.endpoints().get("admin").grpcPort()).usePlaintext().build();
      try {
        var stub = AdminServiceGrpc.newBlockingStub(channel);
        var id = flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier.newBuilder()
            .setProject(Flows.PROJECT).setDomain(Flows.DOMAIN).setName("survives-restart").build();
        assertThat(stub.getExecution(flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetRequest.newBuilder()
            .setId(id).build()).getClosure().getPhase())
            .isEqualTo(flyteidl.core.Execution.WorkflowExecution.Phase.SUCCEEDED);
        assertThat(stub.getExecutionData(flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetDataRequest
            .newBuilder().setId(id).build()).getFullOutputs().getLiteralsOrThrow("y")).isEqualTo(Flows.integer(5));
      } finally {
        channel.shutdownNow();
      }
    }
  }
}
