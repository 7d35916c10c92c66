package io.aloft.admin.workflowengine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aloft.admin.config.AdminConfig;
import io.aloft.crd.FlyteWorkflow;
import io.aloft.crd.FlyteWorkflowJson;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Creates and aborts workflow custom resources in the execution cluster (flyteadmin workflowengine/impl
 * k8s_executor.go), in Aloft's group or, where the cluster is configured so, in Flyte's: create treats AlreadyExists
 * as success; abort deletes with background propagation, which
 * leaves the resource, held by propeller's finalizer, marked for deletion until propeller has aborted it.
 */
@ApplicationScoped
public class WorkflowExecutor {
  private static final Logger LOG = Logger.getLogger(WorkflowExecutor.class);

  /** Flyte's resource, named in full so that no discovery call is needed and a missing CRD is a plain 404. */
  private static final ResourceDefinitionContext FLYTE_RESOURCE = new ResourceDefinitionContext.Builder()
      .withGroup(FlyteWorkflow.FLYTE_GROUP).withVersion(FlyteWorkflow.VERSION).withKind(FlyteWorkflow.KIND)
      .withPlural(FlyteWorkflow.PLURAL).withNamespaced(true).build();

  @Inject
  AdminConfig config;

  /** Why Kubernetes refused a resource: its HTTP code and message. */
  public static final class RejectedException extends RuntimeException {
    private final int code;

    RejectedException(int code, String message, Throwable cause) {
      super(message, cause);
      this.code = code;
    }

    /** The HTTP status Kubernetes answered, 0 or below if it could not be reached. */
    public int code() {
      return code;
    }

    /**
     * True when the API server could not be reached or failed itself (no status: fabric8 says 0 or -1 for a
     * connection refused or cut; 429; 5xx: a restart, an overload), so the same create may well succeed a moment
     * later; false when it refused this resource.
     */
    public boolean transientFailure() {
      return code <= 0 || code == 429 || code >= 500;
    }
  }

  /** The namespace of an execution of {@code project}/{@code domain}. */
  public String namespace(String project, String domain) {
    return config.executions().namespaceTemplate().replace("{{ project }}", project)
        .replace("{{ domain }}", domain).replace("{{project}}", project).replace("{{domain}}", domain);
  }

  /**
   * Creates {@code wf} in {@code cluster}, in the cluster's resource group; throws RejectedException if Kubernetes
   * refuses it.
   */
  public void execute(ExecutionClusters.Target cluster, FlyteWorkflow wf) {
    KubernetesClient kube = cluster.client();
    String ns = wf.getMetadata().getNamespace();
    try {
      create(cluster, wf);
    } catch (KubernetesClientException e) {
      // A missing namespace: create it (409 when a concurrent first launch in the same project won the race is
      // fine) and try again; a launch racing that creation may still see 404 for a moment, so a few attempts.
      for (int attempt = 0; attempt < 3 && e.getCode() == 404 && config.executions().createNamespaces(); attempt++) {
        if (!namespaceExists(kube, ns)) {
          createNamespace(kube, ns);
        }
        try {
          create(cluster, wf);
          return;
        } catch (KubernetesClientException retry) {
          e = retry;
          sleep(50L << attempt);
        }
      }
      if (e.getCode() == 409) {
        LOG.debugf("workflow %s/%s already exists; treated as created", ns, wf.getMetadata().getName());
        return;
      }
      throw new RejectedException(e.getCode(), reason(e), e);
    }
  }

  /** Deletes the resource of an execution (propagation background); a missing resource is not an error. */
  public void abort(ExecutionClusters.Target cluster, String namespace, String name) {
    try {
      if (cluster.flyteGroup()) {
        cluster.client().genericKubernetesResources(FLYTE_RESOURCE)
            .inNamespace(namespace).withName(name).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
      } else {
        cluster.client().resources(FlyteWorkflow.class).inNamespace(namespace).withName(name)
            .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
      }
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw new RejectedException(e.getCode(), reason(e), e);
      }
    }
  }

  private static void create(ExecutionClusters.Target cluster, FlyteWorkflow wf) {
    String ns = wf.getMetadata().getNamespace();
    if (cluster.flyteGroup()) {
      cluster.client().genericKubernetesResources(FLYTE_RESOURCE)
          .inNamespace(ns).resource(flyteResource(wf)).create();
    } else {
      cluster.client().resources(FlyteWorkflow.class).inNamespace(ns).resource(wf).create();
    }
  }

  /**
   * {@code wf} as Flyte's own resource: group {@code flyte.lyft.com}, and no finalizer, since Flyte's propeller
   * adds and removes its own ({@code flyte-finalizer}) and would never remove Aloft's.
   */
  static GenericKubernetesResource flyteResource(FlyteWorkflow wf) {
    ObjectNode tree = (ObjectNode) FlyteWorkflowJson.toTree(wf);
    tree.put("apiVersion", FlyteWorkflow.FLYTE_API_VERSION);
    ((ObjectNode) tree.get("metadata")).remove("finalizers");
    return FlyteWorkflowJson.mapper().convertValue(tree, GenericKubernetesResource.class);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean namespaceExists(KubernetesClient kube, String ns) {
    return kube.namespaces().withName(ns).get() != null;
  }

  private static void createNamespace(KubernetesClient kube, String ns) {
    try {
      kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
      LOG.infof("created namespace %s for executions", ns);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) {
        throw new RejectedException(e.getCode(), "cannot create namespace " + ns + ": " + reason(e), e);
      }
    }
  }

  private static String reason(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) {
      return e.getStatus().getMessage();
    }
    return e.getMessage();
  }
}
