package io.aloft.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.deploy.Kustomize.Kubectl;
import io.aloft.deploy.ServicePermissions.Permission;
import io.aloft.testkit.GoModuleFile;
import io.aloft.testkit.SharedComponents;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real kube-apiserver (the test kit's shared one) accepts every overlay and the monitoring kustomization, with its
 * validation, admission (Pod Security "restricted" on namespace aloft) and, for the ServiceMonitor, the
 * prometheus-operator's real CRD; and its authorizer lets each service account do exactly what its service calls.
 * Deployments, Services, RBAC and PodDisruptionBudgets need no kubelet to be validated.
 */
class DeployDryRunIT {
  static Path kubeconfig;
  static KubernetesClient kube;

  @BeforeAll
  static void apiServer() throws Exception {
    kubeconfig = SharedComponents.kubeApiServer().writeKubeconfig(Files.createTempDirectory("aloft-deploy")
        .resolve("kubeconfig"));
    kube = SharedComponents.kubernetesClient();
    // A dry run persists nothing, so what the manifests' objects need must exist for real: their namespace (with
    // its Pod Security labels), and the ServiceMonitor CRD that a prometheus-operator installation brings.
    Kubectl.run(kubeconfig, "apply", "-f", Kustomize.deployDir().resolve("base/namespace.yaml").toString());
    Path crd = GoModuleFile.serviceMonitorCrd();
    Kubectl.run(kubeconfig, "apply", "--server-side", "-f", crd.toString());
    Kubectl.run(kubeconfig, "wait", "--for=condition=Established", "--timeout=60s",
        "crd/servicemonitors.monitoring.coreos.com");
  }

  @AfterAll
  static void close() {
    if (kube != null) {
      kube.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/single", "overlays/ha", "overlays/sharded", "monitoring", "examples/my-aloft"})
  void theApiServerAcceptsItWithoutWarnings(String dir) {
    Kubectl.Result r = Kubectl.call(kubeconfig, "apply", "--dry-run=server", "-k",
        Kustomize.deployDir().resolve(dir).toString());
    assertThat(r.exit()).as("kubectl apply --dry-run=server -k deploy/%s:%n%s%s", dir, r.out(), r.err()).isZero();
    // e.g. "Warning: would violate PodSecurity "restricted:latest": ..."
    assertThat(r.err()).as("warnings").doesNotContain("Warning");
    assertThat(r.out()).contains("(server dry run)");
  }

  /** Applied for real (RBAC is what the authorizer reads); the sharded overlay's Role names other leases. */
  @ParameterizedTest
  @ValueSource(strings = {"overlays/single", "overlays/sharded"})
  void eachServiceAccountMayDoWhatItsServiceCallsAndNothingElse(String overlay) {
    Kubectl.run(kubeconfig, "apply", "-k", Kustomize.deployDir().resolve(overlay).toString());
    List<String> wrong = new ArrayList<>();
    for (var entry : ServicePermissions.required(overlay).entrySet()) {
      for (Request request : Request.grid()) {
        boolean expected = entry.getValue().stream().anyMatch(request::grantedBy);
        boolean allowed = allowed(entry.getKey(), request);
        if (allowed != expected) {
          wrong.add(entry.getKey() + (allowed ? " may " : " may not ") + request);
        }
      }
    }
    assertThat(wrong).as("authorizations that differ from what each service calls").isEmpty();
  }

  /** One request a service account might make. */
  record Request(String group, String resource, String verb, String namespace, String name) {
    static final List<String> VERBS = List.of("get", "list", "watch", "create", "update", "patch", "delete",
        "deletecollection");

    /** The resources Aloft touches and a few it must not, every verb, in its own, another and all namespaces. */
    static List<Request> grid() {
      List<Request> out = new ArrayList<>();
      List<String[]> resources = List.of(new String[] {"aloft.io", "flyteworkflows"},
          new String[] {"aloft.io", "flyteworkflows/status"}, new String[] {"aloft.io", "flyteworkflows/finalizers"},
          new String[] {"", "pods"}, new String[] {"", "secrets"}, new String[] {"", "configmaps"},
          new String[] {"", "services"}, new String[] {"apps", "deployments"},
          new String[] {"coordination.k8s.io", "leases"}, new String[] {"", "podtemplates"});
      for (String verb : VERBS) {
        for (String[] r : resources) {
          for (String ns : List.of("", "aloft", "flytesnacks-development")) {
            out.add(new Request(r[0], r[1], verb, ns, ""));
            if (r[1].equals("leases")) {
              out.add(new Request(r[0], r[1], verb, ns, ServicePermissions.LEASE));
              out.add(new Request(r[0], r[1], verb, ns, "another-lease"));
              out.add(new Request(r[0], r[1], verb, ns, ServicePermissions.SHARD_LEASES.get(0)));
            }
          }
        }
        out.add(new Request("", "namespaces", verb, "", ""));
      }
      return out;
    }

    /** RBAC's semantics: a permission without a namespace is every namespace, without a name every name. */
    boolean grantedBy(Permission p) {
      return p.group().equals(group) && p.resource().equals(resource) && p.verb().equals(verb)
          && (p.namespace() == null || p.namespace().equals(namespace))
          && (p.name() == null || p.name().equals(name));
    }

    @Override
    public String toString() {
      return verb + " " + resource + (group.isEmpty() ? "" : "." + group) + (name.isEmpty() ? "" : "/" + name)
          + (namespace.isEmpty() ? " (all namespaces)" : " in " + namespace);
    }
  }

  static boolean allowed(String account, Request r) {
    String[] resource = r.resource().split("/", 2);
    SubjectAccessReview review = new SubjectAccessReviewBuilder().withNewSpec()
        .withUser("system:serviceaccount:aloft:" + account)
        .withGroups("system:serviceaccounts", "system:serviceaccounts:aloft", "system:authenticated")
        .withNewResourceAttributes().withGroup(r.group()).withResource(resource[0])
        .withSubresource(resource.length > 1 ? resource[1] : null).withVerb(r.verb()).withNamespace(r.namespace())
        .withName(r.name()).endResourceAttributes().endSpec().build();
    return kube.authorization().v1().subjectAccessReview().create(review).getStatus().getAllowed();
  }
}
