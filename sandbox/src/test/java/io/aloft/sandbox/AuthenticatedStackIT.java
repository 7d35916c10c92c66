package io.aloft.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import flyteidl.admin.ExecutionOuterClass.Execution;
import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetRequest;
import flyteidl.admin.ProjectOuterClass.ProjectListRequest;
import flyteidl.core.Execution.WorkflowExecution;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.service.AdminServiceGrpc;
import io.aloft.embedded.ClientCredentials;
import io.aloft.embedded.DevAuth;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18 part 2's acceptance: the local stack with authentication on ({@code --auth}: admin in Self mode, propeller
 * with its own client credentials). A call without a token is UNAUTHENTICATED; the real flytekit, configured with
 * {@code authType: ClientSecret}, registers the sample project, runs a workflow with {@code pyflyte run --remote
 * --wait}, and runs the registered one through FlyteRemote; both succeed, which needs propeller's events to admin
 * (with its token) and the pods of the local pod runner.
 */
class AuthenticatedStackIT {

  @Test
  void flytekitWithClientCredentialsRegistersAndRunsAgainstAnAdminWithAuthentication(@TempDir Path data,
      @TempDir Path work) throws Exception {
    Path python = Pyflyte.python();
    LocalStack.Options options = LocalStack.Options.parse("--data-dir", data.toString(), "--random-ports", "--auth",
        "--propeller", "aloft.propeller.workflow-reeval-duration=2s");
    try (LocalStack stack = new LocalStack(options, new PrintStream(new ByteArrayOutputStream())).start()) {
      ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", stack.adminGrpcPort()).usePlaintext()
          .build();
      try {
        var anonymous = AdminServiceGrpc.newBlockingStub(channel);
        assertThatThrownBy(() -> anonymous.listProjects(ProjectListRequest.getDefaultInstance()))
            .isInstanceOfSatisfying(StatusRuntimeException.class,
                e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
        assertThat(Files.readString(stack.flytekitConfig())).contains("authType: ClientSecret");

        Path project = Pyflyte.sampleProject(work.resolve("project"), stack);
        String pyflyte = Pyflyte.pyflyte();
        assertThat(Pyflyte.run(project, List.of(pyflyte, "--config", "config.yaml", "register", "--project",
            "flytesnacks", "--domain", "development", "--version", "v1", "proj")))
            .contains("Successfully registered 11 entities");
        // the two runs are independent: FlyteRemote's runs while pyflyte waits for its own
        ExecutorService side = Executors.newSingleThreadExecutor();
        try {
          Future<String> remote = side.submit(() -> Pyflyte.run(project, List.of(python.toString(),
              Path.of("src/test/resources/flyteremote/run_workflow.py").toAbsolutePath().toString(),
              "config.yaml", "flytesnacks", "development", "proj.wf.pipeline", "v1", "auth-remote", "x=2")));
          Pyflyte.run(project, List.of(pyflyte, "--config", "config.yaml", "run", "--remote", "--wait", "--project",
              "flytesnacks", "--domain", "development", "--name", "auth-run", "proj/wf.py", "pipeline", "--x", "4"));
          assertThat(remote.get(6, TimeUnit.MINUTES)).contains("\"phase\": \"SUCCEEDED\"")
              .contains("hello aloft x4");
        } finally {
          side.shutdownNow();
        }

        // admin, asked with the flytekit client's own token, saw both through
        var admin = anonymous.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bearer(stack)));
        for (String name : List.of("auth-run", "auth-remote")) {
          Execution e = admin.getExecution(WorkflowExecutionGetRequest.newBuilder().setId(
              WorkflowExecutionIdentifier.newBuilder().setProject("flytesnacks").setDomain("development")
                  .setName(name)).build());
          assertThat(e.getClosure().getPhase()).as(name).isEqualTo(WorkflowExecution.Phase.SUCCEEDED);
        }
      } finally {
        channel.shutdownNow();
      }
    }
  }

  /** {@code flyte-authorization: Bearer <token>}, the token from admin's token endpoint for flytekit's client. */
  private static Metadata bearer(LocalStack stack) throws Exception {
    DevAuth auth = stack.devAuth().orElseThrow();
    String token = new ClientCredentials(URI.create("http://127.0.0.1:" + stack.endpoints().get("admin").httpPort()
        + "/oauth2/token"), DevAuth.FLYTEKIT, Files.readString(auth.secretFiles().get(DevAuth.FLYTEKIT)).strip())
        .token();
    Metadata m = new Metadata();
    m.put(Metadata.Key.of("flyte-authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
    return m;
  }
}
