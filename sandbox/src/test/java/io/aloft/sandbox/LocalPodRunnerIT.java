package io.aloft.sandbox;

import static io.aloft.sandbox.Flows.integer;
import static io.aloft.sandbox.Flows.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import flyteidl.admin.ExecutionOuterClass.Execution;
import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetDataRequest;
import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetRequest;
import flyteidl.admin.ProjectOuterClass.Project;
import flyteidl.admin.ProjectOuterClass.ProjectRegisterRequest;
import flyteidl.core.Execution.WorkflowExecution;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.service.AdminServiceGrpc.AdminServiceBlockingStub;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local stack with its pod runner standing in for the kubelet: the pods propeller creates run as host processes
 * with the real flytekit ({@code pyflyte-fast-execute} / {@code pyflyte-execute}) against the local S3, and pods
 * created directly run their commands, report their exit codes and die with their pods.
 */
class LocalPodRunnerIT {
  private static final String NAMESPACE = "runner-it";

  static Path data;
  static RunningStack running;
  static LocalStack stack;
  static ManagedChannel channel;
  static AdminServiceBlockingStub admin;
  static KubernetesClient kube;

  @BeforeAll
  static void start() throws Exception {
    running = RunningStack.start("aloft-pod-runner",
        "--max-pods", "2", "--propeller", "aloft.propeller.workflow-reeval-duration=2s");
    stack = running.stack();
    data = stack.dataDir();
    channel = running.channel();
    admin = running.admin();
    kube = running.kube();
    kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
  }

  @AfterAll
  static void stop() {
    if (running != null) {
      running.close();
    }
  }

  @Test
  void aFlytekitWorkflowRunsItsTasksInRealPython() throws Exception {
    Path project = Pyflyte.sampleProject(Files.createTempDirectory("aloft-runner-project"), stack);
    admin.registerProject(ProjectRegisterRequest.newBuilder()
        .setProject(Project.newBuilder().setId("runnersnacks").setName("Runner snacks")).build());

    Path venv = stack.podRunner().settings().venv();
    String out = Pyflyte.run(project, List.of(venv.resolve("bin/pyflyte").toString(), "--config", "config.yaml", "run",
        "--remote", "--project", "runnersnacks", "--domain", "development", "--name", "real-run", "proj/wf.py",
        "flat", "--x", "3", "--xs", "[1, 2]", "--name", "aloft"));
    assertThat(out).contains("real-run");

    WorkflowExecutionIdentifier id = WorkflowExecutionIdentifier.newBuilder().setProject("runnersnacks")
        .setDomain("development").setName("real-run").build();
    WorkflowExecution.Phase phase = Flows.await(admin, id, Duration.ofSeconds(300));
    Path pods = data.resolve("pods/runnersnacks-development");
    Execution e = admin.getExecution(WorkflowExecutionGetRequest.newBuilder().setId(id).build());
    assertThat(phase).as(e.getClosure().getError().getMessage() + "\n" + logs(pods))
        .isEqualTo(WorkflowExecution.Phase.SUCCEEDED);

    // computed by the Python task bodies: greet(name, p.y) and append(xs, double(p.x))
    var outputs = admin.getExecutionData(WorkflowExecutionGetDataRequest.newBuilder().setId(id).build())
        .getFullOutputs();
    assertThat(outputs.getLiteralsOrThrow("o0")).isEqualTo(string("hello aloft x4"));
    assertThat(outputs.getLiteralsOrThrow("o1")).isEqualTo(Flows.list(integer(1), integer(2), integer(6)));

    // one pod per task node, each with its log, and the code pyflyte-fast-execute fetched from S3 and unpacked
    try (Stream<Path> dirs = Files.list(pods)) {
      List<Path> podDirs = dirs.toList();
      assertThat(podDirs).hasSize(4).allSatisfy(d -> {
        assertThat(Files.readString(d.resolve("log.txt")))
            .contains("local pod runner: " + venv.resolve("bin/pyflyte-fast-execute"));
        assertThat(d.resolve("proj/wf.py")).exists();
      });
    }
    for (Pod p : kube.pods().inNamespace("runnersnacks-development").list().getItems()) {
      assertThat(p.getSpec().getNodeName()).isEqualTo("aloft-sandbox");
      assertThat(p.getStatus().getPhase()).isEqualTo("Succeeded");
      assertThat(p.getStatus().getMessage()).contains("ignored: ran on the host in " + venv)
          .contains(pods.resolve(p.getMetadata().getName()).resolve("log.txt").toString());
    }
  }

  @Test
  void aFailingCommandFailsThePodWithItsExitCode() {
    kube.pods().inNamespace(NAMESPACE).resource(pod("exits-3", "echo about to fail; exit 3")).create();
    Pod failed = await().atMost(Duration.ofSeconds(60)).until(() -> kube.pods().inNamespace(NAMESPACE)
        .withName("exits-3").get(), p -> p.getStatus() != null && "Failed".equals(p.getStatus().getPhase()));
    assertThat(failed.getSpec().getNodeName()).isEqualTo("aloft-sandbox");
    ContainerStateTerminated t = failed.getStatus().getContainerStatuses().get(0).getState().getTerminated();
    assertThat(t.getExitCode()).isEqualTo(3);
    assertThat(t.getReason()).isEqualTo("Error");
    Path log = data.resolve("pods").resolve(NAMESPACE).resolve("exits-3").resolve("log.txt");
    assertThat(failed.getStatus().getMessage()).contains("exit code 3").contains(log.toString())
        .contains("image busybox ignored");
    assertThat(log).content().contains("about to fail");
  }

