package io.aloft.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real kube-apiserver + etcd of the test kit: install a CRD, create a custom resource, watch it, write its
 * status subresource, and get 409 Conflict for a write carrying a stale resourceVersion.
 */
class KubeApiServerSmokeIT {
  private static final String GROUP = "smoke.aloft.io";
  private static final ResourceDefinitionContext WIDGETS = new ResourceDefinitionContext.Builder()
      .withGroup(GROUP).withVersion("v1").withKind("Widget").withPlural("widgets").withNamespaced(true).build();
  private static KubernetesClient client;
  private static final String NS = "smoke-kube";

  @BeforeAll
  static void connect() {
    client = SharedComponents.kubernetesClient();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .serverSideApply();
  }

  @AfterAll
  static void close() {
    client.close();
  }

  @Test
  void serverIsTheRealOne() {
    assertThat(client.getKubernetesVersion().getGitVersion()).isEqualTo("v1.34.4");
    assertThat(client.getMasterUrl().getHost()).isEqualTo("127.0.0.1");
  }

  @Test
  void customResourceLifecycleWatchStatusAndStaleWriteConflict() {
    CustomResourceDefinition crd = new CustomResourceDefinitionBuilder()
        .withNewMetadata().withName("widgets." + GROUP).endMetadata()
        .withNewSpec()
          .withGroup(GROUP)
          .withScope("Namespaced")
          .withNewNames().withKind("Widget").withPlural("widgets").withSingular("widget").withShortNames("wd")
          .endNames()
          .addNewVersion()
            .withName("v1").withServed(true).withStorage(true)
            .withNewSubresources().withNewStatus().endStatus().endSubresources()
            .withNewSchema().withNewOpenAPIV3Schema().withType("object")
              .addToProperties("spec", new io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder()
                  .withType("object").withXKubernetesPreserveUnknownFields(true).build())
              .addToProperties("status", new io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder()
                  .withType("object").withXKubernetesPreserveUnknownFields(true).build())
            .endOpenAPIV3Schema().endSchema()
          .endVersion()
        .endSpec()
        .build();
    client.apiextensions().v1().customResourceDefinitions().resource(crd).serverSideApply();
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      CustomResourceDefinition got = client.apiextensions().v1().customResourceDefinitions()
          .withName("widgets." + GROUP).get();
      return got.getStatus() != null && got.getStatus().getConditions().stream()
          .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True"));
    });

    NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
        Resource<GenericKubernetesResource>> widgets = client.genericKubernetesResources(WIDGETS).inNamespace(NS);
    List<String> events = new CopyOnWriteArrayList<>();
    try (Watch ignored = widgets.watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, GenericKubernetesResource r) {
        Object status = r.getAdditionalProperties().get("status");
        events.add(action + ":" + r.getMetadata().getName() + ":" + (status == null ? "-" : status));
      }

      @Override
      public void onClose(WatcherException cause) {}
    })) {
      GenericKubernetesResource w = new GenericKubernetesResource();
      w.setApiVersion(GROUP + "/v1");
      w.setKind("Widget");
      w.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("w1").withNamespace(NS).build());
      w.setAdditionalProperty("spec", Map.of("size", 3));
      GenericKubernetesResource created = widgets.resource(w).create();
      await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("ADDED:w1:-"));

      // Status goes through the status subresource and bumps the resourceVersion.
      GenericKubernetesResource withStatus = widgets.withName("w1").get();
      withStatus.setAdditionalProperty("status", Map.of("phase", "Running"));
      GenericKubernetesResource afterStatus = widgets.resource(withStatus).updateStatus();
      assertThat(afterStatus.getMetadata().getResourceVersion())
          .isNotEqualTo(created.getMetadata().getResourceVersion());
      await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("MODIFIED:w1:{phase=Running}"));

      // A write carrying the stale resourceVersion of `created` is rejected with 409 and changes nothing.
      created.setAdditionalProperty("spec", Map.of("size", 4));
      assertThatThrownBy(() -> widgets.resource(created).update())
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
      created.setAdditionalProperty("status", Map.of("phase", "Failed"));
      assertThatThrownBy(() -> widgets.resource(created).updateStatus())
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));

      GenericKubernetesResource now = widgets.withName("w1").get();
      assertThat(now.getMetadata().getResourceVersion()).isEqualTo(afterStatus.getMetadata().getResourceVersion());
      assertThat(now.getAdditionalProperties().get("spec")).isEqualTo(Map.of("size", 3));
      assertThat(now.getAdditionalProperties().get("status")).isEqualTo(Map.of("phase", "Running"));

      widgets.withName("w1").delete();
      await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(e -> e.startsWith("DELETED:w1")));
    }
  }
}
