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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

  private static final Map<List<String>, RunningStack> SHARED = new HashMap<>();

  /**
   * The stack with {@code options} that every test class asking for the same options uses, started by the first and
   * stopped when the test JVM exits (a stack takes 15 to 25 s to start and stop on two cores). Its users must not
   * close it, and must not depend on a fresh one: they name their own entities and executions.
   */
  static synchronized RunningStack shared(String... options) throws Exception {
    List<String> key = List.of(options);
    RunningStack running = SHARED.get(key);
    if (running == null) {
      running = start("aloft-shared", options);
      SHARED.put(key, running);
      Runtime.getRuntime().addShutdownHook(new Thread(running::close, "stop-shared-stack"));
    }
    return running;
  }

  @Override
  public void close() {
    kube.close();
    channel.shutdownNow();
    stack.close();
  }
}
