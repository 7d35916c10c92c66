package io.aloft.propeller.controller;

import flyteidl.service.AdminServiceGrpc;
import flyteidl.service.SignalServiceGrpc;
import io.aloft.crd.FlyteWorkflow;
import io.aloft.engine.EngineConfig;
import io.aloft.engine.WorkflowExecutor;
import io.aloft.engine.cache.DatacatalogTaskCache;
import io.aloft.engine.cache.TaskCache;
import io.aloft.engine.data.BlobStore;
import io.aloft.engine.data.CachedBlobStore;
import io.aloft.engine.event.EventSink;
import io.aloft.engine.plugin.EchoPlugin;
import io.aloft.engine.plugin.PluginRegistry;
import io.aloft.engine.plugin.TaskPlugin;
import io.aloft.engine.remote.Launcher;
import io.aloft.engine.remote.Signals;
import io.aloft.engine.status.StatusJson;
import io.aloft.propeller.auth.AdminAuthConfig;
import io.aloft.propeller.auth.AdminTokenSource;
import io.aloft.propeller.auth.BearerCredentials;
import io.aloft.propeller.config.PropellerConfig;
import io.aloft.propeller.events.AdminEventSink;
import io.aloft.propeller.events.CountingEventSink;
import io.aloft.propeller.events.LogEventSink;
import io.aloft.propeller.launch.LauncherMetrics;
import io.aloft.propeller.launch.RemoteServices;
import io.aloft.propeller.metrics.MicrometerCacheMetrics;
import io.aloft.propeller.metrics.PropellerMetrics;
import io.aloft.propeller.storage.S3BlobStore;
import io.aloft.propeller.store.InMemoryStore;
import io.aloft.propeller.store.PassThroughStore;
import io.aloft.propeller.store.ResourceVersionCacheStore;
import io.aloft.propeller.store.TerminatedFilter;
import io.aloft.propeller.store.TrackTerminatedStore;
import io.aloft.propeller.store.WorkflowAccess;
import io.aloft.propeller.store.WorkflowStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.ClientInterceptors;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.oidc.client.OidcClients;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Builds propeller from its configuration: the blob store (S3 behind the storage cache), the event sink (admin),
 * the launcher and signals of launch-plan and gate nodes (admin, {@link RemoteServices}), the plugins, the engine,
 * the workflow store of the configured policy over the informer cache and the API server, and the handler the workers
 * run.
 */
@ApplicationScoped
public class PropellerRuntime {
  @Inject
  PropellerConfig config;

  @Inject
  KubernetesClient client;

  @Inject
  S3Client s3;

  @Inject
  MeterRegistry registry;

  @Inject
  @GrpcClient("admin")
  AdminServiceGrpc.AdminServiceBlockingStub admin;

  @Inject
  @GrpcClient("admin")
  SignalServiceGrpc.SignalServiceBlockingStub signalStub;

  @Inject
  @GrpcClient("datacatalog")
  io.grpc.Channel datacatalog;

  @Inject
  AdminAuthConfig adminAuth;

  @Inject
  OidcClients oidcClients;

  @ConfigProperty(name = "aloft.storage.bucket")
  String bucket;

  @ConfigProperty(name = "aloft.storage.cache.max-size-mbs", defaultValue = "0")
  int storageCacheMbs;

  /** {@code signed-http} (the SDK's signer, the JDK's HTTP client) or {@code sdk} (the SDK's whole client). */
  @ConfigProperty(name = "aloft.storage.transport", defaultValue = "signed-http")
  String storageTransport;

  @ConfigProperty(name = "quarkus.s3.path-style-access", defaultValue = "false")
  boolean s3PathStyle;

  @Inject
  Instance<TaskPlugin> extraPlugins;

  @Inject
  io.aloft.propeller.plugin.pod.PodPluginSettings podSettings;

  @Inject
  io.aloft.propeller.plugin.logs.LogLinkSettings logSettings;

  private io.aloft.propeller.plugin.pod.PodPlugin pods;

  private final AtomicReference<IndexedResourceCache<FlyteWorkflow>> informer = new AtomicReference<>();
  private final List<BiConsumer<String, String>> workflowListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private PropellerMetrics metrics;
  private KubeRateLimiter limiter;
  private BlobStore blobs;
  private RemoteServices remote;
  private WorkflowHandler handler;
  private WorkflowStore<FlyteWorkflow> store;

