package io.aloft.propeller.manager;

import io.aloft.propeller.operator.RunMode;
import io.aloft.propeller.threads.DaemonThreads;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The shard manager (flytepropeller {@code manager/manager.go}): every {@code scan-interval} it reads the PodTemplate
 * and the managed pods ({@code app=<pod-application>}) and makes them match the layout: deletes what ended or is
 * stale or surplus and creates what is missing ({@link ShardPlan}, which also holds the hand-over rule). Runs in
 * manager mode only; an invalid layout stops the process at start, naming the key and the rule.
 */
@ApplicationScoped
public class ShardManager {
  private static final Logger LOG = Logger.getLogger(ShardManager.class);

  @Inject
  ManagerConfig config;

  @Inject
  RunMode mode;

  @Inject
  KubernetesClient client;

  @Inject
  MeterRegistry registry;

  private ShardLayout layout;
  private ShardPods pods;
  private String podNamespace;
  private ManagerMetrics metrics;
  private ScheduledExecutorService loop;
  /** What the last scan found; null before the first. */
  private volatile Status status;
  /** Logged once per change, not every scan. */
  private List<String> loggedOldLayout = List.of();
  private List<String> loggedTerminating = List.of();
  private String loggedError;

  /** The outcome of the last scan, for the readiness check. */
  public record Status(Instant at, String error, int shards, int running, boolean handOverWaiting,
      List<String> waitingFor) {}

  void start(@Observes StartupEvent event) {
    if (!mode.manages()) {
      return;
    }
    layout = ShardLayout.of(config.shard());
    podNamespace = config.podNamespace().filter(s -> !s.isBlank())
        .or(() -> Optional.ofNullable(System.getenv("POD_NAMESPACE")).filter(s -> !s.isBlank()))
        .orElse(config.podTemplateNamespace());
    pods = new ShardPods(config.podApplication(), config.podTemplateContainerName(), podNamespace, owners());
    metrics = new ManagerMetrics(registry);
    metrics.shards(layout.shardCount());
    LOG.infof("shard manager: %s; pods %s-0..%d in namespace %s from PodTemplate %s/%s (container %s), every %s",
        layout.describe(), config.podApplication(), layout.shardCount() - 1, podNamespace,
        config.podTemplateNamespace(), config.podTemplateName(), config.podTemplateContainerName(),
        config.scanInterval());
    loop = DaemonThreads.scheduler("aloft-shard-manager");
    loop.scheduleWithFixedDelay(this::scan, 0, Math.max(100, config.scanInterval().toMillis()),
        TimeUnit.MILLISECONDS);
  }

  void stop(@Observes ShutdownEvent event) {
    if (loop != null) {
      loop.shutdownNow();
    }
  }

  /** The last scan's outcome; null before the first, or outside manager mode. */
  public Status status() {
    return status;
  }

  /** The layout the manager keeps; null outside manager mode. */
  public ShardLayout layout() {
    return layout;
  }

  /** One scan: observe, plan, delete, create. A failure is counted and logged (once until it changes). */
  void scan() {
    Timer.Sample sample = Timer.start();
    try {
      ShardPlan plan = round();
      status = new Status(Instant.now(), null, layout.shardCount(), plan.running(), plan.handOverWaiting(),
          plan.oldLayout());
      loggedError = null;
    } catch (RuntimeException e) {
      metrics.roundFailed();
      String message = String.valueOf(e.getMessage());
      if (!message.equals(loggedError)) {
        LOG.errorf("shard manager scan failed: %s", message);
        loggedError = message;
      }
      Status last = status;
      status = new Status(Instant.now(), message, layout.shardCount(), last == null ? 0 : last.running(),
          last != null && last.handOverWaiting(), last == null ? List.of() : last.waitingFor());
    } finally {
      sample.stop(metrics.round());
    }
  }

