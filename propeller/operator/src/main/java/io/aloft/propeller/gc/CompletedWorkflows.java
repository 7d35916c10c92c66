package io.aloft.propeller.gc;

import io.aloft.crd.WorkflowLabels;
import io.aloft.propeller.shard.ShardSelector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The label selector of the terminated workflows past their retention (flytepropeller
 * {@code controller/completed_workflows.go} {@code CompletedWorkflowsSelectorOutsideRetentionPeriod}):
 * {@code termination-status=terminated} and a {@code completed-time} that is none of the {@code ttlHours + 1} hours
 * kept, the current UTC hour and the {@code ttlHours} before it. A workflow completed at 10:59 with a TTL of 1 hour is
 * kept through the 10 and 11 o'clock buckets and goes from 12:00 on: between TTL and TTL + 1 hours after it completed.
 *
 * <p>As in Kubernetes generally, {@code notin} also matches a workflow without the label: a terminated workflow that
 * carries no {@code completed-time} in Flyte's hourly format is past retention. Flyte adds {@code !hour-of-day} to
 * spare the workflows its older releases labelled with that key instead; Aloft never wrote it, so its selector has no
 * such term.
 */
final class CompletedWorkflows {
  private CompletedWorkflows() {}

  /** The {@code completed-time} values kept at {@code now}: the current hour first, then the previous ones. */
  static List<String> hoursToKeep(int ttlHours, Instant now) {
    List<String> keep = new ArrayList<>(ttlHours + 1);
    for (int i = 0; i <= ttlHours; i++) {
      keep.add(WorkflowLabels.completedTime(now.minus(Duration.ofHours(i))));
    }
    return keep;
  }

  /** The selector of the workflows to delete at {@code now}, within the shard's own {@code shard} requirements. */
  static String outsideRetention(int ttlHours, Instant now, List<ShardSelector.Requirement> shard) {
    List<ShardSelector.Requirement> requirements = new ArrayList<>();
    requirements.add(new ShardSelector.Requirement(WorkflowLabels.COMPLETED_TIME, false, hoursToKeep(ttlHours, now)));
    requirements.addAll(shard);
    return WorkflowLabels.TERMINATION_STATUS + "=" + WorkflowLabels.TERMINATED + ","
        + ShardSelector.toSelector(requirements);
  }
}
