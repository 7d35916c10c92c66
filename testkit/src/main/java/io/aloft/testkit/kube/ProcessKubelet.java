package io.aloft.testkit.kube;

import io.aloft.embedded.LocalProcess;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Stands in for the kubelet for the pods of one label selector on a test API server, where there is none: each pod
 * runs as a local process ({@link Launcher}), and the pod follows that process as under a kubelet.
 * <ul>
 *   <li>A new pod gets a finalizer that holds it in the API server until its process has exited. Then its process
 *       starts, with the pod's container env (literal values, and the Downward API's {@code metadata.name} and
 *       {@code metadata.namespace}), and the pod says Running.</li>
 *   <li>A process that exits by itself ends its pod: Failed, or Succeeded on exit code 0 (restart policy Never).</li>
 *   <li>A deleted pod's process gets SIGTERM, then SIGKILL after the pod's grace period (30 s by default). Only once
 *       it has exited does the finalizer go, and with it the pod: a pod of that name cannot be created again before.
 *   </li>
 * </ul>
 * The propeller manager's shard pods run this way in the fast tier: real propeller processes, a real API server.
 */
public final class ProcessKubelet implements AutoCloseable {
  /** The finalizer that stands for "its containers have not stopped yet". */
  public static final String FINALIZER = "aloft.io/test-process-kubelet";

  /** Starts the process of a pod, given the env its container declares. */
  public interface Launcher {
    LocalProcess start(Pod pod, Map<String, String> env);
  }

  /** One pod's process: the pod's name and uid, when it started, and when it ended. */
  public record Run(String pod, String uid, LocalProcess process, Instant started,
      CompletableFuture<Instant> ended) {}

  private final KubernetesClient client;
  private final String namespace;
  private final Launcher launcher;
  private final Map<String, Run> runs = new ConcurrentHashMap<>();
  private final List<Run> history = new CopyOnWriteArrayList<>();
  private final List<String> errors = new CopyOnWriteArrayList<>();
  private final ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();
  private final SharedIndexInformer<Pod> informer;

  private ProcessKubelet(KubernetesClient client, String namespace, Map<String, String> selector,
      Launcher launcher) {
    this.client = client;
    this.namespace = namespace;
    this.launcher = launcher;
    this.informer = client.pods().inNamespace(namespace).withLabels(selector).inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        work.submit(() -> sync(pod));
      }

      @Override
      public void onUpdate(Pod before, Pod pod) {
        work.submit(() -> sync(pod));
      }

