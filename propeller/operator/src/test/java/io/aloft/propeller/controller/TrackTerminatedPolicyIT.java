package io.aloft.propeller.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.crd.FlyteWorkflow;
import io.aloft.testkit.quarkus.KubeApiServerResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/**
 * The {@code TrackTerminated} workflow-store policy (Flyte's workflowstore/terminated_tracking.go): PassThrough plus
 * a filter of the workflows this store wrote terminal, whose later reads are refused so that they are never
 * evaluated again; it tracks no resource versions.
 */
@QuarkusTest
@QuarkusTestResource(value = KubeApiServerResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = WorkflowCrdResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = S3Resource.class, restrictToAnnotatedClass = false)
@TestProfile(WorkflowStorePolicies.TrackTerminatedProfile.class)
class TrackTerminatedPolicyIT extends WorkflowStorePolicies.Scenario {
  @Override
  String policy() {
    return "TrackTerminated";
  }

  @Test
  void aTerminatedWorkflowIsNeverEvaluatedAgain() throws Exception {
    FlyteWorkflow done = runToSuccess("tracked");

    // A worker picking the finished workflow's key again (a late event, a resync): the store refuses the read, so
    // the round is skipped before any evaluation. The filter was filled by the terminal status write, before the
    // workflow was finished, so this holds however far the informer has got. PassThrough would read through to
    // the informer (a not-found, or a round on the terminal copy), InMemory would serve its own copy.
    double skipped = count("aloft.propeller.round.skipped");
    double notFound = count("aloft.propeller.round.not.found");
    assertThat(handleAgain(done)).isEqualTo(WorkflowHandler.Next.WAIT);
    assertThat(count("aloft.propeller.round.skipped")).as("rounds skipped").isGreaterThanOrEqualTo(skipped + 1);
    assertThat(count("aloft.propeller.round.not.found")).isEqualTo(notFound);
    // terminated tracking is all it remembers: ResourceVersionCache also evicts the workflow from its version cache
    assertThat(count("aloft.propeller.wf.evict")).as("no resource-version cache").isZero();
  }
}
