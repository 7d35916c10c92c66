package io.aloft.engine.status;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A part of the status that knows whether it changed since the last persisted round (flytepropeller's MutableStruct
 * dirty bit). Its mutators mark it; the round asks {@link WorkflowStatus#isDirty()} instead of comparing snapshots, and
 * the operator resets the marks once the status is written.
 */
public abstract class Tracked {
  @JsonIgnore
  private boolean dirty;

  /** Records that this part changed. */
  public void markDirty() {
    dirty = true;
  }

  /** True when this part (and, for containers, a part inside it) changed since {@link #resetDirty()}. */
  @JsonIgnore
  public boolean isDirty() {
    return dirty;
  }

  /** Forgets the changes (after the status was persisted, or at the start of a round). */
  public void resetDirty() {
    dirty = false;
  }
}
