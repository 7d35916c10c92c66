package io.aloft.admin.manager;

import java.sql.SQLException;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Re-running a transaction that lost a race to a concurrent one: two events creating the same node execution (the
 * unique key refuses the second insert), or a serialization failure or deadlock. The second run sees the winner's
 * row and takes the update path, so concurrent duplicates give one row and no lost update.
 */
final class Races {
  static final int ATTEMPTS = 5;
  private static final String UNIQUE_VIOLATION = "23505";
  // unique_violation, serialization_failure, deadlock_detected
  private static final Set<String> RACE_STATES = Set.of(UNIQUE_VIOLATION, "40001", "40P01");

  private Races() {}

  /** Runs {@code transaction} (which must start its own transaction) until it does not lose a race. */
  static <T> T retrying(Supplier<T> transaction) {
    for (int attempt = 1; ; attempt++) {
      try {
        return transaction.get();
      } catch (RuntimeException e) {
        if (attempt >= ATTEMPTS || !lostRace(e)) {
          throw e;
        }
      }
    }
  }

  /** Whether {@code e} was caused by a database refusal that a re-run resolves. */
  static boolean lostRace(Throwable e) {
    return causedBy(e, RACE_STATES);
  }

  /** Whether {@code e} was caused by a unique constraint (a concurrent insert of the same key won). */
  static boolean uniqueViolation(Throwable e) {
    return causedBy(e, Set.of(UNIQUE_VIOLATION));
  }

  private static boolean causedBy(Throwable e, Set<String> sqlStates) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null && sqlStates.contains(sql.getSQLState())) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
