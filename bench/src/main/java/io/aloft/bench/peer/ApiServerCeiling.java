package io.aloft.bench.peer;

import io.aloft.testkit.kube.Crds;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The API server's raw write ceiling, measured in the same run as the propellers: {@code writers} threads each PUT
 * the {@code /status} of their own custom resources (about 2 KB of status, the size of a small workflow's) as fast
 * as the server answers, through one fabric8 client with no client-side limit. What
 * ../shared/tools/apiserver-ceiling measures with client-go as "put-small:N"; the CRD is a scratch one that neither
 * propeller watches.
 */
public final class ApiServerCeiling {
  private static final ResourceDefinitionContext OBJECTS = new ResourceDefinitionContext.Builder()
      .withGroup("bench.aloft.io").withVersion("v1").withKind("BenchObject").withPlural("benchobjects")
      .withNamespaced(true).build();
  private static final String CRD = """
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata:
        name: benchobjects.bench.aloft.io
      spec:
        group: bench.aloft.io
        names: {kind: BenchObject, plural: benchobjects, singular: benchobject}
        scope: Namespaced
        versions:
          - name: v1
            served: true
            storage: true
            subresources: {status: {}}
            schema:
              openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}
      """;
  private static final String NAMESPACE = "bench-ceiling";

  /** Writes per second, latency quantiles in ms, conflicts. */
  public record Result(int writers, double writesPerSecond, double p50Ms, double p99Ms, long conflicts) {}

  private ApiServerCeiling() {}

  /** Measures for {@code seconds} after a 2 s warm-up; removes its objects and CRD afterwards. */
  public static Result measure(KubernetesClient kube, int writers, int objects, double seconds) throws Exception {
    Crds.install(kube, CRD);
    kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .serverSideApply();
    MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> ops =
        kube.genericKubernetesResources(OBJECTS);
    String payload = "x".repeat(2048);
    List<GenericKubernetesResource> created = new ArrayList<>();
    for (int i = 0; i < objects; i++) {
      GenericKubernetesResource o = new GenericKubernetesResource();
      o.setApiVersion("bench.aloft.io/v1");
      o.setKind("BenchObject");
      o.setMetadata(new ObjectMetaBuilder().withName("o" + i).withNamespace(NAMESPACE).build());
      created.add(ops.inNamespace(NAMESPACE).resource(o).create());
    }
    AtomicBoolean counting = new AtomicBoolean(false);
    AtomicBoolean stop = new AtomicBoolean(false);
    AtomicLong conflicts = new AtomicLong();
    ConcurrentLinkedQueue<long[]> latencies = new ConcurrentLinkedQueue<>();
    CountDownLatch done = new CountDownLatch(writers);
    for (int w = 0; w < writers; w++) {
      int writer = w;
      Thread.ofPlatform().daemon().start(() -> {
        List<GenericKubernetesResource> mine = new ArrayList<>();
        for (int i = writer; i < created.size(); i += writers) {
          mine.add(created.get(i));
        }
        long[] own = new long[1 << 16];
        int n = 0;
        long counter = 0;
        try {
          while (!stop.get()) {
            for (int i = 0; i < mine.size() && !stop.get(); i++) {
              GenericKubernetesResource o = mine.get(i);
              o.setAdditionalProperty("status", Map.of("counter", ++counter, "payload", payload));
              long t0 = System.nanoTime();
              try {
                mine.set(i, ops.inNamespace(NAMESPACE).resource(o).updateStatus());
              } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                  throw e;
                }
                conflicts.incrementAndGet();
                mine.set(i, ops.inNamespace(NAMESPACE).withName(o.getMetadata().getName()).get());
                continue;
              }
              if (counting.get() && n < own.length) {
                own[n++] = System.nanoTime() - t0;
              }
            }
          }
        } finally {
          latencies.add(Arrays.copyOf(own, n));
          done.countDown();
        }
      });
    }
    Thread.sleep(2000);
    counting.set(true);
    long t0 = System.nanoTime();
    Thread.sleep((long) (seconds * 1000));
    counting.set(false);
    double elapsed = (System.nanoTime() - t0) / 1e9;
    stop.set(true);
    done.await();
    long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    ops.inNamespace(NAMESPACE).delete();
    kube.apiextensions().v1().customResourceDefinitions().withName("benchobjects.bench.aloft.io").delete();
    return new Result(writers, all.length / elapsed, quantileMs(all, 0.5), quantileMs(all, 0.99), conflicts.get());
  }

  private static double quantileMs(long[] sorted, double q) {
    return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, q * sorted.length)] / 1e6;
  }
}
