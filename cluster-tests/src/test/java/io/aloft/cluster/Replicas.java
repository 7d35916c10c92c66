package io.aloft.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The pods behind a Deployment of the deployed Aloft, and what their metrics say. */
final class Replicas {
  private static final Pattern CREATE_EXECUTIONS = Pattern.compile(
      "grpc_server_processing_duration_seconds_count\\{[^}]*method=\"CreateExecution\"[^}]*} ([0-9.eE+]+)");

  private Replicas() {}

  /** The running, ready pods of Deployment {@code name} (label app.kubernetes.io/name). */
  static List<Pod> ready(AloftOnCluster aloft, String name) {
    return aloft.kube().pods().inNamespace(AloftOnCluster.NAMESPACE).withLabel("app.kubernetes.io/name", name).list()
        .getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> p.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True")))
        .toList();
  }

  /** A pod's Prometheus metrics, through the API server's proxy to the pod's HTTP port. */
  static String metrics(AloftOnCluster aloft, String pod, int port) {
    return aloft.cluster().kubectl("get", "--raw",
        "/api/v1/namespaces/" + AloftOnCluster.NAMESPACE + "/pods/" + pod + ":" + port + "/proxy/q/metrics");
  }

  /** How many CreateExecution calls an admin pod has answered (any status). */
  static long createExecutions(AloftOnCluster aloft, String adminPod) {
    Matcher m = CREATE_EXECUTIONS.matcher(metrics(aloft, adminPod, 8088));
    long n = 0;
    while (m.find()) {
      n += (long) Double.parseDouble(m.group(1));
    }
    return n;
  }
}
