package io.aloft.propeller.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aloft.crd.FlyteWorkflow;
import io.aloft.engine.status.StatusJson;
import io.aloft.engine.status.WorkflowPhase;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each workflow-store policy runs the same workflow to success in the operator (ResourceVersionCache: WorkflowLoopIT;
 * the others: PassThroughPolicyIT, InMemoryPolicyIT, TrackTerminatedPolicyIT).
 */
final class WorkflowStorePolicies {
  private WorkflowStorePolicies() {}

  /** The shared scenario: a 4-node echo chain to success, the resource finished (finalizer gone, labelled). */
  abstract static class Scenario {
    @Inject
    KubernetesClient kube;

    @Inject
    PropellerRuntime runtime;

    abstract String policy();

    @Test
    void runsTheWorkflowToSuccess() throws Exception {
      FlyteWorkflow done = runToSuccess("wf-" + policy().toLowerCase());
      String ns = done.getMetadata().getNamespace();
      String name = done.getMetadata().getName();
      // the store's view (for InMemory the only place the status lives)
      FlyteWorkflow stored = runtime.store() instanceof io.aloft.propeller.store.InMemoryStore<FlyteWorkflow> m
          ? m.get(ns, name).orElseThrow() : done;
      assertThat(StatusJson.fromNode(stored.status).phase).isEqualTo(WorkflowPhase.SUCCESS);
      if (!policy().equals("InMemory")) {
        assertThat(StatusJson.fromNode(done.status).phase).isEqualTo(WorkflowPhase.SUCCESS);
      } else {
        assertThat(done.status).as("InMemory never writes status to the API server").isNull();
      }
    }

    /** Runs a 4-node echo chain {@code name} in this policy's namespace until finished; the API server's copy. */
    FlyteWorkflow runToSuccess(String name) throws Exception {
      String ns = "policy-" + policy().toLowerCase();
      if (kube.namespaces().withName(ns).get() == null) {
        kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
            .create();
      }
      FlyteWorkflow wf = WorkflowLoopIT.chain(name, 4);
      wf.getMetadata().setNamespace(ns);
      kube.resources(FlyteWorkflow.class).inNamespace(ns).resource(wf).create();
      FlyteWorkflow done = await().atMost(Duration.ofSeconds(30)).until(
          () -> kube.resources(FlyteWorkflow.class).inNamespace(ns).withName(name).get(),
          w -> w.getMetadata().getLabels() != null
              && "terminated".equals(w.getMetadata().getLabels().get(WorkflowWriter.TERMINATION_LABEL)));
      assertThat(done.getMetadata().getFinalizers()).doesNotContain(FlyteWorkflow.FINALIZER);
      return done;
    }

    /** A worker picking {@code wf}'s key again, as a late event or a resync would queue it. */
    WorkflowHandler.Next handleAgain(FlyteWorkflow wf) {
      return runtime.handler().handle(wf.getMetadata().getNamespace(), wf.getMetadata().getName());
    }

    /** The total of the propeller counter {@code name} (Micrometer's dotted name) so far. */
    double count(String name) {
      return runtime.metrics().registry().counter(name).count();
    }
  }

  /** Profile per policy. */
  public abstract static class Policy implements QuarkusTestProfile {
    abstract String policy();

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("aloft.propeller.event.type", "log", "aloft.propeller.workflow-store.policy", policy(),
          "aloft.propeller.workflow-reeval-duration", "1s");
    }
  }

  public static class PassThroughProfile extends Policy {
    @Override
    String policy() {
      return "PassThrough";
    }
  }

  public static class InMemoryProfile extends Policy {
    @Override
    String policy() {
      return "InMemory";
    }
  }

  public static class TrackTerminatedProfile extends Policy {
    @Override
    String policy() {
      return "TrackTerminated";
    }
  }
}
