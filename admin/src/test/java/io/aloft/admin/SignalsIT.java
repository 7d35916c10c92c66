package io.aloft.admin;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.admin.Common.Sort;
import flyteidl.admin.SignalOuterClass.Signal;
import flyteidl.admin.SignalOuterClass.SignalGetOrCreateRequest;
import flyteidl.admin.SignalOuterClass.SignalList;
import flyteidl.admin.SignalOuterClass.SignalListRequest;
import flyteidl.admin.SignalOuterClass.SignalSetRequest;
import flyteidl.core.IdentifierOuterClass.SignalIdentifier;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import flyteidl.service.SignalServiceGrpc;
import io.aloft.testkit.quarkus.FreeGrpcPortResource;
import io.aloft.testkit.quarkus.PostgresResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.grpc.Status;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SignalService as propeller (GetOrCreateSignal) and flytekit ({@code set_signal}, {@code list_signals}) use it.
 * No execution rows exist for the executions named here: signals do not need them.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "admin_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
class SignalsIT extends AdminGrpcTestBase {
  private static final LiteralType BOOL = LiteralType.newBuilder().setSimple(SimpleType.BOOLEAN).build();
  private static final LiteralType INT = LiteralType.newBuilder().setSimple(SimpleType.INTEGER).build();

  private SignalServiceGrpc.SignalServiceBlockingStub signals;

  @BeforeEach
  void signalStub() {
    signals = SignalServiceGrpc.newBlockingStub(channel);
  }

  private static WorkflowExecutionIdentifier execution(String name) {
    return WorkflowExecutionIdentifier.newBuilder().setProject("signals-it").setDomain("development").setName(name)
        .build();
  }

  private static SignalIdentifier id(String execution, String signal) {
    return SignalIdentifier.newBuilder().setExecutionId(execution(execution)).setSignalId(signal).build();
  }

