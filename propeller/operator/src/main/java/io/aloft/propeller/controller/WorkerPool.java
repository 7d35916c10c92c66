package io.aloft.propeller.controller;

import io.aloft.propeller.leader.Leadership;
import io.aloft.propeller.threads.DaemonThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Worker threads over the work queue (flytepropeller {@code controller/workers.go}): each takes a workflow key,
 * hands it to the handler, and queues it again as the handler asks. Every round passes the {@link Leadership} gate:
 * a replica that does not lead drops the keys it is given instead of queueing them, and a key that was queued while
 * it led (a delayed re-add, a back-off) is dropped when a worker takes it. So a follower evaluates nothing, and a
 * leader that lost its lease starts no further round.
 */
final class WorkerPool {
  private static final Logger LOG = Logger.getLogger(WorkerPool.class);

  /** One evaluation of one workflow. */
  interface Handler {
    /** Evaluates the workflow {@code namespace/name} and says what the queue should do with its key next. */
    WorkflowHandler.Next handle(String namespace, String name);
  }

  private final WorkQueue queue;
  private final int size;
  private final Leadership leadership;
  private final Handler handler;
  private final AtomicInteger busy = new AtomicInteger();
  private final List<Thread> threads = new ArrayList<>();

  WorkerPool(WorkQueue queue, int size, Leadership leadership, Handler handler) {
    this.queue = queue;
    this.size = size;
    this.leadership = leadership;
    this.handler = handler;
  }

  /** Starts the worker threads (daemons; they end when the queue is closed). */
  void start() {
    for (int i = 0; i < size; i++) {
      threads.add(DaemonThreads.start("aloft-worker-" + i, this::work));
    }
  }

  /** Queues the workflow {@code namespace/name}, only while this replica leads. */
  void enqueue(String namespace, String name) {
    if (leadership.isLeading()) {
      queue.add(namespace + "/" + name);
    }
  }

  /** Workers running a round now. */
  int busy() {
    return busy.get();
  }

  WorkQueue queue() {
    return queue;
  }

  private void work() {
    while (true) {
      String key;
      try {
        key = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (key == null) {
        return;
      }
      if (!leadership.begin()) {
        queue.forget(key);
        queue.done(key);
        continue;
      }
      busy.incrementAndGet();
      try {
        evaluate(key);
      } finally {
        busy.decrementAndGet();
        queue.done(key);
        leadership.end();
      }
    }
  }

  private void evaluate(String key) {
    try {
      int slash = key.indexOf('/');
      WorkflowHandler.Next next = handler.handle(key.substring(0, slash), key.substring(slash + 1));
      switch (next) {
        case WAIT -> queue.forget(key);
        case AGAIN -> {
          queue.forget(key);
          queue.add(key);
        }
        case BACK_OFF -> queue.addRateLimited(key);
      }
    } catch (RuntimeException | Error e) {
      LOG.errorf(e, "worker failed on %s", key);
      queue.addRateLimited(key);
    }
  }
}
