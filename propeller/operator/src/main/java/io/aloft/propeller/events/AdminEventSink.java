package io.aloft.propeller.events;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import flyteidl.admin.Event.EventFailureReason;
import flyteidl.admin.Event.NodeExecutionEventRequest;
import flyteidl.admin.Event.TaskExecutionEventRequest;
import flyteidl.admin.Event.WorkflowExecutionEventRequest;
import flyteidl.event.Event.NodeExecutionEvent;
import flyteidl.event.Event.TaskExecutionEvent;
import flyteidl.event.Event.WorkflowExecutionEvent;
import flyteidl.service.AdminServiceGrpc.AdminServiceBlockingStub;
import io.aloft.engine.event.EventException;
import io.aloft.engine.event.EventSink;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Sends the engine's events to admin (flytepropeller events/admin_eventsink.go and flyteidl's events/errors):
 * transient failures (UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED) are retried with exponential back-off
 * ({@code event.max-retries}, {@code event.base-scalar}); refusals are classified for the engine: ALREADY_EXISTS,
 * FAILED_PRECONDITION carrying an EventFailureReason (already in a terminal state, incompatible cluster), NOT_FOUND
 * (execution unknown), INVALID_ARGUMENT; anything else fails the round.
 */
public final class AdminEventSink implements EventSink {
  private final AdminServiceBlockingStub admin;
  private final int maxRetries;
  private final Duration baseScalar;
  private final Duration perCallTimeout;
  private IntConsumer attempts = n -> { };

  public AdminEventSink(AdminServiceBlockingStub admin, int maxRetries, Duration baseScalar, Duration perCallTimeout) {
    this.admin = admin;
    this.maxRetries = maxRetries;
    this.baseScalar = baseScalar;
    this.perCallTimeout = perCallTimeout;
  }

  /** Tells {@code recorder} how many calls each event took, retries included, whether it got through or not. */
  public AdminEventSink recordingAttempts(IntConsumer recorder) {
    this.attempts = recorder;
    return this;
  }

  @Override
  public void workflowEvent(WorkflowExecutionEvent event) throws EventException {
    send(() -> stub().createWorkflowEvent(WorkflowExecutionEventRequest.newBuilder().setEvent(event).build()));
  }

  @Override
  public void nodeEvent(NodeExecutionEvent event) throws EventException {
    send(() -> stub().createNodeEvent(NodeExecutionEventRequest.newBuilder().setEvent(event).build()));
  }

  @Override
  public void taskEvent(TaskExecutionEvent event) throws EventException {
    send(() -> stub().createTaskEvent(TaskExecutionEventRequest.newBuilder().setEvent(event).build()));
  }

  private AdminServiceBlockingStub stub() {
    return admin.withDeadlineAfter(perCallTimeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void send(Supplier<?> call) throws EventException {
    for (int attempt = 0; ; attempt++) {
      try {
        call.get();
        attempts.accept(attempt + 1);
        return;
      } catch (StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        boolean transient_ = code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED
            || code == Status.Code.RESOURCE_EXHAUSTED;
        if (transient_ && attempt < maxRetries) {
          sleep(baseScalar.toMillis() << attempt);
          continue;
        }
        attempts.accept(attempt + 1);
        throw classify(e);
      }
    }
  }

  /**
   * The engine's reading of a refusal (flyteidl clients/go/events/errors WrapError); the admin launcher reads
   * TerminateExecution's refusals with it too.
   */
  public static EventException classify(StatusRuntimeException e) {
    Status.Code code = e.getStatus().getCode();
    String message = e.getStatus().getDescription() == null ? code.name() : e.getStatus().getDescription();
    com.google.rpc.Status details = StatusProto.fromThrowable(e);
    if (details != null) {
      for (Any any : details.getDetailsList()) {
        if (any.is(EventFailureReason.class)) {
          try {
            EventFailureReason reason = any.unpack(EventFailureReason.class);
            if (reason.hasAlreadyInTerminalState()) {
              return new EventException(EventException.Reason.ALREADY_IN_TERMINAL_STATE, message);
            }
            if (reason.hasIncompatibleCluster()) {
              return new EventException(EventException.Reason.INCOMPATIBLE_CLUSTER, message);
            }
          } catch (InvalidProtocolBufferException ignored) {
            // fall through to the code
          }
        }
      }
    }
    return switch (code) {
      case ALREADY_EXISTS -> new EventException(EventException.Reason.ALREADY_EXISTS, message);
      case NOT_FOUND -> new EventException(EventException.Reason.EXECUTION_NOT_FOUND, message);
      case INVALID_ARGUMENT -> new EventException(EventException.Reason.INVALID_ARGUMENT, message);
      default -> new EventException(EventException.Reason.OTHER, code + ": " + message);
    };
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(Math.max(1, millis));
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    }
  }
}
