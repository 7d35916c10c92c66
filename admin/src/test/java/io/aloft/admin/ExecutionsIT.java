package io.aloft.admin;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.admin.Common;
import flyteidl.admin.Common.Annotations;
import flyteidl.admin.Common.Labels;
import flyteidl.admin.Common.ResourceListRequest;
import flyteidl.admin.ExecutionOuterClass.Execution;
import flyteidl.admin.ExecutionOuterClass.ExecutionCreateRequest;
import flyteidl.admin.ExecutionOuterClass.ExecutionList;
import flyteidl.admin.ExecutionOuterClass.ExecutionMetadata;
import flyteidl.admin.ExecutionOuterClass.ExecutionMetadata.ExecutionMode;
import flyteidl.admin.ExecutionOuterClass.ExecutionRelaunchRequest;
import flyteidl.admin.ExecutionOuterClass.ExecutionSpec;
import flyteidl.admin.ExecutionOuterClass.ExecutionState;
import flyteidl.admin.ExecutionOuterClass.ExecutionTerminateRequest;
import flyteidl.admin.ExecutionOuterClass.ExecutionUpdateRequest;
import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetDataRequest;
import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetRequest;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanCreateRequest;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanSpec;
import flyteidl.admin.WorkflowOuterClass.WorkflowCreateRequest;
import flyteidl.core.Execution.WorkflowExecution.Phase;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Interface.Parameter;
import flyteidl.core.Interface.ParameterMap;
import flyteidl.core.Interface.Variable;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import flyteidl.core.Types.LiteralType;
import flyteidl.core.Types.SimpleType;
import io.aloft.crd.FlyteWorkflow;
import io.aloft.crd.WorkflowLabels;
import io.aloft.testkit.quarkus.FreeGrpcPortResource;
import io.aloft.testkit.quarkus.KubeApiServerResource;
import io.aloft.testkit.quarkus.PostgresResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Executions against real PostgreSQL, S3 and kube-apiserver: launch with input resolution and max-parallelism
 * precedence, the workflow resource admin creates, idempotency, refusals that store nothing, a resource Kubernetes
 * rejects, reads, lists, archive, relaunch, single-task launches and termination.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "admin_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
@QuarkusTestResource(KubeApiServerResource.class)
class ExecutionsIT extends AdminGrpcTestBase {
  static final String PROJECT = "flytesnacks";
  static final String DOMAIN = "development";
  static final String NAMESPACE = PROJECT + "-" + DOMAIN;
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper()
      .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  @Inject
  KubernetesClient kube;

  @Inject
  S3Client s3;

  private Identifier workflowId;
  private Identifier lpId;

  @BeforeEach
  void registerChain() throws Exception {
    KubeCrds.installFlyteWorkflow(kube);
    workflowId = registerChain(admin);
    lpId = launchPlan("exec_lp", 3);
  }

  private Identifier launchPlan(String name, int maxParallelism) {
    Identifier id = Identifier.newBuilder().setResourceType(ResourceType.LAUNCH_PLAN).setProject(PROJECT)
        .setDomain(DOMAIN).setName(name).setVersion("v1").build();
    Parameter sDefault = Parameter.newBuilder()
        .setVar(Variable.newBuilder().setType(LiteralType.newBuilder().setSimple(SimpleType.STRING)))
        .setDefault(string("hello")).build();
    createOrExisting(() -> admin.createLaunchPlan(LaunchPlanCreateRequest.newBuilder().setId(id)
        .setSpec(LaunchPlanSpec.newBuilder().setWorkflowId(workflowId)
            .setDefaultInputs(ParameterMap.newBuilder().putParameters("s", sDefault))
            .setFixedInputs(LiteralMap.newBuilder().putLiterals("a", integer(7)))
            .setLabels(Labels.newBuilder().putValues("team", "snacks"))
            .setMaxParallelism(maxParallelism))
        .build()));
    return id;
  }

