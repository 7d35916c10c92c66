package io.aloft.bench;

import flyteidl.admin.ProjectOuterClass.Project;
import flyteidl.admin.ProjectOuterClass.ProjectRegisterRequest;
import flyteidl.service.AdminServiceGrpc;
import flyteidl.service.AdminServiceGrpc.AdminServiceBlockingStub;
import io.aloft.sandbox.LocalStack;
import io.aloft.testkit.kube.PodRule;
import io.aloft.testkit.kube.TestPodController;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;

/**
 * What a propeller bench runs on: the local stack (its services as packaged JVMs, no pod runner), a client of its API
 * server, the test pod controller moving every pod (Running at once, Succeeded 100 ms later), and admin's gRPC API
 * with the bench's project registered.
 */
final class BenchStack implements AutoCloseable {
  final LocalStack stack;
  final KubernetesClient kube;
  final AdminServiceBlockingStub admin;
  private final TestPodController pods;
  private final ManagedChannel channel;

  private BenchStack(LocalStack stack) {
    this.stack = stack;
    this.kube = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(stack.kube().kubeconfigYaml()))
        .build();
    this.pods = TestPodController.start(kube, null).rule(PodRule.defaultRule());
    this.channel = ManagedChannelBuilder.forAddress("127.0.0.1", stack.adminGrpcPort()).usePlaintext().build();
    this.admin = AdminServiceGrpc.newBlockingStub(channel);
    admin.registerProject(ProjectRegisterRequest.newBuilder().setProject(Project.newBuilder()
        .setId(PropellerBench.PROJECT).setName("bench")).build());
  }

  /** Starts the stack with {@code args} (LocalStack's options; {@code --no-pod-runner} is added). */
  static BenchStack start(List<String> args) {
    List<String> all = new java.util.ArrayList<>(args);
    all.add("--no-pod-runner");
    LocalStack stack = new LocalStack(LocalStack.Options.parse(all.toArray(String[]::new)),
        new PrintStream(OutputStream.nullOutputStream())).start();
    try {
      return new BenchStack(stack);
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  @Override
  public void close() {
    channel.shutdownNow();
    pods.close();
    kube.close();
    stack.close();
  }
}