      @Override
      public void onDelete(Pod pod, boolean finalStateUnknown) {
        work.submit(() -> stop(pod.getMetadata().getName(), pod.getMetadata().getUid(), Duration.ZERO));
      }
    }, 0);
  }

  /** Runs the pods of {@code namespace} that carry every label of {@code selector}, until closed. */
  public static ProcessKubelet start(KubernetesClient client, String namespace, Map<String, String> selector,
      Launcher launcher) {
    return new ProcessKubelet(client, namespace, selector, launcher);
  }

  /** The process of pod {@code name} now, if it runs one. */
  public Optional<Run> running(String name) {
    return Optional.ofNullable(runs.get(name)).filter(r -> r.process().isAlive());
  }

  /** Every process this kubelet started, in order. */
  public List<Run> history() {
    return List.copyOf(history);
  }

  /** What went wrong while following pods; empty in a healthy test. */
  public List<String> errors() {
    return List.copyOf(errors);
  }

  /** Kills pod {@code name}'s process (SIGKILL), as an OOM kill or a crash would; its pod then fails. */
  public void kill(String name) {
    Run run = runs.get(name);
    if (run != null) {
      run.process().kill();
    }
  }

  private synchronized void sync(Pod pod) {
    String name = pod.getMetadata().getName();
    String uid = pod.getMetadata().getUid();
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      long grace = pod.getSpec().getTerminationGracePeriodSeconds() == null ? 30
          : pod.getSpec().getTerminationGracePeriodSeconds();
      work.submit(() -> stop(name, uid, Duration.ofSeconds(grace)));
      return;
    }
    Run current = runs.get(name);
    if ((current != null && current.uid().equals(uid)) || terminal(pod)) {
      return;
    }
    try {
      client.pods().inNamespace(namespace).withName(name).edit(p -> {
        if (!p.getMetadata().getUid().equals(uid)) {
          throw new IllegalStateException("pod " + name + " was replaced");
        }
        if (!p.getMetadata().getFinalizers().contains(FINALIZER)) {
          p.getMetadata().getFinalizers().add(FINALIZER);
        }
        return p;
      });
    } catch (KubernetesClientException | IllegalStateException gone) {
      return; // deleted or replaced before it started: nothing ran
    }
    LocalProcess process = launcher.start(pod, env(pod));
    Run run = new Run(name, uid, process, Instant.now(), process.onExit().thenApply(code -> Instant.now()));
    runs.put(name, run);
    history.add(run);
    writeStatus(name, uid, null);
    process.onExit().thenAccept(code -> work.submit(() -> exited(run, code)));
  }

  private static boolean terminal(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  /** The container's env: literal values and the pod's own name and namespace from the Downward API. */
  private static Map<String, String> env(Pod pod) {
    Map<String, String> env = new LinkedHashMap<>();
    for (Container c : pod.getSpec().getContainers()) {
      for (EnvVar e : c.getEnv()) {
        if (e.getValue() != null) {
          env.put(e.getName(), e.getValue());
        } else if (e.getValueFrom() != null && e.getValueFrom().getFieldRef() != null) {
          switch (e.getValueFrom().getFieldRef().getFieldPath()) {
            case "metadata.name" -> env.put(e.getName(), pod.getMetadata().getName());
            case "metadata.namespace" -> env.put(e.getName(), pod.getMetadata().getNamespace());
            default -> { }
          }
        }
      }
    }
    return env;
  }

  private void exited(Run run, int code) {
    if (runs.get(run.pod()) != run) {
      return;
    }
    Pod pod = client.pods().inNamespace(namespace).withName(run.pod()).get();
    if (pod == null || !pod.getMetadata().getUid().equals(run.uid())) {
      return;
    }
    if (pod.getMetadata().getDeletionTimestamp() == null) {
      writeStatus(run.pod(), run.uid(), code);
    }
    removeFinalizer(run.pod(), run.uid());
  }

  private void stop(String name, String uid, Duration grace) {
    Run run = runs.get(name);
    if (run != null && run.uid().equals(uid)) {
      run.process().terminate();
      if (run.process().awaitExit(grace.isZero() ? Duration.ofSeconds(30) : grace).isEmpty()) {
        run.process().kill();
      }
      runs.remove(name, run);
    }
    removeFinalizer(name, uid);
  }

  private void removeFinalizer(String name, String uid) {
    try {
      client.pods().inNamespace(namespace).withName(name).edit(p -> {
        if (p.getMetadata().getUid().equals(uid)) {
          p.getMetadata().getFinalizers().remove(FINALIZER);
        }
        return p;
      });
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        errors.add(name + ": finalizer not removed: " + e.getMessage());
      }
    }
  }

  /** Writes the pod's status as a kubelet would: Running while {@code exitCode} is null, else Succeeded or Failed. */
  private void writeStatus(String name, String uid, Integer exitCode) {
    boolean running = exitCode == null;
    try {
      client.pods().inNamespace(namespace).withName(name).editStatus(p -> {
        if (p.getMetadata().getUid().equals(uid)) {
          String started = p.getStatus() != null && p.getStatus().getStartTime() != null
              ? p.getStatus().getStartTime() : Instant.now().toString();
          List<ContainerStatus> containers = new ArrayList<>();
          for (Container c : p.getSpec().getContainers()) {
            containers.add(new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage())
                .withState(running
                    ? new ContainerStateBuilder().withNewRunning().withStartedAt(started).endRunning().build()
                    : new ContainerStateBuilder().withNewTerminated().withExitCode(exitCode).endTerminated().build())
                .withReady(running).build());
          }
          p.setStatus(new PodStatusBuilder().withPhase(running ? "Running" : exitCode == 0 ? "Succeeded" : "Failed")
              .withHostIP("127.0.0.1").withPodIP("127.0.0.1").withStartTime(started)
              .withMessage(running ? null : "exit code " + exitCode)
              .withConditions(new PodConditionBuilder().withType("Ready").withStatus(running ? "True" : "False")
                  .build())
              .withContainerStatuses(containers).build());
        }
        return p;
      });
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        errors.add(name + ": status not written: " + e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    informer.close();
    runs.values().forEach(r -> r.process().close());
    work.shutdownNow();
  }
}
