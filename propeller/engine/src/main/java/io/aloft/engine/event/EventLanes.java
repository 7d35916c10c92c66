package io.aloft.engine.event;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

/**
 * The node and task events of one round, sent concurrently instead of one call after another. Each top-level node
 * has a lane: its events, its task's events and those of every node nested under it (sub-workflow, dynamic and
 * array children, whose events admin only accepts after their parent's) go out in the order the round produced them,
 * one at a time; different lanes go out side by side, at most {@code limit} calls at once.
 *
 * <p>The guarantee is the synchronous one: the round waits for every lane ({@link #flush()}) before it reports a
 * workflow phase and before it ends, and the status saying a phase was reached is written only after that. A crash
 * before the write loses no event that the persisted status claims, and repeats at most the events of the lost round,
 * which admin answers ALREADY_EXISTS. A refusal is handled on the round's thread at the flush, by the handler the
 * event was submitted with; one that a synchronous round would have acted on in the middle of the round (a node event
 * rejected as invalid, admin unreachable past the sink's retries) ends the lane and fails the flush with
 * {@link DeferredRefusal}: the caller discards the round and evaluates it again with events sent one by one.
 */
public final class EventLanes {
  /** One send of one event. */
  @FunctionalInterface
  public interface Send {
    void send() throws EventException;
  }

  /**
   * What the round does with a refusal, on its own thread at the flush: null when handled, else the message of the
   * refusal that the round cannot absorb.
   */
  @FunctionalInterface
  public interface OnRefusal {
    String handle(EventException e);
  }

  /** A refusal a synchronous round would have acted on mid-round: evaluate the round again, events one by one. */
  public static final class DeferredRefusal extends RuntimeException {
    public DeferredRefusal(String message) {
      super(message);
    }
  }

  private record Refused(EventException error, OnRefusal handler) {}

  private final Executor executor;
  private final Semaphore calls;
  private final Map<String, String> laneOf = new HashMap<>();
  private final Map<String, CompletableFuture<Void>> lanes = new HashMap<>();
  private final ConcurrentLinkedQueue<Refused> refused = new ConcurrentLinkedQueue<>();

  /** Lanes whose sends run on {@code executor}, at most {@code limit} at once. */
  public EventLanes(Executor executor, int limit) {
    this.executor = executor;
    this.calls = new Semaphore(Math.max(1, limit));
  }

  /**
   * The lane of node {@code eventNodeId}: its parent's lane when it has one ({@code parentNodeId}, its unique id),
   * else its own.
   */
  public String laneOfNode(String eventNodeId, String parentNodeId) {
    String lane = parentNodeId == null ? eventNodeId : laneOf.getOrDefault(parentNodeId, parentNodeId);
    laneOf.putIfAbsent(eventNodeId, lane);
    return lane;
  }

  /** The lane of the node whose task reports: the node's. */
  public String laneOfTask(String eventNodeId) {
    return laneOf.getOrDefault(eventNodeId, eventNodeId);
  }

  /** Sends {@code send} after every event submitted to {@code lane} before it; a refusal goes to {@code onRefusal}. */
  public void submit(String lane, Send send, OnRefusal onRefusal) {
    CompletableFuture<Void> before = lanes.getOrDefault(lane, CompletableFuture.completedFuture(null));
    lanes.put(lane, before.thenComposeAsync(ignored -> call(send, onRefusal), executor));
  }

  private CompletableFuture<Void> call(Send send, OnRefusal onRefusal) {
    calls.acquireUninterruptibly();
    try {
      send.send();
      return CompletableFuture.completedFuture(null);
    } catch (EventException e) {
      refused.add(new Refused(e, onRefusal));
      return continues(e) ? CompletableFuture.completedFuture(null) : stopped(e);
    } catch (RuntimeException e) {
      EventException wrapped = new EventException(EventException.Reason.OTHER, String.valueOf(e.getMessage()));
      refused.add(new Refused(wrapped, ex -> ex.getMessage()));
      return stopped(wrapped);
    } finally {
      calls.release();
    }
  }

  /** A lane goes on past refusals that only say the event was there already. */
  private static boolean continues(EventException e) {
    return e.reason() == EventException.Reason.ALREADY_EXISTS
        || e.reason() == EventException.Reason.ALREADY_IN_TERMINAL_STATE;
  }

  private static CompletableFuture<Void> stopped(EventException e) {
    return CompletableFuture.failedFuture(e);
  }

  /**
   * Waits for every lane, then hands each refusal to its handler in the order they came back; throws
   * {@link DeferredRefusal} with the first one no handler absorbed.
   */
  public void flush() {
    List<CompletableFuture<Void>> pending = new ArrayList<>(lanes.values());
    lanes.clear();
    for (CompletableFuture<Void> lane : pending) {
      try {
        lane.join();
      } catch (RuntimeException stoppedLane) {
        // the refusal that stopped it is in the queue
      }
    }
    String fatal = null;
    for (Refused r; (r = refused.poll()) != null; ) {
      String message = r.handler().handle(r.error());
      if (message != null && fatal == null) {
        fatal = message;
      }
    }
    if (fatal != null) {
      throw new DeferredRefusal(fatal);
    }
  }

  /** Waits for every lane without acting on refusals: the round failed and is discarded anyway. */
  public void drain() {
    for (CompletableFuture<Void> lane : lanes.values()) {
      try {
        lane.join();
      } catch (RuntimeException ignored) {
        // discarded with the round
      }
    }
    lanes.clear();
    refused.clear();
  }
}
