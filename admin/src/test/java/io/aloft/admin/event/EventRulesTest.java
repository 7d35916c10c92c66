package io.aloft.admin.event;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.core.Execution.NodeExecution;
import flyteidl.core.Execution.TaskExecution;
import flyteidl.core.Execution.WorkflowExecution;
import io.aloft.admin.event.EventRules.Kind;
import io.aloft.admin.event.EventRules.Rejection;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The phase rules of FlyteAdmin's event handlers, without a database. */
class EventRulesTest {
  private static Optional<Kind> workflow(String current, String next, String cluster, String producer) {
    return EventRules.workflow(WorkflowExecution.Phase.valueOf(current), cluster,
        WorkflowExecution.Phase.valueOf(next), producer, "[p:d:e]").map(Rejection::kind);
  }

  @ParameterizedTest(name = "{0} -> {1}: {2}")
  @CsvSource({
      // current, next, outcome (ACCEPT or the refusal)
      "UNDEFINED, QUEUED, ACCEPT",
      "UNDEFINED, RUNNING, ACCEPT",
      "QUEUED, QUEUED, ACCEPT",                  // QUEUED may repeat: a cluster reassignment
      "QUEUED, RUNNING, ACCEPT",
      "RUNNING, RUNNING, ALREADY_EXISTS",
      "RUNNING, QUEUED, INVALID_TRANSITION",
      "RUNNING, SUCCEEDING, ACCEPT",
      "RUNNING, FAILED, ACCEPT",
      "SUCCEEDING, SUCCEEDED, ACCEPT",
      "SUCCEEDED, SUCCEEDED, ALREADY_EXISTS",    // a duplicate before the terminal check
      "SUCCEEDED, RUNNING, ALREADY_IN_TERMINAL_STATE",
      "SUCCEEDED, QUEUED, ALREADY_IN_TERMINAL_STATE",
      "FAILED, ABORTED, ALREADY_IN_TERMINAL_STATE",
      "TIMED_OUT, RUNNING, ALREADY_IN_TERMINAL_STATE",
      "ABORTED, ABORTED, ALREADY_EXISTS",
      "ABORTING, RUNNING, INVALID_TRANSITION",
      "ABORTING, FAILING, INVALID_TRANSITION",
      "ABORTING, ABORTED, ACCEPT",
      "ABORTING, FAILED, ACCEPT",
  })
  void workflowTransitions(String current, String next, String outcome) {
    Optional<Kind> kind = workflow(current, next, "c1", "c1");
    assertThat(kind.map(Enum::name).orElse("ACCEPT")).isEqualTo(outcome);
  }

  @Test
  void terminalRefusalsCarryThePhaseOnRecord() {
    Rejection r = EventRules.workflow(WorkflowExecution.Phase.FAILED, "c1", WorkflowExecution.Phase.RUNNING, "c1",
        "[p:d:e]").orElseThrow();
    assertThat(r.detail()).isEqualTo("FAILED");
    assertThat(r.message()).isEqualTo("Invalid phase change from FAILED to RUNNING for workflow execution [p:d:e]");
  }

  @ParameterizedTest(name = "recorded {0}, producer ''{1}'': {2}")
  @CsvSource({
      "c1, c1, ACCEPT",
      "c1, c2, INCOMPATIBLE_CLUSTER",
      "c1, '', ACCEPT",                          // no producer id: not checked
      "c1, propeller, ACCEPT",                   // the legacy default producer id: not checked
      "'', c2, INCOMPATIBLE_CLUSTER",
  })
  void clusterCheck(String recorded, String producer, String outcome) {
    Optional<Rejection> r = EventRules.cluster(recorded, producer);
    assertThat(r.map(x -> x.kind().name()).orElse("ACCEPT")).isEqualTo(outcome);
    r.ifPresent(x -> assertThat(x.detail()).isEqualTo(recorded));
  }

  @Test
  void workflowEventsCheckTheClusterExceptWhenQueued() {
    assertThat(workflow("QUEUED", "RUNNING", "c1", "c2")).contains(Kind.INCOMPATIBLE_CLUSTER);
    assertThat(workflow("QUEUED", "QUEUED", "c1", "c2")).isEmpty();
    // A duplicate is reported as such even from another cluster (FlyteAdmin checks it first).
    assertThat(workflow("RUNNING", "RUNNING", "c1", "c2")).contains(Kind.ALREADY_EXISTS);
    assertThat(EventRules.reassignsCluster(WorkflowExecution.Phase.QUEUED, "c2")).isTrue();
    assertThat(EventRules.reassignsCluster(WorkflowExecution.Phase.QUEUED, "")).isFalse();
    assertThat(EventRules.reassignsCluster(WorkflowExecution.Phase.QUEUED, "propeller")).isFalse();
    assertThat(EventRules.reassignsCluster(WorkflowExecution.Phase.RUNNING, "c2")).isFalse();
  }

