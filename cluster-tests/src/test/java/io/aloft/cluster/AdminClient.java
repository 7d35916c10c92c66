package io.aloft.cluster;

import flyteidl.admin.ExecutionOuterClass.Execution;
import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetRequest;
import flyteidl.admin.NodeExecutionOuterClass.NodeExecution;
import flyteidl.admin.NodeExecutionOuterClass.NodeExecutionListRequest;
import flyteidl.admin.TaskExecutionOuterClass.TaskExecution;
import flyteidl.admin.TaskExecutionOuterClass.TaskExecutionListRequest;
import flyteidl.core.Execution.WorkflowExecution;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.service.AdminServiceGrpc;
import io.aloft.embedded.ClientCredentials;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ManagedChannelBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Admin's gRPC API through its Kubernetes Service, for the assertions (launches go through flytekit, as a user's
 * would). Each call opens no new connection; the channel reconnects through the Service by itself.
 */
final class AdminClient implements AutoCloseable {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("flyte-authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final ManagedChannel channel;
  private final AdminServiceGrpc.AdminServiceBlockingStub stub;
  private final String project;
  private final String domain;

  /** Admin at {@code host:port}; every call carries a token of {@code credentials} (admin has authentication on). */
  AdminClient(String host, int port, String project, String domain, ClientCredentials credentials) {
    this.channel = ManagedChannelBuilder.forAddress(host, port).usePlaintext().build();
    this.stub = AdminServiceGrpc.newBlockingStub(channel).withInterceptors(new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
          @Override
          public void start(Listener<R> listener, Metadata headers) {
            headers.put(AUTHORIZATION, "Bearer " + credentials.token());
            super.start(listener, headers);
          }
        };
      }
    });
    this.project = project;
    this.domain = domain;
  }

  WorkflowExecutionIdentifier id(String name) {
    return WorkflowExecutionIdentifier.newBuilder().setProject(project).setDomain(domain).setName(name).build();
  }

  Execution execution(String name) {
    return stub.withDeadlineAfter(20, TimeUnit.SECONDS)
        .getExecution(WorkflowExecutionGetRequest.newBuilder().setId(id(name)).build());
  }

  WorkflowExecution.Phase phase(String name) {
    return execution(name).getClosure().getPhase();
  }

  static boolean isTerminal(WorkflowExecution.Phase p) {
    return switch (p) {
      case SUCCEEDED, FAILED, ABORTED, TIMED_OUT -> true;
      default -> false;
    };
  }

  /** The execution's top-level node executions. */
  List<NodeExecution> nodes(String name) {
    return stub.withDeadlineAfter(20, TimeUnit.SECONDS).listNodeExecutions(NodeExecutionListRequest.newBuilder()
        .setWorkflowExecutionId(id(name)).setLimit(100).build()).getNodeExecutionsList();
  }

  /** Every task execution (attempt) of every node of the execution. */
  List<TaskExecution> taskExecutions(String name) {
    List<TaskExecution> all = new ArrayList<>();
    for (NodeExecution n : nodes(name)) {
      all.addAll(stub.withDeadlineAfter(20, TimeUnit.SECONDS).listTaskExecutions(TaskExecutionListRequest
          .newBuilder().setNodeExecutionId(n.getId()).setLimit(100).build()).getTaskExecutionsList());
    }
    return all;
  }

  @Override
  public void close() {
    channel.shutdownNow();
  }
}
