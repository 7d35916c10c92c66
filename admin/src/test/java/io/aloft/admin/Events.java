package io.aloft.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import flyteidl.admin.Event.EventFailureReason;
import flyteidl.admin.Event.NodeExecutionEventRequest;
import flyteidl.admin.Event.TaskExecutionEventRequest;
import flyteidl.admin.Event.WorkflowExecutionEventRequest;
import flyteidl.core.Execution.NodeExecution;
import flyteidl.core.Execution.TaskExecution;
import flyteidl.core.Execution.WorkflowExecution;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.NodeExecutionIdentifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import flyteidl.core.IdentifierOuterClass.TaskExecutionIdentifier;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import flyteidl.event.Event.NodeExecutionEvent;
import flyteidl.event.Event.TaskExecutionEvent;
import flyteidl.event.Event.WorkflowExecutionEvent;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Events as propeller sends them, and assertions on how admin refuses them. */
final class Events {
  /** The cluster test executions run in, and the producer id of the events sent for them. */
  static final String CLUSTER = "default";

  private Events() {}

  /** A timestamp {@code seconds} after a fixed origin. */
  static Timestamp at(long seconds) {
    return Timestamp.newBuilder().setSeconds(1_750_000_000L + seconds).build();
  }

  static WorkflowExecutionEventRequest workflow(WorkflowExecutionIdentifier id, WorkflowExecution.Phase phase,
      long t) {
    return workflow(WorkflowExecutionEvent.newBuilder().setExecutionId(id).setPhase(phase).setOccurredAt(at(t))
        .setProducerId(CLUSTER));
  }

  static WorkflowExecutionEventRequest workflow(WorkflowExecutionEvent.Builder event) {
    return WorkflowExecutionEventRequest.newBuilder().setRequestId("wf").setEvent(event).build();
  }

  static NodeExecutionIdentifier nodeId(WorkflowExecutionIdentifier execution, String nodeId) {
    return NodeExecutionIdentifier.newBuilder().setExecutionId(execution).setNodeId(nodeId).build();
  }

  /** A node event of event version 1 as propeller sends it. */
  static NodeExecutionEvent.Builder node(WorkflowExecutionIdentifier execution, String nodeId,
      NodeExecution.Phase phase, long t) {
    return NodeExecutionEvent.newBuilder().setId(nodeId(execution, nodeId)).setPhase(phase).setOccurredAt(at(t))
        .setReportedAt(at(t)).setProducerId(CLUSTER).setEventVersion(1).setSpecNodeId(nodeId)
        .setNodeName(nodeId);
  }

  static NodeExecutionEventRequest request(NodeExecutionEvent.Builder event) {
    return NodeExecutionEventRequest.newBuilder().setRequestId("node").setEvent(event).build();
  }

  static Identifier taskId(String project, String name) {
    return Identifier.newBuilder().setResourceType(ResourceType.TASK).setProject(project).setDomain("development")
        .setName(name).setVersion("v1").build();
  }

  /** A task event of event version 1 as propeller sends it. */
  static TaskExecutionEvent.Builder task(NodeExecutionIdentifier node, Identifier task, int attempt,
      TaskExecution.Phase phase, int phaseVersion, long t) {
    return TaskExecutionEvent.newBuilder().setParentNodeExecutionId(node).setTaskId(task).setRetryAttempt(attempt)
        .setPhase(phase).setPhaseVersion(phaseVersion).setOccurredAt(at(t)).setReportedAt(at(t))
        .setProducerId(CLUSTER).setEventVersion(1).setTaskType("python-task");
  }

  static TaskExecutionEventRequest request(TaskExecutionEvent.Builder event) {
    return TaskExecutionEventRequest.newBuilder().setRequestId("task").setEvent(event).build();
  }

  static TaskExecutionIdentifier taskExecutionId(NodeExecutionIdentifier node, Identifier task, int attempt) {
    return TaskExecutionIdentifier.newBuilder().setNodeExecutionId(node).setTaskId(task).setRetryAttempt(attempt)
        .build();
  }

  /** {@code {name: value}} as a literal map of one integer. */
  static LiteralMap ints(String name, long value) {
    return LiteralMap.newBuilder().putLiterals(name, Literal.newBuilder().setScalar(Scalar.newBuilder()
        .setPrimitive(Primitive.newBuilder().setInteger(value))).build()).build();
  }

  /** {@code {name: value}} as a literal map of one string. */
  static LiteralMap string(String name, String value) {
    return LiteralMap.newBuilder().putLiterals(name, Literal.newBuilder().setScalar(Scalar.newBuilder()
        .setPrimitive(Primitive.newBuilder().setStringValue(value))).build()).build();
  }

  /** Asserts {@code call} fails with FAILED_PRECONDITION carrying an EventFailureReason, and returns the reason. */
  static EventFailureReason assertFailureReason(ThrowingCallable call, String text) {
    List<EventFailureReason> reasons = new ArrayList<>();
    assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(e.getStatus().getDescription()).contains(text);
      com.google.rpc.Status details = StatusProto.fromThrowable(e);
      assertThat(details).isNotNull();
      assertThat(details.getDetailsList()).hasSize(1);
      try {
        reasons.add(details.getDetails(0).unpack(EventFailureReason.class));
      } catch (InvalidProtocolBufferException ex) {
        throw new AssertionError(ex);
      }
    });
    return reasons.get(0);
  }

  /** Asserts {@code call} fails with FAILED_PRECONDITION and no details (a plain impossible transition). */
  static void assertPlainPrecondition(ThrowingCallable call, String text) {
    assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(e.getStatus().getDescription()).contains(text);
      com.google.rpc.Status details = StatusProto.fromThrowable(e);
      assertThat(details == null ? List.of() : details.getDetailsList()).isEmpty();
    });
  }

  /**
   * Sends {@code call} from {@code threads} threads at once and returns the status code each got (OK for a
   * success).
   */
  static List<Status.Code> concurrently(int threads, Callable<?> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Status.Code>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(pool.submit(() -> {
          start.await();
          try {
            call.call();
            return Status.Code.OK;
          } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
          }
        }));
      }
      start.countDown();
      List<Status.Code> codes = new ArrayList<>();
      for (Future<Status.Code> f : results) {
        codes.add(f.get(60, TimeUnit.SECONDS));
      }
      return codes;
    } finally {
      pool.shutdownNow();
    }
  }
}
