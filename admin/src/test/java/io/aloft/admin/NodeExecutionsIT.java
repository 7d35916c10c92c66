package io.aloft.admin;

import static io.aloft.admin.Events.assertFailureReason;
import static io.aloft.admin.Events.at;
import static io.aloft.admin.Events.node;
import static io.aloft.admin.Events.nodeId;
import static io.aloft.admin.Events.request;
import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.admin.Common.Sort;
import flyteidl.admin.Event.EventFailureReason;
import flyteidl.admin.Event.NodeExecutionEventRequest;
import flyteidl.admin.NodeExecutionOuterClass.GetDynamicNodeWorkflowRequest;
import flyteidl.admin.NodeExecutionOuterClass.NodeExecution;
import flyteidl.admin.NodeExecutionOuterClass.NodeExecutionForTaskListRequest;
import flyteidl.admin.NodeExecutionOuterClass.NodeExecutionGetDataRequest;
import flyteidl.admin.NodeExecutionOuterClass.NodeExecutionGetDataResponse;
import flyteidl.admin.NodeExecutionOuterClass.NodeExecutionGetRequest;
import flyteidl.admin.NodeExecutionOuterClass.NodeExecutionList;
import flyteidl.admin.NodeExecutionOuterClass.NodeExecutionListRequest;
import flyteidl.core.Catalog.CatalogArtifactTag;
import flyteidl.core.Catalog.CatalogCacheStatus;
import flyteidl.core.Catalog.CatalogMetadata;
import flyteidl.core.Compiler.CompiledWorkflow;
import flyteidl.core.Compiler.CompiledWorkflowClosure;
import flyteidl.core.Execution.ExecutionError;
import flyteidl.core.Execution.NodeExecution.Phase;
import flyteidl.core.Execution.TaskExecution;
import flyteidl.core.Execution.WorkflowExecution;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.NodeExecutionIdentifier;
import flyteidl.core.IdentifierOuterClass.ResourceType;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Workflow.WorkflowTemplate;
import flyteidl.event.Event.DynamicWorkflowNodeMetadata;
import flyteidl.event.Event.ParentNodeExecutionMetadata;
import flyteidl.event.Event.ParentTaskExecutionMetadata;
import flyteidl.event.Event.TaskNodeMetadata;
import flyteidl.event.Event.WorkflowNodeMetadata;
import io.aloft.admin.storage.BlobStore;
import io.aloft.testkit.quarkus.FreeGrpcPortResource;
import io.aloft.testkit.quarkus.PostgresResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.grpc.Status;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** CreateNodeEvent and the node execution reads: Get, List (top level, children, for a task), GetData, dynamic. */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "admin_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
class NodeExecutionsIT extends AdminGrpcTestBase {
  private static final String PROJECT = "node-executions-it";

  @Inject
  EntityManager em;

  @Inject
  BlobStore blobs;

  private WorkflowExecutionIdentifier exec;

  @BeforeEach
  void newExecution() {
    exec = ExecutionRows.create(em, ExecutionRows.id(PROJECT, "n" + UUID.randomUUID().toString().replace("-", "")
        .substring(0, 19)), Events.CLUSTER, WorkflowExecution.Phase.RUNNING);
  }

  private void send(flyteidl.event.Event.NodeExecutionEvent.Builder event) {
    admin.createNodeEvent(request(event));
  }

  private NodeExecution get(String nodeId) {
    return admin.getNodeExecution(NodeExecutionGetRequest.newBuilder().setId(nodeId(exec, nodeId)).build());
  }

  private NodeExecutionListRequest.Builder list() {
    return NodeExecutionListRequest.newBuilder().setWorkflowExecutionId(exec).setLimit(100);
  }

  private static List<String> ids(NodeExecutionList list) {
    return list.getNodeExecutionsList().stream().map(n -> n.getId().getNodeId()).toList();
  }

