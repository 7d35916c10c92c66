package io.aloft.deploy;

import java.util.List;
import java.util.Map;

/**
 * What each service calls on the API server, found by reading its code (docs/operations.md "What each service may
 * do on the API server"). The manifests' RBAC must grant exactly this: DeployManifestsTest compares the rendered
 * rules with it, DeployDryRunIT asks the real authorizer.
 */
final class ServicePermissions {
  private ServicePermissions() {}

  /** Propeller's lease, the name in its ConfigMap and in its Role. */
  static final String LEASE = "propeller-leader";

  /**
   * One allowed request: {@code verb} on {@code resource} (with its subresource, e.g. {@code pods} or
   * {@code flyteworkflows/status}) of {@code group}; {@code namespace} null means any namespace (a ClusterRole),
   * {@code name} null means any name.
   */
  record Permission(String group, String resource, String verb, String namespace, String name) {
    static List<Permission> anywhere(String group, String resource, String... verbs) {
      return List.of(verbs).stream().map(v -> new Permission(group, resource, v, null, null)).toList();
    }

    static List<Permission> in(String namespace, String name, String group, String resource, String... verbs) {
      return List.of(verbs).stream().map(v -> new Permission(group, resource, v, namespace, name)).toList();
    }
  }

  /** The shard manager's PodTemplate (aloft.propeller.manager.pod-template-name's default). */
  static final String POD_TEMPLATE = "aloft-propeller-template";

  /** The leases of the sharded overlay's three shards (io.aloft.propeller.manager.ShardLayout). */
  static final List<String> SHARD_LEASES = List.of("propeller-leader-0", "propeller-leader-1", "propeller-leader-2");

  /** By ServiceAccount name (all in namespace aloft), for overlays single and ha. */
  static final Map<String, List<Permission>> REQUIRED = Map.of(
      // io.aloft.admin.workflowengine.WorkflowExecutor
      "aloft-admin", concat(
          Permission.anywhere("aloft.io", "flyteworkflows", "create", "delete"),
          Permission.anywhere("", "namespaces", "get", "create")),
      // the operator SDK's informer, WorkflowWriter, the garbage collector (io.aloft.propeller.gc), PodPlugin (and
      // PodSpecs' owner references), leader election
      "aloft-propeller", concat(
          Permission.anywhere("aloft.io", "flyteworkflows", "get", "list", "watch", "patch", "deletecollection"),
          Permission.anywhere("", "namespaces", "list"),
          Permission.anywhere("aloft.io", "flyteworkflows/status", "patch"),
          Permission.anywhere("aloft.io", "flyteworkflows/finalizers", "update"),
          Permission.anywhere("", "pods", "get", "list", "watch", "create", "delete", "patch"),
          Permission.in("aloft", null, "coordination.k8s.io", "leases", "create"),
          Permission.in("aloft", LEASE, "coordination.k8s.io", "leases", "get", "update", "patch")),
      // no API calls at all
      "aloft-datacatalog", List.of());

  /**
   * The sharded overlay: propeller's account (the shard pods') holds each shard's lease instead of the one lease, and
   * the manager may read its PodTemplate and keep its pods (io.aloft.propeller.manager.ShardManager: list, create,
   * delete the shards; get its own pod, whose owner references they copy) in namespace aloft.
   */
  static final Map<String, List<Permission>> SHARDED = Map.of(
      "aloft-admin", REQUIRED.get("aloft-admin"),
      "aloft-datacatalog", REQUIRED.get("aloft-datacatalog"),
      "aloft-propeller", concat(
          REQUIRED.get("aloft-propeller").stream().filter(p -> !p.resource().equals("leases")).toList(),
          Permission.in("aloft", null, "coordination.k8s.io", "leases", "create"),
          SHARD_LEASES.stream().flatMap(l -> Permission.in("aloft", l, "coordination.k8s.io", "leases", "get",
              "update", "patch").stream()).toList()),
      "aloft-propeller-manager", concat(
          Permission.in("aloft", null, "", "pods", "get", "list", "create", "delete"),
          Permission.in("aloft", null, "", "podtemplates", "get")));

  /** What the service accounts of {@code overlay} (a directory of deploy/overlays) may do. */
  static Map<String, List<Permission>> required(String overlay) {
    return overlay.endsWith("sharded") ? SHARDED : REQUIRED;
  }

  @SafeVarargs
  private static List<Permission> concat(List<Permission>... lists) {
    return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
  }
}
