package io.aloft.sandbox.chaos;

import flyteidl.admin.ExecutionOuterClass.ExecutionCreateRequest;
import flyteidl.admin.ExecutionOuterClass.ExecutionSpec;
import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetDataRequest;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.service.AdminServiceGrpc;
import flyteidl.service.AdminServiceGrpc.AdminServiceBlockingStub;
import io.aloft.sandbox.LocalStack;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The chaos driver: on a running {@link LocalStack}, launches executions of {@link ChaosWorkflow} through admin's gRPC
 * API (each with its own input), strikes with a {@link ChaosFault} once a third of them are launched, waits until
 * every one is terminal and then counts ({@link ChaosCounts}) what admin, the pods and the outputs show.
 *
 * <p>Pods are not run here: the caller runs them with a pod controller that calls {@link #task} as the task's code
 * and reads and writes through {@link #read}/{@link #write}, which is how the driver counts work done twice.
 */
public final class ChaosRun implements AutoCloseable {
  private static final Set<Status.Code> TRANSIENT = Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED,
      Status.Code.INTERNAL, Status.Code.UNKNOWN, Status.Code.ABORTED, Status.Code.RESOURCE_EXHAUSTED);
  private final LocalStack stack;
  private final ManagedChannel channel;
  private final AdminServiceBlockingStub admin;
  private final PatientStorage storage;
  private final AdminRecords records;
  private final Map<String, AtomicInteger> taskRuns = new ConcurrentHashMap<>();

  /**
   * How many executions, how often or how long the fault strikes, at most how many times a repeating fault strikes
   * (0: until every execution is terminal), and how long to wait for the executions.
   */
  public record Settings(int executions, Duration fault, int strikes, Duration timeout) {}

  public ChaosRun(LocalStack stack) {
    this.stack = stack;
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", stack.adminGrpcPort()).usePlaintext().build();
    admin = AdminServiceGrpc.newBlockingStub(channel);
    storage = new PatientStorage(stack.s3());
    records = new AdminRecords(stack.postgres());
  }

  /** The task's code, as the pod of execution {@code execution} runs it: counted, then its outputs. */
  public LiteralMap task(LiteralMap inputs, String execution) {
    taskRuns.computeIfAbsent(execution, e -> new AtomicInteger()).incrementAndGet();
    return ChaosWorkflow.compute(inputs);
  }

  /** The object at {@code uri} (null if none), waiting out an S3 outage. */
  public byte[] read(String uri) {
    return storage.read(uri);
  }

  /** Writes the object at {@code uri}, waiting out an S3 outage. */
  public void write(String uri, byte[] bytes) {
    storage.write(uri, bytes);
  }

  /** Runs one scenario: executions named {@code prefix-0 ...}, {@code fault} striking while they run. */
  public ChaosCounts run(ChaosFault fault, String prefix, Settings settings) throws Exception {
    Identifier lp = ChaosWorkflow.register(admin);
    Map<String, Long> launched = new ConcurrentHashMap<>();
    AtomicInteger retries = new AtomicInteger();
    AtomicBoolean finished = new AtomicBoolean();
    AtomicReference<Throwable> faultError = new AtomicReference<>();
    AtomicInteger faults = new AtomicInteger();
    Instant start = Instant.now();
    Instant deadline = start.plus(settings.timeout());
    int third = Math.max(1, settings.executions() / 3);
    Thread striker = Thread.ofPlatform().name("chaos-" + fault.label()).start(() -> {
      try {
        while (launched.size() < third && !finished.get()) {
          Thread.sleep(50);
        }
        faults.set(fault.inject(stack, settings.fault(), settings.strikes(), finished::get));
      } catch (Throwable t) {
        faultError.set(t);
      }
    });

    ExecutorService launcher = Executors.newFixedThreadPool(4);
    for (int i = 0; i < settings.executions(); i++) {
      String name = prefix + "-" + i;
      long x = 1000L + i;
      launcher.submit(() -> {
        if (launch(lp, name, x, deadline, retries)) {
          launched.put(name, x);
        }
      });
    }
    launcher.shutdown();
    launcher.awaitTermination(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);

    while (Instant.now().isBefore(deadline) && terminal(prefix) < launched.size()) {
      Thread.sleep(1000);
    }
    Duration wall = Duration.between(start, Instant.now());
    finished.set(true);
    striker.join();
    if (faultError.get() != null) {
      throw new IllegalStateException(fault.label() + " failed to strike", faultError.get());
    }
    return count(fault.label(), prefix, settings.executions(), launched, retries.get(), faults.get(), wall);
  }

  /**
   * Creates execution {@code name}, trying again after a transient failure (a dead admin replica, a database
   * restart) as a client would; ALREADY_EXISTS on a second try means the first one got through.
   */
  private boolean launch(Identifier lp, String name, long x, Instant deadline, AtomicInteger retries) {
    ExecutionCreateRequest request = ExecutionCreateRequest.newBuilder().setProject(ChaosWorkflow.PROJECT)
        .setDomain(ChaosWorkflow.DOMAIN).setName(name).setSpec(ExecutionSpec.newBuilder().setLaunchPlan(lp))
        .setInputs(ChaosWorkflow.inputs(x)).build();
    for (int attempt = 0; ; attempt++) {
      try {
        admin.withDeadlineAfter(30, TimeUnit.SECONDS).createExecution(request);
        return true;
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() == Status.Code.ALREADY_EXISTS && attempt > 0) {
          return true;
        }
        if (!TRANSIENT.contains(e.getStatus().getCode()) || Instant.now().isAfter(deadline)) {
          System.err.println("chaos: launching " + name + " failed: " + e.getStatus());
          return false;
        }
        retries.incrementAndGet();
        try {
          Thread.sleep(500);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
  }

  /** Terminal executions of the scenario; 0 while the database cannot be reached. */
  private int terminal(String prefix) {
    try {
      return records.terminal(prefix);
    } catch (SQLException e) {
      return 0;
    }
  }

  private ChaosCounts count(String scenario, String prefix, int executions, Map<String, Long> launched, int retries,
      int faults, Duration wall) throws SQLException {
    Map<String, String> phases = records.phases(prefix);
    int succeeded = 0;
    int failed = 0;
    int notTerminal = 0;
    int wrong = 0;
    for (Map.Entry<String, String> e : phases.entrySet()) {
      switch (e.getValue()) {
        case "SUCCEEDED" -> {
          succeeded++;
          if (!launched.containsKey(e.getKey()) || !correctOutputs(e.getKey(), launched.get(e.getKey()))) {
            wrong++;
          }
        }
        case "FAILED", "ABORTED", "TIMED_OUT" -> failed++;
        default -> notTerminal++;
      }
    }
    int unexpected = (int) phases.keySet().stream().filter(n -> !launched.containsKey(n)).count();
    int runs = 0;
    int duplicateRuns = 0;
    for (Map.Entry<String, AtomicInteger> e : taskRuns.entrySet()) {
      if (e.getKey().startsWith(prefix + "-")) {
        runs += e.getValue().get();
        duplicateRuns += Math.max(0, e.getValue().get() - 1);
      }
    }
    return new ChaosCounts(scenario, executions, launched.size(), retries, phases.size(), unexpected, succeeded,
        failed, notTerminal, wrong, runs, duplicateRuns, records.extraAttempts(prefix), records.stale(prefix), faults,
        wall);
  }

  private boolean correctOutputs(String name, long x) {
    LiteralMap outputs = admin.getExecutionData(WorkflowExecutionGetDataRequest.newBuilder()
        .setId(WorkflowExecutionIdentifier.newBuilder().setProject(ChaosWorkflow.PROJECT)
            .setDomain(ChaosWorkflow.DOMAIN).setName(name)).build()).getFullOutputs();
    return ChaosWorkflow.correct(outputs, x);
  }

  @Override
  public void close() {
    channel.shutdownNow();
    storage.close();
  }
}