  private long rows(String nodeId) {
    return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
            "SELECT count(*) FROM node_executions n JOIN executions e ON e.id = n.execution_id"
                + " WHERE e.name = ?1 AND n.node_id = ?2")
        .setParameter(1, exec.getName()).setParameter(2, nodeId).getSingleResult()).longValue());
  }

  @Test
  void aWorkflowsNodesRunToSucceededAndAreListedByLevel() throws Exception {
    String inputs = blobs.put("metadata/propeller/" + exec.getName() + "/n0/data/inputs.pb",
        Events.ints("a", 1).toByteArray());
    String outputs = blobs.put("metadata/propeller/" + exec.getName() + "/n0/data/0/outputs.pb",
        Events.ints("o0", 2).toByteArray());
    // A task node: QUEUED with its inputs, RUNNING, SUCCEEDED with an output URI.
    send(node(exec, "n0", Phase.QUEUED, 1).setInputUri(inputs));
    send(node(exec, "n0", Phase.RUNNING, 2).setInputUri(inputs).setDeckUri("s3://bucket/deck.html"));
    send(node(exec, "n0", Phase.SUCCEEDED, 5).setInputUri(inputs).setOutputUri(outputs)
        .setDeckUri("s3://bucket/deck.html"));
    // A sub-workflow node: a parent, whose child reports parent_node_metadata and inline outputs.
    send(node(exec, "n1", Phase.QUEUED, 6).setIsParent(true));
    send(node(exec, "n1", Phase.RUNNING, 7).setIsParent(true));
    send(node(exec, "n1-0-a", Phase.QUEUED, 8).setSpecNodeId("a").setRetryGroup("0")
        .setParentNodeMetadata(ParentNodeExecutionMetadata.newBuilder().setNodeId("n1")));
    send(node(exec, "n1-0-a", Phase.SUCCEEDED, 9).setSpecNodeId("a").setRetryGroup("0")
        .setOutputData(Events.ints("x", 3))
        .setParentNodeMetadata(ParentNodeExecutionMetadata.newBuilder().setNodeId("n1")));
    send(node(exec, "n1", Phase.SUCCEEDED, 10).setIsParent(true).setOutputData(Events.ints("o1", 3)));

    NodeExecution n0 = get("n0");
    assertThat(n0.getInputUri()).isEqualTo(inputs);
    assertThat(n0.getClosure().getPhase()).isEqualTo(Phase.SUCCEEDED);
    assertThat(n0.getClosure().getStartedAt()).isEqualTo(at(2));
    assertThat(n0.getClosure().getCreatedAt()).isEqualTo(at(1));
    assertThat(n0.getClosure().getUpdatedAt()).isEqualTo(at(5));
    assertThat(n0.getClosure().getDuration().getSeconds()).isEqualTo(3);
    assertThat(n0.getClosure().getOutputUri()).isEqualTo(outputs);
    assertThat(n0.getClosure().getDeckUri()).isEqualTo("s3://bucket/deck.html");
    assertThat(n0.getMetadata().getIsParentNode()).isFalse();

    // Top level only without unique_parent_id (flytekit's sync), in creation order.
    assertThat(ids(admin.listNodeExecutions(list().setSortBy(Sort.newBuilder().setKey("created_at")
        .setDirection(Sort.Direction.ASCENDING)).build()))).containsExactly("n0", "n1");
    NodeExecutionList children = admin.listNodeExecutions(list().setUniqueParentId("n1").build());
    assertThat(ids(children)).containsExactly("n1-0-a");
    NodeExecution child = children.getNodeExecutions(0);
    assertThat(child.getMetadata().getRetryGroup()).isEqualTo("0");
    assertThat(child.getMetadata().getSpecNodeId()).isEqualTo("a");
    assertThat(get("n1").getMetadata().getIsParentNode()).isTrue();
    assertThat(admin.listNodeExecutions(list().setUniqueParentId("n1-0-a").build()).getNodeExecutionsCount())
        .isZero();

    // GetNodeExecutionData reads inputs and outputs back from the blob store, inline since they are small.
    NodeExecutionGetDataResponse data = admin.getNodeExecutionData(NodeExecutionGetDataRequest.newBuilder()
        .setId(nodeId(exec, "n0")).build());
    assertThat(data.getFullInputs()).isEqualTo(Events.ints("a", 1));
    assertThat(data.getFullOutputs()).isEqualTo(Events.ints("o0", 2));
    assertThat(data.getInputs().getUrl()).isEqualTo(inputs);
    assertThat(data.getOutputs().getBytes()).isEqualTo(Events.ints("o0", 2).getSerializedSize());
    assertThat(data.getFlyteUrls().getOutputs()).isEqualTo("flyte://v1/" + PROJECT + "/development/"
        + exec.getName() + "/n0/o");
    assertThat(data.getFlyteUrls().getDeck()).endsWith("/n0/d");
    assertThat(data.hasDynamicWorkflow()).isFalse();
    // The child's inline outputs were offloaded under the node's key.
    String childOutputs = child.getClosure().getOutputUri();
    assertThat(childOutputs).endsWith("/" + exec.getName() + "/n1-0-a/offloaded_outputs");
    assertThat(admin.getNodeExecutionData(NodeExecutionGetDataRequest.newBuilder()
        .setId(nodeId(exec, "n1-0-a")).build()).getFullOutputs()).isEqualTo(Events.ints("x", 3));
  }

  @Test
  void listsPageFilterAndSortAsFlyteAdminDoes() {
    String[] nodes = {"a", "b", "c", "d", "e"};
    Phase[] phases = {Phase.SUCCEEDED, Phase.FAILED, Phase.SUCCEEDED, Phase.RUNNING, Phase.SKIPPED};
    for (int i = 0; i < nodes.length; i++) {
      send(node(exec, nodes[i], Phase.QUEUED, i));
      send(node(exec, nodes[i], phases[i], 10 + i));
    }
    // Integer-offset tokens, a token only after a full page.
    NodeExecutionList p1 = admin.listNodeExecutions(list().setLimit(2).build());
    assertThat(ids(p1)).containsExactly("a", "b");
    assertThat(p1.getToken()).isEqualTo("2");
    NodeExecutionList p2 = admin.listNodeExecutions(list().setLimit(2).setToken(p1.getToken()).build());
    assertThat(ids(p2)).containsExactly("c", "d");
    NodeExecutionList p3 = admin.listNodeExecutions(list().setLimit(2).setToken(p2.getToken()).build());
    assertThat(ids(p3)).containsExactly("e");
    assertThat(p3.getToken()).isEmpty();

    assertThat(ids(admin.listNodeExecutions(list().setFilters("eq(phase,SUCCEEDED)").build())))
        .containsExactly("a", "c");
    assertThat(ids(admin.listNodeExecutions(list().setFilters("value_in(node_execution.phase,FAILED;SKIPPED)")
        .build()))).containsExactly("b", "e");
    assertThat(ids(admin.listNodeExecutions(list().setFilters("ne(phase,SUCCEEDED)+eq(execution.phase,RUNNING)")
        .build()))).containsExactly("b", "d", "e");
    assertThat(ids(admin.listNodeExecutions(list().setFilters("eq(execution.phase,SUCCEEDED)").build()))).isEmpty();
    assertThat(ids(admin.listNodeExecutions(list().setSortBy(Sort.newBuilder().setKey("node_id")
        .setDirection(Sort.Direction.DESCENDING)).build()))).containsExactly("e", "d", "c", "b", "a");
    assertThat(ids(admin.listNodeExecutions(list().setFilters("gte(started_at,2020-01-01T00:00:00Z)").build())))
        .containsExactly("d");   // the only one reported RUNNING

    assertStatus(() -> admin.listNodeExecutions(list().setLimit(0).build()), Status.Code.INVALID_ARGUMENT, "limit");
    assertStatus(() -> admin.listNodeExecutions(list().setToken("-1").build()), Status.Code.INVALID_ARGUMENT,
        "token");
    assertStatus(() -> admin.listNodeExecutions(list().setFilters("eq(colour,red)").build()),
        Status.Code.INVALID_ARGUMENT, "colour");
    assertStatus(() -> admin.listNodeExecutions(list().setFilters("eq(phase,HAPPY)").build()),
        Status.Code.INVALID_ARGUMENT, "HAPPY");
    assertStatus(() -> admin.listNodeExecutions(list().setSortBy(Sort.newBuilder().setKey("colour")).build()),
        Status.Code.INVALID_ARGUMENT, "colour");
    assertStatus(() -> admin.listNodeExecutions(list().setFilters("eq(task.name,x)").build()),
        Status.Code.INVALID_ARGUMENT, "task");
  }

  @Test
  void duplicatesAndEventsAfterATerminalPhaseAreRefused() {
    send(node(exec, "n0", Phase.QUEUED, 1));
    assertStatus(() -> send(node(exec, "n0", Phase.QUEUED, 2)), Status.Code.ALREADY_EXISTS, "already recorded");
    send(node(exec, "n0", Phase.RUNNING, 3));
    send(node(exec, "n0", Phase.SUCCEEDED, 4).setOutputUri("s3://bucket/o.pb"));
    assertStatus(() -> send(node(exec, "n0", Phase.SUCCEEDED, 5)), Status.Code.ALREADY_EXISTS, "SUCCEEDED");
    EventFailureReason reason = assertFailureReason(() -> send(node(exec, "n0", Phase.RUNNING, 5)),
        "Invalid phase change from SUCCEEDED to RUNNING");
    assertThat(reason.getAlreadyInTerminalState().getCurrentPhase()).isEqualTo("SUCCEEDED");
    assertFailureReason(() -> send(node(exec, "n0", Phase.FAILED, 6)), "SUCCEEDED to FAILED");
    NodeExecution n0 = get("n0");
    assertThat(n0.getClosure().getPhase()).isEqualTo(Phase.SUCCEEDED);
    assertThat(n0.getClosure().getOutputUri()).isEqualTo("s3://bucket/o.pb");
  }

  @Test
  void theFirstEventOfAnyPhaseCreatesTheNodeExecution() {
    // RUNNING without a QUEUED before it (a lost or reordered event).
    send(node(exec, "r", Phase.RUNNING, 3));
    NodeExecution r = get("r");
    assertThat(r.getClosure().getPhase()).isEqualTo(Phase.RUNNING);
    assertThat(r.getClosure().getStartedAt()).isEqualTo(at(3));
    assertThat(r.getClosure().getCreatedAt()).isEqualTo(at(3));
    // The late QUEUED is still applied, as FlyteAdmin does (only terminal phases are final).
    send(node(exec, "r", Phase.QUEUED, 2));
    assertThat(get("r").getClosure().getPhase()).isEqualTo(Phase.QUEUED);
    send(node(exec, "r", Phase.SUCCEEDED, 6));
    assertThat(get("r").getClosure().getDuration().getSeconds()).isEqualTo(3);

    // A cache hit reports SUCCEEDED first: no start, so no duration.
    send(node(exec, "cached", Phase.SUCCEEDED, 4).setOutputUri("s3://bucket/cached.pb")
        .setTaskNodeMetadata(TaskNodeMetadata.newBuilder().setCacheStatus(CatalogCacheStatus.CACHE_HIT)
            .setCatalogKey(CatalogMetadata.newBuilder().setArtifactTag(CatalogArtifactTag.newBuilder()
                .setName("flyte_cached-abc")))));
    NodeExecution cached = get("cached");
    assertThat(cached.getClosure().hasStartedAt()).isFalse();
    assertThat(cached.getClosure().hasDuration()).isFalse();
    assertThat(cached.getClosure().getTaskNodeMetadata().getCacheStatus()).isEqualTo(CatalogCacheStatus.CACHE_HIT);
    assertThat(cached.getClosure().getTaskNodeMetadata().getCatalogKey().getArtifactTag().getName())
        .isEqualTo("flyte_cached-abc");
    assertThat(ids(admin.listNodeExecutions(list().setFilters("eq(cache_status,CACHE_HIT)").build())))
        .containsExactly("cached");
    // A late QUEUED after the terminal phase is refused.
    assertFailureReason(() -> send(node(exec, "cached", Phase.QUEUED, 1)), "SUCCEEDED to QUEUED");
  }

  @Test
  void eventsFromAnotherClusterAreRefused() {
    EventFailureReason reason = assertFailureReason(() -> send(node(exec, "n0", Phase.QUEUED, 1)
        .setProducerId("elsewhere")), "[elsewhere] does not match");
    assertThat(reason.getIncompatibleCluster().getCluster()).isEqualTo(Events.CLUSTER);
    assertThat(rows("n0")).isZero();
  }

  @Test
  void aFailedNodeKeepsItsError() {
    send(node(exec, "f", Phase.RUNNING, 1));
    ExecutionError error = ExecutionError.newBuilder().setCode("USER:ValueError").setKind(ExecutionError.ErrorKind.USER)
        .setMessage("m".repeat(150)).build();
    send(node(exec, "f", Phase.FAILED, 2).setError(error));
    assertThat(get("f").getClosure().getError()).isEqualTo(error);
    // Lists shorten error messages to 100 bytes, as FlyteAdmin's do.
    NodeExecution listed = admin.listNodeExecutions(list().setFilters("eq(error_kind,USER)").build())
        .getNodeExecutions(0);
    assertThat(listed.getClosure().getError().getMessage()).hasSize(100);
    assertThat(ids(admin.listNodeExecutions(list().setFilters("eq(error_code,USER:ValueError)").build())))
        .containsExactly("f");
  }

  @Test
  void aDynamicNodeKeepsItsCompiledWorkflow() {
    Identifier wfId = Identifier.newBuilder().setResourceType(ResourceType.WORKFLOW).setProject(PROJECT)
        .setDomain("development").setName("dyn_wf").setVersion("v1").build();
    CompiledWorkflowClosure compiled = CompiledWorkflowClosure.newBuilder().setPrimary(CompiledWorkflow.newBuilder()
        .setTemplate(WorkflowTemplate.newBuilder().setId(wfId))).build();
    send(node(exec, "dyn", Phase.QUEUED, 1));
    send(node(exec, "dyn", Phase.RUNNING, 2));
    send(node(exec, "dyn", Phase.DYNAMIC_RUNNING, 3).setIsParent(true).setIsDynamic(true)
        .setTaskNodeMetadata(TaskNodeMetadata.newBuilder().setDynamicWorkflow(DynamicWorkflowNodeMetadata
            .newBuilder().setId(wfId).setCompiledWorkflow(compiled).setDynamicJobSpecUri("s3://bucket/futures.pb"))));
    send(node(exec, "dyn-0-t1", Phase.QUEUED, 4).setParentNodeMetadata(ParentNodeExecutionMetadata.newBuilder()
        .setNodeId("dyn")).setIsInDynamicChain(true));

    NodeExecution dyn = get("dyn");
    assertThat(dyn.getMetadata().getIsDynamic()).isTrue();
    assertThat(dyn.getMetadata().getIsParentNode()).isTrue();
    assertThat(dyn.getClosure().getDynamicJobSpecUri()).isEqualTo("s3://bucket/futures.pb");
    NodeExecutionGetDataResponse data = admin.getNodeExecutionData(NodeExecutionGetDataRequest.newBuilder()
        .setId(nodeId(exec, "dyn")).build());
    assertThat(data.getDynamicWorkflow().getId()).isEqualTo(wfId);
    assertThat(data.getDynamicWorkflow().getCompiledWorkflow()).isEqualTo(compiled);
    assertThat(data.getDynamicWorkflow().getDynamicJobSpecUri()).isEqualTo("s3://bucket/futures.pb");
    assertThat(admin.getDynamicNodeWorkflow(GetDynamicNodeWorkflowRequest.newBuilder().setId(nodeId(exec, "dyn"))
        .build()).getCompiledWorkflow()).isEqualTo(compiled);
    assertThat(ids(admin.listNodeExecutions(list().setUniqueParentId("dyn").build()))).containsExactly("dyn-0-t1");
    // A later event without the bits keeps them.
    send(node(exec, "dyn", Phase.SUCCEEDED, 9));
    assertThat(get("dyn").getMetadata().getIsDynamic()).isTrue();

    send(node(exec, "plain", Phase.QUEUED, 1));
    assertStatus(() -> admin.getDynamicNodeWorkflow(GetDynamicNodeWorkflowRequest.newBuilder()
        .setId(nodeId(exec, "plain")).build()), Status.Code.NOT_FOUND, "dynamic workflow");
    // A dynamic workflow must come compiled.
    assertStatus(() -> send(node(exec, "dyn2", Phase.DYNAMIC_RUNNING, 3).setTaskNodeMetadata(TaskNodeMetadata
            .newBuilder().setDynamicWorkflow(DynamicWorkflowNodeMetadata.newBuilder().setId(wfId)))),
        Status.Code.INVALID_ARGUMENT, "event.task_node_metadata.dynamic_workflow.compiled_workflow");
  }

  @Test
  void aLaunchPlanNodeRecordsItsChildExecution() {
    WorkflowExecutionIdentifier childExec = ExecutionRows.create(em, ExecutionRows.id(PROJECT,
        "c" + exec.getName().substring(1)), Events.CLUSTER, WorkflowExecution.Phase.QUEUED);
    send(node(exec, "lp", Phase.QUEUED, 1));
    assertStatus(() -> send(node(exec, "lp", Phase.RUNNING, 2).setWorkflowNodeMetadata(WorkflowNodeMetadata
            .newBuilder().setExecutionId(ExecutionRows.id(PROJECT, "nosuchchild")))), Status.Code.NOT_FOUND,
        "nosuchchild");
    send(node(exec, "lp", Phase.RUNNING, 2).setWorkflowNodeMetadata(WorkflowNodeMetadata.newBuilder()
        .setExecutionId(childExec)));
    assertThat(get("lp").getClosure().getWorkflowNodeMetadata().getExecutionId()).isEqualTo(childExec);
    send(node(exec, "lp", Phase.SUCCEEDED, 3));
    assertThat(get("lp").getClosure().getWorkflowNodeMetadata().getExecutionId()).isEqualTo(childExec);
  }

  @Test
  void nodesLaunchedByATaskExecutionAreListedForThatTask() {
    Identifier task = Events.taskId(PROJECT, "dynamic_task");
    send(node(exec, "d", Phase.RUNNING, 1));
    admin.createTaskEvent(Events.request(Events.task(nodeId(exec, "d"), task, 0, TaskExecution.Phase.RUNNING, 0, 1)));
    var parentTask = Events.taskExecutionId(nodeId(exec, "d"), task, 0);
    // Event version 0: children name the task execution, not the node.
    send(node(exec, "d-sub", Phase.QUEUED, 2).setEventVersion(0)
        .setParentTaskMetadata(ParentTaskExecutionMetadata.newBuilder().setId(parentTask)));
    assertThat(ids(admin.listNodeExecutions(list().build()))).containsExactly("d");
    NodeExecutionList forTask = admin.listNodeExecutionsForTask(NodeExecutionForTaskListRequest.newBuilder()
        .setTaskExecutionId(parentTask).setLimit(10).build());
    assertThat(ids(forTask)).containsExactly("d-sub");
    assertThat(admin.getTaskExecution(flyteidl.admin.TaskExecutionOuterClass.TaskExecutionGetRequest.newBuilder()
        .setId(parentTask).build()).getIsParent()).isTrue();
    assertStatus(() -> send(node(exec, "d-sub2", Phase.QUEUED, 2).setParentTaskMetadata(ParentTaskExecutionMetadata
            .newBuilder().setId(parentTask.toBuilder().setRetryAttempt(7)))), Status.Code.NOT_FOUND, "attempt 7");
    assertStatus(() -> admin.listNodeExecutionsForTask(NodeExecutionForTaskListRequest.newBuilder()
            .setTaskExecutionId(parentTask.toBuilder().setRetryAttempt(7)).setLimit(10).build()),
        Status.Code.NOT_FOUND, "attempt 7");
    assertStatus(() -> admin.listNodeExecutionsForTask(NodeExecutionForTaskListRequest.newBuilder()
        .setLimit(10).build()), Status.Code.INVALID_ARGUMENT, "task_execution_id");
    assertStatus(() -> admin.listNodeExecutionsForTask(NodeExecutionForTaskListRequest.newBuilder()
        .setTaskExecutionId(parentTask).build()), Status.Code.INVALID_ARGUMENT, "limit");
  }

  @Test
  void largeOutputsAreReturnedAsAUrlOnly() {
    LiteralMap big = Events.string("o0", "y".repeat(2 * 1024 * 1024 + 1));
    String uri = blobs.put("metadata/propeller/" + exec.getName() + "/big/data/0/outputs.pb", big.toByteArray());
    send(node(exec, "big", Phase.RUNNING, 1));
    send(node(exec, "big", Phase.SUCCEEDED, 2).setOutputUri(uri));
    NodeExecutionGetDataResponse data = admin.getNodeExecutionData(NodeExecutionGetDataRequest.newBuilder()
        .setId(nodeId(exec, "big")).build());
    assertThat(data.getFullOutputs().getLiteralsCount()).isZero();
    assertThat(data.getOutputs().getUrl()).isEqualTo(uri);
    assertThat(data.getOutputs().getBytes()).isEqualTo(big.getSerializedSize());
    // No inputs recorded: nothing to return, not an error; an unreadable reference is returned as a URL only.
    assertThat(data.getFullInputs().getLiteralsCount()).isZero();
    send(node(exec, "gone", Phase.QUEUED, 1).setInputUri("s3://aloft/metadata/nothing/here.pb"));
    NodeExecutionGetDataResponse gone = admin.getNodeExecutionData(NodeExecutionGetDataRequest.newBuilder()
        .setId(nodeId(exec, "gone")).build());
    assertThat(gone.getInputs().getUrl()).isEqualTo("s3://aloft/metadata/nothing/here.pb");
    assertThat(gone.getFullInputs().getLiteralsCount()).isZero();
  }

  @Test
  void unknownIdsAreNotFoundAndBadRequestsNameTheField() {
    NodeExecutionIdentifier missing = nodeId(exec, "nosuchnode");
    assertStatus(() -> admin.getNodeExecution(NodeExecutionGetRequest.newBuilder().setId(missing).build()),
        Status.Code.NOT_FOUND, "nosuchnode");
    assertStatus(() -> admin.getNodeExecutionData(NodeExecutionGetDataRequest.newBuilder().setId(missing).build()),
        Status.Code.NOT_FOUND, "nosuchnode");
    assertStatus(() -> admin.getDynamicNodeWorkflow(GetDynamicNodeWorkflowRequest.newBuilder().setId(missing)
        .build()), Status.Code.NOT_FOUND, "nosuchnode");
    assertStatus(() -> admin.getNodeExecution(NodeExecutionGetRequest.newBuilder().setId(nodeId(
        ExecutionRows.id(PROJECT, "nosuchexec"), "n0")).build()), Status.Code.NOT_FOUND, "nosuchexec");
    assertStatus(() -> admin.listNodeExecutions(list().setUniqueParentId("nosuchparent").build()),
        Status.Code.NOT_FOUND, "nosuchparent");
    // Listing an unknown execution lists nothing, as in FlyteAdmin.
    assertThat(admin.listNodeExecutions(list().setWorkflowExecutionId(ExecutionRows.id(PROJECT, "nosuchexec"))
        .build()).getNodeExecutionsCount()).isZero();

    assertStatus(() -> admin.getNodeExecution(NodeExecutionGetRequest.getDefaultInstance()),
        Status.Code.INVALID_ARGUMENT, "missing id");
    assertStatus(() -> admin.getNodeExecution(NodeExecutionGetRequest.newBuilder().setId(nodeId(exec, "")).build()),
        Status.Code.INVALID_ARGUMENT, "id.node_id");
    assertStatus(() -> admin.getNodeExecutionData(NodeExecutionGetDataRequest.newBuilder().setId(
        nodeId(exec.toBuilder().setDomain("").build(), "n0")).build()), Status.Code.INVALID_ARGUMENT,
        "id.execution_id.domain");
    assertStatus(() -> admin.getDynamicNodeWorkflow(GetDynamicNodeWorkflowRequest.getDefaultInstance()),
        Status.Code.INVALID_ARGUMENT, "missing id");
    assertStatus(() -> admin.listNodeExecutions(NodeExecutionListRequest.newBuilder().setLimit(1).build()),
        Status.Code.INVALID_ARGUMENT, "workflow_execution_id");

    assertStatus(() -> admin.createNodeEvent(NodeExecutionEventRequest.getDefaultInstance()),
        Status.Code.INVALID_ARGUMENT, "missing event");
    assertStatus(() -> send(node(exec, "", Phase.QUEUED, 1)), Status.Code.INVALID_ARGUMENT, "event.id.node_id");
    assertStatus(() -> send(node(exec, "n0", Phase.QUEUED, 1).clearOccurredAt()), Status.Code.INVALID_ARGUMENT,
        "event.occurred_at");
    assertStatus(() -> send(node(ExecutionRows.id(PROJECT, "nosuchexec"), "n0", Phase.QUEUED, 1)),
        Status.Code.NOT_FOUND, "nosuchexec");
    assertStatus(() -> send(node(exec, "orphan", Phase.QUEUED, 1).setParentNodeMetadata(
        ParentNodeExecutionMetadata.newBuilder().setNodeId("nosuchparent"))), Status.Code.NOT_FOUND, "nosuchparent");
    assertThat(rows("orphan")).isZero();
  }

  @Test
  void concurrentCopiesOfAFirstEventGiveOneRow() throws Exception {
    List<Status.Code> codes = Events.concurrently(8, () -> {
      send(node(exec, "race", Phase.QUEUED, 1).setInputUri("s3://bucket/in.pb"));
      return null;
    });
    assertThat(codes).containsOnlyOnce(Status.Code.OK);
    assertThat(codes.stream().filter(c -> c == Status.Code.ALREADY_EXISTS)).hasSize(7);
    assertThat(rows("race")).isEqualTo(1);

    // Different phases racing for a new node: one row, every event applied once (none lost, none duplicated).
    Phase[] phases = {Phase.QUEUED, Phase.RUNNING, Phase.DYNAMIC_RUNNING};
    java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
    List<Status.Code> mixed = Events.concurrently(3, () -> {
      int i = next.getAndIncrement();
      send(node(exec, "mixed", phases[i], 1 + i));
      return null;
    });
    assertThat(rows("mixed")).isEqualTo(1);
    assertThat(mixed).containsOnly(Status.Code.OK);
  }
}
