package io.aloft.sandbox.runner;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A kubelet stand-in for the local stack: takes the pods that no node runs yet (or that are bound to {@link
 * Settings#nodeName()}), binds them to that node through the {@code pods/binding} subresource as a scheduler would,
 * and runs each pod's first container ({@code command} + {@code args}) as a host process in {@code
 * <podsDir>/<namespace>/<pod>/}, with the container's literal env values plus the host settings the task needs
 * (the flytekit virtualenv first on {@code PATH}, the local S3 endpoint and keys, a per-pod {@code HOME}). The image
 * is ignored. Like a kubelet it writes the pod's status subresource: Pending, Running (start time, running container
 * state, conditions), then Succeeded or Failed with the container's exit code; stdout and stderr go to {@code
 * log.txt} next to it. A pod being deleted has its process tree killed (SIGTERM, SIGKILL after the grace period) and
 * is then removed for good, as a kubelet confirms a graceful deletion. At most {@link Settings#maxPods()} processes
 * run at once; other pods stay Pending with a message saying why.
 *
 * <p>Every API call and process state change runs on one thread, so the bookkeeping needs no locks.
 */
public final class LocalPodRunner implements AutoCloseable {
  public static final String DEFAULT_NODE_NAME = "aloft-sandbox";

  /**
   * How the runner runs pods.
   *
   * @param podsDir each pod's directory is {@code podsDir/<namespace>/<pod>}
   * @param nodeName the node name it binds pods to
   * @param maxPods processes that may run at once
   * @param venv the virtualenv whose {@code bin} goes first on {@code PATH} (null: none)
   * @param hostEnv env every process gets on top of the pod's (S3 endpoint and keys, ...); wins over the pod's
   */
  public record Settings(Path podsDir, String nodeName, int maxPods, Path venv, Map<String, String> hostEnv) {
    public Settings {
      Objects.requireNonNull(podsDir, "podsDir");
      Objects.requireNonNull(nodeName, "nodeName");
      if (maxPods < 1) {
        throw new IllegalArgumentException("maxPods must be at least 1, got " + maxPods);
      }
      hostEnv = Map.copyOf(hostEnv);
    }
  }

  /** The env flytekit (1.16) reads to reach S3: its {@code S3Config} entries, plus what boto/s3fs fall back to. */
  public static Map<String, String> flytekitS3Env(String endpoint, String accessKey, String secretKey) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("FLYTE_AWS_ENDPOINT", endpoint);
    env.put("FLYTE_AWS_ACCESS_KEY_ID", accessKey);
    env.put("FLYTE_AWS_SECRET_ACCESS_KEY", secretKey);
    env.put("AWS_ACCESS_KEY_ID", accessKey);
    env.put("AWS_SECRET_ACCESS_KEY", secretKey);
    env.put("AWS_ENDPOINT_URL", endpoint);
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    return env;
  }

  private static final long DEFAULT_GRACE_SECONDS = 30;
  private static final int STATUS_ATTEMPTS = 50;

  /** A pod this runner has started a process for. */
  private static final class Running {
    final String namespace;
    final String name;
    final String uid;
    final Process process;
    final Path log;
    final String startedAt;
    final String image;
    boolean deleting;

    Running(Pod pod, Process process, Path log, String startedAt) {
      this.namespace = pod.getMetadata().getNamespace();
      this.name = pod.getMetadata().getName();
      this.uid = pod.getMetadata().getUid();
      this.process = process;
      this.log = log;
      this.startedAt = startedAt;
      this.image = pod.getSpec().getContainers().get(0).getImage();
    }
  }

  private final KubernetesClient client;
  private final Settings settings;
  private final PrintStream out;
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "local-pod-runner");
    t.setDaemon(true);
    return t;
  });
  /** By pod uid. */
  private final Map<String, Running> running = new HashMap<>();
  /** Pods waiting for a slot, by uid, oldest first. */
  private final Deque<Pod> waiting = new ArrayDeque<>();
  /** Pods this runner finished with (terminal status written, or failed to start), by uid. */
  private final Map<String, Boolean> done = new HashMap<>();
  private SharedIndexInformer<Pod> informer;
  private volatile boolean closed;

  public LocalPodRunner(KubernetesClient client, Settings settings, PrintStream out) {
    this.client = client;
    this.settings = settings;
    this.out = out;
  }

  /** Starts watching pods in all namespaces. */
  public LocalPodRunner start() {
    informer = client.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        submit(() -> consider(pod));
      }

      @Override
      public void onUpdate(Pod oldPod, Pod pod) {
        submit(() -> consider(pod));
      }

      @Override
      public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
        submit(() -> gone(pod));
      }
    }, 30_000);
    return this;
  }

  public Settings settings() {
    return settings;
  }

  /** The file a pod's stdout and stderr go to, in its directory. */
  public static final String LOG_FILE = "log.txt";

  /** The directory a pod runs in (and its {@link #LOG_FILE}). */
  public Path podDir(String namespace, String name) {
    return settings.podsDir().resolve(namespace).resolve(name);
  }

  /**
   * A propeller log-link URI template ({@code aloft.propeller.plugins.logs}) naming each pod's log file under
   * {@code podsDir}: the layout {@link #podDir} makes.
   */
  public static String logLinkTemplate(Path podsDir) {
    return "file://" + podsDir.toAbsolutePath() + "/{{ .namespace }}/{{ .podName }}/" + LOG_FILE;
  }

  private void submit(Runnable task) {
    if (closed) {
      return;
    }
    loop.execute(() -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        out.println("local pod runner: " + e);
      }
    });
  }

  private void consider(Pod pod) {
    if (closed) {
      return;
    }
    String uid = pod.getMetadata().getUid();
    String nodeName = pod.getSpec().getNodeName();
    if (nodeName != null && !nodeName.equals(settings.nodeName())) {
      return;
    }
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      if (nodeName != null) {
        deleting(pod);
      }
      return;
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if (running.containsKey(uid) || done.containsKey(uid) || waiting.stream().anyMatch(p -> uid.equals(
        p.getMetadata().getUid()))) {
      return;
    }
    if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
      done.put(uid, true);
      return;
    }
    if ("Running".equals(phase)) {
      // bound here and running, yet no process of ours: a runner before this one started it and is gone
      done.put(uid, true);
      terminal(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), uid, null, 137, "Error",
          "the local pod runner restarted while this pod ran; its process is gone");
      return;
    }
    if (pod.getSpec().getContainers() == null || pod.getSpec().getContainers().isEmpty()) {
      return;
    }
    if (nodeName == null && !bind(pod)) {
      return;
    }
    if (running.size() < settings.maxPods()) {
      launch(pod);
    } else {
      waiting.add(pod);
      editStatus(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), uid, p -> {
        PodStatus s = base(p);
        s.setPhase("Pending");
        s.setMessage("waiting for a free slot: " + running.size() + " pods running, at most " + settings.maxPods()
            + " (--max-pods)");
        s.setReason("WaitingForSlot");
        s.setConditions(List.of(condition("PodScheduled", true), condition("Initialized", true),
            condition("ContainersReady", false), condition("Ready", false)));
        return s;
      });
    }
  }

  /** Binds {@code pod} to this node as a scheduler does (POST a Binding); false if another binder won. */
  private boolean bind(Pod pod) {
    Binding binding = new BindingBuilder()
        .withNewMetadata().withName(pod.getMetadata().getName()).withNamespace(pod.getMetadata().getNamespace())
        .withUid(pod.getMetadata().getUid()).endMetadata()
        .withNewTarget().withApiVersion("v1").withKind("Node").withName(settings.nodeName()).endTarget()
        .build();
    try {
      client.bindings().inNamespace(pod.getMetadata().getNamespace()).resource(binding).create();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404 || e.getCode() == 409) {
        return false;
      }
      throw e;
    }
  }

  private void launch(Pod pod) {
    String namespace = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    String uid = pod.getMetadata().getUid();
    Container c = pod.getSpec().getContainers().get(0);
    List<String> cmd = new ArrayList<>();
    if (c.getCommand() != null) {
      cmd.addAll(c.getCommand());
    }
    if (c.getArgs() != null) {
      cmd.addAll(c.getArgs());
    }
    Path dir = podDir(namespace, name);
    Path log = dir.resolve(LOG_FILE);
    String now = Instant.now().toString();
    if (cmd.isEmpty()) {
      done.put(uid, true);
      terminal(namespace, name, uid, now, 128, "StartError", "the container has no command: the local pod runner "
          + "cannot run an image's entrypoint (image " + c.getImage() + " ignored)");
      return;
    }
    Process process;
    try {
      Files.createDirectories(dir.resolve("home"));
      Files.createDirectories(dir.resolve("tmp"));
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      Map<String, String> env = pb.environment();
      env.clear();
      if (c.getEnv() != null) {
        for (EnvVar v : c.getEnv()) {
          if (v.getValue() != null) {
            env.put(v.getName(), v.getValue());
          }
        }
      }
      String hostPath = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
      env.put("PATH", settings.venv() == null ? hostPath : settings.venv().resolve("bin") + ":" + hostPath);
      if (settings.venv() != null) {
        env.put("VIRTUAL_ENV", settings.venv().toString());
      }
      env.put("HOME", dir.resolve("home").toString());
      env.put("TMPDIR", dir.resolve("tmp").toString());
      env.put("XDG_CACHE_HOME", dir.resolve("home/.cache").toString());
      env.putIfAbsent("LANG", "C.UTF-8");
      env.put("PYTHONUNBUFFERED", "1");
      env.put("HOSTNAME", name);
      env.putAll(settings.hostEnv());
      // ProcessBuilder looks a bare command up on the launcher's PATH; a kubelet's container uses its own
      cmd.set(0, onPath(cmd.get(0), env.get("PATH")));
      pb.command(cmd);
      Files.writeString(log, "# " + now + " local pod runner: " + String.join(" ", cmd) + "\n",
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      process = pb.start();
    } catch (IOException e) {
      done.put(uid, true);
      terminal(namespace, name, uid, now, 127, "StartError", "cannot run " + cmd.get(0) + " on the host: "
          + e.getMessage() + "; log " + log);
      return;
    }
    Running r = new Running(pod, process, log, now);
    running.put(uid, r);
    String message = imageNote(r) + "; log " + log;
    editStatus(namespace, name, uid, p -> {
      PodStatus s = base(p);
      s.setPhase("Running");
      s.setReason(null);
      s.setMessage(message);
      s.setStartTime(now);
      s.setContainerStatuses(containerStatuses(p, new ContainerStateBuilder().withNewRunning().withStartedAt(now)
          .endRunning().build(), true));
      s.setConditions(List.of(condition("PodScheduled", true), condition("Initialized", true),
          condition("ContainersReady", true), condition("Ready", true)));
      return s;
    });
    // A thread of its own waits for the exit: Process.onExit() completes through the common ForkJoinPool, which one
    // blocking task elsewhere in the JVM can starve (it has a single worker on two CPUs), leaving a finished pod
    // Running and its slot taken for good.
    Thread.ofPlatform().daemon().name("local-pod-" + name).start(() -> {
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      submit(() -> exited(r));
    });
  }

  /** {@code command} as found on {@code path} (as {@code execvp} would), or unchanged if it has a slash or is not found. */
  static String onPath(String command, String path) {
    if (command.contains("/") || path == null) {
      return command;
    }
    for (String dir : path.split(":")) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, command);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return command;
  }

  private String imageNote(Running r) {
    return "image " + r.image + " ignored: ran on the host"
        + (settings.venv() == null ? "" : " in " + settings.venv());
  }

  private void exited(Running r) {
    running.remove(r.uid);
    done.put(r.uid, true);
    if (r.deleting) {
      forceDelete(r.namespace, r.name, r.uid);
    } else if (!closed) {
      int code = r.process.exitValue();
      terminal(r.namespace, r.name, r.uid, r.startedAt, code, code == 0 ? "Completed" : "Error",
          "exit code " + code + "; " + imageNote(r) + "; log " + r.log);
    }
    startWaiting();
  }

  private void startWaiting() {
    while (!closed && running.size() < settings.maxPods() && !waiting.isEmpty()) {
      Pod next = waiting.poll();
      try {
        Pod current = client.pods().inNamespace(next.getMetadata().getNamespace())
            .withName(next.getMetadata().getName()).get();
        if (current != null && current.getMetadata().getUid().equals(next.getMetadata().getUid())
            && current.getMetadata().getDeletionTimestamp() == null) {
          launch(current);
        }
      } catch (KubernetesClientException e) {
        out.println("local pod runner: cannot start " + next.getMetadata().getName() + ": " + e.getMessage());
      }
    }
  }

  /** A pod bound here is being deleted: kill its process tree, then remove it for good. */
  private void deleting(Pod pod) {
    String uid = pod.getMetadata().getUid();
    waiting.removeIf(p -> uid.equals(p.getMetadata().getUid()));
    Running r = running.get(uid);
    if (r == null) {
      forceDelete(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), uid);
      return;
    }
    if (r.deleting) {
      return;
    }
    r.deleting = true;
    Long grace = pod.getMetadata().getDeletionGracePeriodSeconds();
    kill(r.process, grace == null ? DEFAULT_GRACE_SECONDS : grace);
  }

  private void gone(Pod pod) {
    String uid = pod.getMetadata().getUid();
    waiting.removeIf(p -> uid.equals(p.getMetadata().getUid()));
    Running r = running.get(uid);
    if (r != null && !r.deleting) {
      r.deleting = true;
      kill(r.process, 0);
    }
  }

  /** SIGTERM to the process and its descendants, SIGKILL to what is left after {@code graceSeconds}. */
  private void kill(Process process, long graceSeconds) {
    List<ProcessHandle> tree = new ArrayList<>();
    process.descendants().forEach(tree::add);
    tree.add(process.toHandle());
    if (graceSeconds <= 0) {
      tree.forEach(ProcessHandle::destroyForcibly);
      return;
    }
    tree.forEach(ProcessHandle::destroy);
    loop.schedule(() -> tree.forEach(ProcessHandle::destroyForcibly), graceSeconds, TimeUnit.SECONDS);
  }

  private void forceDelete(String namespace, String name, String uid) {
    try {
      Pod current = client.pods().inNamespace(namespace).withName(name).get();
      if (current != null && uid.equals(current.getMetadata().getUid())) {
        client.pods().inNamespace(namespace).withName(name).withGracePeriod(0).delete();
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        out.println("local pod runner: cannot delete " + namespace + "/" + name + ": " + e.getMessage());
      }
    }
  }

  private void terminal(String namespace, String name, String uid, String startedAt, int exitCode, String reason,
      String message) {
    String now = Instant.now().toString();
    String started = startedAt == null ? now : startedAt;
    editStatus(namespace, name, uid, p -> {
      PodStatus s = base(p);
      s.setPhase(exitCode == 0 ? "Succeeded" : "Failed");
      s.setReason(null);
      s.setMessage(message);
      if (s.getStartTime() == null) {
        s.setStartTime(started);
      }
      s.setContainerStatuses(containerStatuses(p, new ContainerStateBuilder().withNewTerminated()
          .withExitCode(exitCode).withReason(reason).withMessage(message)
          .withStartedAt(started).withFinishedAt(now).endTerminated().build(), false));
      s.setConditions(List.of(condition("PodScheduled", true), condition("Initialized", true),
          condition("ContainersReady", false), condition("Ready", false)));
      return s;
    });
  }

  private PodStatus base(Pod p) {
    PodStatus s = p.getStatus() != null ? p.getStatus() : new PodStatus();
    s.setHostIP("127.0.0.1");
    s.setPodIP("127.0.0.1");
    return s;
  }

  private static List<ContainerStatus> containerStatuses(Pod pod, ContainerState first, boolean running) {
    List<ContainerStatus> statuses = new ArrayList<>();
    List<Container> containers = pod.getSpec().getContainers();
    for (int i = 0; i < containers.size(); i++) {
      Container c = containers.get(i);
      // only the first container runs; the others never start
      ContainerState state = i == 0 ? first : new ContainerStateBuilder().withNewWaiting()
          .withReason("NotRunByLocalPodRunner").withMessage("the local pod runner runs only the first container")
          .endWaiting().build();
      statuses.add(new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage()).withImageID("")
          .withReady(i == 0 && running).withStarted(i == 0 && running).withRestartCount(0).withState(state).build());
    }
    return statuses;
  }

  private static PodCondition condition(String type, boolean value) {
    return new PodConditionBuilder().withType(type).withStatus(value ? "True" : "False")
        .withLastTransitionTime(Instant.now().toString()).build();
  }

  /** Writes the status subresource of the pod (this uid), retrying conflicts as a kubelet's next sync would. */
  private void editStatus(String namespace, String name, String uid, Function<Pod, PodStatus> edit) {
    for (int attempt = 1; ; attempt++) {
      try {
        Pod current = client.pods().inNamespace(namespace).withName(name).get();
        if (current == null || !uid.equals(current.getMetadata().getUid())) {
          return;
        }
        client.pods().inNamespace(namespace).withName(name).editStatus(p -> {
          p.setStatus(edit.apply(p));
          return p;
        });
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) {
          return;
        }
        if (attempt >= STATUS_ATTEMPTS) {
          out.println("local pod runner: cannot write the status of " + namespace + "/" + name + ": "
              + e.getMessage());
          return;
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Stops watching and kills every process it started. */
  @Override
  public void close() {
    closed = true;
    if (informer != null) {
      informer.close();
    }
    try {
      loop.submit(() -> running.values().forEach(r -> kill(r.process, 0))).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      out.println("local pod runner: stopping: " + e);
    }
    loop.shutdownNow();
  }
}
