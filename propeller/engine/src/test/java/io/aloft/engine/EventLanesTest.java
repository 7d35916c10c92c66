package io.aloft.engine;

import static io.aloft.engine.TestWorkflows.INT;
import static io.aloft.engine.TestWorkflows.inputs;
import static io.aloft.engine.TestWorkflows.intLit;
import static io.aloft.engine.TestWorkflows.promise;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import flyteidl.event.Event.NodeExecutionEvent;
import flyteidl.event.Event.TaskExecutionEvent;
import flyteidl.event.Event.WorkflowExecutionEvent;
import io.aloft.engine.event.EventException;
import io.aloft.engine.event.EventLanes;
import io.aloft.engine.event.EventSink;
import io.aloft.engine.status.NodePhase;
import io.aloft.engine.status.StatusJson;
import io.aloft.engine.status.WorkflowPhase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** {@link EventLanes}: concurrency across lanes, order within one, the limit, refusals, and the round's waits. */
class EventLanesTest {
  private static final ExecutorService THREADS = Executors.newVirtualThreadPerTaskExecutor();

  @AfterAll
  static void stop() {
    THREADS.shutdownNow();
  }

  @Test
  void lanesGoSideBySideAndEachKeepsItsOrder() {
    EventLanes lanes = new EventLanes(THREADS, 8);
    CyclicBarrier allThree = new CyclicBarrier(3);
    List<String> sent = Collections.synchronizedList(new ArrayList<>());
    for (String lane : List.of("a", "b", "c")) {
      // the first event of each lane returns only once all three are in flight together
      lanes.submit(lane, () -> {
        await(allThree);
        sent.add(lane + "1");
      }, e -> e.getMessage());
      lanes.submit(lane, () -> sent.add(lane + "2"), e -> e.getMessage());
      lanes.submit(lane, () -> sent.add(lane + "3"), e -> e.getMessage());
    }

    lanes.flush();

    assertThat(sent).hasSize(9);
    for (String lane : List.of("a", "b", "c")) {
      assertThat(sent.stream().filter(s -> s.startsWith(lane)).toList())
          .containsExactly(lane + "1", lane + "2", lane + "3");
    }
  }

  @Test
  void noMoreThanTheLimitAreInFlight() {
    EventLanes lanes = new EventLanes(THREADS, 2);
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    for (int i = 0; i < 12; i++) {
      lanes.submit("lane" + i, () -> {
        most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        sleep(20);
        inFlight.decrementAndGet();
      }, e -> e.getMessage());
    }

    lanes.flush();

    assertThat(most.get()).isEqualTo(2);
  }

  @Test
  void aRefusalTheRoundCannotAbsorbEndsItsLaneAndFailsTheFlush() {
    EventLanes lanes = new EventLanes(THREADS, 8);
    List<String> sent = Collections.synchronizedList(new ArrayList<>());
    lanes.submit("a", () -> {
      throw new EventException(EventException.Reason.OTHER, "admin unavailable");
    }, e -> e.getMessage());
    lanes.submit("a", () -> sent.add("a2"), e -> e.getMessage());
    lanes.submit("b", () -> sent.add("b1"), e -> e.getMessage());

    assertThatThrownBy(lanes::flush).isInstanceOf(EventLanes.DeferredRefusal.class)
        .hasMessageContaining("admin unavailable");
    assertThat(sent).containsExactly("b1");
  }

  @Test
  void alreadyRecordedEventsLetTheLaneGoOnAndTheirHandlerDecides() {
    EventLanes lanes = new EventLanes(THREADS, 8);
    List<String> sent = Collections.synchronizedList(new ArrayList<>());
    List<EventException.Reason> handled = new ArrayList<>();
    lanes.submit("a", () -> {
      throw new EventException(EventException.Reason.ALREADY_EXISTS, "seen");
    }, e -> {
      handled.add(e.reason());
      return null;
    });
    lanes.submit("a", () -> sent.add("a2"), e -> e.getMessage());

    lanes.flush();

    assertThat(sent).containsExactly("a2");
    assertThat(handled).containsExactly(EventException.Reason.ALREADY_EXISTS);
  }

