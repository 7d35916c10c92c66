package io.aloft.sandbox.chaos;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * What one chaos scenario ended with.
 *
 * @param executions executions the scenario launched (asked admin to create)
 * @param launched executions admin confirmed created (OK, or ALREADY_EXISTS on a retried create)
 * @param launchRetries create calls tried again after a failure (UNAVAILABLE, a deadline, an internal error)
 * @param inAdmin executions of the scenario admin's executions table holds
 * @param unexpected executions admin holds that the scenario never named: launched twice under another name
 * @param succeeded executions that ended SUCCEEDED
 * @param failed executions that ended FAILED, ABORTED or TIMED_OUT
 * @param notTerminal executions still running when the scenario gave up waiting
 * @param wrongOutputs succeeded executions whose output is not the one their input calls for
 * @param taskRuns times a pod ran the task's code (one per execution when nothing ran twice)
 * @param duplicateTaskRuns task code runs beyond the first of an execution: work done twice
 * @param extraAttempts task attempts admin recorded beyond attempt 0 (the workflow has no retries)
 * @param staleRecords node and task executions admin still shows non-SUCCEEDED in a succeeded execution: lost events
 * @param faults times the fault struck
 * @param wall the scenario's wall time, first launch to last terminal execution
 */
public record ChaosCounts(String scenario, int executions, int launched, int launchRetries, int inAdmin,
    int unexpected, int succeeded, int failed, int notTerminal, int wrongOutputs, int taskRuns, int duplicateTaskRuns,
    int extraAttempts, int staleRecords, int faults, Duration wall) {

  private static final String HEADER = "%-18s %6s %8s %7s %8s %10s %9s %6s %11s %6s %9s %10s %8s %7s %6s %8s";

  /** True when every execution succeeded with its correct output and nothing was launched, run or recorded twice. */
  public boolean clean() {
    return launched == executions && inAdmin == executions && unexpected == 0 && succeeded == executions
        && wrongOutputs == 0 && duplicateTaskRuns == 0 && extraAttempts == 0 && staleRecords == 0;
  }

  /** Prints {@code counts} as a table, one scenario a row. */
  public static void print(PrintStream out, List<ChaosCounts> counts) {
    out.println(String.format(HEADER, "scenario", "execs", "launched", "retries", "in-admin", "unexpected",
        "succeeded", "failed", "not-terminal", "wrong", "task-runs", "dup-runs", "attempts", "stale", "faults",
        "wall"));
    for (ChaosCounts c : counts) {
      out.println(String.format(HEADER, c.scenario, c.executions, c.launched, c.launchRetries, c.inAdmin,
          c.unexpected, c.succeeded, c.failed, c.notTerminal, c.wrongOutputs, c.taskRuns, c.duplicateTaskRuns,
          c.extraAttempts, c.staleRecords, c.faults, String.format("%.1fs", c.wall.toMillis() / 1000.0)));
    }
  }

  @Override
  public String toString() {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    print(new PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8), List.of(this));
    return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
  }
}