  private static Literal bool(boolean v) {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setPrimitive(Primitive.newBuilder().setBoolean(v)))
        .build();
  }

  private static Literal integer(long v) {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setPrimitive(Primitive.newBuilder().setInteger(v)))
        .build();
  }

  private Signal getOrCreate(SignalIdentifier id, LiteralType type) {
    return signals.getOrCreateSignal(SignalGetOrCreateRequest.newBuilder().setId(id).setType(type).build());
  }

  private void set(SignalIdentifier id, Literal value) {
    signals.setSignal(SignalSetRequest.newBuilder().setId(id).setValue(value).build());
  }

  private SignalList list(String execution, int limit, String token) {
    return signals.listSignals(SignalListRequest.newBuilder().setWorkflowExecutionId(execution(execution))
        .setLimit(limit).setToken(token).build());
  }

  @Test
  void getOrCreateCreatesOnceThenReturnsTheSignalWithItsValue() {
    SignalIdentifier approve = id("exec-approve", "approve");
    Signal created = getOrCreate(approve, BOOL);
    assertThat(created.getId()).isEqualTo(approve);
    assertThat(created.getType()).isEqualTo(BOOL);
    assertThat(created.hasValue()).isFalse();
    assertThat(getOrCreate(approve, BOOL)).isEqualTo(created);

    set(approve, bool(true));
    assertThat(getOrCreate(approve, BOOL).getValue()).isEqualTo(bool(true));
    // Setting again replaces the value, as in FlyteAdmin.
    set(approve, bool(false));
    assertThat(getOrCreate(approve, BOOL).getValue()).isEqualTo(bool(false));
  }

  @Test
  void getOrCreateWithAnotherTypeIsAlreadyExistsAndChangesNothing() {
    SignalIdentifier s = id("exec-types", "count");
    getOrCreate(s, INT);
    assertStatus(() -> getOrCreate(s, BOOL), Status.Code.ALREADY_EXISTS, "already exists with type");
    assertThat(getOrCreate(s, INT).getType()).isEqualTo(INT);
  }

  @Test
  void setChecksTheValueAgainstTheSignalsType() {
    SignalIdentifier s = id("exec-set", "count");
    getOrCreate(s, INT);
    assertStatus(() -> set(s, bool(true)), Status.Code.INVALID_ARGUMENT, "not castable");
    assertStatus(() -> set(s, Literal.getDefaultInstance()), Status.Code.INVALID_ARGUMENT, "inferred");
    assertThat(getOrCreate(s, INT).hasValue()).isFalse();
    set(s, integer(42));
    assertThat(getOrCreate(s, INT).getValue()).isEqualTo(integer(42));

    assertStatus(() -> set(id("exec-set", "nope"), integer(1)), Status.Code.NOT_FOUND, "nope");
    assertStatus(() -> set(id("exec-unknown", "count"), integer(1)), Status.Code.NOT_FOUND, "exec-unknown");
  }

  @Test
  void listIsPerExecutionWithFiltersSortAndOffsetTokens() {
    for (String signal : List.of("s1", "s2", "s3")) {
      getOrCreate(id("exec-list", signal), BOOL);
    }
    getOrCreate(id("exec-list-other", "s1"), BOOL);
    set(id("exec-list", "s2"), bool(true));

    SignalList first = list("exec-list", 2, "");
    assertThat(first.getSignalsList()).extracting(x -> x.getId().getSignalId()).containsExactly("s1", "s2");
    assertThat(first.getSignals(1).getValue()).isEqualTo(bool(true));
    assertThat(first.getToken()).isEqualTo("2");
    SignalList second = list("exec-list", 2, "2");
    assertThat(second.getSignalsList()).extracting(x -> x.getId().getSignalId()).containsExactly("s3");
    assertThat(second.getToken()).isEmpty();

    SignalList filtered = signals.listSignals(SignalListRequest.newBuilder()
        .setWorkflowExecutionId(execution("exec-list")).setLimit(10).setFilters("value_in(signal_id,s1;s3)")
        .setSortBy(Sort.newBuilder().setKey("signal_id").setDirection(Sort.Direction.DESCENDING)).build());
    assertThat(filtered.getSignalsList()).extracting(x -> x.getId().getSignalId()).containsExactly("s3", "s1");
    assertThat(list("exec-list-other", 10, "").getSignalsList()).hasSize(1);
  }

  @Test
  void concurrentGetOrCreateMakesOneRowAndEveryCallerGetsIt() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 5; round++) {
        SignalIdentifier s = id("exec-race", "gate-" + round);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Signal>> calls = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          Callable<Signal> call = () -> {
            start.await();
            return getOrCreate(s, BOOL);
          };
          calls.add(pool.submit(call));
        }
        start.countDown();
        for (Future<Signal> f : calls) {
          Signal got = f.get(30, TimeUnit.SECONDS);
          assertThat(got.getId()).isEqualTo(s);
          assertThat(got.getType()).isEqualTo(BOOL);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    SignalList all = list("exec-race", 100, "");
    assertThat(all.getSignalsList()).extracting(x -> x.getId().getSignalId())
        .containsExactly("gate-0", "gate-1", "gate-2", "gate-3", "gate-4");
  }

  @Test
  void badInputIsInvalidArgumentNamingTheField() {
    SignalIdentifier s = id("exec-bad", "x");
    assertStatus(() -> signals.getOrCreateSignal(SignalGetOrCreateRequest.newBuilder().setType(BOOL).build()),
        Status.Code.INVALID_ARGUMENT, "missing id");
    assertStatus(() -> signals.getOrCreateSignal(SignalGetOrCreateRequest.newBuilder().setId(s).build()),
        Status.Code.INVALID_ARGUMENT, "missing type");
    assertStatus(() -> getOrCreate(s.toBuilder().clearSignalId().build(), BOOL), Status.Code.INVALID_ARGUMENT,
        "id.signal_id");
    assertStatus(() -> getOrCreate(s.toBuilder().setExecutionId(s.getExecutionId().toBuilder().clearProject())
        .build(), BOOL), Status.Code.INVALID_ARGUMENT, "id.execution_id.project");
    assertStatus(() -> getOrCreate(s, LiteralType.getDefaultInstance()), Status.Code.INVALID_ARGUMENT, "type");
    assertStatus(() -> signals.setSignal(SignalSetRequest.newBuilder().setId(s).build()),
        Status.Code.INVALID_ARGUMENT, "missing value");
    assertStatus(() -> signals.listSignals(SignalListRequest.newBuilder().setLimit(5).build()),
        Status.Code.INVALID_ARGUMENT, "workflow_execution_id");
    assertStatus(() -> list("exec-bad", 0, ""), Status.Code.INVALID_ARGUMENT, "limit");
    assertStatus(() -> list("exec-bad", 5, "x"), Status.Code.INVALID_ARGUMENT, "x");
    assertStatus(() -> signals.listSignals(SignalListRequest.newBuilder().setWorkflowExecutionId(execution("e"))
        .setLimit(5).setFilters("eq(phase,RUNNING)").build()), Status.Code.INVALID_ARGUMENT, "phase");
    // None of the refused requests created anything.
    assertThat(list("exec-bad", 10, "").getSignalsList()).isEmpty();
  }
}