  @Test
  void deletingARunningPodKillsItsProcess() throws Exception {
    kube.pods().inNamespace(NAMESPACE).resource(pod("sleeper", "echo $$ > pid; exec sleep 60")).create();
    Path pidFile = data.resolve("pods").resolve(NAMESPACE).resolve("sleeper").resolve("pid");
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      Pod p = kube.pods().inNamespace(NAMESPACE).withName("sleeper").get();
      return p.getStatus() != null && "Running".equals(p.getStatus().getPhase()) && Files.isRegularFile(pidFile)
          && !Files.readString(pidFile).isBlank();
    });
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    assertThat(ProcessHandle.of(pid)).as("the pod's process").hasValueSatisfying(h -> assertThat(h.isAlive()).isTrue());
    Pod running = kube.pods().inNamespace(NAMESPACE).withName("sleeper").get();
    assertThat(running.getStatus().getStartTime()).isNotNull();
    assertThat(running.getStatus().getContainerStatuses().get(0).getState().getRunning()).isNotNull();

    kube.pods().inNamespace(NAMESPACE).withName("sleeper").withGracePeriod(5).delete();
    await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
    // as a kubelet, the runner confirms the deletion once the process is gone
    await().atMost(Duration.ofSeconds(30)).until(() -> kube.pods().inNamespace(NAMESPACE).withName("sleeper").get()
        == null);
  }

  @Test
  void aPodFinishesWhileTheCommonForkJoinPoolIsBusy() throws Exception {
    // every common-pool worker blocked, as a blocking async task elsewhere in the JVM would (one worker on 2 CPUs)
    java.util.concurrent.ForkJoinPool pool = java.util.concurrent.ForkJoinPool.commonPool();
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch blocked = new java.util.concurrent.CountDownLatch(pool.getParallelism());
    for (int i = 0; i < pool.getParallelism(); i++) {
      pool.execute(() -> {
        blocked.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
    }
    try {
      assertThat(blocked.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      kube.pods().inNamespace(NAMESPACE).resource(pod("pool-busy", "echo done")).create();
      await().atMost(Duration.ofSeconds(30)).until(() -> phase("pool-busy").equals("Succeeded"));
    } finally {
      release.countDown();
    }
  }

  @Test
  void podsBeyondMaxPodsWaitPendingForAFreeSlot() {
    for (String name : List.of("slot-a", "slot-b")) {
      kube.pods().inNamespace(NAMESPACE).resource(pod(name, "sleep 4")).create();
    }
    await().atMost(Duration.ofSeconds(60)).until(() -> Stream.of("slot-a", "slot-b").allMatch(n -> phase(n)
        .equals("Running")));
    kube.pods().inNamespace(NAMESPACE).resource(pod("slot-c", "echo third")).create();
    Pod waiting = await().atMost(Duration.ofSeconds(30)).until(() -> kube.pods().inNamespace(NAMESPACE)
        .withName("slot-c").get(), p -> p.getStatus() != null && "WaitingForSlot".equals(p.getStatus().getReason()));
    assertThat(waiting.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(waiting.getStatus().getMessage()).contains("at most 2 (--max-pods)");

    await().atMost(Duration.ofSeconds(60)).until(() -> Stream.of("slot-a", "slot-b", "slot-c").allMatch(n -> phase(n)
        .equals("Succeeded")));
    Instant firstDone = Stream.of("slot-a", "slot-b").map(n -> Instant.parse(kube.pods().inNamespace(NAMESPACE)
        .withName(n).get().getStatus().getContainerStatuses().get(0).getState().getTerminated().getFinishedAt()))
        .min(Instant::compareTo).orElseThrow();
    Instant thirdStarted = Instant.parse(kube.pods().inNamespace(NAMESPACE).withName("slot-c").get().getStatus()
        .getStartTime());
    assertThat(thirdStarted).as("slot-c starts once a slot is free").isAfterOrEqualTo(firstDone);
  }

  private static String phase(String name) {
    Pod p = kube.pods().inNamespace(NAMESPACE).withName(name).get();
    return p == null || p.getStatus() == null || p.getStatus().getPhase() == null ? "" : p.getStatus().getPhase();
  }

  private static Pod pod(String name, String script) {
    return new PodBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
        .withNewSpec().withRestartPolicy("Never").addNewContainer().withName("main").withImage("busybox")
        .withCommand("sh", "-c", script).endContainer().endSpec().build();
  }

  private static String logs(Path pods) throws Exception {
    if (!Files.isDirectory(pods)) {
      return "(no pod ran)";
    }
    StringBuilder b = new StringBuilder();
    try (Stream<Path> dirs = Files.list(pods)) {
      for (Path d : dirs.toList()) {
        Path log = d.resolve("log.txt");
        b.append("== ").append(log).append('\n').append(Files.isRegularFile(log) ? Files.readString(log) : "")
            .append('\n');
      }
    }
    return b.toString();
  }
}
