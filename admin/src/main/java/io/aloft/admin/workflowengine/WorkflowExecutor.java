package io.aloft.admin.workflowengine;

import io.aloft.admin.config.AdminConfig;
import io.aloft.crd.FlyteWorkflow;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Creates and aborts workflow custom resources in the execution cluster (flyteadmin workflowengine/impl
 * k8s_executor.go): create treats AlreadyExists as success; abort deletes with background propagation, which
 * leaves the resource, held by propeller's finalizer, marked for deletion until propeller has aborted it.
 */
@ApplicationScoped
public class WorkflowExecutor {
  private static final Logger LOG = Logger.getLogger(WorkflowExecutor.class);

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

  /** Creates {@code wf} through {@code kube}; throws RejectedException if Kubernetes refuses it. */
  public void execute(KubernetesClient kube, FlyteWorkflow wf) {
    String ns = wf.getMetadata().getNamespace();
    try {
      create(kube, wf);
    } catch (KubernetesClientException e) {
      // A missing namespace: create it (409 when a concurrent first launch in the same project won the race is
      // fine) and try again; a launch racing that creation may still see 404 for a moment, so a few attempts.
      for (int attempt = 0; attempt < 3 && e.getCode() == 404 && config.executions().createNamespaces(); attempt++) {
        if (!namespaceExists(kube, ns)) {
          createNamespace(kube, ns);
        }
        try {
          create(kube, wf);
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
  public void abort(KubernetesClient kube, String namespace, String name) {
    try {
      kube.resources(FlyteWorkflow.class).inNamespace(namespace).withName(name)
          .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw new RejectedException(e.getCode(), reason(e), e);
      }
    }
  }

  private static void create(KubernetesClient kube, FlyteWorkflow wf) {
    kube.resources(FlyteWorkflow.class).inNamespace(wf.getMetadata().getNamespace()).resource(wf).create();
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
