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
import io.aloft.admin.manager.EntityLists;
import io.aloft.admin.manager.LaunchPlanManager;
import io.aloft.admin.manager.TaskManager;
import io.aloft.admin.manager.WorkflowManager;
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
public class AdminGrpcService extends AdminServiceGrpc.AdminServiceImplBase {

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
