package io.aloft.admin.grpc;

import flyteidl.admin.ProjectOuterClass.GetDomainRequest;
import flyteidl.admin.ProjectOuterClass.GetDomainsResponse;
import flyteidl.admin.ProjectOuterClass.Project;
import flyteidl.admin.ProjectOuterClass.ProjectGetRequest;
import flyteidl.admin.ProjectOuterClass.ProjectRegisterRequest;
import flyteidl.admin.ProjectOuterClass.ProjectRegisterResponse;
import flyteidl.admin.ProjectOuterClass.ProjectUpdateResponse;
import flyteidl.admin.VersionOuterClass.GetVersionRequest;
import flyteidl.admin.VersionOuterClass.GetVersionResponse;
import flyteidl.admin.VersionOuterClass.Version;
import flyteidl.service.AdminServiceGrpc;
import flyteidl.admin.Common.ObjectGetRequest;
import flyteidl.admin.TaskOuterClass.Task;
import flyteidl.admin.TaskOuterClass.TaskCreateRequest;
import flyteidl.admin.TaskOuterClass.TaskCreateResponse;
import io.aloft.admin.manager.ProjectManager;
import flyteidl.admin.WorkflowOuterClass.Workflow;
import flyteidl.admin.WorkflowOuterClass.WorkflowCreateRequest;
import flyteidl.admin.WorkflowOuterClass.WorkflowCreateResponse;
import flyteidl.admin.LaunchPlanOuterClass.ActiveLaunchPlanListRequest;
import flyteidl.admin.LaunchPlanOuterClass.ActiveLaunchPlanRequest;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlan;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanCreateRequest;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanCreateResponse;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanUpdateRequest;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanUpdateResponse;
import flyteidl.admin.Common.NamedEntityIdentifierList;
import flyteidl.admin.Common.NamedEntityIdentifierListRequest;
import flyteidl.admin.Common.ResourceListRequest;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlanList;
import flyteidl.admin.ProjectOuterClass.ProjectListRequest;
import flyteidl.admin.ProjectOuterClass.Projects;
import flyteidl.admin.TaskOuterClass.TaskList;
import flyteidl.admin.WorkflowOuterClass.WorkflowList;
import flyteidl.admin.DescriptionEntityOuterClass.DescriptionEntity;
import flyteidl.admin.DescriptionEntityOuterClass.DescriptionEntityList;
import flyteidl.admin.DescriptionEntityOuterClass.DescriptionEntityListRequest;
import io.aloft.admin.manager.DescriptionEntityManager;
import io.aloft.admin.manager.EntityLists;
import io.aloft.admin.manager.LaunchPlanManager;
import io.aloft.admin.manager.TaskManager;
import io.aloft.admin.manager.WorkflowManager;
import io.aloft.api.grpc.MalformedRequests;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * flyteidl.service.AdminService: validate, call a manager, map the outcome to a status ({@link Rpc}). RPCs not
 * overridden here answer UNIMPLEMENTED (never UNKNOWN, which flytekit would take for an authentication failure).
 * Database work blocks, so the service runs off the event loop.
 */
@GrpcService
@Blocking
public class AdminGrpcService implements AdminServiceGrpc.AsyncService, io.grpc.BindableService {

  /** Requests that do not parse are refused with INVALID_ARGUMENT ({@link MalformedRequests}), never UNKNOWN. */
  @Override
  public io.grpc.ServerServiceDefinition bindService() {
    return MalformedRequests.guard(AdminServiceGrpc.bindService(this));
  }

  @Inject
  ProjectManager projects;

  @Inject
  TaskManager tasks;

  @Inject
  WorkflowManager workflows;

  @Inject
  LaunchPlanManager launchPlans;

  @Inject
  EntityLists lists;

  @Inject
  io.aloft.admin.manager.ExecutionManager executions;

  @Inject
  io.aloft.admin.manager.ExecutionLists executionLists;

  @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev")
  String version;

  @Override
  public void getVersion(GetVersionRequest request, StreamObserver<GetVersionResponse> out) {
    out.onNext(GetVersionResponse.newBuilder()
        .setControlPlaneVersion(Version.newBuilder().setVersion(version).setBuild("aloft").build())
        .build());
    out.onCompleted();
  }

  @Override
  public void getDomains(GetDomainRequest request, StreamObserver<GetDomainsResponse> out) {
    Rpc.unary(out, () -> GetDomainsResponse.newBuilder().addAllDomains(projects.domains()).build());
  }

