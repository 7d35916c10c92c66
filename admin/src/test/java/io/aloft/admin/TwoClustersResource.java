package io.aloft.admin;

import io.aloft.embedded.EmbeddedKubeApiServer;
import io.aloft.testkit.SharedComponents;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Two execution clusters, each a real kube-apiserver: "east" is the shared test API server, "west" a second one
 * started for this test. Label "gpu" maps to west alone, "any" to both (east weight 3, west weight 1). A third
 * cluster id, "legacy", is east again with Flyte's resource group (Flyte v1's propeller runs it); label "flyte"
 * maps to it.
 */
public class TwoClustersResource implements QuarkusTestResourceLifecycleManager {
  static EmbeddedKubeApiServer west;

  @Override
  public Map<String, String> start() {
    EmbeddedKubeApiServer east = SharedComponents.kubeApiServer();
    west = EmbeddedKubeApiServer.builder().start();
    Map<String, String> c = new HashMap<>();
    cluster(c, "east", east);
    cluster(c, "west", west);
    cluster(c, "legacy", east);
    c.put("aloft.admin.clusters.cluster-configs.legacy.resource-group", "flyte.lyft.com");
    c.put("aloft.admin.clusters.label-cluster-map.gpu", "west");
    c.put("aloft.admin.clusters.label-cluster-map.flyte", "legacy");
    c.put("aloft.admin.clusters.label-cluster-map.any", "east:3,west:1");
    return c;
  }

  private static void cluster(Map<String, String> c, String id, EmbeddedKubeApiServer server) {
    String p = "aloft.admin.clusters.cluster-configs." + id + ".";
    c.put(p + "endpoint", server.url());
    c.put(p + "token", server.token());
    c.put(p + "ca-cert-data", server.caCertificatePem());
  }

  @Override
  public void stop() {
    if (west != null) {
      west.close();
      west = null;
    }
  }
}
