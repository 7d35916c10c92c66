package io.aloft.engine;

import io.aloft.engine.status.WorkflowPhase;

/**
 * What a round did.
 *
 * @param changed true when the status changed (persist it; the operator may run another round at once)
 * @param phase the workflow phase after the round
 * @param inFlight executable nodes in flight after the round (bounded by max parallelism)
 */
public record RoundResult(boolean changed, WorkflowPhase phase, int inFlight) {
  /** True when the workflow is over. */
  public boolean terminal() {
    return phase.isTerminal();
  }
}
