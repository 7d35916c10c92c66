package io.aloft.propeller.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.crd.FlyteWorkflow;
import io.aloft.embedded.EmbeddedS3Server;
import io.aloft.engine.EngineConfig;
import io.aloft.engine.WorkflowExecutor;
import io.aloft.engine.plugin.EchoPlugin;
import io.aloft.engine.plugin.PluginRegistry;
import io.aloft.engine.status.StatusJson;
import io.aloft.engine.status.WorkflowPhase;
import io.aloft.propeller.events.LogEventSink;
import io.aloft.propeller.metrics.PropellerMetrics;
import io.aloft.propeller.storage.S3BlobStore;
import io.aloft.propeller.store.PassThroughStore;
import io.aloft.propeller.store.ResourceVersionCacheStore;
import io.aloft.propeller.store.WorkflowStore;
import io.aloft.testkit.SharedComponents;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * The seed's ResourceVersionCache argument, measured on a real API server: a real informer whose deliveries reach the
 * worker {@link #LAG} late (the propagation latency the guide says can take seconds), the same workflows driven by the
 * same handler, once over PassThrough and once over ResourceVersionCache. PassThrough evaluates stale copies and its
 * writes fail with 409; ResourceVersionCache recognises the version it replaced, skips the round, and writes far less
 * often in vain. Both run every workflow to success.
 */
class InformerLagIT {
  static final Duration LAG = Duration.ofMillis(400);
  static final String NS = "lag-test";
  static KubernetesClient kube;
  static S3Client s3;

  @BeforeAll
  static void setUp() {
    new WorkflowCrdResource().start();
    kube = SharedComponents.kubernetesClient();
    if (kube.namespaces().withName(NS).get() == null) {
      kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    }
    EmbeddedS3Server server = SharedComponents.s3();
    server.createBucket("aloft");
    s3 = S3Client.builder().endpointOverride(server.endpoint()).region(Region.of(EmbeddedS3Server.REGION))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(server.accessKey(),
            server.secretKey())))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
  }

  @AfterAll
  static void tearDown() {
    if (s3 != null) {
      s3.close();
    }
  }

  /** An informer view that serves, per workflow, the newest version that arrived at least {@link #LAG} ago. */
  static final class LaggingInformer implements AutoCloseable {
    record Arrival(Instant at, FlyteWorkflow wf) {}

    final Map<String, List<Arrival>> history = new ConcurrentHashMap<>();
    final SharedIndexInformer<FlyteWorkflow> informer;

    LaggingInformer(String prefix) {
      informer = kube.resources(FlyteWorkflow.class).inNamespace(NS).inform(new ResourceEventHandler<>() {
        @Override
        public void onAdd(FlyteWorkflow wf) {
          record(wf);
        }

        @Override
        public void onUpdate(FlyteWorkflow old, FlyteWorkflow wf) {
          record(wf);
        }

        @Override
        public void onDelete(FlyteWorkflow wf, boolean unknown) {}

        private void record(FlyteWorkflow wf) {
          if (wf.getMetadata().getName().startsWith(prefix)) {
            history.computeIfAbsent(wf.getMetadata().getName(), k -> new CopyOnWriteArrayList<>())
                .add(new Arrival(Instant.now(), wf));
          }
        }
      }, 0);
    }

    FlyteWorkflow get(String namespace, String name) {
      List<Arrival> arrivals = history.get(name);
      if (arrivals == null) {
        return null;
      }
      Instant visible = Instant.now().minus(LAG);
      FlyteWorkflow seen = null;
      for (Arrival a : arrivals) {
        if (!a.at().isAfter(visible)) {
          seen = a.wf();
        }
      }
      return seen;
    }

    @Override
    public void close() {
      informer.close();
    }
  }

  record Outcome(double conflicts, double stale, double updates) {}

  private Outcome run(String prefix, boolean resourceVersionCache) throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    PropellerMetrics metrics = new PropellerMetrics(registry);
    S3BlobStore blobs = new S3BlobStore(s3);
    WorkflowExecutor executor = new WorkflowExecutor(EngineConfig.defaults("s3://aloft"),
        new PluginRegistry(List.of(new EchoPlugin())), blobs, new LogEventSink(), io.aloft.engine.Clock.system());
    WorkflowWriter writer = new WorkflowWriter(kube, Clock.systemUTC());
    List<String> names = new ArrayList<>();
    try (LaggingInformer informer = new LaggingInformer(prefix)) {
      PassThroughStore<FlyteWorkflow> passThrough = new PassThroughStore<>(informer::get, writer::writeStatus,
          metrics);
      WorkflowStore<FlyteWorkflow> store = resourceVersionCache
          ? new ResourceVersionCacheStore<>(passThrough, PropellerRuntime.ACCESS, metrics, 1000) : passThrough;
      // streaks of one round: every round starts from the informer, which is where the policies differ
      WorkflowHandler handler = new WorkflowHandler(store, executor, new ClosureCache(blobs, 100), writer, metrics,
          1, 10);
      for (int i = 0; i < 4; i++) {
        FlyteWorkflow wf = WorkflowLoopIT.chain(prefix + i, 6);
        wf.getMetadata().setNamespace(NS);
        kube.resources(FlyteWorkflow.class).inNamespace(NS).resource(wf).create();
        names.add(prefix + i);
      }
      Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
      while (Instant.now().isBefore(deadline)) {
        boolean allDone = true;
        for (String name : names) {
          FlyteWorkflow live = kube.resources(FlyteWorkflow.class).inNamespace(NS).withName(name).get();
          if (live.status == null || !StatusJson.fromNode(live.status).phase.isTerminal()) {
            allDone = false;
            handler.handle(NS, name); // a worker picking the key, as events and resyncs would queue it
          }
        }
        if (allDone) {
          break;
        }
        Thread.sleep(25);
      }
      for (String name : names) {
        FlyteWorkflow live = kube.resources(FlyteWorkflow.class).inNamespace(NS).withName(name).get();
        assertThat(StatusJson.fromNode(live.status).phase).as(name).isEqualTo(WorkflowPhase.SUCCESS);
      }
    }
    return new Outcome(registry.counter("aloft.propeller.wf.update.conflict").count(),
        registry.counter("aloft.propeller.wf.stale").count(), registry.counter("aloft.propeller.wf.updated").count());
  }

  @Test
  void resourceVersionCacheWritesInVainFarLessThanPassThroughWhenTheInformerLags() throws Exception {
    Outcome passThrough = run("pt-", false);
    Outcome cached = run("rvc-", true);
    System.out.printf("informer lag %d ms: PassThrough %.0f conflicts / %.0f writes; ResourceVersionCache %.0f conflicts"
        + " / %.0f writes, %.0f stale rounds skipped%n", LAG.toMillis(), passThrough.conflicts(),
        passThrough.updates(), cached.conflicts(), cached.updates(), cached.stale());
    assertThat(passThrough.conflicts()).isGreaterThan(0);
    assertThat(cached.stale()).isGreaterThan(0);
    assertThat(cached.conflicts()).isLessThan(passThrough.conflicts() / 2);
  }
}