  @Override
  public void registerProject(ProjectRegisterRequest request, StreamObserver<ProjectRegisterResponse> out) {
    Rpc.unary(out, () -> {
      projects.register(request);
      return ProjectRegisterResponse.getDefaultInstance();
    });
  }

  @Override
  public void getProject(ProjectGetRequest request, StreamObserver<Project> out) {
    Rpc.unary(out, () -> projects.get(request.getId()));
  }

  @Override
  public void updateProject(Project request, StreamObserver<ProjectUpdateResponse> out) {
    Rpc.unary(out, () -> {
      projects.update(request);
      return ProjectUpdateResponse.getDefaultInstance();
    });
  }

  @Override
  public void createTask(TaskCreateRequest request, StreamObserver<TaskCreateResponse> out) {
    Rpc.unary(out, () -> {
      tasks.create(request);
      return TaskCreateResponse.getDefaultInstance();
    });
  }

  @Override
  public void getTask(ObjectGetRequest request, StreamObserver<Task> out) {
    Rpc.unary(out, () -> tasks.get(request.getId()));
  }

  @Override
  public void createWorkflow(WorkflowCreateRequest request, StreamObserver<WorkflowCreateResponse> out) {
    Rpc.unary(out, () -> {
      workflows.create(request);
      return WorkflowCreateResponse.getDefaultInstance();
    });
  }

  @Override
  public void getWorkflow(ObjectGetRequest request, StreamObserver<Workflow> out) {
    Rpc.unary(out, () -> workflows.get(request.getId()));
  }

  @Override
  public void createLaunchPlan(LaunchPlanCreateRequest request, StreamObserver<LaunchPlanCreateResponse> out) {
    Rpc.unary(out, () -> {
      launchPlans.create(request);
      return LaunchPlanCreateResponse.getDefaultInstance();
    });
  }

  @Override
  public void getLaunchPlan(ObjectGetRequest request, StreamObserver<LaunchPlan> out) {
    Rpc.unary(out, () -> launchPlans.get(request.getId()));
  }

  @Override
  public void getActiveLaunchPlan(ActiveLaunchPlanRequest request, StreamObserver<LaunchPlan> out) {
    Rpc.unary(out, () -> launchPlans.getActive(request.getId()));
  }

  @Override
  public void updateLaunchPlan(LaunchPlanUpdateRequest request, StreamObserver<LaunchPlanUpdateResponse> out) {
    Rpc.unary(out, () -> {
      launchPlans.update(request.getId(), request.getState());
      return LaunchPlanUpdateResponse.getDefaultInstance();
    });
  }

  @Override
  public void listProjects(ProjectListRequest request, StreamObserver<Projects> out) {
    Rpc.unary(out, () -> lists.projects(request));
  }

  @Override
  public void listTasks(ResourceListRequest request, StreamObserver<TaskList> out) {
    Rpc.unary(out, () -> lists.tasks(request));
  }

  @Override
  public void listTaskIds(NamedEntityIdentifierListRequest request, StreamObserver<NamedEntityIdentifierList> out) {
    Rpc.unary(out, () -> lists.taskIds(request));
  }

  @Override
  public void listWorkflows(ResourceListRequest request, StreamObserver<WorkflowList> out) {
    Rpc.unary(out, () -> lists.workflows(request));
  }

  @Override
  public void listLaunchPlans(ResourceListRequest request, StreamObserver<LaunchPlanList> out) {
    Rpc.unary(out, () -> lists.launchPlans(request, launchPlans));
  }

  @Override
  public void listWorkflowIds(NamedEntityIdentifierListRequest request,
      StreamObserver<NamedEntityIdentifierList> out) {
    Rpc.unary(out, () -> lists.workflowIds(request));
  }

  @Override
  public void listLaunchPlanIds(NamedEntityIdentifierListRequest request,
      StreamObserver<NamedEntityIdentifierList> out) {
    Rpc.unary(out, () -> lists.launchPlanIds(request));
  }

  @Override
  public void listActiveLaunchPlans(ActiveLaunchPlanListRequest request, StreamObserver<LaunchPlanList> out) {
    Rpc.unary(out, () -> lists.activeLaunchPlans(request, launchPlans));
  }

  @Inject
  DescriptionEntityManager descriptions;

  @Override
  public void getDescriptionEntity(ObjectGetRequest request, StreamObserver<DescriptionEntity> out) {
    Rpc.unary(out, () -> descriptions.get(request));
  }

  @Override
  public void listDescriptionEntities(DescriptionEntityListRequest request,
      StreamObserver<DescriptionEntityList> out) {
    Rpc.unary(out, () -> descriptions.list(request));
  }

