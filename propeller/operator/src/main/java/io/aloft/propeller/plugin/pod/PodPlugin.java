package io.aloft.propeller.plugin.pod;

import com.fasterxml.jackson.databind.ObjectMapper;
import flyteidl.core.Errors.ContainerError;
import flyteidl.core.Errors.ErrorDocument;
import flyteidl.core.Execution.ExecutionError.ErrorKind;
import io.aloft.crd.FlyteWorkflow;
import io.aloft.engine.plugin.PluginTransition;
import io.aloft.engine.plugin.TaskExecutionContext;
import io.aloft.engine.plugin.TaskPhase;
import io.aloft.engine.plugin.TaskPlugin;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * Runs container, python-task, raw-container and sidecar tasks as one pod per attempt (flyteplugins k8s/pod plus the
 * k8s plugin manager of flytepropeller nodes/task/k8s): creates the pod named by the attempt's resource name (a
 * relaunch finds the first launch: AlreadyExists adopts it), reads its phase from an informer cache, turns pod
 * statuses into task phases as Flyte does, reads flytekit's error.pb, and backs off while the namespace's resource
 * quota refuses pods or the API server throttles (429) or times out.
 *
 * <p>Reads come from a pod informer over the pods this plugin labels ({@value PodSpecs#PLUGIN_LABEL}={@value
 * PodSpecs#PLUGIN_LABEL_VALUE}), resynced every {@code resyncPeriod}; a pod just created and not yet in the cache is
 * served from what the create returned, anything else missing from the cache is read from the API server. Every pod
 * change is passed to the {@link #onPodChange} listeners with its owning workflow, so the reconciler can evaluate
 * the workflow again.
 */
public final class PodPlugin implements TaskPlugin, AutoCloseable {
  private volatile Runnable apiCall = () -> { };
  private volatile io.aloft.propeller.plugin.logs.LogLinks logLinks = io.aloft.propeller.plugin.logs.LogLinks.none();
  private static final Logger LOG = Logger.getLogger(PodPlugin.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  public static final String ID = "container";
  public static final Set<String> TASK_TYPES = Set.of("container", "python-task", "raw-container", "sidecar");
  /** The finalizer pods carry when {@code inject-finalizer} is on (flytek8s). */
  public static final String FINALIZER = "flyte/flytek8s";
  /** The back-off key's resource part (namespace and GroupVersionKind, as Flyte keys it). */
  static final String POD_GVK = "/v1, Kind=Pod";

  private final KubernetesClient client;
  private final PodPluginConfig config;
  private final QuotaBackOff backOff;
  private final SharedIndexInformer<Pod> informer;
  private final Duration resyncPeriod;
  private final AtomicLong resyncs = new AtomicLong();
  /** Pods this instance created that the informer has not shown yet, by namespace/name. */
  private final Map<String, Created> created = new ConcurrentHashMap<>();
  private final List<BiConsumer<String, String>> listeners = new CopyOnWriteArrayList<>();

  /**
   * Starts the pod informer (all namespaces, this plugin's pods) and waits for its first list.
   *
   * @param resyncPeriod the informer's resync period (propeller's {@code downstream-eval-duration}, 30s)
   */
  public PodPlugin(KubernetesClient client, PodPluginConfig config, Duration resyncPeriod) {
    this.client = client;
    this.config = config;
    this.backOff = new QuotaBackOff(config.backoffBase(), config.backoffMax());
    this.resyncPeriod = resyncPeriod;
    this.informer = client.pods().inAnyNamespace().withLabel(PodSpecs.PLUGIN_LABEL, PodSpecs.PLUGIN_LABEL_VALUE)
        .inform(new ResourceEventHandler<>() {
          @Override
          public void onAdd(Pod pod) {
            created.remove(key(pod.getMetadata().getNamespace(), pod.getMetadata().getName()));
            changed(pod);
          }

          @Override
          public void onUpdate(Pod oldPod, Pod pod) {
            // a resync hands every cached pod over again, unchanged
            if (Objects.equals(oldPod.getMetadata().getResourceVersion(), pod.getMetadata().getResourceVersion())) {
              resyncs.incrementAndGet();
            }
            changed(pod);
          }

          @Override
          public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
            changed(pod);
          }
        }, this.resyncPeriod.toMillis());
  }

  /** The informer's resync period ({@code downstream-eval-duration}). */
  public Duration resyncPeriod() {
    return resyncPeriod;
  }

  /** Pods handed over again by the informer's resyncs so far. */
  public long resyncs() {
    return resyncs.get();
  }

  /**
   * Calls {@code listener} with the namespace and name of the owning workflow whenever one of this plugin's pods is
   * added, changed (or resynced) or deleted.
   */
  /**
   * Runs {@code acquire} before every request this plugin sends to the API server (the operator passes its
   * {@code kube-client-config} rate limiter); nothing by default.
   */
  public PodPlugin rateLimitedBy(Runnable acquire) {
    this.apiCall = acquire;
    return this;
  }

  /** The log links each attempt's events carry ({@code aloft.propeller.plugins.logs}); none by default. */
  public PodPlugin withLogLinks(io.aloft.propeller.plugin.logs.LogLinks links) {
    this.logLinks = links;
    return this;
  }

  /** The primary container's log links, named as Flyte names them ("<display name> (User)"). */
  private List<flyteidl.core.Execution.TaskLog> logs(TaskExecutionContext ctx, Pod pod, String primary) {
    return logLinks.of(pod, primary, " (User)", ctx.taskExecutionId(), ctx.resourceName(), ctx.now());
  }

  public void onPodChange(BiConsumer<String, String> listener) {
    listeners.add(listener);
  }

  /** The resource-quota back-off (its counters are for metrics). */
  public QuotaBackOff quotaBackOff() {
    return backOff;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Set<String> taskTypes() {
    return TASK_TYPES;
  }

  @Override
  public PluginTransition handle(TaskExecutionContext ctx) {
    State state = State.decode(ctx.pluginState());
    String ns = ctx.workflow().getMetadata().getNamespace();
    String name = ctx.resourceName();
    Pod pod = find(ns, name);
    if (pod == null) {
      if (state.launched()) {
        return PluginTransition.retryableFailure("ResourceDeletedExternally",
            "resource not found, name [" + ns + "/" + name + "]. reason: pod deleted while the task ran",
            ErrorKind.SYSTEM);
      }
      return launch(ctx, ns, name, state);
    }
    String primary = pod.getMetadata().getAnnotations() == null ? name
        : pod.getMetadata().getAnnotations().getOrDefault(PodSpecs.PRIMARY_CONTAINER_KEY, name);
    PodPhases.Observed o = PodPhases.of(pod, primary, ctx.now(), config);
    String podPhase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if (o.phase() == TaskPhase.SUCCEEDED || (o.isFailure() && "Failed".equals(podPhase))) {
      Optional<ErrorDocument> doc = ctx.blobs().readProto(ctx.errorPath(), ErrorDocument.parser());
      if (doc.isPresent()) {
        return userError(doc.get()).withLogs(logs(ctx, pod, primary));
      }
    }
    return transition(ctx, state.asLaunched(), o).withLogs(logs(ctx, pod, primary));
  }

  private PluginTransition launch(TaskExecutionContext ctx, String ns, String name, State state) {
    String backOffKey = ns + "," + POD_GVK;
    Instant retryAt = backOff.waitingUntil(backOffKey, ctx.now());
    if (retryAt != null) {
      // Keep the reason of the refusal: waiting is not news, so the phase version stays.
      return transition(ctx, state, PodPhases.Observed.queued(state.reason()));
    }
    Pod pod;
    try {
      pod = PodSpecs.build(ctx, config);
    } catch (PodSpecs.BadTaskSpecification e) {
      return PluginTransition.permanentFailure("BadTaskSpecification", e.getMessage(), ErrorKind.USER);
    }
    Pod made = null;
    try {
      apiCall.run();
      made = client.pods().inNamespace(ns).resource(pod).create();
      created.put(key(ns, name), new Created(made, Instant.now()));
      if (informer.getIndexer().getByKey(key(ns, name)) != null) {
        // the informer saw it before we noted it: its onAdd found nothing to remove
        created.remove(key(ns, name));
      }
      backOff.admitted(backOffKey);
    } catch (KubernetesClientException e) {
      String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
          : e.getMessage();
      QuotaBackOff.Reason throttled = throttledOrTimedOut(e);
      if (throttled != null) {
        Instant until = backOff.refused(backOffKey, ctx.now(), throttled);
        LOG.debugf("pod %s/%s: the API server answered %d, backing off until %s", ns, name, e.getCode(), until);
        return transition(ctx, state, PodPhases.Observed.queued("Backing off: " + message));
      }
      switch (e.getCode()) {
        case 409 -> {
          // A launch before a restart (or a lost status update) made it: adopt it.
          LOG.debugf("pod %s/%s exists, adopting it", ns, name);
          backOff.admitted(backOffKey);
        }
        case 403 -> {
          if (message != null && message.contains("exceeded quota")) {
            Instant until = backOff.refused(backOffKey, ctx.now());
            LOG.debugf("pod %s/%s refused by a resource quota, backing off until %s", ns, name, until);
            return transition(ctx, state, PodPhases.Observed.queued("Exceeded resourcequota: " + message));
          }
          return PluginTransition.retryableFailure("RuntimeFailure", message, ErrorKind.USER);
        }
        case 400, 422 -> {
          return PluginTransition.permanentFailure("BadTaskDefinition", message, ErrorKind.USER);
        }
        case 413 -> {
          return PluginTransition.permanentFailure("EntityTooLarge", message, ErrorKind.USER);
        }
        default -> {
          // The API server unreachable, restarting or overloaded: fail the round, not the attempt (flytepropeller
          // returns the error from Handle), so the next round creates the same pod again instead of a new attempt.
          throw new io.aloft.engine.EngineException("creating pod " + ns + "/" + name + " failed: " + message, e);
        }
      }
    }
    PluginTransition submitted = transition(ctx, state.asLaunched(), PodPhases.Observed.queued("task submitted to K8s"));
    return made == null ? submitted : submitted.withLogs(logs(ctx, made, name));
  }

  /**
   * THROTTLED for 429 (TooManyRequests), TIMEOUT for a server timeout (reason ServerTimeout, or 504), else null:
   * apimachinery's IsTooManyRequests and IsServerTimeout, which flytepropeller's back-off handler backs off on besides
   * exceeded quotas.
   */
  static QuotaBackOff.Reason throttledOrTimedOut(KubernetesClientException e) {
    String reason = e.getStatus() == null ? null : e.getStatus().getReason();
    if (e.getCode() == 429 || "TooManyRequests".equals(reason)) {
      return QuotaBackOff.Reason.THROTTLED;
    }
    if (e.getCode() == 504 || "ServerTimeout".equals(reason)) {
      return QuotaBackOff.Reason.TIMEOUT;
    }
    return null;
  }

  /** The transition for {@code o}: the phase version grows when the phase stays but its reason changes. */
  private static PluginTransition transition(TaskExecutionContext ctx, State state, PodPhases.Observed o) {
    switch (o.phase()) {
      case SUCCEEDED -> {
        return PluginTransition.succeeded();
      }
      case RETRYABLE_FAILURE, PERMANENT_FAILURE -> {
        return new PluginTransition(o.phase(), 0, null, o.reason(), o.error());
      }
      default -> {
        int version = 0;
        if (ctx.phase() == o.phase()) {
          version = Objects.equals(state.reason(), o.reason()) ? ctx.phaseVersion() : ctx.phaseVersion() + 1;
        }
        return new PluginTransition(o.phase(), version, new State(state.launched(), o.reason()).encode(),
            o.reason(), null);
      }
    }
  }

  /** flytekit's error.pb: RECOVERABLE may be retried, anything else may not; its origin says whose fault. */
  static PluginTransition userError(ErrorDocument doc) {
    ContainerError err = doc.getError();
    ErrorKind kind = err.getOrigin() == ErrorKind.SYSTEM ? ErrorKind.SYSTEM : ErrorKind.USER;
    String code = err.getCode().isEmpty() ? "UserError" : err.getCode();
    return err.getKind() == ContainerError.Kind.RECOVERABLE
        ? PluginTransition.retryableFailure(code, err.getMessage(), kind)
        : PluginTransition.permanentFailure(code, err.getMessage(), kind);
  }

  @Override
  public void abort(TaskExecutionContext ctx, String reason) {
    String ns = ctx.workflow().getMetadata().getNamespace();
    String name = ctx.resourceName();
    if (config.injectFinalizer()) {
      clearFinalizer(ns, name);
    }
    delete(ns, name);
  }

  @Override
  public void finalize(TaskExecutionContext ctx) {
    String ns = ctx.workflow().getMetadata().getNamespace();
    String name = ctx.resourceName();
    if (config.deleteResourceOnFinalize()) {
      delete(ns, name);
    }
    if (config.injectFinalizer()) {
      clearFinalizer(ns, name);
    }
    created.remove(key(ns, name));
  }

  private void delete(String ns, String name) {
    created.remove(key(ns, name));
    // NotFound is success: the pod is gone either way.
    apiCall.run();
    client.pods().inNamespace(ns).withName(name).delete();
  }

  private void clearFinalizer(String ns, String name) {
    Pod pod = find(ns, name);
    if (pod == null || pod.getMetadata().getFinalizers() == null
        || !pod.getMetadata().getFinalizers().contains(FINALIZER)) {
      return;
    }
    try {
      apiCall.run();
      client.pods().inNamespace(ns).withName(name).edit(p -> {
        List<String> f = new ArrayList<>(p.getMetadata().getFinalizers());
        f.remove(FINALIZER);
        p.getMetadata().setFinalizers(f);
        return p;
      });
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  /**
   * The pod from the informer's cache, else as this instance just created it, else from the API server (a pod the
   * cache has not caught up with, or one it never saw).
   */
  Pod find(String ns, String name) {
    String key = key(ns, name);
    Pod pod = cached(ns, name);
    if (pod != null) {
      created.remove(key);
      return pod;
    }
    Created c = created.get(key);
    if (c != null) {
      // A watch event is normally milliseconds behind the create; trust the create's answer only briefly.
      if (Duration.between(c.at(), Instant.now()).compareTo(CREATED_TRUST) < 0) {
        return c.pod();
      }
      created.remove(key);
    }
    apiCall.run();
    try {
      return client.pods().inNamespace(ns).withName(name).get();
    } catch (KubernetesClientException e) {
      // the API server unreachable or restarting: the round fails and is retried, the attempt stands
      throw new io.aloft.engine.EngineException("reading pod " + ns + "/" + name + " failed: " + e.getMessage(), e);
    }
  }

  /** The pod as the informer has it, or null. */
  Pod cached(String ns, String name) {
    return informer.getIndexer().getByKey(key(ns, name));
  }

  /** How long a created pod missing from the informer is served from the create's response. */
  static final Duration CREATED_TRUST = Duration.ofSeconds(5);

  private record Created(Pod pod, Instant at) {}

  private void changed(Pod pod) {
    List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
    if (owners == null) {
      return;
    }
    for (OwnerReference o : owners) {
      if (FlyteWorkflow.KIND.equals(o.getKind()) && FlyteWorkflow.API_VERSION.equals(o.getApiVersion())) {
        for (BiConsumer<String, String> l : listeners) {
          try {
            l.accept(pod.getMetadata().getNamespace(), o.getName());
          } catch (RuntimeException e) {
            LOG.warnf(e, "pod change listener failed for %s/%s", pod.getMetadata().getNamespace(), o.getName());
          }
        }
      }
    }
  }

  private static String key(String ns, String name) {
    return ns + "/" + name;
  }

  @Override
  public void close() {
    informer.close();
  }

  /** What the plugin keeps per attempt: whether it launched the pod, and the reason it last reported. */
  record State(boolean launched, String reason) {
    State asLaunched() {
      return new State(true, reason);
    }

    byte[] encode() {
      try {
        return JSON.writeValueAsBytes(this);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    static State decode(byte[] bytes) {
      if (bytes == null || bytes.length == 0) {
        return new State(false, null);
      }
      try {
        return JSON.readValue(bytes, State.class);
      } catch (IOException e) {
        // Another plugin's state (or an older format): start from nothing; a launched pod is found by name.
        return new State(false, null);
      }
    }
  }
}
