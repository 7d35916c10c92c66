package io.aloft.propeller.manager;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.propeller.manager.ShardPlan.Deletion;
import io.aloft.propeller.manager.ShardPlan.Observed;
import io.aloft.propeller.manager.ShardPlan.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardPlanTest {
  private static final List<String> THREE = List.of("p-0", "p-1", "p-2");

  private static Observed pod(String name, String phase, String layout, String template) {
    return new Observed(name, phase, layout, template, false);
  }

  private static Observed terminating(String name, String layout) {
    return new Observed(name, "Running", layout, "v1", true);
  }

  @Test
  void createsWhatIsMissingAndKeepsWhatIsCurrent() {
    ShardPlan plan = ShardPlan.of(THREE, "L", "v1", List.of(pod("p-1", "Running", "L", "v1")));
    assertThat(plan.deletions()).isEmpty();
    assertThat(plan.creations()).containsExactly(0, 2);
    assertThat(plan.running()).isEqualTo(1);
    assertThat(plan.handOverWaiting()).isFalse();
  }

  @Test
  void deletesEndedStaleAndSurplusPodsWithTheirReason() {
    ShardPlan plan = ShardPlan.of(THREE, "L", "v2", List.of(pod("p-0", "Failed", "L", "v2"),
        pod("p-1", "Running", "L", "v1"), pod("p-2", "Succeeded", "L", "v2"), pod("p-7", "Running", "L", "v2")));
    assertThat(plan.deletions()).containsExactly(new Deletion("p-0", Reason.FAILED),
        new Deletion("p-1", Reason.STALE_TEMPLATE), new Deletion("p-2", Reason.FAILED),
        new Deletion("p-7", Reason.SURPLUS));
    // the names are still taken this scan; the next one creates them
    assertThat(plan.creations()).isEmpty();
    assertThat(plan.handOverWaiting()).isFalse();
  }

  @Test
  void aLayoutChangeDeletesEveryOldPodAndCreatesNothingUntilAllAreGone() {
    List<String> four = List.of("p-0", "p-1", "p-2", "p-3");
    ShardPlan first = ShardPlan.of(four, "NEW", "v1", List.of(pod("p-0", "Running", "OLD", "v1"),
        pod("p-1", "Running", "OLD", "v1"), pod("p-2", "Pending", null, null)));
    assertThat(first.deletions()).extracting(Deletion::reason).containsOnly(Reason.STALE_LAYOUT).hasSize(3);
    assertThat(first.creations()).as("p-3 is free, but old shards still run").isEmpty();
    assertThat(first.handOverWaiting()).isTrue();

    ShardPlan draining = ShardPlan.of(four, "NEW", "v1", List.of(terminating("p-1", "OLD")));
    assertThat(draining.deletions()).isEmpty();
    assertThat(draining.creations()).isEmpty();
    assertThat(draining.oldLayout()).containsExactly("p-1");

    ShardPlan done = ShardPlan.of(four, "NEW", "v1", List.of());
    assertThat(done.creations()).containsExactly(0, 1, 2, 3);
    assertThat(done.handOverWaiting()).isFalse();
  }

  @Test
  void aTerminatingPodOfTheLayoutHoldsOnlyItsOwnName() {
    ShardPlan plan = ShardPlan.of(THREE, "L", "v1", List.of(terminating("p-0", "L"), pod("p-1", "Running", "L",
        "v1")));
    assertThat(plan.deletions()).isEmpty();
    assertThat(plan.terminating()).containsExactly("p-0");
    assertThat(plan.creations()).containsExactly(2);
    assertThat(plan.handOverWaiting()).isFalse();
  }
}