  @Test
  void nestedNodesAndTasksShareTheirTopLevelNodesLane() {
    EventLanes lanes = new EventLanes(THREADS, 8);

    assertThat(lanes.laneOfNode("n0", null)).isEqualTo("n0");
    assertThat(lanes.laneOfNode("n0-0-n1", "n0")).isEqualTo("n0");
    assertThat(lanes.laneOfNode("n0-0-n1-0-n2", "n0-0-n1")).isEqualTo("n0");
    assertThat(lanes.laneOfTask("n0-0-n1-0-n2")).isEqualTo("n0");
    assertThat(lanes.laneOfNode("n3", null)).isEqualTo("n3");
    // a child whose parent reported in an earlier round: the parent's id is the lane
    assertThat(lanes.laneOfNode("n4-0-n1", "n4")).isEqualTo("n4");
  }

  @Test
  void theRoundEndsOnlyOnceAdminAnsweredEveryEventAndTheWorkflowEventWaitsForTheNodes() throws Exception {
    SlowSink sink = new SlowSink();
    TestWorkflows.Wf wf = new TestWorkflows.Wf("wf.lanes").input("x", INT);
    for (int i = 0; i < 6; i++) {
      wf.node("n" + i, WorkflowExecutorTest.echo("t" + i, Map.of("x", INT)), Map.of("x", promise("start-node", "x")));
    }
    ExecutionContext ctx = wf.output("o", INT, promise("n0", "x")).context("exec-lanes", inputs("x", intLit(1)), 0);
    WorkflowExecutor executor = new WorkflowExecutor(EngineConfig.defaults("s3://bucket"),
        new io.aloft.engine.plugin.PluginRegistry(List.of(new io.aloft.engine.plugin.EchoPlugin())),
        new io.aloft.engine.data.InMemoryBlobStore(), sink, new ManualClock()).withEventConcurrency(THREADS, 8);

    RoundResult r = null;
    for (int i = 0; i < 20 && (r == null || !r.terminal()); i++) {
      ctx = ctx.withStatus(StatusJson.copy(ctx.status()));
      r = executor.round(ctx);
      // what the caller persists next was acknowledged: nothing of this round is still on its way
      assertThat(sink.inFlight.get()).isZero();
    }

    assertThat(r.phase()).isEqualTo(WorkflowPhase.SUCCESS);
    assertThat(sink.mostInFlight.get()).isGreaterThan(1);
    int lastNodeEvent = -1;
    int firstTerminalWorkflowEvent = -1;
    for (int i = 0; i < sink.order.size(); i++) {
      Object e = sink.order.get(i);
      if (e instanceof NodeExecutionEvent) {
        lastNodeEvent = i;
      } else if (e instanceof WorkflowExecutionEvent w && firstTerminalWorkflowEvent < 0
          && w.getPhase() == flyteidl.core.Execution.WorkflowExecution.Phase.SUCCEEDING) {
        firstTerminalWorkflowEvent = i;
      }
    }
    assertThat(firstTerminalWorkflowEvent).isGreaterThan(lastNodeEvent);
  }

  @Test
  void aNodeEventRejectedAsInvalidStillFailsTheNodeWhenTheRoundIsEvaluatedAgainOneByOne() throws Exception {
    Harness.eventConcurrency = 8;
    try {
      Harness h = new Harness(WorkflowExecutorTest.single("wf.lanes.invalid")
          .context("exec-lanes-invalid", inputs("x", intLit(1)), 0));
      h.sink.refuseAlways.put("node:n0:QUEUED", EventException.Reason.INVALID_ARGUMENT);

      assertThat(h.untilQuiet().phase()).isEqualTo(WorkflowPhase.FAILED);

      assertThat(h.roundsAgain).isEqualTo(1);
      assertThat(h.ctx.status().nodeStatus.get("n0").phase).isEqualTo(NodePhase.FAILED);
      assertThat(h.ctx.status().nodeStatus.get("n0").error.code).isEqualTo("EventRecordingFailed");
    } finally {
      Harness.eventConcurrency = 1;
    }
  }

  /** Admin taking a few ms per node event, recording the order events were accepted in and how many overlapped. */
  private static final class SlowSink implements EventSink {
    final List<Object> order = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger mostInFlight = new AtomicInteger();

    @Override
    public void workflowEvent(WorkflowExecutionEvent event) {
      order.add(event);
    }

    @Override
    public void nodeEvent(NodeExecutionEvent event) {
      mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      sleep(15);
      order.add(event);
      inFlight.decrementAndGet();
    }

    @Override
    public void taskEvent(TaskExecutionEvent event) {
      inFlight.incrementAndGet();
      sleep(5);
      order.add(event);
      inFlight.decrementAndGet();
    }
  }

  private static void await(CyclicBarrier b) {
    try {
      b.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
      throw new IllegalStateException("the three lanes were not in flight together", e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