  // ---- executions ----

  @Override
  public void createExecution(flyteidl.admin.ExecutionOuterClass.ExecutionCreateRequest request,
      StreamObserver<flyteidl.admin.ExecutionOuterClass.ExecutionCreateResponse> out) {
    Rpc.unary(out, () -> flyteidl.admin.ExecutionOuterClass.ExecutionCreateResponse.newBuilder()
        .setId(executions.create(request)).build());
  }

  @Override
  public void relaunchExecution(flyteidl.admin.ExecutionOuterClass.ExecutionRelaunchRequest request,
      StreamObserver<flyteidl.admin.ExecutionOuterClass.ExecutionCreateResponse> out) {
    Rpc.unary(out, () -> flyteidl.admin.ExecutionOuterClass.ExecutionCreateResponse.newBuilder()
        .setId(executions.relaunch(request)).build());
  }

  @Override
  public void recoverExecution(flyteidl.admin.ExecutionOuterClass.ExecutionRecoverRequest request,
      StreamObserver<flyteidl.admin.ExecutionOuterClass.ExecutionCreateResponse> out) {
    Rpc.unary(out, () -> flyteidl.admin.ExecutionOuterClass.ExecutionCreateResponse.newBuilder()
        .setId(executions.recover(request)).build());
  }

  @Override
  public void getExecution(flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetRequest request,
      StreamObserver<flyteidl.admin.ExecutionOuterClass.Execution> out) {
    Rpc.unary(out, () -> executions.get(request.getId()));
  }

  @Override
  public void getExecutionData(flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetDataRequest request,
      StreamObserver<flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetDataResponse> out) {
    Rpc.unary(out, () -> executions.data(request));
  }

  @Override
  public void listExecutions(ResourceListRequest request,
      StreamObserver<flyteidl.admin.ExecutionOuterClass.ExecutionList> out) {
    Rpc.unary(out, () -> executionLists.list(request));
  }

  @Inject
  io.aloft.admin.manager.ExecutionMetricsManager executionMetrics;

  @Override
  public void getExecutionMetrics(flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetMetricsRequest request,
      StreamObserver<flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetMetricsResponse> out) {
    Rpc.unary(out, () -> executionMetrics.metrics(request));
  }

  @Override
  public void updateExecution(flyteidl.admin.ExecutionOuterClass.ExecutionUpdateRequest request,
      StreamObserver<flyteidl.admin.ExecutionOuterClass.ExecutionUpdateResponse> out) {
    Rpc.unary(out, () -> {
      executions.update(request);
      return flyteidl.admin.ExecutionOuterClass.ExecutionUpdateResponse.getDefaultInstance();
    });
  }

