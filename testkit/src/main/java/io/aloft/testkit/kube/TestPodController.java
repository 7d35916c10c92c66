package io.aloft.testkit.kube;

import flyteidl.core.Literals.LiteralMap;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Stands in for the kubelet on a test API server (there is none): watches pods and moves each through
 * Pending -> Running -> Succeeded/Failed by the first matching {@link PodRule}, writing the pod's status
 * subresource as a kubelet would (phase, conditions, container states with exit codes). Like Strimzi's MockKube
 * controllers, it makes the API server behave like a cluster just enough for controller tests, while every read,
 * write, watch and conflict stays real.
 *
 * <p>Pods being deleted are left alone (unscheduled pods are removed by the API server at once). Every phase it
 * sets is recorded in {@link #timeline()}.
 */
public final class TestPodController implements AutoCloseable {
  private final KubernetesClient client;
  private final List<PodRule> rules = new CopyOnWriteArrayList<>();
  private final List<PodTransition> timeline = new CopyOnWriteArrayList<>();
  private final Map<String, Boolean> scripted = new ConcurrentHashMap<>();
  private final List<String> errors = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
    Thread t = new Thread(r, "test-pod-controller");
    t.setDaemon(true);
    return t;
  });
  private final SharedIndexInformer<Pod> informer;

  private TestPodController(KubernetesClient client, String namespace) {
    this.client = client;
    ResourceEventHandler<Pod> handler = new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        schedule(pod);
      }

      @Override
      public void onUpdate(Pod oldPod, Pod pod) {
        // nothing: each pod's script runs from its first sighting
      }

      @Override
      public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
        scripted.remove(key(pod));
      }
    };
    this.informer = namespace == null
        ? client.pods().inAnyNamespace().inform(handler, 0)
        : client.pods().inNamespace(namespace).inform(handler, 0);
  }

  /** Watches pods in {@code namespace} (null: all namespaces) until closed. */
  public static TestPodController start(KubernetesClient client, String namespace) {
    return new TestPodController(client, namespace);
  }

  /** Adds a rule; rules added earlier take precedence, {@link PodRule#defaultRule()} applies last. */
  public TestPodController rule(PodRule rule) {
    rules.add(rule);
    return this;
  }

  /** Every phase this controller set, in order. */
  public List<PodTransition> timeline() {
    return Collections.unmodifiableList(new ArrayList<>(timeline));
  }

  /** The largest number of pods that were Running at the same time, per {@link #timeline()}. */
  public int maxConcurrentlyRunning() {
    int running = 0;
    int max = 0;
    Map<String, Boolean> isRunning = new java.util.HashMap<>();
    for (PodTransition t : timeline()) {
      String k = t.namespace() + "/" + t.name();
      boolean now = t.phase().equals("Running");
      boolean before = isRunning.getOrDefault(k, false);
      if (now && !before) {
        running++;
      } else if (!now && before) {
        running--;
      }
      isRunning.put(k, now);
      max = Math.max(max, running);
    }
    return max;
  }

  private void schedule(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if (pod.getMetadata().getDeletionTimestamp() != null || "Succeeded".equals(phase) || "Failed".equals(phase)) {
      return;
    }
    if (scripted.putIfAbsent(key(pod), true) != null) {
      return;
    }
    PodRule rule = rules.stream().filter(r -> r.matches(pod)).findFirst().orElseGet(PodRule::defaultRule);
    long delayMs = 0;
    for (PodRule.Step step : rule.steps()) {
      delayMs += step.after().toMillis();
      long at = delayMs;
      scheduler.schedule(() -> apply(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
          pod.getMetadata().getUid(), step, 0), at, TimeUnit.MILLISECONDS);
    }
  }

  /** Status writes that failed for good (after {@value #MAX_ATTEMPTS} attempts); empty in a healthy test. */
  public List<String> errors() {
    return List.copyOf(errors);
  }

  private static final int MAX_ATTEMPTS = 100;

  private void apply(String namespace, String name, String uid, PodRule.Step step, int attempt) {
    try {
      Pod current = client.pods().inNamespace(namespace).withName(name).get();
      if (current == null || !uid.equals(current.getMetadata().getUid())
          || current.getMetadata().getDeletionTimestamp() != null) {
        return;
      }
      String currentPhase = current.getStatus() == null ? null : current.getStatus().getPhase();
      if ("Succeeded".equals(currentPhase) || "Failed".equals(currentPhase)) {
        return;
      }
      if (step.runtime() != null) {
        // Run the task once; its outputs are written before the pod says it is done. Retries re-apply the result.
        PodRule.Step done = runTask(current, step);
        apply(namespace, name, uid, done, attempt);
        return;
      }
      if (step.phase().equals(currentPhase)) {
        return;
      }
      client.pods().inNamespace(namespace).withName(name).editStatus(p -> {
        p.setStatus(statusFor(p, step));
        return p;
      });
      timeline.add(new PodTransition(Instant.now(), namespace, name, step.phase(), step.exitCode()));
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return;
      }
      if (attempt + 1 < MAX_ATTEMPTS) {
        // A conflict or a transient error: try this step again shortly, as a kubelet would on its next sync; backing
        // off to a second between tries, so that an API server restart (tens of seconds) is waited out too.
        long delay = Math.min(1000, 50L << Math.min(attempt, 5));
        scheduler.schedule(() -> apply(namespace, name, uid, step, attempt + 1), delay, TimeUnit.MILLISECONDS);
      } else {
        errors.add(namespace + "/" + name + " -> " + step.phase() + ": " + e.getCode() + " " + e.getMessage());
      }
    }
  }

  /** Runs {@code step}'s task runtime for {@code pod}; returns the terminal step its result calls for. */
  private static PodRule.Step runTask(Pod pod, PodRule.Step step) {
    try {
      FlyteTaskArgs args = FlyteTaskArgs.of(pod);
      if (args.inputs() == null || args.outputPrefix() == null) {
        return new PodRule.Step("Failed", Duration.ZERO, 1, "no --inputs or --output-prefix in the container's "
            + "command line");
      }
      byte[] in = step.storage().read(args.inputs());
      if (in == null) {
        return new PodRule.Step("Failed", Duration.ZERO, 1, "inputs not found at " + args.inputs());
      }
      TaskResult result = step.runtime().run(LiteralMap.parseFrom(in), pod);
      if (result.error() != null) {
        step.storage().write(args.errorUri(), result.error().toByteArray());
        return result.exitZero() ? new PodRule.Step("Succeeded", Duration.ZERO, 0, null)
            : new PodRule.Step("Failed", Duration.ZERO, 1, result.error().getError().getMessage());
      }
      step.storage().write(args.outputsUri(),
          (result.outputs() == null ? LiteralMap.getDefaultInstance() : result.outputs()).toByteArray());
      return new PodRule.Step("Succeeded", Duration.ZERO, 0, null);
    } catch (Exception e) {
      return new PodRule.Step("Failed", Duration.ZERO, 1, "task runtime failed: " + e);
    }
  }

  private static PodStatus statusFor(Pod pod, PodRule.Step step) {
    String now = Instant.now().toString();
    PodStatus status = pod.getStatus() != null ? pod.getStatus() : new PodStatus();
    String startedAt = status.getStartTime() != null ? status.getStartTime() : now;
    status.setPhase(step.phase());
    status.setHostIP("127.0.0.1");
    status.setPodIP("127.0.0.1");
    boolean terminal = step.phase().equals("Succeeded") || step.phase().equals("Failed");
    if (!step.phase().equals("Pending")) {
      status.setStartTime(startedAt);
    }
    if (step.message() != null) {
      status.setMessage(step.message());
    }
    List<ContainerStatus> containers = new ArrayList<>();
    pod.getSpec().getContainers().forEach(c -> {
      ContainerState state = switch (step.phase()) {
        case "Running" -> new ContainerStateBuilder().withNewRunning().withStartedAt(startedAt).endRunning().build();
        case "Succeeded", "Failed" -> new ContainerStateBuilder().withNewTerminated()
            .withExitCode(step.exitCode())
            .withReason(step.exitCode() == 0 ? "Completed" : "Error")
            .withMessage(step.message())
            .withStartedAt(startedAt)
            .withFinishedAt(now)
            .endTerminated().build();
        default -> new ContainerStateBuilder().withNewWaiting().withReason("ContainerCreating").endWaiting().build();
      };
      containers.add(new ContainerStatusBuilder()
          .withName(c.getName())
          .withImage(c.getImage())
          .withImageID("")
          .withReady(step.phase().equals("Running"))
          .withStarted(step.phase().equals("Running"))
          .withRestartCount(0)
          .withState(state)
          .build());
    });
    status.setContainerStatuses(containers);
    status.setConditions(List.of(
        condition("PodScheduled", true, now),
        condition("Ready", step.phase().equals("Running"), now),
        condition("ContainersReady", step.phase().equals("Running") && !terminal, now)));
    return status;
  }

  private static PodCondition condition(String type, boolean value, String now) {
    return new PodConditionBuilder().withType(type).withStatus(value ? "True" : "False")
        .withLastTransitionTime(now).build();
  }

  private static String key(Pod pod) {
    return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName() + "/" + pod.getMetadata().getUid();
  }

  /** Waits until no scripted step is pending, at most {@code timeout}. Mostly for tidy test shutdown. */
  public void awaitIdle(Duration timeout) throws InterruptedException {
    scheduler.shutdown();
    scheduler.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    informer.close();
    scheduler.shutdownNow();
  }
}
