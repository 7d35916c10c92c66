package io.aloft.propeller.gc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aloft.crd.FlyteWorkflow;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The garbage collector's calls to the API server; each request first takes a token of propeller's rate limiter. */
final class CompletedWorkflowDeleter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final KubernetesClient client;
  private final Runnable acquire;

  /** @param acquire takes a token of propeller's {@code kube-client-config} rate limiter (blocks until it has one) */
  CompletedWorkflowDeleter(KubernetesClient client, Runnable acquire) {
    this.client = client;
    this.acquire = acquire;
  }

  /**
   * The namespaces to collect: {@code limit}'s one, or every namespace of the cluster, since a delete-collection
   * request names one namespace (no all-namespaces form for a namespaced resource; Flyte lists them likewise).
   */
  List<String> namespaces(Optional<String> limit) {
    if (limit.isPresent()) {
      return List.of(limit.get());
    }
    acquire.run();
    return client.namespaces().list().getItems().stream().map(HasMetadata::getMetadata)
        .map(m -> m.getName()).toList();
  }

  /**
   * Deletes the workflows of {@code namespace} that {@code selector} selects, in one delete-collection request with
   * background propagation and no grace period (Flyte's {@code deleteWorkflowsForNamespace}); their task pods follow
   * through their owner references. Returns the names of the workflows deleted, read from the API server's answer,
   * which lists them: counting costs no second request.
   *
   * <p>The request is sent raw: fabric8's {@code delete()} of a collection reads that answer as one generic resource
   * when the list's kind ({@code FlyteWorkflowList}) is not a registered model class, and so reports one deletion per
   * request, whatever was deleted.
   */
  List<String> delete(String namespace, String selector) {
    String path = "/apis/" + HasMetadata.getApiVersion(FlyteWorkflow.class) + "/namespaces/" + namespace + "/"
        + HasMetadata.getPlural(FlyteWorkflow.class) + "?labelSelector=" + URLEncoder.encode(selector,
            StandardCharsets.UTF_8);
    DeleteOptions options = new DeleteOptionsBuilder().withPropagationPolicy(DeletionPropagation.BACKGROUND.toString())
        .withGracePeriodSeconds(0L).build();
    acquire.run();
    String answer = client.raw(path, "DELETE", options);
    List<String> names = new ArrayList<>();
    try {
      for (JsonNode item : JSON.readTree(answer == null ? "{}" : answer).path("items")) {
        names.add(item.path("metadata").path("name").asText());
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable answer to the delete-collection request in " + namespace, e);
    }
    return names;
  }
}
