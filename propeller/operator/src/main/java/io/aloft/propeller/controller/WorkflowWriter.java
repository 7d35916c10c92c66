package io.aloft.propeller.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aloft.crd.FlyteWorkflow;
import io.aloft.crd.WorkflowLabels;
import io.aloft.propeller.store.WorkflowStore;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Propeller's writes to the workflow resource. Status goes through the status subresource (a patch carrying the
 * resource version read, so a stale copy gets 409 instead of overwriting newer work); the finalizer and the
 * termination labels go through a merge patch of the metadata once the workflow is terminal.
 */
public final class WorkflowWriter {
  private static final Logger LOG = Logger.getLogger(WorkflowWriter.class);
  /** Label every terminal workflow gets; shard selectors exclude it. */
  public static final String TERMINATION_LABEL = WorkflowLabels.TERMINATION_STATUS;
  /** UTC hour the workflow completed (Flyte's GC label), {@code yyyy-MM-dd.HH}; the garbage collector selects on it. */
  public static final String COMPLETED_TIME_LABEL = WorkflowLabels.COMPLETED_TIME;

  private final KubernetesClient client;
  private final Clock clock;
  private final KubeRateLimiter limiter;

  public WorkflowWriter(KubernetesClient client, Clock clock) {
    this(client, clock, new KubeRateLimiter(0, 1));
  }

  public WorkflowWriter(KubernetesClient client, Clock clock, KubeRateLimiter limiter) {
    this.client = client;
    this.clock = clock;
    this.limiter = limiter;
  }

  /**
   * The status write: returns what the API server stored; 409 becomes {@link WorkflowStore.WriteConflictException}.
   * It is a JSON patch of the status subresource that first sets the resource version read, which the API server
   * takes as a precondition (a stale copy gets 409, as with a PUT), then replaces {@code status}: the request carries
   * the status alone, not the spec and closure a PUT of the whole object would.
   */
  public FlyteWorkflow writeStatus(FlyteWorkflow wf) {
    ObjectMeta m = wf.getMetadata();
    ArrayNode patch = JsonNodeFactory.instance.arrayNode();
    patch.addObject().put("op", "replace").put("path", "/metadata/resourceVersion")
        .put("value", m.getResourceVersion());
    patch.addObject().put("op", "add").put("path", "/status").set("value", wf.status);
    limiter.acquire();
    try {
      return client.resources(FlyteWorkflow.class).inNamespace(m.getNamespace()).withName(m.getName())
          .subresource("status").patch(PatchContext.of(PatchType.JSON), patch.toString());
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw new WorkflowStore.WriteConflictException(wf.getMetadata().getNamespace() + "/"
            + wf.getMetadata().getName(), e);
      }
      throw e;
    }
  }

  /** A copy carrying only what a status write needs: identity, resource version, and {@code status}. */
  public static FlyteWorkflow withStatus(FlyteWorkflow wf, JsonNode status) {
    FlyteWorkflow out = new FlyteWorkflow();
    ObjectMeta m = wf.getMetadata();
    out.setMetadata(new ObjectMetaBuilder().withName(m.getName()).withNamespace(m.getNamespace())
        .withResourceVersion(m.getResourceVersion()).withUid(m.getUid()).withLabels(m.getLabels())
        .withAnnotations(m.getAnnotations()).withFinalizers(m.getFinalizers())
        .withDeletionTimestamp(m.getDeletionTimestamp()).withGeneration(m.getGeneration())
        .withCreationTimestamp(m.getCreationTimestamp()).build());
    out.spec = wf.spec;
    out.workflowMeta = wf.workflowMeta;
    out.inputs = wf.inputs;
    out.executionId = wf.executionId;
    out.tasks = wf.tasks;
    out.subWorkflows = wf.subWorkflows;
    out.activeDeadlineSeconds = wf.activeDeadlineSeconds;
    out.nodeDefaults = wf.nodeDefaults;
    out.acceptedAt = wf.acceptedAt;
    out.serviceAccountName = wf.serviceAccountName;
    out.securityContext = wf.securityContext;
    out.rawOutputDataConfig = wf.rawOutputDataConfig;
    out.executionConfig = wf.executionConfig;
    out.workflowClosureReference = wf.workflowClosureReference;
    out.consoleUrl = wf.consoleUrl;
    out.offloadedInputs = wf.offloadedInputs;
    out.status = status;
    return out;
  }

  /**
   * A terminal workflow: removes the finalizer and labels it terminated and with its completion hour, in one merge
   * patch (flytepropeller's {@code SetCompletedLabel} rides on its one update the same way), which takes it out of the
   * informers and hands it to the garbage collector ({@code io.aloft.propeller.gc}). Idempotent; a workflow already
   * gone is fine.
   */
  public void finish(FlyteWorkflow wf) {
    ObjectMeta m = wf.getMetadata();
    List<String> finalizers = m.getFinalizers() == null ? List.of() : new ArrayList<>(m.getFinalizers());
    boolean labelled = m.getLabels() != null && "terminated".equals(m.getLabels().get(TERMINATION_LABEL));
    if (labelled && !finalizers.contains(FlyteWorkflow.FINALIZER)) {
      return;
    }
    finalizers.remove(FlyteWorkflow.FINALIZER);
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    ObjectNode meta = patch.putObject("metadata");
    ObjectNode labels = meta.putObject("labels");
    labels.put(TERMINATION_LABEL, "terminated");
    labels.put(COMPLETED_TIME_LABEL, WorkflowLabels.completedTime(clock.instant()));
    var list = meta.putArray("finalizers");
    finalizers.forEach(list::add);
    limiter.acquire();
    try {
      client.resources(FlyteWorkflow.class).inNamespace(m.getNamespace()).withName(m.getName())
          .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        LOG.warnf("cannot finish %s/%s: %s", m.getNamespace(), m.getName(), e.getMessage());
      }
    }
  }
}