  private ShardPlan round() {
    PodTemplate template = client.resources(PodTemplate.class).inNamespace(config.podTemplateNamespace())
        .withName(config.podTemplateName()).get();
    if (template == null) {
      throw new IllegalStateException("PodTemplate " + config.podTemplateNamespace() + "/" + config.podTemplateName()
          + " not found (" + ManagerConfig.PREFIX + "pod-template-name, pod-template-namespace)");
    }
    List<Pod> existing = client.pods().inNamespace(podNamespace).withLabels(pods.selector()).list().getItems();
    ShardPlan plan = ShardPlan.of(pods.names(layout), layout.hash(), template.getMetadata().getResourceVersion(),
        existing.stream().map(ShardPods::observe).toList());
    metrics.observed(plan);
    List<String> failures = new ArrayList<>();
    for (ShardPlan.Deletion d : plan.deletions()) {
      try {
        client.pods().inNamespace(podNamespace).withName(d.name()).delete();
        metrics.deleted(d.reason());
        LOG.infof("deleted pod %s/%s (%s)", podNamespace, d.name(), d.reason().tag());
      } catch (KubernetesClientException e) {
        failures.add("delete " + d.name() + ": " + e.getMessage());
      }
    }
    logWaits(plan);
    for (int i : plan.creations()) {
      Pod pod = pods.pod(template, layout, i);
      try {
        client.pods().inNamespace(podNamespace).resource(pod).create();
        metrics.created();
        LOG.infof("created pod %s/%s (shard %d of %s)", podNamespace, pod.getMetadata().getName(), i,
            layout.describe());
      } catch (KubernetesClientException e) {
        if (e.getCode() == 409) {
          // a pod of that name appeared since the list (still terminating, or listed late): the next scan sees it
          LOG.debugf("pod %s/%s exists already; looking again next scan", podNamespace, pod.getMetadata().getName());
        } else {
          failures.add("create " + pod.getMetadata().getName() + ": " + e.getMessage());
        }
      }
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException(String.join("; ", failures));
    }
    return plan;
  }

  /** Logs when the hand-over starts and stops waiting, and which desired names wait for a pod to terminate. */
  private void logWaits(ShardPlan plan) {
    if (!plan.oldLayout().equals(loggedOldLayout)) {
      if (plan.handOverWaiting()) {
        LOG.infof("hand-over to layout %s: waiting for %d pod(s) of another layout to be gone before creating any"
            + " shard: %s", layout.hash(), plan.oldLayout().size(), plan.oldLayout());
      } else {
        LOG.infof("hand-over to layout %s: no pod of another layout is left; creating its shards", layout.hash());
      }
      loggedOldLayout = plan.oldLayout();
    }
    if (!plan.terminating().equals(loggedTerminating)) {
      if (!plan.terminating().isEmpty()) {
        LOG.infof("waiting for pod(s) %s to terminate before creating them again", plan.terminating());
      }
      loggedTerminating = plan.terminating();
    }
  }

  /**
   * The owner references of every shard pod, as Flyte's manager sets them (cmd/manager/cmd/root.go): those of the
   * manager's own pod (its ReplicaSet), as non-controller references, so that deleting the manager's Deployment
   * deletes its shards while a restart or rescheduling of the manager's pod leaves them running. A manager pod without
   * owners owns the shards itself. None when not on a cluster (POD_NAME or POD_NAMESPACE unset) or the pod is absent.
   */
  private List<OwnerReference> owners() {
    String name = System.getenv("POD_NAME");
    String namespace = System.getenv("POD_NAMESPACE");
    if (name == null || name.isBlank() || namespace == null || namespace.isBlank()) {
      return List.of();
    }
    Pod self = client.pods().inNamespace(namespace).withName(name).get();
    if (self == null) {
      LOG.warnf("the manager's pod %s/%s does not exist: shard pods get no owner reference", namespace, name);
      return List.of();
    }
    List<OwnerReference> own = self.getMetadata().getOwnerReferences();
    if (own == null || own.isEmpty()) {
      own = List.of(new OwnerReferenceBuilder().withApiVersion("v1").withKind("Pod").withName(name)
          .withUid(self.getMetadata().getUid()).build());
    }
    List<OwnerReference> out = own.stream().map(o -> new OwnerReferenceBuilder(o).withController(false)
        .withBlockOwnerDeletion(false).build()).toList();
    if (!namespace.equals(podNamespace)) {
      LOG.warnf("the manager runs in %s but its shards in %s: owner references cannot cross namespaces; none set",
          namespace, podNamespace);
      return List.of();
    }
    return out;
  }
}
