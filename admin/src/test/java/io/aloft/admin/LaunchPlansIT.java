package io.aloft.admin;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.admin.Common.NamedEntityIdentifier;
import flyteidl.admin.Common.ObjectGetRequest;
import flyteidl.admin.LaunchPlanOuterClass.ActiveLaunchPlanRequest;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlan;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanCreateRequest;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanSpec;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanState;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanUpdateRequest;
import flyteidl.admin.WorkflowOuterClass.WorkflowCreateRequest;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import flyteidl.core.Interface.Parameter;
import flyteidl.core.Interface.ParameterMap;
import flyteidl.core.Interface.Variable;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import io.aloft.testkit.quarkus.FreeGrpcPortResource;
import io.aloft.testkit.quarkus.PostgresResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Launch plans of a flytekit-registered workflow: expected inputs, activation, and bad input. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "admin_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
class LaunchPlansIT extends AdminGrpcTestBase {
  private Identifier workflowId;

  @BeforeEach
  void chainWorkflow() throws Exception {
    workflowId = registerChain(admin);
  }

  private static Literal integer(long v) {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setPrimitive(Primitive.newBuilder().setInteger(v)))
        .build();
  }

  private static Literal string(String v) {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setPrimitive(Primitive.newBuilder().setStringValue(v)))
        .build();
  }

  private LaunchPlanCreateRequest plan(String name, String version) {
    Parameter sDefault = Parameter.newBuilder()
        .setVar(Variable.newBuilder().setType(LiteralType.newBuilder().setSimple(SimpleType.STRING)))
        .setDefault(string("hello")).build();
    return LaunchPlanCreateRequest.newBuilder()
        .setId(Identifier.newBuilder().setResourceType(ResourceType.LAUNCH_PLAN).setProject("flytesnacks")
            .setDomain("development").setName(name).setVersion(version))
        .setSpec(LaunchPlanSpec.newBuilder().setWorkflowId(workflowId)
            .setDefaultInputs(ParameterMap.newBuilder().putParameters("s", sDefault))
            .setFixedInputs(LiteralMap.newBuilder().putLiterals("a", integer(7)))
            .setMaxParallelism(3))
        .build();
  }

  private LaunchPlan get(Identifier id) {
    return admin.getLaunchPlan(ObjectGetRequest.newBuilder().setId(id).build());
  }

  @Test
  void expectedInputsAreTheWorkflowsMinusFixedWithDefaults() {
    LaunchPlanCreateRequest request = plan("chain_lp", "v1");
    admin.createLaunchPlan(request);

    LaunchPlan lp = get(request.getId());
    assertThat(lp.getSpec().getMaxParallelism()).isEqualTo(3);
    assertThat(lp.getClosure().getState()).isEqualTo(LaunchPlanState.INACTIVE);
    var expected = lp.getClosure().getExpectedInputs().getParametersMap();
    assertThat(expected).containsOnlyKeys("s", "f");        // a is fixed
    assertThat(expected.get("s").getDefault()).isEqualTo(string("hello"));
    assertThat(expected.get("f").getRequired()).isTrue();
    assertThat(lp.getClosure().getExpectedOutputs().getVariablesMap()).containsOnlyKeys("o0", "o1");

    assertStatus(() -> admin.createLaunchPlan(request), Status.Code.ALREADY_EXISTS, "identical structure");
    assertStatus(() -> admin.createLaunchPlan(request.toBuilder().setSpec(request.getSpec().toBuilder()
        .setMaxParallelism(9)).build()), Status.Code.INVALID_ARGUMENT, "different structure");
  }

  @Test
  void oneActiveVersionPerName() {
    LaunchPlanCreateRequest v1 = plan("active_lp", "v1");
    LaunchPlanCreateRequest v2 = plan("active_lp", "v2");
    admin.createLaunchPlan(v1);
    admin.createLaunchPlan(v2);
    NamedEntityIdentifier name = NamedEntityIdentifier.newBuilder().setProject("flytesnacks")
        .setDomain("development").setName("active_lp").build();
    assertStatus(() -> admin.getActiveLaunchPlan(ActiveLaunchPlanRequest.newBuilder().setId(name).build()),
        Status.Code.NOT_FOUND, "active_lp");

    admin.updateLaunchPlan(LaunchPlanUpdateRequest.newBuilder().setId(v1.getId()).setState(LaunchPlanState.ACTIVE)
        .build());
    admin.updateLaunchPlan(LaunchPlanUpdateRequest.newBuilder().setId(v2.getId()).setState(LaunchPlanState.ACTIVE)
        .build());

    LaunchPlan active = admin.getActiveLaunchPlan(ActiveLaunchPlanRequest.newBuilder().setId(name).build());
    assertThat(active.getId().getVersion()).isEqualTo("v2");
    assertThat(get(v1.getId()).getClosure().getState()).isEqualTo(LaunchPlanState.INACTIVE);

    admin.updateLaunchPlan(LaunchPlanUpdateRequest.newBuilder().setId(v2.getId())
        .setState(LaunchPlanState.INACTIVE).build());
    assertStatus(() -> admin.getActiveLaunchPlan(ActiveLaunchPlanRequest.newBuilder().setId(name).build()),
        Status.Code.NOT_FOUND, "active_lp");
  }

  @Test
  void aLongLivedConnectionSeesEachStateChangeAtOnce() {
    LaunchPlanCreateRequest v1 = plan("toggled_lp", "v1");
    admin.createLaunchPlan(v1);
    // one channel, many calls: every worker thread that serves them must read the committed state
    for (int i = 0; i < 40; i++) {
      LaunchPlanState next = i % 2 == 0 ? LaunchPlanState.ACTIVE : LaunchPlanState.INACTIVE;
      admin.updateLaunchPlan(LaunchPlanUpdateRequest.newBuilder().setId(v1.getId()).setState(next).build());
      for (int r = 0; r < 5; r++) {
        assertThat(get(v1.getId()).getClosure().getState()).as("round %d read %d", i, r).isEqualTo(next);
      }
      admin.listLaunchPlans(flyteidl.admin.Common.ResourceListRequest.newBuilder().setId(
          NamedEntityIdentifier.newBuilder().setProject("flytesnacks").setDomain("development")
              .setName("toggled_lp")).setLimit(10).build());
    }
  }

  @Test
  void concurrentActivationsOfDifferentVersionsAllSucceedAndLeaveOneActive() throws Exception {
    java.util.List<LaunchPlanCreateRequest> versions = new java.util.ArrayList<>();
    for (int v = 1; v <= 4; v++) {
      LaunchPlanCreateRequest r = plan("race_lp", "v" + v);
      try {
        admin.createLaunchPlan(r);
      } catch (StatusRuntimeException e) {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
      }
      versions.add(r);
    }
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 5; round++) {
        java.util.List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
          Identifier id = versions.get(i % versions.size()).getId();
          futures.add(pool.submit(() -> admin.updateLaunchPlan(LaunchPlanUpdateRequest.newBuilder().setId(id)
              .setState(LaunchPlanState.ACTIVE).build())));
        }
        for (var f : futures) {
          f.get(); // no call fails
        }
        long active = versions.stream().filter(v -> get(v.getId()).getClosure().getState() == LaunchPlanState.ACTIVE)
            .count();
        assertThat(active).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void badInputIsRejectedNamingTheInputAndStoresNothing() {
    LaunchPlanCreateRequest good = plan("bad_lp", "v1");
    assertStatus(() -> admin.createLaunchPlan(good.toBuilder().setSpec(good.getSpec().toBuilder()
            .setFixedInputs(LiteralMap.newBuilder().putLiterals("zz", integer(1)))).build()),
        Status.Code.INVALID_ARGUMENT, "fixed input [zz]");
    assertStatus(() -> admin.createLaunchPlan(good.toBuilder().setSpec(good.getSpec().toBuilder()
            .setFixedInputs(LiteralMap.newBuilder().putLiterals("a", string("not an int")))).build()),
        Status.Code.INVALID_ARGUMENT, "fixed input [a]");
    assertStatus(() -> admin.createLaunchPlan(good.toBuilder().setSpec(good.getSpec().toBuilder()
            .setWorkflowId(workflowId.toBuilder().setVersion("nope"))).build()),
        Status.Code.NOT_FOUND, "nope");
    assertStatus(() -> admin.createLaunchPlan(good.toBuilder().setSpec(good.getSpec().toBuilder()
            .clearWorkflowId()).build()), Status.Code.INVALID_ARGUMENT, "workflow_id");
    assertStatus(() -> get(good.getId()), Status.Code.NOT_FOUND, "bad_lp");
    assertStatus(() -> admin.updateLaunchPlan(LaunchPlanUpdateRequest.newBuilder().setId(good.getId())
        .setState(LaunchPlanState.ACTIVE).build()), Status.Code.NOT_FOUND, "bad_lp");
  }
}
