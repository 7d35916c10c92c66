package io.aloft.propeller.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.aloft.crd.FlyteWorkflow;
import io.aloft.propeller.store.WorkflowStore;
import io.aloft.testkit.quarkus.KubeApiServerResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code PassThrough} workflow-store policy (Flyte's workflowstore/passthrough.go): reads come straight from the
 * informer cache and writes go straight to the API server, and the store remembers nothing, neither the versions it
 * replaced nor the workflows it saw terminated.
 */
@QuarkusTest
@QuarkusTestResource(value = KubeApiServerResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = WorkflowCrdResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = S3Resource.class, restrictToAnnotatedClass = false)
@TestProfile(WorkflowStorePolicies.PassThroughProfile.class)
class PassThroughPolicyIT extends WorkflowStorePolicies.Scenario {
  @Override
  String policy() {
    return "PassThrough";
  }

  @Test
  void readsAndWritesStraightThroughRememberingNothing() throws Exception {
    FlyteWorkflow done = runToSuccess("remembers-nothing");

    // A worker picking the finished workflow's key again (a late event, a resync) reads through to the informer,
    // which dropped the workflow with its termination label: the round finds nothing. TrackTerminated and
    // ResourceVersionCache refuse the read from their terminated filter instead (a skipped round), and InMemory
    // still holds its own copy; so with any of them this never counts a not-found.
    double notFound = count("aloft.propeller.round.not.found");
    await("a round that finds the finished workflow gone").atMost(Duration.ofSeconds(30)).until(() -> {
      handleAgain(done);
      return count("aloft.propeller.round.not.found") > notFound;
    });
    assertThat(count("aloft.propeller.round.skipped")).as("PassThrough never refuses a read").isZero();
    // nothing tracks resource versions: ResourceVersionCache evicts every workflow it writes terminal
    assertThat(count("aloft.propeller.wf.evict")).isZero();
    assertThat(count("aloft.propeller.wf.stale")).isZero();

    // A write of a copy the API server has moved past is not suppressed or absorbed: the 409 surfaces and counts.
    var resource = kube.resources(FlyteWorkflow.class).inNamespace(done.getMetadata().getNamespace())
        .withName(done.getMetadata().getName());
    FlyteWorkflow read = resource.get();
    resource.edit(w -> {
      w.getMetadata().setAnnotations(Map.of("moved-on", "true"));
      return w;
    });
    double conflicts = count("aloft.propeller.wf.update.conflict");
    assertThatThrownBy(() -> runtime.store().update(read)).isInstanceOf(WorkflowStore.WriteConflictException.class);
    assertThat(count("aloft.propeller.wf.update.conflict")).isEqualTo(conflicts + 1);
  }
}