  @Override
  public void terminateExecution(flyteidl.admin.ExecutionOuterClass.ExecutionTerminateRequest request,
      StreamObserver<flyteidl.admin.ExecutionOuterClass.ExecutionTerminateResponse> out) {
    Rpc.unary(out, () -> {
      executions.terminate(request);
      return flyteidl.admin.ExecutionOuterClass.ExecutionTerminateResponse.getDefaultInstance();
    });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Matchable attributes and named entities (branch wip-attrs). Self-contained: fields and overrides of this group
  // only, fully qualified types so the import list above stays untouched.
  // ---------------------------------------------------------------------------------------------------------------

  @Inject
  io.aloft.admin.manager.MatchableAttributesManager attributes;

  @Inject
  io.aloft.admin.manager.NamedEntityManager namedEntities;

  @Override
  public void updateProjectAttributes(flyteidl.admin.ProjectAttributesOuterClass.ProjectAttributesUpdateRequest request,
      StreamObserver<flyteidl.admin.ProjectAttributesOuterClass.ProjectAttributesUpdateResponse> out) {
    Rpc.unary(out, () -> {
      attributes.updateProjectAttributes(request);
      return flyteidl.admin.ProjectAttributesOuterClass.ProjectAttributesUpdateResponse.getDefaultInstance();
    });
  }

  @Override
  public void getProjectAttributes(flyteidl.admin.ProjectAttributesOuterClass.ProjectAttributesGetRequest request,
      StreamObserver<flyteidl.admin.ProjectAttributesOuterClass.ProjectAttributesGetResponse> out) {
    Rpc.unary(out, () -> attributes.getProjectAttributes(request));
  }

  @Override
  public void deleteProjectAttributes(flyteidl.admin.ProjectAttributesOuterClass.ProjectAttributesDeleteRequest request,
      StreamObserver<flyteidl.admin.ProjectAttributesOuterClass.ProjectAttributesDeleteResponse> out) {
    Rpc.unary(out, () -> {
      attributes.deleteProjectAttributes(request);
      return flyteidl.admin.ProjectAttributesOuterClass.ProjectAttributesDeleteResponse.getDefaultInstance();
    });
  }

  @Override
  public void updateProjectDomainAttributes(
      flyteidl.admin.ProjectDomainAttributesOuterClass.ProjectDomainAttributesUpdateRequest request,
      StreamObserver<flyteidl.admin.ProjectDomainAttributesOuterClass.ProjectDomainAttributesUpdateResponse> out) {
    Rpc.unary(out, () -> {
      attributes.updateProjectDomainAttributes(request);
      return flyteidl.admin.ProjectDomainAttributesOuterClass.ProjectDomainAttributesUpdateResponse
          .getDefaultInstance();
    });
  }

  @Override
  public void getProjectDomainAttributes(
      flyteidl.admin.ProjectDomainAttributesOuterClass.ProjectDomainAttributesGetRequest request,
      StreamObserver<flyteidl.admin.ProjectDomainAttributesOuterClass.ProjectDomainAttributesGetResponse> out) {
    Rpc.unary(out, () -> attributes.getProjectDomainAttributes(request));
  }

  @Override
  public void deleteProjectDomainAttributes(
      flyteidl.admin.ProjectDomainAttributesOuterClass.ProjectDomainAttributesDeleteRequest request,
      StreamObserver<flyteidl.admin.ProjectDomainAttributesOuterClass.ProjectDomainAttributesDeleteResponse> out) {
    Rpc.unary(out, () -> {
      attributes.deleteProjectDomainAttributes(request);
      return flyteidl.admin.ProjectDomainAttributesOuterClass.ProjectDomainAttributesDeleteResponse
          .getDefaultInstance();
    });
  }

  @Override
  public void updateWorkflowAttributes(
      flyteidl.admin.WorkflowAttributesOuterClass.WorkflowAttributesUpdateRequest request,
      StreamObserver<flyteidl.admin.WorkflowAttributesOuterClass.WorkflowAttributesUpdateResponse> out) {
    Rpc.unary(out, () -> {
      attributes.updateWorkflowAttributes(request);
      return flyteidl.admin.WorkflowAttributesOuterClass.WorkflowAttributesUpdateResponse.getDefaultInstance();
    });
  }

  @Override
  public void getWorkflowAttributes(flyteidl.admin.WorkflowAttributesOuterClass.WorkflowAttributesGetRequest request,
      StreamObserver<flyteidl.admin.WorkflowAttributesOuterClass.WorkflowAttributesGetResponse> out) {
    Rpc.unary(out, () -> attributes.getWorkflowAttributes(request));
  }

  @Override
  public void deleteWorkflowAttributes(
      flyteidl.admin.WorkflowAttributesOuterClass.WorkflowAttributesDeleteRequest request,
      StreamObserver<flyteidl.admin.WorkflowAttributesOuterClass.WorkflowAttributesDeleteResponse> out) {
    Rpc.unary(out, () -> {
      attributes.deleteWorkflowAttributes(request);
      return flyteidl.admin.WorkflowAttributesOuterClass.WorkflowAttributesDeleteResponse.getDefaultInstance();
    });
  }

  @Override
  public void listMatchableAttributes(
      flyteidl.admin.MatchableResourceOuterClass.ListMatchableAttributesRequest request,
      StreamObserver<flyteidl.admin.MatchableResourceOuterClass.ListMatchableAttributesResponse> out) {
    Rpc.unary(out, () -> attributes.list(request));
  }

  @Override
  public void getNamedEntity(flyteidl.admin.Common.NamedEntityGetRequest request,
      StreamObserver<flyteidl.admin.Common.NamedEntity> out) {
    Rpc.unary(out, () -> namedEntities.get(request));
  }

  @Override
  public void updateNamedEntity(flyteidl.admin.Common.NamedEntityUpdateRequest request,
      StreamObserver<flyteidl.admin.Common.NamedEntityUpdateResponse> out) {
    Rpc.unary(out, () -> {
      namedEntities.update(request);
      return flyteidl.admin.Common.NamedEntityUpdateResponse.getDefaultInstance();
    });
  }

  @Override
  public void listNamedEntities(flyteidl.admin.Common.NamedEntityListRequest request,
      StreamObserver<flyteidl.admin.Common.NamedEntityList> out) {
    Rpc.unary(out, () -> namedEntities.list(request));
  }

  // ------------------------------------------- end of wip-attrs block ------------------------------------------

  // ---- Events, node executions and task executions (branch wip-events) ----------------------------------------
  // Kept together so a merge with branches that add other RPCs stays a matter of concatenation.

  @Inject
  io.aloft.admin.manager.WorkflowEventManager workflowEvents;

  @Inject
  io.aloft.admin.manager.NodeExecutionManager nodeExecutions;

  @Inject
  io.aloft.admin.manager.TaskExecutionManager taskExecutions;

  @Override
  public void createWorkflowEvent(flyteidl.admin.Event.WorkflowExecutionEventRequest request,
      StreamObserver<flyteidl.admin.Event.WorkflowExecutionEventResponse> out) {
    Rpc.unary(out, () -> {
      workflowEvents.create(request);
      return flyteidl.admin.Event.WorkflowExecutionEventResponse.getDefaultInstance();
    });
  }

  @Override
  public void createNodeEvent(flyteidl.admin.Event.NodeExecutionEventRequest request,
      StreamObserver<flyteidl.admin.Event.NodeExecutionEventResponse> out) {
    Rpc.unary(out, () -> {
      nodeExecutions.createEvent(request);
      return flyteidl.admin.Event.NodeExecutionEventResponse.getDefaultInstance();
    });
  }

  @Override
  public void createTaskEvent(flyteidl.admin.Event.TaskExecutionEventRequest request,
      StreamObserver<flyteidl.admin.Event.TaskExecutionEventResponse> out) {
    Rpc.unary(out, () -> {
      taskExecutions.createEvent(request);
      return flyteidl.admin.Event.TaskExecutionEventResponse.getDefaultInstance();
    });
  }

  @Override
  public void getNodeExecution(flyteidl.admin.NodeExecutionOuterClass.NodeExecutionGetRequest request,
      StreamObserver<flyteidl.admin.NodeExecutionOuterClass.NodeExecution> out) {
    Rpc.unary(out, () -> nodeExecutions.get(request.hasId(), request.getId()));
  }

  @Override
  public void listNodeExecutions(flyteidl.admin.NodeExecutionOuterClass.NodeExecutionListRequest request,
      StreamObserver<flyteidl.admin.NodeExecutionOuterClass.NodeExecutionList> out) {
    Rpc.unary(out, () -> nodeExecutions.list(request));
  }

  @Override
  public void listNodeExecutionsForTask(
      flyteidl.admin.NodeExecutionOuterClass.NodeExecutionForTaskListRequest request,
      StreamObserver<flyteidl.admin.NodeExecutionOuterClass.NodeExecutionList> out) {
    Rpc.unary(out, () -> nodeExecutions.listForTask(request));
  }

  @Override
  public void getNodeExecutionData(flyteidl.admin.NodeExecutionOuterClass.NodeExecutionGetDataRequest request,
      StreamObserver<flyteidl.admin.NodeExecutionOuterClass.NodeExecutionGetDataResponse> out) {
    Rpc.unary(out, () -> nodeExecutions.getData(request.hasId(), request.getId()));
  }

  @Override
  public void getDynamicNodeWorkflow(flyteidl.admin.NodeExecutionOuterClass.GetDynamicNodeWorkflowRequest request,
      StreamObserver<flyteidl.admin.NodeExecutionOuterClass.DynamicNodeWorkflowResponse> out) {
    Rpc.unary(out, () -> nodeExecutions.getDynamicWorkflow(request.hasId(), request.getId()));
  }

  @Override
  public void getTaskExecution(flyteidl.admin.TaskExecutionOuterClass.TaskExecutionGetRequest request,
      StreamObserver<flyteidl.admin.TaskExecutionOuterClass.TaskExecution> out) {
    Rpc.unary(out, () -> taskExecutions.get(request.hasId(), request.getId()));
  }

  @Override
  public void listTaskExecutions(flyteidl.admin.TaskExecutionOuterClass.TaskExecutionListRequest request,
      StreamObserver<flyteidl.admin.TaskExecutionOuterClass.TaskExecutionList> out) {
    Rpc.unary(out, () -> taskExecutions.list(request));
  }

  @Override
  public void getTaskExecutionData(flyteidl.admin.TaskExecutionOuterClass.TaskExecutionGetDataRequest request,
      StreamObserver<flyteidl.admin.TaskExecutionOuterClass.TaskExecutionGetDataResponse> out) {
    Rpc.unary(out, () -> taskExecutions.getData(request.hasId(), request.getId()));
  }
  // ---- end of events, node executions and task executions ------------------------------------------------------
}
