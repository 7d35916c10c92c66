package io.aloft.admin.rest;

import static org.assertj.core.api.Assertions.assertThat;

import flyteidl.admin.VersionOuterClass.GetVersionRequest;
import flyteidl.admin.VersionOuterClass.GetVersionResponse;
import flyteidl.admin.VersionOuterClass.Version;
import flyteidl.service.AdminServiceGrpc;
import flyteidl.service.DataProxyServiceGrpc;
import flyteidl.service.SignalServiceGrpc;
import io.aloft.admin.rest.HttpRules.Binding;
import io.grpc.Metadata;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HttpRulesTest {
  private static final String ADMIN = "flyteidl.service.AdminService/";

  private static List<Binding> bindings() {
    return HttpRules.of(List.of(new SignalServiceGrpc.SignalServiceImplBase() {}.bindService(),
        new AdminServiceGrpc.AdminServiceImplBase() {}.bindService(),
        new DataProxyServiceGrpc.DataProxyServiceImplBase() {}.bindService()));
  }

  private static List<String> routes(List<Binding> bindings) {
    return bindings.stream().map(b -> b.rpc() + " " + b.template()).toList();
  }

  @Test
  void readsTheGetRulesAndAdditionalBindingsFromTheDescriptors() {
    List<String> routes = routes(bindings());
    assertThat(routes).contains(ADMIN + "ListProjects /api/v1/projects",
        ADMIN + "GetProject /api/v1/projects/{id}",
        ADMIN + "GetTask /api/v1/tasks/{id.project}/{id.domain}/{id.name}/{id.version}",
        ADMIN + "ListTasks /api/v1/tasks/{id.project}/{id.domain}/{id.name}",
        ADMIN + "ListTasks /api/v1/tasks/{id.project}/{id.domain}",
        ADMIN + "ListExecutions /api/v1/executions/{id.project}/{id.domain}",
        ADMIN + "ListNodeExecutions /api/v1/node_executions/{workflow_execution_id.project}/"
            + "{workflow_execution_id.domain}/{workflow_execution_id.name}",
        "flyteidl.service.DataProxyService/GetData /api/v1/data",
        "flyteidl.service.SignalService/ListSignals /api/v1/signals/{workflow_execution_id.project}/"
            + "{workflow_execution_id.domain}/{workflow_execution_id.name}");
  }

  @Test
  void writeRulesAreServedWithTheirMethodAndBody() {
    List<String> writes = bindings().stream().filter(b -> !b.httpMethod().equals("GET"))
        .map(b -> b.httpMethod() + " " + b.rpc() + " " + b.template() + " body " + b.body()).toList();
    assertThat(writes).contains("POST " + ADMIN + "CreateExecution /api/v1/executions body *",
        "POST " + ADMIN + "RelaunchExecution /api/v1/executions/relaunch body *",
        "POST " + ADMIN + "RecoverExecution /api/v1/executions/recover body *",
        "DELETE " + ADMIN + "TerminateExecution /api/v1/executions/{id.project}/{id.domain}/{id.name} body *",
        "PUT " + ADMIN + "UpdateExecution /api/v1/executions/{id.project}/{id.domain}/{id.name} body *",
        "PUT " + ADMIN + "UpdateProject /api/v1/projects/{id} body *",
        "POST flyteidl.service.SignalService/SetSignal /api/v1/signals body *");
    assertThat(bindings()).filteredOn(b -> b.httpMethod().equals("GET")).allMatch(b -> b.body().isEmpty());
  }

  @Test
  void laterRegisteredBindingsComeFirstAsInGrpcGatewaysServeMux() {
    List<String> routes = routes(bindings());
    // FlyteAdmin registers AdminService's gateway first and SignalService's last
    assertThat(routes.getFirst()).startsWith("flyteidl.service.SignalService/");
    assertThat(routes.getLast()).startsWith(ADMIN);
    int getTask = routes.indexOf(ADMIN + "GetTask /api/v1/tasks/{id.project}/{id.domain}/{id.name}/{id.version}");
    int listTasks = routes.indexOf(ADMIN + "ListTasks /api/v1/tasks/{id.project}/{id.domain}/{id.name}");
    int listTasksShort = routes.indexOf(ADMIN + "ListTasks /api/v1/tasks/{id.project}/{id.domain}");
    assertThat(listTasksShort).isLessThan(listTasks);
    assertThat(listTasks).isLessThan(getTask);
  }

  @Test
  void callsTheServiceHandlerInProcess() {
    AdminServiceGrpc.AdminServiceImplBase admin = new AdminServiceGrpc.AdminServiceImplBase() {
      @Override
      public void getVersion(GetVersionRequest request, StreamObserver<GetVersionResponse> out) {
        out.onNext(GetVersionResponse.newBuilder().setControlPlaneVersion(Version.newBuilder().setVersion("t"))
            .build());
        out.onCompleted();
      }

      @Override
      public void getDomains(flyteidl.admin.ProjectOuterClass.GetDomainRequest request,
          StreamObserver<flyteidl.admin.ProjectOuterClass.GetDomainsResponse> out) {
        throw new IllegalStateException("boom");
      }
    };
    List<Binding> bindings = HttpRules.of(List.of(admin.bindService()));
    ServerMethodDefinition<?, ?> version = method(bindings, "GetVersion");
    InProcessCall.Outcome ok = InProcessCall.unary(version, GetVersionRequest.getDefaultInstance(), new Metadata(),
        1, TimeUnit.SECONDS);
    assertThat(ok.status().isOk()).isTrue();
    assertThat(((GetVersionResponse) ok.response()).getControlPlaneVersion().getVersion()).isEqualTo("t");

    InProcessCall.Outcome thrown = InProcessCall.unary(method(bindings, "GetDomains"),
        flyteidl.admin.ProjectOuterClass.GetDomainRequest.getDefaultInstance(), new Metadata(), 1, TimeUnit.SECONDS);
    assertThat(thrown.status().getCode()).isEqualTo(Status.Code.UNKNOWN);
    assertThat(thrown.response()).isNull();

    InProcessCall.Outcome unimplemented = InProcessCall.unary(method(bindings, "ListProjects"),
        flyteidl.admin.ProjectOuterClass.ProjectListRequest.getDefaultInstance(), new Metadata(), 1, TimeUnit.SECONDS);
    assertThat(unimplemented.status().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
  }

  private static ServerMethodDefinition<?, ?> method(List<Binding> bindings, String name) {
    return bindings.stream().filter(b -> b.rpc().equals(ADMIN + name)).findFirst().orElseThrow().method();
  }
}