  @ParameterizedTest(name = "{0} -> {1}: {2}")
  @CsvSource({
      "QUEUED, RUNNING, ACCEPT",
      "QUEUED, QUEUED, ALREADY_EXISTS",
      "RUNNING, QUEUED, ACCEPT",                 // out of order: FlyteAdmin applies it
      "RUNNING, DYNAMIC_RUNNING, ACCEPT",
      "DYNAMIC_RUNNING, SUCCEEDED, ACCEPT",
      "SUCCEEDED, SUCCEEDED, ALREADY_EXISTS",
      "SUCCEEDED, RUNNING, ALREADY_IN_TERMINAL_STATE",
      "SKIPPED, RUNNING, ALREADY_IN_TERMINAL_STATE",
      "RECOVERED, FAILED, ALREADY_IN_TERMINAL_STATE",
      "FAILING, FAILED, ACCEPT",
  })
  void nodeTransitions(String current, String next, String outcome) {
    Optional<Rejection> r = EventRules.node(NodeExecution.Phase.valueOf(current), NodeExecution.Phase.valueOf(next),
        "[n]");
    assertThat(r.map(x -> x.kind().name()).orElse("ACCEPT")).isEqualTo(outcome);
  }

  @ParameterizedTest(name = "{0} v{1} -> {2} v{3}: {4}")
  @CsvSource({
      "QUEUED, 0, RUNNING, 0, ACCEPT",
      "RUNNING, 0, RUNNING, 1, ACCEPT",          // a new phase version of the same phase updates
      "RUNNING, 1, RUNNING, 1, ALREADY_EXISTS",
      "RUNNING, 2, RUNNING, 1, ALREADY_EXISTS",  // a late, older version
      "RUNNING, 5, QUEUED, 0, ACCEPT",
      "RUNNING, 0, RETRYABLE_FAILED, 0, ACCEPT",
      "RETRYABLE_FAILED, 0, FAILED, 0, ACCEPT",  // retryable failure is not terminal
      "SUCCEEDED, 0, SUCCEEDED, 1, ALREADY_IN_TERMINAL_STATE",
      "SUCCEEDED, 0, SUCCEEDED, 0, ALREADY_EXISTS",
      "FAILED, 0, RUNNING, 0, ALREADY_IN_TERMINAL_STATE",
      "ABORTED, 0, RUNNING, 3, ALREADY_IN_TERMINAL_STATE",
  })
  void taskTransitions(String current, long currentVersion, String next, long nextVersion, String outcome) {
    Optional<Rejection> r = EventRules.task(TaskExecution.Phase.valueOf(current), currentVersion,
        TaskExecution.Phase.valueOf(next), nextVersion, "[t]");
    assertThat(r.map(x -> x.kind().name()).orElse("ACCEPT")).isEqualTo(outcome);
  }

  @ParameterizedTest
  @EnumSource(value = WorkflowExecution.Phase.class, names = "UNRECOGNIZED", mode = EnumSource.Mode.EXCLUDE)
  void terminalWorkflowPhasesAreFlyteAdmins(WorkflowExecution.Phase phase) {
    assertThat(EventRules.isTerminal(phase)).isEqualTo(Arrays.asList("SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED")
        .contains(phase.name()));
  }

  @ParameterizedTest
  @EnumSource(value = NodeExecution.Phase.class, names = "UNRECOGNIZED", mode = EnumSource.Mode.EXCLUDE)
  void terminalNodePhasesAreFlyteAdmins(NodeExecution.Phase phase) {
    assertThat(EventRules.isTerminal(phase)).isEqualTo(Arrays.asList("SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED",
        "SKIPPED", "RECOVERED").contains(phase.name()));
  }

  @ParameterizedTest
  @EnumSource(value = TaskExecution.Phase.class, names = "UNRECOGNIZED", mode = EnumSource.Mode.EXCLUDE)
  void terminalTaskPhasesAreFlyteAdmins(TaskExecution.Phase phase) {
    assertThat(EventRules.isTerminal(phase)).isEqualTo(Arrays.asList("SUCCEEDED", "FAILED", "ABORTED")
        .contains(phase.name()));
  }
}