  @PostConstruct
  void init() {
    if (adminAuth.authType() == AdminAuthConfig.AuthType.ClientSecret) {
      // one token, for admin and datacatalog alike (both verify admin's tokens)
      BearerCredentials token = new BearerCredentials(new AdminTokenSource(adminAuth, oidcClients, admin.getChannel()));
      admin = admin.withCallCredentials(token);
      signalStub = signalStub.withCallCredentials(token);
      datacatalog = ClientInterceptors.intercept(datacatalog, token);
    }
    metrics = new PropellerMetrics(registry);
    limiter = new KubeRateLimiter(config.kubeClientConfig().qps(), config.kubeClientConfig().burst());
    metrics.kubeClient(limiter::requests, limiter::waits, limiter::waitedSeconds, limiter::availableTokens);
    CachedBlobStore storageCache = CachedBlobStore.wrap(new S3BlobStore(s3Transport(), metrics), storageCacheMbs);
    metrics.cache("aloft.propeller.storage.cache", storageCache.cache(), "The storage cache");
    blobs = storageCache;
    EventSink sink = "log".equalsIgnoreCase(config.event().type()) ? new LogEventSink()
        : new AdminEventSink(admin, config.event().maxRetries(), config.event().baseScalar(), Duration.ofSeconds(15))
            .recordingAttempts(metrics::eventAttempts);
    sink = new CountingEventSink(sink, metrics);
    // Launch-plan nodes launch and follow their children, and gate nodes wait for their signals, through admin.
    remote = RemoteServices.admin(admin, signalStub, config.adminLauncher(), blobs, this::enqueueWorkflow,
        new LauncherMetrics(registry));
    List<TaskPlugin> plugins = new ArrayList<>();
    plugins.add(new EchoPlugin());
    pods = new io.aloft.propeller.plugin.pod.PodPlugin(client, podSettings.toConfig(
        Duration.ofSeconds(config.tasks().backoff().baseSecond()), config.tasks().backoff().maxDuration()),
        config.downstreamEvalDuration());
    pods.onPodChange(this::notifyWorkflowChanged);
    metrics.resync("pods", pods.resyncPeriod(), pods::resyncs);
    pods.rateLimitedBy(limiter::acquire);
    metrics.taskBackOff(pods.quotaBackOff());
    pods.withLogLinks(new io.aloft.propeller.plugin.logs.LogLinks(logSettings.templatesToUse()));
    plugins.add(pods);
    extraPlugins.forEach(plugins::add);
    var nodes = config.nodeConfig();
    EngineConfig engine = new EngineConfig("s3://" + bucket, config.metadataPrefix(),
        config.rawoutputPrefix().orElse(""), config.clusterId(), nodes.maxNodeRetriesSystemFailures(),
        nodes.defaultMaxAttempts(), nodes.ignoreRetryCause(), nodes.nodeExecutionDeadline(),
        nodes.nodeActiveDeadline(), nodes.interruptibleFailureThreshold())
        .withWorkflowReevalDuration(config.workflowReevalDuration());
    TaskCache cache = switch (config.catalogCache().type().toLowerCase(java.util.Locale.ROOT)) {
      case "noop" -> null;
      case "datacatalog" -> new DatacatalogTaskCache(datacatalog,
          DatacatalogTaskCache.Config.defaults().withMaxCacheAge(config.catalogCache().maxCacheAge()),
          io.aloft.engine.Clock.system());
      default -> throw new IllegalArgumentException("aloft.propeller.catalog-cache.type: unknown type ["
          + config.catalogCache().type() + "]; use noop or datacatalog");
    };
    WorkflowExecutor executor = new WorkflowExecutor(engine, new PluginRegistry(plugins), blobs, sink,
        io.aloft.engine.Clock.system(), cache, new MicrometerCacheMetrics(metrics), remote.launcher(),
        remote.signals())
        .withEventConcurrency(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor(),
            config.event().concurrency());
    WorkflowWriter writer = new WorkflowWriter(client, java.time.Clock.systemUTC(), limiter);
    store = store(config.workflowStore().policy(), writer);
    ClosureCache closures = new ClosureCache(blobs, 10_000);
    metrics.cache("aloft.propeller.closure.cache", closures.cache(), "The closure cache (parsed closures and inputs)");
    handler = new WorkflowHandler(store, executor, closures, writer, metrics,
        config.maxStreakLength(), config.maxWorkflowRetries());
  }

  private WorkflowStore<FlyteWorkflow> store(String policy, WorkflowWriter writer) {
    PassThroughStore<FlyteWorkflow> passThrough = new PassThroughStore<>(this::fromInformer, writer::writeStatus,
        metrics);
    return switch (policy.replace("-", "").replace("_", "").toLowerCase(java.util.Locale.ROOT)) {
      case "resourceversioncache" -> terminatedMetrics(new ResourceVersionCacheStore<>(passThrough, ACCESS, metrics,
          1000), ResourceVersionCacheStore::terminatedFilter);
      case "passthrough" -> passThrough;
      case "trackterminated" -> terminatedMetrics(new TrackTerminatedStore<>(passThrough, ACCESS, 1000),
          TrackTerminatedStore::terminatedFilter);
      case "inmemory" -> new InMemoryStore<>(ACCESS, PropellerRuntime::withVersion, this::fromInformer);
      default -> throw new IllegalArgumentException("aloft.propeller.workflow-store.policy: unknown policy ["
          + policy + "]; use ResourceVersionCache, PassThrough, InMemory or TrackTerminated");
    };
  }

  /** Exports the terminated filter of {@code store}, Flyte's LRU of the last 1000 workflows seen terminated. */
  private <S extends WorkflowStore<FlyteWorkflow>> S terminatedMetrics(S store,
      java.util.function.Function<S, TerminatedFilter> filter) {
    metrics.cache("aloft.propeller.terminated.filter", filter.apply(store).cache(),
        "The workflow store's terminated filter (a hit refuses the read of a terminated workflow)");
    return store;
  }

