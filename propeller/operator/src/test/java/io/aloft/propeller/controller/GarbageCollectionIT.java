package io.aloft.propeller.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aloft.crd.FlyteWorkflow;
import io.aloft.crd.WorkflowLabels;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Garbage collection of terminated workflows (flytepropeller's garbage collector) as a user sets it:
 * {@code aloft.propeller.max-ttl-hours=1} and {@code gc-interval=1s}, in a shard of one project
 * ({@code include-project-label}), on the real API server. Workflows whose {@code completed-time} says two hours ago
 * are deleted, in every namespace; those completed this hour or the last one, those not terminated, and those of
 * another shard are kept; {@code aloft_propeller_gc_deleted_total} counts exactly the deleted ones. A workflow
 * propeller runs to completion carries the label in Flyte's format, is kept while recent, and once its label is two
 * hours old it is collected and the workflow store forgets it.
 */
@QuarkusTest
@TestProfile(GarbageCollectionIT.OneHour.class)
class GarbageCollectionIT extends KnobTesting {
  static final String PROJECT = "gc-project";
  static final String OTHER_NAMESPACE = "gc-other";

  public static class OneHour extends Knobs {
    @Override
    Map<String, String> knobs() {
      return Map.of("aloft.propeller.max-ttl-hours", "1", "aloft.propeller.gc-interval", "1s",
          // this shard's workflows only: other test classes' workflows on the shared API server are not ours
          "aloft.propeller.include-project-label", PROJECT);
    }
  }

  @Inject
  PropellerRuntime runtime;

  @Override
  String namespace() {
    return "gc";
  }

  @AfterEach
  void deleteOtherNamespace() {
    kube.resources(FlyteWorkflow.class).inNamespace(OTHER_NAMESPACE).delete();
  }

  @Test
  void terminatedWorkflowsPastTheTtlAreDeletedAndNothingElse() throws Exception {
    kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(OTHER_NAMESPACE).endMetadata()
        .build()).serverSideApply();
    // not in the last minute of an hour: "last hour" must still be within the TTL when the rounds run
    await().atMost(Duration.ofSeconds(70)).until(() -> LocalTime.now(ZoneOffset.UTC).getMinute() < 59);
    Instant now = Instant.now();
    String twoHoursAgo = WorkflowLabels.completedTime(now.minus(Duration.ofHours(2)));
    String lastHour = WorkflowLabels.completedTime(now.minus(Duration.ofHours(1)));
    String thisHour = WorkflowLabels.completedTime(now);
    double deletedBefore = metric("aloft_propeller_gc_deleted_total");

    createTerminated(namespace(), "old", PROJECT, twoHoursAgo);
    createTerminated(OTHER_NAMESPACE, "old-elsewhere", PROJECT, twoHoursAgo);
    createTerminated(namespace(), "last-hour", PROJECT, lastHour);
    createTerminated(namespace(), "this-hour", PROJECT, thisHour);
    createTerminated(namespace(), "other-shard", "another-project", twoHoursAgo);
    // running (no kubelet runs its pod), with a completion label as old as the deleted ones: not terminated, kept
    FlyteWorkflow running = inProject(podTask("running"));
    running.getMetadata().getLabels().put(WorkflowLabels.COMPLETED_TIME, twoHoursAgo);
    create(running);

    await().atMost(Duration.ofSeconds(30)).until(() -> names(namespace()).equals(
        Set.of("last-hour", "this-hour", "other-shard", "running")) && names(OTHER_NAMESPACE).isEmpty());
    double rounds = metric("aloft_propeller_gc_rounds_total{result=\"success\"}");
    // more rounds go by: they find nothing further to delete
    await().atMost(Duration.ofSeconds(30))
        .until(() -> metric("aloft_propeller_gc_rounds_total{result=\"success\"}") >= rounds + 2);
    assertThat(names(namespace())).containsExactlyInAnyOrder("last-hour", "this-hour", "other-shard", "running");
    assertThat(metric("aloft_propeller_gc_deleted_total") - deletedBefore).as("workflows deleted").isEqualTo(2);
    assertThat(metric("aloft_propeller_gc_rounds_total{result=\"failure\"}")).isZero();
    assertThat(metric("aloft_propeller_gc_round_time_seconds_count")).isGreaterThanOrEqualTo(rounds + 2);
  }

  @Test
  void aWorkflowPropellerRanIsLabelledWithItsCompletionHourAndCollectedOnceOld() throws Exception {
    Instant before = Instant.now();
    create(inProject(echoChain("ran", 2)));
    awaitTerminated("ran");
    Instant after = Instant.now();
    String label = kube.resources(FlyteWorkflow.class).inNamespace(namespace()).withName("ran").get().getMetadata()
        .getLabels().get(WorkflowLabels.COMPLETED_TIME);
    assertThat(label).as("written by propeller with the termination label")
        .isIn(WorkflowLabels.completedTime(before), WorkflowLabels.completedTime(after));

    // recent: kept through rounds
    double rounds = metric("aloft_propeller_gc_rounds_total{result=\"success\"}");
    await().atMost(Duration.ofSeconds(30))
        .until(() -> metric("aloft_propeller_gc_rounds_total{result=\"success\"}") >= rounds + 2);
    assertThat(names(namespace())).contains("ran");
    // the store refuses the finished workflow (ResourceVersionCache's terminated filter)
    double skipped = count("aloft.propeller.round.skipped");
    runtime.handler().handle(namespace(), "ran");
    assertThat(count("aloft.propeller.round.skipped")).isEqualTo(skipped + 1);

    // two hours later, as far as its label says
    double deletedBefore = metric("aloft_propeller_gc_deleted_total");
    kube.resources(FlyteWorkflow.class).inNamespace(namespace()).withName("ran").patch(PatchContext.of(
        PatchType.JSON_MERGE), "{\"metadata\":{\"labels\":{\"" + WorkflowLabels.COMPLETED_TIME + "\":\""
            + WorkflowLabels.completedTime(Instant.now().minus(Duration.ofHours(2))) + "\"}}}");
    await().atMost(Duration.ofSeconds(30)).until(() -> names(namespace()).isEmpty());
    assertThat(metric("aloft_propeller_gc_deleted_total") - deletedBefore).isEqualTo(1);
    // and the store forgot it: a late key of it finds nothing instead of a terminated mark
    double notFound = count("aloft.propeller.round.not.found");
    assertThat(runtime.handler().handle(namespace(), "ran")).isEqualTo(WorkflowHandler.Next.WAIT);
    assertThat(count("aloft.propeller.round.not.found")).isEqualTo(notFound + 1);
  }

  /** A workflow as propeller leaves it when it ends: labelled terminated and with a completion hour, no finalizer. */
  private void createTerminated(String namespace, String name, String project, String completed) throws Exception {
    FlyteWorkflow wf = echoChain(name, 1);
    wf.getMetadata().setNamespace(namespace);
    wf.getMetadata().setFinalizers(List.of());
    Map<String, String> labels = new HashMap<>(wf.getMetadata().getLabels());
    labels.put(WorkflowLabels.PROJECT, project);
    labels.put(WorkflowLabels.TERMINATION_STATUS, WorkflowLabels.TERMINATED);
    labels.put(WorkflowLabels.COMPLETED_TIME, completed);
    wf.getMetadata().setLabels(labels);
    kube.resources(FlyteWorkflow.class).inNamespace(namespace).resource(wf).create();
  }

  private static FlyteWorkflow inProject(FlyteWorkflow wf) {
    Map<String, String> labels = new HashMap<>(wf.getMetadata().getLabels());
    labels.put(WorkflowLabels.PROJECT, PROJECT);
    wf.getMetadata().setLabels(labels);
    return wf;
  }

  private Set<String> names(String namespace) {
    return Set.copyOf(kube.resources(FlyteWorkflow.class).inNamespace(namespace).list().getItems().stream()
        .map(w -> w.getMetadata().getName()).toList());
  }

  private double count(String name) {
    return runtime.metrics().registry().counter(name).count();
  }
}
