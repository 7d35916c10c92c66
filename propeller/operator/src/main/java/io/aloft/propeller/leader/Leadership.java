package io.aloft.propeller.leader;

import java.time.Duration;

/**
 * Whether this replica may evaluate workflows, and the fence around every round it runs. With leader election off the
 * replica leads from the start. With it on, it leads between {@link #startLeading} and {@link #stopLeading} (the
 * lease's callbacks), and {@link #resign} ends that for good at shutdown.
 *
 * <p>Every round is bracketed by {@link #begin} and {@link #end}, so the gate knows how many run: resigning waits for
 * them, and only then may the lease be released. Otherwise the next leader could start on a workflow whose round is
 * still running here. This plays the part of the context that flytepropeller's controller ({@code
 * pkg/controller/controller.go}) cancels when its leader elector stops leading.
 */
public final class Leadership {
  private final String identity;
  private final boolean elected;
  private boolean leading;
  private boolean resigned;
  private int inFlight;
  private String leader = "";
  private String lastHolder = "";
  private long transitions;

  private Leadership(String identity, boolean elected, boolean leading) {
    this.identity = identity;
    this.elected = elected;
    this.leading = leading;
  }

  /** Leader election off: this replica leads from the start and until it stops. */
  public static Leadership always() {
    return new Leadership("", false, true);
  }

  /** Leader election on: this replica, known in the lease as {@code identity}, leads only while it holds the lease. */
  public static Leadership elected(String identity) {
    return new Leadership(identity, true, false);
  }

  /** Whether rounds may run now. */
  public synchronized boolean isLeading() {
    return leading;
  }

  /**
   * Opens one round: true while leading, and the round is then counted as running until {@link #end}; false when
   * the round must not run.
   */
  public synchronized boolean begin() {
    if (!leading) {
      return false;
    }
    inFlight++;
    return true;
  }

  /** Closes a round that {@link #begin} opened. */
  public synchronized void end() {
    inFlight--;
    if (inFlight == 0) {
      notifyAll();
    }
  }

  /** This replica acquired the lease: rounds may run from now on (unless it has resigned). */
  public synchronized void startLeading() {
    if (!resigned) {
      leading = true;
    }
  }

  /**
   * This replica no longer holds the lease: no round starts from now on; running ones finish.
   *
   * @return true if the lease was lost (another replica took it, or renewing failed past the deadline), false if
   *     this replica had resigned
   */
  public synchronized boolean stopLeading() {
    leading = false;
    return !resigned;
  }

  /**
   * Stops leading for good and waits up to {@code timeout} for the rounds still running.
   *
   * @return true if no round is running any more
   */
  public synchronized boolean resign(Duration timeout) throws InterruptedException {
    resigned = true;
    leading = false;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (inFlight > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  /**
   * The lease's holder as just observed; empty when it was released. A holder other than the previous one counts as
   * a leadership transition; the first holder this replica sees does not.
   */
  public synchronized void observeLeader(String holder) {
    leader = holder == null ? "" : holder;
    if (leader.isEmpty()) {
      return;
    }
    if (!lastHolder.isEmpty() && !lastHolder.equals(leader)) {
      transitions++;
    }
    lastHolder = leader;
  }

  /** The lease's holder as last observed (empty: none, released, or election off). */
  public synchronized String leader() {
    return leader;
  }

  /** Leadership transitions observed since this replica started. */
  public synchronized long transitions() {
    return transitions;
  }

  /** This replica's identity in the lease (empty with election off). */
  public String identity() {
    return identity;
  }

  /** Whether leader election is on. */
  public boolean isElected() {
    return elected;
  }
}
