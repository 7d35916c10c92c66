package io.aloft.admin.manager;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * Records that launches' workflow resources were created ({@code executions.resource_created}), the launches of
 * the moment in one statement: whoever finds no write running writes every id queued so far, the others return at
 * once (a group commit), so concurrent launches share one transaction instead of paying one each.
 *
 * <p>A mark written late or lost (admin stopping, the database failing) is harmless: the launch repair finds the
 * row, creates the resource again, takes the API server's AlreadyExists as created and sets the flag then.
 */
@ApplicationScoped
public class ResourceCreatedMarks {
  private static final Logger LOG = Logger.getLogger(ResourceCreatedMarks.class);

  @Inject
  EntityManager em;

  private final ConcurrentLinkedQueue<Long> pending = new ConcurrentLinkedQueue<>();
  private final ReentrantLock writing = new ReentrantLock();

  /**
   * Marks execution row {@code rowId}: written before this returns unless another launch's write is running, which
   * then writes it right after its own.
   */
  void mark(long rowId) {
    pending.add(rowId);
    // Re-checked after each write: an id queued while the lock was held is written by the holder's next round.
    while (!pending.isEmpty() && writing.tryLock()) {
      try {
        write();
      } finally {
        writing.unlock();
      }
    }
  }

  private void write() {
    List<Long> ids = new ArrayList<>();
    for (Long id = pending.poll(); id != null; id = pending.poll()) {
      ids.add(id);
    }
    if (ids.isEmpty()) {
      return;
    }
    try {
      QuarkusTransaction.requiringNew().run(() -> em.unwrap(Session.class).doWork(c -> {
        try (PreparedStatement ps = c.prepareStatement(
            "UPDATE executions SET resource_created = true WHERE id = ANY(?)")) {
          ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
          ps.executeUpdate();
        }
      }));
    } catch (RuntimeException e) {
      LOG.warnf("could not record that %d workflow resources were created (%s); the launch repair will",
          ids.size(), e.getMessage());
    }
  }
}
