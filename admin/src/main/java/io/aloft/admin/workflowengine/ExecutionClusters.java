package io.aloft.admin.workflowengine;

import io.aloft.admin.AdminException;
import io.aloft.admin.config.AdminConfig;
import io.aloft.crd.FlyteWorkflow;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.grpc.Status;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The clusters executions run in, and the choice of one per execution (flyteadmin executioncluster/impl
 * random_cluster_selector.go): without {@code aloft.admin.clusters.cluster-configs} every execution runs in admin's
 * own cluster. Otherwise the execution cluster label (the request's, else the matchable attribute's, else the
 * default) picks the weighted candidates from {@code label-cluster-map} (all enabled clusters, equally weighted,
 * when there is no label), and a draw seeded by the fnv-1a 64-bit hash of the execution name chooses one, so the
 * same execution always lands on the same cluster.
 */
@ApplicationScoped
public class ExecutionClusters {

  @Inject
  KubernetesClient inCluster;

  @Inject
  AdminConfig config;

  private final Map<String, KubernetesClient> clients = new LinkedHashMap<>();

  /**
   * A chosen cluster, and the API group of the workflow resources admin creates there ({@code aloft.io} or
   * {@code flyte.lyft.com}).
   */
  public record Target(String id, KubernetesClient client, String resourceGroup) {
    /** Whether Flyte v1's own flytepropeller runs this cluster's resources. */
    public boolean flyteGroup() {
      return resourceGroup.equals(FlyteWorkflow.FLYTE_GROUP);
    }
  }

  @PostConstruct
  void connect() {
    checkGroup("aloft.admin.executions.resource-group", config.executions().resourceGroup());
    config.clusters().clusterConfigs().forEach((id, c) -> {
      c.resourceGroup().ifPresent(g -> checkGroup("aloft.admin.clusters.cluster-configs." + id
          + ".resource-group", g));
      clients.put(id, c.endpoint().isEmpty() ? inCluster
          : new KubernetesClientBuilder().withConfig(clientConfig(c)).build());
    });
  }

  static void checkGroup(String key, String group) {
    if (!group.equals(FlyteWorkflow.GROUP) && !group.equals(FlyteWorkflow.FLYTE_GROUP)) {
      throw new IllegalStateException(key + " is [" + group + "]; it must be " + FlyteWorkflow.GROUP
          + " (Aloft's propeller runs the executions) or " + FlyteWorkflow.FLYTE_GROUP
          + " (Flyte v1's flytepropeller runs them)");
    }
  }

  private String group(String id) {
    AdminConfig.Clusters.Cluster c = config.clusters().clusterConfigs().get(id);
    return c == null ? config.executions().resourceGroup()
        : c.resourceGroup().orElse(config.executions().resourceGroup());
  }

  @PreDestroy
  void close() {
    // admin's own client is Quarkus's to close
    clients.values().stream().filter(c -> c != inCluster).forEach(KubernetesClient::close);
  }

  private static Config clientConfig(AdminConfig.Clusters.Cluster c) {
    ConfigBuilder b = new ConfigBuilder(Config.empty()).withMasterUrl(c.endpoint().orElseThrow());
    c.token().ifPresent(b::withOauthToken);
    c.tokenPath().ifPresent(p -> b.withOauthToken(read(p).trim()));
    c.caCertData().ifPresent(pem -> b.withCaCertData(java.util.Base64.getEncoder()
        .encodeToString(pem.getBytes(StandardCharsets.UTF_8))));
    c.caCertPath().ifPresent(b::withCaCertFile);
    return b.build();
  }

  private static String read(String path) {
    try {
      return Files.readString(Path.of(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  /** Whether executions may run in more than admin's own cluster. */
  public boolean multiCluster() {
    return !clients.isEmpty();
  }

  /**
   * The cluster for execution {@code name}.
   *
   * @param requestedLabel the request's execution cluster label, or empty
   * @param matchableLabel the EXECUTION_CLUSTER_LABEL attribute's value, or empty
   */
  public Target select(String name, String requestedLabel, String matchableLabel) {
    if (clients.isEmpty()) {
      return target(config.executions().clusterId());
    }
    String label = !requestedLabel.isEmpty() ? requestedLabel
        : !matchableLabel.isEmpty() ? matchableLabel : config.clusters().defaultExecutionLabel().orElse("");
    List<String> ids = new ArrayList<>();
    List<Integer> weights = new ArrayList<>();
    if (!label.isEmpty()) {
      List<String> entries = config.clusters().labelClusterMap().get(label);
      if (entries == null) {
        throw AdminException.invalid("execution cluster label [" + label + "] names no clusters (known labels: "
            + config.clusters().labelClusterMap().keySet() + ")");
      }
      for (String entry : entries) {
        int colon = entry.indexOf(':');
        String id = colon < 0 ? entry.trim() : entry.substring(0, colon).trim();
        int weight = colon < 0 ? 1 : Integer.parseInt(entry.substring(colon + 1).trim());
        if (enabled(id) && weight > 0) {
          ids.add(id);
          weights.add(weight);
        }
      }
    } else {
      config.clusters().clusterConfigs().forEach((id, c) -> {
        if (c.enabled()) {
          ids.add(id);
          weights.add(1);
        }
      });
    }
    if (ids.isEmpty()) {
      throw new AdminException(Status.Code.FAILED_PRECONDITION, "no enabled execution cluster for label ["
          + label + "]");
    }
    int total = weights.stream().mapToInt(Integer::intValue).sum();
    int draw = new Random(fnv64a(name)).nextInt(total);
    for (int i = 0; i < ids.size(); i++) {
      draw -= weights.get(i);
      if (draw < 0) {
        return target(ids.get(i));
      }
    }
    throw new IllegalStateException("unreachable");
  }

  /** Cluster {@code id} (aborts and repairs go to the cluster the execution was launched in). */
  public Target target(String id) {
    return new Target(id, client(id), group(id));
  }

  private KubernetesClient client(String id) {
    if (clients.isEmpty() || id.equals(config.executions().clusterId()) && !clients.containsKey(id)) {
      return inCluster;
    }
    KubernetesClient c = clients.get(id);
    if (c == null) {
      throw new AdminException(Status.Code.FAILED_PRECONDITION, "execution cluster [" + id
          + "] is no longer configured");
    }
    return c;
  }

  private boolean enabled(String id) {
    AdminConfig.Clusters.Cluster c = config.clusters().clusterConfigs().get(id);
    if (c == null) {
      throw new IllegalStateException("aloft.admin.clusters.label-cluster-map names unknown cluster [" + id + "]");
    }
    return c.enabled();
  }

  /** fnv-1a 64-bit of the UTF-8 bytes (Go's hash/fnv New64a). */
  static long fnv64a(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= (b & 0xff);
      h *= 0x100000001b3L;
    }
    return h;
  }
}
