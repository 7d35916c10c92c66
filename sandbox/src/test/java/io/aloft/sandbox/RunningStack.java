package io.aloft.sandbox;

import flyteidl.service.AdminServiceGrpc;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;

/**
 * A local stack started for one test class (fresh data directory, random ports), with the clients tests use:
 * admin's gRPC stub and a Kubernetes client from the stack's kubeconfig.
 */
record RunningStack(LocalStack stack, ManagedChannel channel, AdminServiceGrpc.AdminServiceBlockingStub admin,
    KubernetesClient kube) implements AutoCloseable {

  /** Starts a stack with {@code options} (besides its data directory and random ports). */
  static RunningStack start(String name, String... options) throws Exception {
    String[] args = new String[options.length + 3];
    args[0] = "--data-dir";
    args[1] = Files.createTempDirectory(name).toString();
    args[2] = "--random-ports";
    System.arraycopy(options, 0, args, 3, options.length);
    LocalStack stack = new LocalStack(LocalStack.Options.parse(args), new PrintStream(new ByteArrayOutputStream()))
        .start();
    ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", stack.adminGrpcPort())
        .usePlaintext().build();
    KubernetesClient kube = new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(stack.kube().kubeconfigYaml())).build();
    return new RunningStack(stack, channel, AdminServiceGrpc.newBlockingStub(channel), kube);
  }

  @Override
  public void close() {
    kube.close();
    channel.shutdownNow();
    stack.close();
  }
}
