package io.aloft.propeller.launch;

import flyteidl.admin.Common.ObjectGetRequest;
import flyteidl.admin.ExecutionOuterClass.Execution;
import flyteidl.admin.ExecutionOuterClass.ExecutionCreateRequest;
import flyteidl.admin.ExecutionOuterClass.ExecutionCreateResponse;
import flyteidl.admin.ExecutionOuterClass.ExecutionTerminateRequest;
import flyteidl.admin.ExecutionOuterClass.ExecutionTerminateResponse;
import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetDataRequest;
import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetDataResponse;
import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetRequest;
import flyteidl.admin.Event.NodeExecutionEventRequest;
import flyteidl.admin.Event.NodeExecutionEventResponse;
import flyteidl.admin.Event.TaskExecutionEventRequest;
import flyteidl.admin.Event.TaskExecutionEventResponse;
import flyteidl.admin.Event.WorkflowExecutionEventRequest;
import flyteidl.admin.Event.WorkflowExecutionEventResponse;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlan;
import flyteidl.admin.SignalOuterClass.Signal;
import flyteidl.admin.SignalOuterClass.SignalGetOrCreateRequest;
import flyteidl.service.AdminServiceGrpc;
import flyteidl.service.SignalServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A hand-written admin at the gRPC edge, on a real server on 127.0.0.1: the AdminService and SignalService calls the
 * launcher and the signals make, each answered by a function the test sets (a message, or a thrown
 * {@link StatusRuntimeException} for a refusal), and every request recorded.
 */
final class TestingAdmin implements AutoCloseable {
  volatile Function<ExecutionCreateRequest, ExecutionCreateResponse> create =
      r -> ExecutionCreateResponse.getDefaultInstance();
  volatile Function<WorkflowExecutionGetRequest, Execution> getExecution = r -> Execution.getDefaultInstance();
  volatile Function<WorkflowExecutionGetDataRequest, WorkflowExecutionGetDataResponse> getData =
      r -> WorkflowExecutionGetDataResponse.getDefaultInstance();
  volatile Function<ExecutionTerminateRequest, ExecutionTerminateResponse> terminate =
      r -> ExecutionTerminateResponse.getDefaultInstance();
  volatile Function<ObjectGetRequest, LaunchPlan> getLaunchPlan = r -> LaunchPlan.newBuilder().setId(r.getId())
      .build();
  volatile Function<SignalGetOrCreateRequest, Signal> getOrCreateSignal = r -> Signal.newBuilder().setId(r.getId())
      .setType(r.getType()).build();

  final List<ExecutionCreateRequest> creates = new CopyOnWriteArrayList<>();
  final List<ExecutionTerminateRequest> terminates = new CopyOnWriteArrayList<>();
  final List<SignalGetOrCreateRequest> signalRequests = new CopyOnWriteArrayList<>();
  /** CreateWorkflowEvent, CreateNodeEvent and CreateTaskEvent calls; all answered UNAVAILABLE while {@link #eventsDown}. */
  final AtomicInteger eventCalls = new AtomicInteger();
  volatile boolean eventsDown;
  /** GetExecution calls by execution name. */
  final Map<String, AtomicInteger> executionGets = new ConcurrentHashMap<>();

  private final Server server;
  private final ManagedChannel channel;

  TestingAdmin() throws IOException {
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(new AdminServiceGrpc.AdminServiceImplBase() {
          @Override
          public void createExecution(ExecutionCreateRequest r, StreamObserver<ExecutionCreateResponse> out) {
            creates.add(r);
            answer(out, () -> create.apply(r));
          }

          @Override
          public void getExecution(WorkflowExecutionGetRequest r, StreamObserver<Execution> out) {
            executionGets.computeIfAbsent(r.getId().getName(), k -> new AtomicInteger()).incrementAndGet();
            answer(out, () -> getExecution.apply(r));
          }

          @Override
          public void getExecutionData(WorkflowExecutionGetDataRequest r,
              StreamObserver<WorkflowExecutionGetDataResponse> out) {
            answer(out, () -> getData.apply(r));
          }

          @Override
          public void terminateExecution(ExecutionTerminateRequest r, StreamObserver<ExecutionTerminateResponse> out) {
            terminates.add(r);
            answer(out, () -> terminate.apply(r));
          }

          @Override
          public void createWorkflowEvent(WorkflowExecutionEventRequest r,
              StreamObserver<WorkflowExecutionEventResponse> out) {
            event(out, WorkflowExecutionEventResponse.getDefaultInstance());
          }

          @Override
          public void createNodeEvent(NodeExecutionEventRequest r, StreamObserver<NodeExecutionEventResponse> out) {
            event(out, NodeExecutionEventResponse.getDefaultInstance());
          }

          @Override
          public void createTaskEvent(TaskExecutionEventRequest r, StreamObserver<TaskExecutionEventResponse> out) {
            event(out, TaskExecutionEventResponse.getDefaultInstance());
          }

          @Override
          public void getLaunchPlan(ObjectGetRequest r, StreamObserver<LaunchPlan> out) {
            answer(out, () -> getLaunchPlan.apply(r));
          }
        })
        .addService(new SignalServiceGrpc.SignalServiceImplBase() {
          @Override
          public void getOrCreateSignal(SignalGetOrCreateRequest r, StreamObserver<Signal> out) {
            signalRequests.add(r);
            answer(out, () -> getOrCreateSignal.apply(r));
          }
        })
        .build().start();
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
  }

  private <T> void event(StreamObserver<T> out, T accepted) {
    eventCalls.incrementAndGet();
    answer(out, () -> {
      if (eventsDown) {
        throw Status.UNAVAILABLE.withDescription("admin is down").asRuntimeException();
      }
      return accepted;
    });
  }

  private static <T> void answer(StreamObserver<T> out, java.util.function.Supplier<T> body) {
    T value;
    try {
      value = body.get();
    } catch (StatusRuntimeException e) {
      out.onError(e);
      return;
    }
    out.onNext(value);
    out.onCompleted();
  }

  int port() {
    return server.getPort();
  }

  int executionGets(String name) {
    AtomicInteger n = executionGets.get(name);
    return n == null ? 0 : n.get();
  }

  AdminServiceGrpc.AdminServiceBlockingStub adminStub() {
    return AdminServiceGrpc.newBlockingStub(channel);
  }

  SignalServiceGrpc.SignalServiceBlockingStub signalStub() {
    return SignalServiceGrpc.newBlockingStub(channel);
  }

  @Override
  public void close() {
    channel.shutdownNow();
    server.shutdownNow();
  }
}