  private static FlyteWorkflow withVersion(FlyteWorkflow wf, String version) {
    FlyteWorkflow copy = WorkflowWriter.withStatus(wf, wf.status);
    copy.getMetadata().setResourceVersion(version);
    return copy;
  }

  private FlyteWorkflow fromInformer(String namespace, String name) {
    IndexedResourceCache<FlyteWorkflow> c = informer.get();
    return c == null ? null : c.get(new ResourceID(name, namespace)).orElse(null);
  }

  static final WorkflowAccess<FlyteWorkflow> ACCESS = new WorkflowAccess<>() {
    @Override
    public String namespace(FlyteWorkflow w) {
      return w.getMetadata().getNamespace();
    }

    @Override
    public String name(FlyteWorkflow w) {
      return w.getMetadata().getName();
    }

    @Override
    public String resourceVersion(FlyteWorkflow w) {
      return w.getMetadata().getResourceVersion();
    }

    @Override
    public boolean isTerminated(FlyteWorkflow w) {
      return isTerminal(w.status);
    }

    @Override
    public boolean isDeleting(FlyteWorkflow w) {
      return w.getMetadata().getDeletionTimestamp() != null;
    }

    @Override
    public FlyteWorkflow withDeletionOf(FlyteWorkflow held, FlyteWorkflow seen) {
      FlyteWorkflow copy = WorkflowWriter.withStatus(held, held.status);
      copy.getMetadata().setDeletionTimestamp(seen.getMetadata().getDeletionTimestamp());
      copy.getMetadata().setFinalizers(seen.getMetadata().getFinalizers());
      return copy;
    }
  };

  @jakarta.annotation.PreDestroy
  void close() {
    if (pods != null) {
      pods.close();
    }
    if (remote != null) {
      remote.close();
    }
  }

  /** Whether a status document is in a terminal phase, read without parsing the whole status. */
  static boolean isTerminal(com.fasterxml.jackson.databind.JsonNode status) {
    if (status == null || !status.has("phase")) {
      return false;
    }
    int code = status.get("phase").asInt();
    for (io.aloft.engine.status.WorkflowPhase p : io.aloft.engine.status.WorkflowPhase.values()) {
      if (p.code() == code) {
        return p.isTerminal();
      }
    }
    return false;
  }

  void attachCache(IndexedResourceCache<FlyteWorkflow> cache) {
    informer.compareAndSet(null, cache);
  }

  /** Called by plugins when a workflow's task resources change (its pod moved): the workers look at it again. */
  public void notifyWorkflowChanged(String namespace, String name) {
    workflowListeners.forEach(l -> l.accept(namespace, name));
  }

  /** Queues the workflow {@code namespace/name} (the launcher's key of a parent workflow) for the workers. */
  void enqueueWorkflow(String key) {
    int slash = key.indexOf('/');
    if (slash > 0 && slash < key.length() - 1) {
      notifyWorkflowChanged(key.substring(0, slash), key.substring(slash + 1));
    }
  }

  void onWorkflowChange(BiConsumer<String, String> listener) {
    workflowListeners.add(listener);
  }

  /** The API server rate limiter every propeller write goes through (plugins take tokens from it too). */
  public KubeRateLimiter limiter() {
    return limiter;
  }

  public PropellerMetrics metrics() {
    return metrics;
  }

  public BlobStore blobs() {
    return blobs;
  }

  /** The launcher and signals over admin, for launch-plan and gate nodes. */
  public RemoteServices remote() {
    return remote;
  }

  /** The launcher as a bean (the same instance as {@code remote().launcher()}). */
  @Produces
  @Singleton
  Launcher launcher() {
    return remote.launcher();
  }

  /** The signals as a bean (the same instance as {@code remote().signals()}). */
  @Produces
  @Singleton
  Signals signals() {
    return remote.signals();
  }

  public WorkflowHandler handler() {
    return handler;
  }

  public WorkflowStore<FlyteWorkflow> store() {
    return store;
  }

  /** The S3 transport {@code aloft.storage.transport} names, over the Quarkus-configured client's settings. */
  private io.aloft.propeller.storage.S3Transport s3Transport() {
    return switch (storageTransport) {
      case "sdk" -> new io.aloft.propeller.storage.SdkS3Transport(s3);
      case "signed-http" -> {
        var c = s3.serviceClientConfiguration();
        String region = c.region().id();
        java.net.URI endpoint = c.endpointOverride()
            .orElse(java.net.URI.create("https://s3." + region + ".amazonaws.com"));
        yield new io.aloft.propeller.storage.SignedHttpS3Transport(endpoint, s3PathStyle, region,
            c.credentialsProvider(), Duration.ofSeconds(30));
      }
      default -> throw new IllegalArgumentException("aloft.storage.transport: unknown transport [" + storageTransport
          + "]; use signed-http or sdk");
    };
  }
}