  static Literal integer(long v) {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setPrimitive(Primitive.newBuilder().setInteger(v)))
        .build();
  }

  static Literal string(String v) {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setPrimitive(Primitive.newBuilder().setStringValue(v)))
        .build();
  }

  static Literal floating(double v) {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setPrimitive(Primitive.newBuilder().setFloatValue(v)))
        .build();
  }

  private static String uniqueName(String prefix) {
    return prefix + "-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36) + SEQ.incrementAndGet();
  }

  private ExecutionCreateRequest.Builder request(String name, Identifier target, LiteralMap inputs) {
    return ExecutionCreateRequest.newBuilder().setProject(PROJECT).setDomain(DOMAIN).setName(name)
        .setSpec(ExecutionSpec.newBuilder().setLaunchPlan(target)
            .setMetadata(ExecutionMetadata.newBuilder().setMode(ExecutionMode.MANUAL).setPrincipal("placeholder")))
        .setInputs(inputs);
  }

  private static LiteralMap inputs(double f) {
    return LiteralMap.newBuilder().putLiterals("f", floating(f)).build();
  }

  private Execution get(WorkflowExecutionIdentifier id) {
    return admin.getExecution(WorkflowExecutionGetRequest.newBuilder().setId(id).build());
  }

  private static WorkflowExecutionIdentifier id(String name) {
    return WorkflowExecutionIdentifier.newBuilder().setProject(PROJECT).setDomain(DOMAIN).setName(name).build();
  }

  /** The resource as the API server stores it, read untyped and mapped onto the model (checks the JSON shape). */
  private FlyteWorkflow resource(String name) {
    var generic = kube.genericKubernetesResources(FlyteWorkflow.API_VERSION, FlyteWorkflow.KIND).inNamespace(NAMESPACE)
        .withName(name).get();
    return generic == null ? null : JSON.convertValue(generic, FlyteWorkflow.class);
  }

  private byte[] blob(String ref) {
    String path = ref.substring("s3://".length());
    int slash = path.indexOf('/');
    return s3.getObjectAsBytes(b -> b.bucket(path.substring(0, slash)).key(path.substring(slash + 1))).asByteArray();
  }

  /**
   * The status subresource (ADR 0007), as propeller meets it on the resource admin created: a write of the resource
   * leaves status alone, a write of /status leaves everything else alone.
   */
  @Test
  void statusIsWrittenThroughItsSubresourceOnly() {
    String name = uniqueName("status");
    admin.createExecution(request(name, lpId, inputs(1.5)).build());
    var workflows = kube.resources(FlyteWorkflow.class).inNamespace(NAMESPACE);
    FlyteWorkflow created = workflows.withName(name).get();
    assertThat(created.status).as("admin writes no status").isNull();

    var status = JSON.createObjectNode().put("phase", 2).put(FlyteWorkflow.STATUS_PHASE_NAME, "Running")
        .put(FlyteWorkflow.STATUS_PROGRESS, "0/3").put("dataDir", "s3://bucket/metadata/" + name);
    created.status = status;
    created.getMetadata().getLabels().put("touched", "by-update");
    FlyteWorkflow updated = workflows.resource(created).update();
    assertThat(updated.status).as("an update of the resource ignores status").isNull();
    assertThat(updated.getMetadata().getLabels()).containsEntry("touched", "by-update");

    updated.status = status;
    updated.getMetadata().getLabels().put("touched", "by-status");
    FlyteWorkflow statusWritten = workflows.resource(updated).updateStatus();
    assertThat(statusWritten.status).as("/status keeps undeclared members too").isEqualTo(status);
    assertThat(statusWritten.getMetadata().getLabels()).as("/status ignores labels")
        .containsEntry("touched", "by-update");
    assertThat(workflows.withName(name).get().status.path(FlyteWorkflow.STATUS_PHASE_NAME).asText())
        .isEqualTo("Running");

    // What kubectl get shows: the API server renders the printer columns as a Table.
    var table = table(name);
    assertThat(table.path("columnDefinitions").findValuesAsText("name"))
        .containsExactly("Name", "Phase", "Progress", "Age", "Project", "Domain");
    assertThat(table.at("/rows/0/cells").get(0).asText()).isEqualTo(name);
    assertThat(table.at("/rows/0/cells").get(1).asText()).isEqualTo("Running");
    assertThat(table.at("/rows/0/cells").get(2).asText()).isEqualTo("0/3");
    assertThat(table.at("/rows/0/cells").get(4).asText()).isEqualTo(PROJECT);
    assertThat(table.at("/rows/0/cells").get(5).asText()).isEqualTo(DOMAIN);
    assertThat(table.path("columnDefinitions").get(4).path("priority").asInt()).isEqualTo(1);
  }

  private com.fasterxml.jackson.databind.JsonNode table(String name) {
    String url = kube.getMasterUrl().toString().replaceAll("/$", "") + "/apis/" + FlyteWorkflow.API_VERSION
        + "/namespaces/" + NAMESPACE + "/" + FlyteWorkflow.PLURAL + "/" + name;
    var http = kube.getHttpClient();
    try {
      var response = http.sendAsync(http.newHttpRequestBuilder().uri(url)
          .header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io").build(), String.class)
          .get(30, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(response.code()).as(response.body()).isEqualTo(200);
      return JSON.readTree(response.body());
    } catch (Exception e) {
      throw new IllegalStateException("table of " + name, e);
    }
  }

  @Test
  void launchCreatesTheWorkflowResourceWithLabelsInputsAndMaxParallelism() throws Exception {
    String name = uniqueName("launch");
    WorkflowExecutionIdentifier id = admin.createExecution(request(name, lpId, inputs(2.5)).build()).getId();
    assertThat(id).isEqualTo(id(name));

    Execution e = get(id);
    assertThat(e.getClosure().getPhase()).isEqualTo(Phase.UNDEFINED);
    assertThat(e.getClosure().getWorkflowId()).isEqualTo(workflowId);
    assertThat(e.getSpec().getLaunchPlan()).isEqualTo(lpId);
    assertThat(e.getSpec().getMaxParallelism()).isEqualTo(3);          // from the launch plan
    assertThat(e.getSpec().getLabels().getValuesMap()).containsEntry("team", "snacks");
    assertThat(e.getSpec().getMetadata().getSystemMetadata().getNamespace()).isEqualTo(NAMESPACE);
    assertThat(e.getClosure().getStateChangeDetails().getState()).isEqualTo(ExecutionState.EXECUTION_ACTIVE);

    FlyteWorkflow wf = resource(name);
    assertThat(wf).as("workflow resource").isNotNull();
    assertThat(wf.getApiVersion()).isEqualTo(FlyteWorkflow.API_VERSION);
    assertThat(wf.status).as("admin writes no status: propeller owns it").isNull();
    assertThat(wf.getMetadata().getLabels())
        .containsEntry("execution-id", name).containsEntry("project", PROJECT).containsEntry("domain", DOMAIN)
        .containsEntry("workflow-name", WorkflowLabels.workflowNameLabel(PROJECT + ":" + DOMAIN + ":"
            + workflowId.getName()))
        .containsEntry("shard-key", Integer.toString(WorkflowLabels.shardKey(name)))
        .containsEntry("team", "snacks");
    assertThat(wf.getMetadata().getFinalizers()).containsExactly(FlyteWorkflow.FINALIZER);
    assertThat(wf.executionConfig.maxParallelism).isEqualTo(3);
    assertThat(wf.executionId.name).isEqualTo(name);
    assertThat(wf.workflowMeta.eventVersion).isEqualTo(2);
    assertThat(wf.spec).as("closure is offloaded").isNull();
    assertThat(wf.workflowClosureReference).startsWith("s3://");
    assertThat(wf.inputs).isNull();
    assertThat(wf.offloadedInputs).endsWith("/" + name + "/inputs.pb");

    LiteralMap resolved = LiteralMap.parseFrom(blob(wf.offloadedInputs));
    assertThat(resolved.getLiteralsMap()).containsEntry("a", integer(7)).containsEntry("s", string("hello"))
        .containsEntry("f", floating(2.5)).hasSize(3);
    flyteidl.admin.WorkflowOuterClass.WorkflowClosure closure =
        flyteidl.admin.WorkflowOuterClass.WorkflowClosure.parseFrom(blob(wf.workflowClosureReference));
    assertThat(closure.getCompiledWorkflow().getPrimary().getTemplate().getId()).isEqualTo(workflowId);

    var data = admin.getExecutionData(WorkflowExecutionGetDataRequest.newBuilder().setId(id).build());
    assertThat(data.getFullInputs()).isEqualTo(resolved);
    assertThat(data.getInputs().getUrl()).isEqualTo(wf.offloadedInputs);

    // where launches spend their time, per stage, on the Prometheus endpoint
    String metrics = io.restassured.RestAssured.get("/q/metrics").asString();
    for (String stage : new String[] {"resolve", "record", "create_resource"}) {
      assertThat(metrics).contains("aloft_admin_launch_stage_seconds_count{stage=\"" + stage + "\"}");
    }
  }

  @Test
  void maxParallelismRequestThenLaunchPlanThenPlatformDefault() {
    String fromRequest = uniqueName("mp-req");
    admin.createExecution(request(fromRequest, lpId, inputs(1)).setSpec(request(fromRequest, lpId, inputs(1))
        .getSpec().toBuilder().setMaxParallelism(11)).build());
    assertThat(get(id(fromRequest)).getSpec().getMaxParallelism()).isEqualTo(11);
    assertThat(resource(fromRequest).executionConfig.maxParallelism).isEqualTo(11);

    Identifier unset = launchPlan("exec_lp_default_mp", 0);
    String fromPlatform = uniqueName("mp-default");
    admin.createExecution(request(fromPlatform, unset, inputs(1)).build());
    assertThat(get(id(fromPlatform)).getSpec().getMaxParallelism()).isEqualTo(25);
    assertThat(resource(fromPlatform).executionConfig.maxParallelism).isEqualTo(25);

    // a WORKFLOW_EXECUTION_CONFIG attribute for the workflow sits between the launch plan and the platform
    var attrs = flyteidl.admin.WorkflowAttributesOuterClass.WorkflowAttributes.newBuilder().setProject(PROJECT)
        .setDomain(DOMAIN).setWorkflow(workflowId.getName())
        .setMatchingAttributes(flyteidl.admin.MatchableResourceOuterClass.MatchingAttributes.newBuilder()
            .setWorkflowExecutionConfig(flyteidl.admin.MatchableResourceOuterClass.WorkflowExecutionConfig
                .newBuilder().setMaxParallelism(9))).build();
    admin.updateWorkflowAttributes(flyteidl.admin.WorkflowAttributesOuterClass.WorkflowAttributesUpdateRequest
        .newBuilder().setAttributes(attrs).build());
    try {
      String fromAttribute = uniqueName("mp-attr");
      admin.createExecution(request(fromAttribute, unset, inputs(1)).build());
      assertThat(resource(fromAttribute).executionConfig.maxParallelism).isEqualTo(9);
      String lpWins = uniqueName("mp-lp");
      admin.createExecution(request(lpWins, lpId, inputs(1)).build());
      assertThat(resource(lpWins).executionConfig.maxParallelism).isEqualTo(3);
    } finally {
      admin.deleteWorkflowAttributes(flyteidl.admin.WorkflowAttributesOuterClass.WorkflowAttributesDeleteRequest
          .newBuilder().setProject(PROJECT).setDomain(DOMAIN).setWorkflow(workflowId.getName())
          .setResourceType(flyteidl.admin.MatchableResourceOuterClass.MatchableResource.WORKFLOW_EXECUTION_CONFIG)
          .build());
    }
  }

  @Test
  void theClusterPoolIsTheConfiguredOneAndAnotherIsRefused() {
    var pool = flyteidl.admin.MatchableResourceOuterClass.MatchingAttributes.newBuilder().setClusterAssignment(
        flyteidl.admin.ClusterAssignmentOuterClass.ClusterAssignment.newBuilder().setClusterPoolName("gpu-pool"));
    admin.updateProjectDomainAttributes(flyteidl.admin.ProjectDomainAttributesOuterClass
        .ProjectDomainAttributesUpdateRequest.newBuilder().setAttributes(flyteidl.admin.ProjectDomainAttributesOuterClass
            .ProjectDomainAttributes.newBuilder().setProject(PROJECT).setDomain(DOMAIN).setMatchingAttributes(pool))
        .build());
    try {
      String name = uniqueName("pool");
      admin.createExecution(request(name, lpId, inputs(1)).build());
      assertThat(get(id(name)).getSpec().getClusterAssignment().getClusterPoolName()).isEqualTo("gpu-pool");
      ExecutionCreateRequest.Builder other = request(uniqueName("pool"), lpId, inputs(1));
      other.setSpec(other.getSpec().toBuilder().setClusterAssignment(flyteidl.admin.ClusterAssignmentOuterClass
          .ClusterAssignment.newBuilder().setClusterPoolName("cpu-pool")));
      assertStatus(() -> admin.createExecution(other.build()), Status.Code.INVALID_ARGUMENT, "cpu-pool");
    } finally {
      admin.deleteProjectDomainAttributes(flyteidl.admin.ProjectDomainAttributesOuterClass
          .ProjectDomainAttributesDeleteRequest.newBuilder().setProject(PROJECT).setDomain(DOMAIN)
          .setResourceType(flyteidl.admin.MatchableResourceOuterClass.MatchableResource.CLUSTER_ASSIGNMENT).build());
    }
  }

  @Test
  void generatedNamesAreValidAndDistinct() {
    WorkflowExecutionIdentifier a = admin.createExecution(request("", lpId, inputs(1)).build()).getId();
    WorkflowExecutionIdentifier b = admin.createExecution(request("", lpId, inputs(1)).build()).getId();
    assertThat(a.getName()).matches("a[bcdfghjklmnpqrstvwxz2456789]{19}");
    assertThat(a.getName()).isNotEqualTo(b.getName());
    assertThat(resource(a.getName())).isNotNull();
  }

  @Test
  void sameNameTwiceIsAlreadyExistsAndChangesNothing() throws Exception {
    String name = uniqueName("twice");
    admin.createExecution(request(name, lpId, inputs(1.5)).build());
    assertStatus(() -> admin.createExecution(request(name, lpId, inputs(9.5)).build()),
        Status.Code.ALREADY_EXISTS, name);
    LiteralMap stored = LiteralMap.parseFrom(blob(resource(name).offloadedInputs));
    assertThat(stored.getLiteralsMap()).containsEntry("f", floating(1.5));
  }

  @Test
  void badInputIsRefusedNamingTheInputAndRecordsNothing() {
    String name = uniqueName("bad");
    assertStatus(() -> admin.createExecution(request(name, lpId, LiteralMap.newBuilder()
        .putLiterals("f", floating(1)).putLiterals("zz", integer(1)).build()).build()),
        Status.Code.INVALID_ARGUMENT, "[zz]");
    assertStatus(() -> admin.createExecution(request(name, lpId, LiteralMap.newBuilder()
        .putLiterals("f", string("not a float")).build()).build()), Status.Code.INVALID_ARGUMENT, "[f]");
    assertStatus(() -> admin.createExecution(request(name, lpId, LiteralMap.getDefaultInstance()).build()),
        Status.Code.INVALID_ARGUMENT, "[f]");
    assertStatus(() -> admin.createExecution(request(name, lpId, LiteralMap.newBuilder()
        .putLiterals("f", floating(1)).putLiterals("a", integer(1)).build()).build()),
        Status.Code.INVALID_ARGUMENT, "fixed input [a]");
    assertStatus(() -> admin.createExecution(request("Bad_Name", lpId, inputs(1)).build()),
        Status.Code.INVALID_ARGUMENT, "name");
    assertStatus(() -> admin.createExecution(request(name, lpId, inputs(1)).clearSpec().build()),
        Status.Code.INVALID_ARGUMENT, "spec");
    assertStatus(() -> admin.createExecution(request(name, lpId.toBuilder().setVersion("nope").build(), inputs(1))
        .build()), Status.Code.NOT_FOUND, "nope");
    assertStatus(() -> admin.createExecution(request(name, lpId, inputs(1)).setProject("no-such-project").build()),
        Status.Code.INVALID_ARGUMENT, "no-such-project");
    assertStatus(() -> admin.createExecution(request(name, workflowId, inputs(1)).build()),
        Status.Code.INVALID_ARGUMENT, "resource_type");

    assertStatus(() -> get(id(name)), Status.Code.NOT_FOUND, name);
    assertThat(resource(name)).isNull();
  }

  @Test
  void aResourceKubernetesRejectsLeavesAFailedExecutionAndNoResource() {
    String name = uniqueName("rejected");
    ExecutionCreateRequest.Builder r = request(name, lpId, inputs(1));
    r.setSpec(r.getSpec().toBuilder().setAnnotations(Annotations.newBuilder().putValues("not a valid key!", "x")));
    WorkflowExecutionIdentifier id = admin.createExecution(r.build()).getId();

    Execution e = get(id);
    assertThat(e.getClosure().getPhase()).isEqualTo(Phase.FAILED);
    assertThat(e.getClosure().getError().getMessage()).contains("workflow resource").contains("not a valid key!");
    assertThat(resource(name)).isNull();
    // as FlyteAdmin answers: the reason propeller's launch-plan nodes read to take a kill of an ended child as done
    var reason = Events.assertFailureReason(() -> admin.terminateExecution(ExecutionTerminateRequest.newBuilder()
        .setId(id).setCause("x").build()), "terminal");
    assertThat(reason.getAlreadyInTerminalState().getCurrentPhase()).isEqualTo("FAILED");
  }

  @Test
  void propellersEventsCarryALaunchedExecutionToSucceeded() {
    String name = uniqueName("events");
    WorkflowExecutionIdentifier id = admin.createExecution(request(name, lpId, inputs(1)).build()).getId();
    String producer = get(id).getSpec().getMetadata().getSystemMetadata().getExecutionCluster();
    java.util.function.Function<Phase, flyteidl.admin.Event.WorkflowExecutionEventRequest> wf = phase ->
        Events.workflow(flyteidl.event.Event.WorkflowExecutionEvent.newBuilder().setExecutionId(id).setPhase(phase)
            .setOccurredAt(Events.at(phase.getNumber())).setProducerId(producer));
    admin.createWorkflowEvent(wf.apply(Phase.QUEUED));
    admin.createWorkflowEvent(wf.apply(Phase.RUNNING));
    for (var phase : new flyteidl.core.Execution.NodeExecution.Phase[] {
        flyteidl.core.Execution.NodeExecution.Phase.QUEUED, flyteidl.core.Execution.NodeExecution.Phase.RUNNING,
        flyteidl.core.Execution.NodeExecution.Phase.SUCCEEDED}) {
      admin.createNodeEvent(Events.request(Events.node(id, "n0", phase, 10 + phase.getNumber())
          .setProducerId(producer)));
    }
    LiteralMap outputs = LiteralMap.newBuilder().putLiterals("o0", floating(3.5)).putLiterals("o1", string("X"))
        .build();
    admin.createWorkflowEvent(Events.workflow(flyteidl.event.Event.WorkflowExecutionEvent.newBuilder()
        .setExecutionId(id).setPhase(Phase.SUCCEEDED).setOccurredAt(Events.at(30)).setProducerId(producer)
        .setOutputData(outputs)));

    Execution e = get(id);
    assertThat(e.getClosure().getPhase()).isEqualTo(Phase.SUCCEEDED);
    assertThat(e.getClosure().hasStartedAt()).isTrue();
    assertThat(admin.getExecutionData(WorkflowExecutionGetDataRequest.newBuilder().setId(id).build())
        .getFullOutputs()).isEqualTo(outputs);
    var nodes = admin.listNodeExecutions(flyteidl.admin.NodeExecutionOuterClass.NodeExecutionListRequest
        .newBuilder().setWorkflowExecutionId(id).setLimit(10).build());
    assertThat(nodes.getNodeExecutionsList()).extracting(n -> n.getId().getNodeId()).containsExactly("n0");
    ResourceListRequest succeeded = ResourceListRequest.newBuilder().setId(Common.NamedEntityIdentifier.newBuilder()
        .setProject(PROJECT).setDomain(DOMAIN)).setLimit(5).setFilters("eq(phase,SUCCEEDED)+eq(name," + name + ")")
        .build();
    assertThat(admin.listExecutions(succeeded).getExecutionsList()).hasSize(1);

    assertStatus(() -> admin.createWorkflowEvent(wf.apply(Phase.RUNNING)), Status.Code.FAILED_PRECONDITION, "");
    assertStatus(() -> admin.terminateExecution(ExecutionTerminateRequest.newBuilder().setId(id).setCause("late")
        .build()), Status.Code.FAILED_PRECONDITION, "terminal");
  }

  @Inject
  io.aloft.admin.manager.ExecutionManager executions;

  @Inject
  jakarta.persistence.EntityManager em;

  @Test
  void aLaunchWhoseResourceWasNeverCreatedIsRepaired() throws Exception {
    String name = uniqueName("repair");
    admin.createExecution(request(name, lpId, inputs(6.5)).build());
    // Simulate admin dying between recording the launch and creating the resource: no resource, flag unset, and
    // recorded longer ago than the grace period.
    var generic = kube.genericKubernetesResources(FlyteWorkflow.API_VERSION, FlyteWorkflow.KIND)
        .inNamespace(NAMESPACE).withName(name);
    generic.edit(r -> {
      r.getMetadata().setFinalizers(java.util.List.of());
      return r;
    });
    generic.delete();
    generic.waitUntilCondition(java.util.Objects::isNull, 30, java.util.concurrent.TimeUnit.SECONDS);
    io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
            "UPDATE executions SET resource_created = false, created_at = now() - interval '10 minutes'"
                + " WHERE name = ?1").setParameter(1, name).executeUpdate());

    assertThat(executions.repairPendingLaunches(java.time.Duration.ofMinutes(2), 1000)).isPositive();
    FlyteWorkflow wf = resource(name);
    assertThat(wf).as("recreated").isNotNull();
    assertThat(wf.getMetadata().getLabels()).containsEntry("execution-id", name);
    assertThat(LiteralMap.parseFrom(blob(wf.offloadedInputs)).getLiteralsMap()).containsEntry("f", floating(6.5));
    assertThat(wf.executionConfig.maxParallelism).isEqualTo(3);
    // repaired once: the next pass has nothing of it left to do
    Object flag = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
        "SELECT resource_created FROM executions WHERE name = ?1").setParameter(1, name).getSingleResult());
    assertThat(flag).isEqualTo(true);
  }

  @Test
  void terminateMarksAbortingAndDeletesTheResourceHeldByTheFinalizer() {
    String name = uniqueName("term");
    WorkflowExecutionIdentifier id = admin.createExecution(request(name, lpId, inputs(1)).build()).getId();
    admin.terminateExecution(ExecutionTerminateRequest.newBuilder().setId(id).setCause("user asked").build());

    Execution e = get(id);
    assertThat(e.getClosure().getPhase()).isEqualTo(Phase.ABORTING);
    assertThat(e.getClosure().getAbortMetadata().getCause()).isEqualTo("user asked");
    FlyteWorkflow wf = resource(name);
    assertThat(wf).as("kept by the finalizer until propeller aborts it").isNotNull();
    assertThat(wf.getMetadata().getDeletionTimestamp()).isNotNull();

    assertStatus(() -> admin.terminateExecution(ExecutionTerminateRequest.newBuilder().setId(id(uniqueName("none")))
        .build()), Status.Code.NOT_FOUND, "not found");
    assertStatus(() -> admin.terminateExecution(ExecutionTerminateRequest.newBuilder().setId(
        id.toBuilder().clearName()).build()), Status.Code.INVALID_ARGUMENT, "id.name");
  }

  @Test
  void listsFilterSortPageAndHideArchived() {
    String tag = uniqueName("tag");
    String[] names = new String[5];
    for (int i = 0; i < names.length; i++) {
      names[i] = uniqueName("list" + i);
      ExecutionCreateRequest.Builder r = request(names[i], lpId, inputs(i));
      r.setSpec(r.getSpec().toBuilder().addTags(tag));
      admin.createExecution(r.build());
    }
    ResourceListRequest.Builder q = ResourceListRequest.newBuilder()
        .setId(Common.NamedEntityIdentifier.newBuilder().setProject(PROJECT).setDomain(DOMAIN))
        .setFilters("eq(admin_tag.name," + tag + ")").setLimit(2)
        .setSortBy(Common.Sort.newBuilder().setKey("created_at").setDirection(Common.Sort.Direction.ASCENDING));
    ExecutionList page1 = admin.listExecutions(q.build());
    assertThat(page1.getExecutionsList()).extracting(x -> x.getId().getName()).containsExactly(names[0], names[1]);
    assertThat(page1.getToken()).isEqualTo("2");
    ExecutionList page3 = admin.listExecutions(q.setToken("4").build());
    assertThat(page3.getExecutionsList()).extracting(x -> x.getId().getName()).containsExactly(names[4]);
    assertThat(page3.getToken()).isEmpty();

    admin.updateExecution(ExecutionUpdateRequest.newBuilder().setId(id(names[0]))
        .setState(ExecutionState.EXECUTION_ARCHIVED).build());
    assertThat(get(id(names[0])).getClosure().getStateChangeDetails().getState())
        .isEqualTo(ExecutionState.EXECUTION_ARCHIVED);
    ExecutionList active = admin.listExecutions(q.setToken("").setLimit(10).build());
    assertThat(active.getExecutionsList()).extracting(x -> x.getId().getName())
        .containsExactly(names[1], names[2], names[3], names[4]);
    ExecutionList archived = admin.listExecutions(q.setFilters("eq(admin_tag.name," + tag + ")+eq(state,1)").build());
    assertThat(archived.getExecutionsList()).extracting(x -> x.getId().getName()).containsExactly(names[0]);

    ExecutionList byPlan = admin.listExecutions(q.setFilters("eq(launch_plan.name,exec_lp)+eq(phase,UNDEFINED)"
        + "+value_in(name," + names[2] + ";" + names[3] + ")").build());
    assertThat(byPlan.getExecutionsList()).extracting(x -> x.getId().getName()).containsExactly(names[2], names[3]);

    assertStatus(() -> admin.listExecutions(q.setFilters("eq(nonsense,1)").build()), Status.Code.INVALID_ARGUMENT,
        "nonsense");
    assertStatus(() -> admin.listExecutions(q.setFilters("").setLimit(0).build()), Status.Code.INVALID_ARGUMENT,
        "limit");
    assertStatus(() -> admin.listExecutions(q.setLimit(1).setToken("-1").build()), Status.Code.INVALID_ARGUMENT,
        "token");
  }

  @Test
  void relaunchRepeatsTheUserInputsAsANewExecution() throws Exception {
    String name = uniqueName("orig");
    admin.createExecution(request(name, lpId, inputs(4.25)).build());
    String again = uniqueName("again");
    WorkflowExecutionIdentifier id = admin.relaunchExecution(ExecutionRelaunchRequest.newBuilder()
        .setId(id(name)).setName(again).build()).getId();
    Execution e = get(id);
    assertThat(e.getSpec().getMetadata().getMode()).isEqualTo(ExecutionMode.RELAUNCH);
    assertThat(e.getSpec().getMetadata().getReferenceExecution()).isEqualTo(id(name));
    assertThat(LiteralMap.parseFrom(blob(resource(again).offloadedInputs)).getLiteralsMap())
        .containsEntry("f", floating(4.25));
    assertStatus(() -> admin.relaunchExecution(ExecutionRelaunchRequest.newBuilder().setId(id(uniqueName("x")))
        .build()), Status.Code.NOT_FOUND, "not found");
  }

  @Test
  void singleTaskLaunchGoesThroughAGeneratedWorkflowAndLaunchPlan() {
    Identifier task = admin.listTasks(ResourceListRequest.newBuilder().setId(Common.NamedEntityIdentifier
            .newBuilder().setProject(PROJECT).setDomain(DOMAIN)).setFilters("eq(name," + lastTaskName() + ")")
        .setLimit(1).build()).getTasks(0).getId();
    String name = uniqueName("task");
    WorkflowExecutionIdentifier id = admin.createExecution(request(name, task, LiteralMap.newBuilder()
        .putLiterals("a", integer(1)).build()).build()).getId();
    Execution e = get(id);
    assertThat(e.getSpec().getLaunchPlan()).isEqualTo(task);
    assertThat(e.getClosure().getWorkflowId().getName()).isEqualTo(".flytegen." + task.getName());
    FlyteWorkflow wf = resource(name);
    assertThat(wf.getMetadata().getLabels()).containsEntry("workflow-name",
        WorkflowLabels.workflowNameLabel(PROJECT + ":" + DOMAIN + ":.flytegen." + task.getName()));
    // the generated entities are reused by the next launch
    admin.createExecution(request(uniqueName("task"), task, LiteralMap.newBuilder().putLiterals("a", integer(2))
        .build()).build());
  }

  /** The chain workflow's first task (one int input "a"). */
  private String lastTaskName() {
    return admin.listTasks(ResourceListRequest.newBuilder().setId(Common.NamedEntityIdentifier.newBuilder()
            .setProject(PROJECT).setDomain(DOMAIN)).setLimit(100).build()).getTasksList().stream()
        .map(t -> t.getId().getName()).filter(n -> n.endsWith("chain_t1")).findFirst().orElseThrow();
  }
}
