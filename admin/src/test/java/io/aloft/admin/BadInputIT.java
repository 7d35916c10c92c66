package io.aloft.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.google.protobuf.Descriptors;
import flyteidl.admin.Common.ObjectGetRequest;
import flyteidl.admin.VersionOuterClass.GetVersionRequest;
import flyteidl.core.IdentifierOuterClass.Identifier;
import io.aloft.testkit.badinput.BadInputRun;
import io.aloft.testkit.badinput.DatabaseFingerprint;
import io.aloft.testkit.badinput.GrpcServices;
import io.aloft.testkit.quarkus.FreeGrpcPortResource;
import io.aloft.testkit.quarkus.KubeApiServerResource;
import io.aloft.testkit.quarkus.PostgresResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.grpc.BindableService;
import io.quarkus.arc.Arc;
import jakarta.enterprise.inject.Any;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Every RPC of every gRPC service admin registers gets the bad-input corpus (testkit's {@code Corpus}): no answer
 * is UNKNOWN or INTERNAL, every refusal says why and changes nothing in the database, and admin stays healthy.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class, initArgs = @ResourceArg(name = "database", value = "admin_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
@QuarkusTestResource(KubeApiServerResource.class)
class BadInputIT extends AdminGrpcTestBase {
  @Test
  void everyRpcRefusesBadInputCleanlyAndAdminStaysHealthy() throws Exception {
    Identifier workflow = registerChain(admin);
    // valid ids name project badinput, so what the corpus gets accepted stays out of the other ITs' projects
    ensureProject("badinput", "Bad input");
    Map<String, String> valid = Map.of("project", "badinput", "domain", workflow.getDomain(),
        "name", workflow.getName(), "version", workflow.getVersion(), "org", "");
    BadInputRun run = new BadInputRun(channel,
        new DatabaseFingerprint(Arc.container().instance(DataSource.class).get()));
    List<Descriptors.ServiceDescriptor> services = GrpcServices.of(
        Arc.container().select(BindableService.class, Any.Literal.INSTANCE));
    assertThat(services).extracting(Descriptors.ServiceDescriptor::getFullName)
        .contains("flyteidl.service.AdminService", "flyteidl.service.SignalService",
            "flyteidl.service.DataProxyService");
    int rpcs = run.sendAll(services, valid, ConfigProvider.getConfig()
        .getValue("quarkus.grpc.server.max-inbound-message-size", Integer.class),
        () -> given().get("/q/health/ready").then().statusCode(200));
    System.out.println(run.report("admin"));

    assertThat(run.outcomes().counts()).hasSize(rpcs);
    assertThat(run.outcomes().violations()).isEmpty();
    assertThat(admin.getVersion(GetVersionRequest.getDefaultInstance()).getControlPlaneVersion().getBuild())
        .isEqualTo("aloft");
    assertThat(admin.getWorkflow(ObjectGetRequest.newBuilder().setId(workflow).build()).getId())
        .isEqualTo(workflow);
    given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
  }
}
