package io.aloft.admin;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.admin.Common;
import flyteidl.admin.Common.ResourceListRequest;
import flyteidl.admin.ExecutionOuterClass.ExecutionCreateRequest;
import flyteidl.admin.ExecutionOuterClass.ExecutionSpec;
import flyteidl.admin.ExecutionOuterClass.ExecutionTerminateRequest;
import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetRequest;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanCreateRequest;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanSpec;
import flyteidl.admin.WorkflowOuterClass.WorkflowCreateRequest;
import flyteidl.core.Execution.WorkflowExecution.Phase;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.service.AdminServiceGrpc;
import io.aloft.testkit.quarkus.FreeGrpcPortResource;
import io.aloft.testkit.quarkus.KubeApiServerResource;
import io.aloft.testkit.quarkus.PostgresResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Admin is stateless: a second admin process (the packaged application, as replicas run behind a load balancer) on
 * the same PostgreSQL, S3 and API server serves whatever the first one wrote, and the database alone settles races
 * between them.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "admin_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
@QuarkusTestResource(KubeApiServerResource.class)
class TwoInstancesIT extends AdminGrpcTestBase {
  private static SecondAdmin second;

  @Inject
  KubernetesClient kube;

  private ManagedChannel secondChannel;
  private AdminServiceGrpc.AdminServiceBlockingStub other;

  /** Starts the packaged admin once, configured exactly as this test's instance for storage and Kubernetes. */
  @BeforeEach
  void secondInstance() throws Exception {
    KubeCrds.installFlyteWorkflow(kube);
    if (second == null) {
      second = SecondAdmin.start("second-admin.log");
    }
    secondChannel = ManagedChannelBuilder.forAddress("127.0.0.1", second.grpcPort()).usePlaintext().build();
    other = AdminServiceGrpc.newBlockingStub(secondChannel);
  }

  @org.junit.jupiter.api.AfterEach
  void closeSecondChannel() {
    secondChannel.shutdownNow();
  }

  @AfterAll
  static void stopSecond() {
    if (second != null) {
      second.close();
      second = null;
    }
  }

  /** The chain workflow registered through the second instance, a launch plan through the first. */
  private Identifier registerThroughBoth() throws Exception {
    return chainLaunchPlan(admin, registerChain(other), "replica_lp");
  }

  private static ExecutionCreateRequest launch(Identifier lp, String name) {
    return ExecutionCreateRequest.newBuilder().setProject(lp.getProject()).setDomain(lp.getDomain()).setName(name)
        .setSpec(ExecutionSpec.newBuilder().setLaunchPlan(lp))
        .setInputs(LiteralMap.newBuilder().putLiterals("f", ExecutionsIT.floating(1))).build();
  }

  @Test
  void executionsCreatedThroughOneAreReadListedAndTerminatedThroughTheOther() throws Exception {
    Identifier lp = registerThroughBoth();
    String suffix = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    WorkflowExecutionIdentifier viaFirst = admin.createExecution(launch(lp, "one-" + suffix)).getId();
    WorkflowExecutionIdentifier viaSecond = other.createExecution(launch(lp, "two-" + suffix)).getId();

    assertThat(other.getExecution(WorkflowExecutionGetRequest.newBuilder().setId(viaFirst).build()).getId())
        .isEqualTo(viaFirst);
    assertThat(admin.getExecution(WorkflowExecutionGetRequest.newBuilder().setId(viaSecond).build()).getId())
        .isEqualTo(viaSecond);
    ResourceListRequest list = ResourceListRequest.newBuilder().setId(Common.NamedEntityIdentifier.newBuilder()
        .setProject(lp.getProject()).setDomain(lp.getDomain())).setLimit(100)
        .setFilters("value_in(name," + viaFirst.getName() + ";" + viaSecond.getName() + ")").build();
    assertThat(other.listExecutions(list).getExecutionsList()).hasSize(2);
    assertThat(admin.listExecutions(list).getExecutionsList()).hasSize(2);

    other.terminateExecution(ExecutionTerminateRequest.newBuilder().setId(viaFirst).setCause("from b").build());
    admin.terminateExecution(ExecutionTerminateRequest.newBuilder().setId(viaSecond).setCause("from a").build());
    assertThat(admin.getExecution(WorkflowExecutionGetRequest.newBuilder().setId(viaFirst).build()).getClosure()
        .getPhase()).isEqualTo(Phase.ABORTING);
    assertThat(other.getExecution(WorkflowExecutionGetRequest.newBuilder().setId(viaSecond).build()).getClosure()
        .getAbortMetadata().getCause()).isEqualTo("from a");
  }

  @Test
  void concurrentLaunchesOfOneNameThroughBothInstancesCreateItOnce() throws Exception {
    Identifier lp = registerThroughBoth();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 5; round++) {
        String name = "race-" + round + "-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        List<Future<Status.Code>> outcomes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          AdminServiceGrpc.AdminServiceBlockingStub stub = i % 2 == 0 ? admin : other;
          Callable<Status.Code> call = () -> {
            try {
              stub.createExecution(launch(lp, name));
              return Status.Code.OK;
            } catch (StatusRuntimeException e) {
              return e.getStatus().getCode();
            }
          };
          outcomes.add(pool.submit(call));
        }
        List<Status.Code> codes = new ArrayList<>();
        for (Future<Status.Code> f : outcomes) {
          codes.add(f.get());
        }
        assertThat(codes).as(name).containsOnly(Status.Code.OK, Status.Code.ALREADY_EXISTS);
        assertThat(codes.stream().filter(c -> c == Status.Code.OK)).as(name).hasSize(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
