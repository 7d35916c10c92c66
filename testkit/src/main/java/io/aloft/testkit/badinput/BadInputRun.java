package io.aloft.testkit.badinput;

import com.google.protobuf.Descriptors;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Sends a corpus to a service as raw bytes (the server parses them) and judges each answer: never UNKNOWN, never
 * INTERNAL or any other server-side status, a rejection carries a message, and a rejected request leaves the
 * database as it was ({@code fingerprint}, taken before and after each call).
 */
public final class BadInputRun {
  /** What a client's bad input may get back; RESOURCE_EXHAUSTED only for a message over the size limit. */
  static final Set<Status.Code> REJECTIONS = EnumSet.of(Status.Code.INVALID_ARGUMENT, Status.Code.NOT_FOUND,
      Status.Code.ALREADY_EXISTS, Status.Code.FAILED_PRECONDITION, Status.Code.UNIMPLEMENTED);

  /** Requests per RPC: {@code -Daloft.badinput.cases=N}, 150 by default. */
  static final int CASES_PER_RPC = Integer.getInteger("aloft.badinput.cases", 150);

  private final Channel channel;
  private final Supplier<String> fingerprint;
  private final Outcomes outcomes = new Outcomes();

  public BadInputRun(Channel channel, Supplier<String> fingerprint) {
    this.channel = channel;
    this.fingerprint = fingerprint;
  }

  public Outcomes outcomes() {
    return outcomes;
  }

  /**
   * Sends each RPC of {@code services} its {@link Corpus} (seed 15, {@link #CASES_PER_RPC} cases; {@code valid} values
   * by field name; one message just over the server's {@code maxInboundSize}) and runs {@code afterEachRpc} (a
   * health check) after each; prints how long each took. Returns the number of RPCs.
   */
  public int sendAll(List<Descriptors.ServiceDescriptor> services, Map<String, String> valid, int maxInboundSize,
      Runnable afterEachRpc) {
    byte[] oversized = Corpus.oversized(maxInboundSize);
    int rpcs = 0;
    for (Descriptors.ServiceDescriptor service : services) {
      for (Descriptors.MethodDescriptor method : service.getMethods()) {
        long start = System.nanoTime();
        send(method, Corpus.of(method, valid, 15L, CASES_PER_RPC, oversized));
        afterEachRpc.run();
        System.out.printf("bad input: %s sent in %d ms%n", method.getFullName(),
            (System.nanoTime() - start) / 1_000_000);
        rpcs++;
      }
    }
    return rpcs;
  }

  /** The table of statuses per RPC and the requests accepted, to print. */
  public String report(String application) {
    return "Bad input, " + application + ": " + outcomes.counts().size() + " RPCs\n" + outcomes.table()
        + "Accepted (valid by chance): " + outcomes.accepted();
  }

  /** Sends every case of {@code cases} to {@code method}, one at a time. */
  public void send(Descriptors.MethodDescriptor method, List<Case> cases) {
    if (method.isClientStreaming() || method.isServerStreaming()) {
      throw new IllegalArgumentException(method.getFullName() + " streams: the corpus sends unary calls only");
    }
    MethodDescriptor<byte[], byte[]> raw = MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(method.getService().getFullName(),
            method.getName()))
        .setRequestMarshaller(RawBytes.INSTANCE).setResponseMarshaller(RawBytes.INSTANCE).build();
    String rpc = method.getService().getName() + "/" + method.getName();
    String before = fingerprint.get();
    for (Case c : cases) {
      Status status = call(raw, c.bytes());
      outcomes.record(rpc, status.getCode());
      String after = fingerprint.get();
      judge(rpc, c, status, before.equals(after));
      before = after;
    }
  }

  private Status call(MethodDescriptor<byte[], byte[]> raw, byte[] request) {
    try {
      ClientCalls.blockingUnaryCall(channel, raw, CallOptions.DEFAULT.withDeadlineAfter(2, TimeUnit.MINUTES),
          request);
      return Status.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus();
    }
  }

  private void judge(String rpc, Case c, Status status, boolean unchanged) {
    Status.Code code = status.getCode();
    if (code == Status.Code.OK) {
      outcomes.accepted(rpc, c);
      return;
    }
    boolean allowed = REJECTIONS.contains(code)
        || (code == Status.Code.RESOURCE_EXHAUSTED && c.kind().equals("oversized"));
    if (!allowed) {
      outcomes.violation(rpc, c, code + ": " + status.getDescription());
    } else if (status.getDescription() == null || status.getDescription().isBlank()) {
      outcomes.violation(rpc, c, code + " without a message");
    }
    if (!unchanged) {
      outcomes.violation(rpc, c, "refused with " + code + " but the database changed");
    }
  }
}
