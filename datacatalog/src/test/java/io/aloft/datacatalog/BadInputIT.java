package io.aloft.datacatalog;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.google.protobuf.Descriptors;
import datacatalog.Datacatalog.AddTagRequest;
import datacatalog.Datacatalog.DatasetID;
import datacatalog.Datacatalog.GetArtifactRequest;
import datacatalog.Datacatalog.Tag;
import io.aloft.testkit.badinput.BadInputRun;
import io.aloft.testkit.badinput.DatabaseFingerprint;
import io.aloft.testkit.badinput.GrpcServices;
import io.aloft.testkit.quarkus.FreeGrpcPortResource;
import io.aloft.testkit.quarkus.PostgresResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.grpc.BindableService;
import io.quarkus.arc.Arc;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.Any;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Every DataCatalog RPC gets the bad-input corpus (testkit's {@code Corpus}): no answer is UNKNOWN or INTERNAL, every
 * refusal says why and changes nothing in the database, and the catalog stays healthy throughout.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
    initArgs = @ResourceArg(name = "database", value = "datacatalog_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
class BadInputIT extends CatalogTestBase {
  @Test
  void everyRpcRefusesBadInputCleanlyAndTheCatalogStaysHealthy() {
    DatasetID dataset = datasetId("badinput", "t", "v1");
    createDataset(dataset);
    createArtifact(artifact(dataset, "artifact-1", 1));
    catalog.addTag(AddTagRequest.newBuilder().setTag(Tag.newBuilder().setName("tag-1").setArtifactId("artifact-1")
        .setDataset(dataset)).build());
    Map<String, String> valid = Map.of("project", dataset.getProject(), "domain", dataset.getDomain(),
        "name", dataset.getName(), "version", dataset.getVersion(), "org", "", "artifact_id", "artifact-1",
        "tag_name", "tag-1", "owner_id", "owner-1");
    BadInputRun run = new BadInputRun(channel,
        new DatabaseFingerprint(Arc.container().instance(DataSource.class).get()));
    List<Descriptors.ServiceDescriptor> services = GrpcServices.of(
        Arc.container().select(BindableService.class, Any.Literal.INSTANCE));
    assertThat(services).extracting(Descriptors.ServiceDescriptor::getFullName).contains("datacatalog.DataCatalog");
    int rpcs = run.sendAll(services, valid, ConfigProvider.getConfig()
        .getValue("quarkus.grpc.server.max-inbound-message-size", Integer.class),
        () -> given().get("/q/health/ready").then().statusCode(200));
    System.out.println(run.report("datacatalog"));

    assertThat(run.outcomes().counts()).hasSize(rpcs);
    assertThat(run.outcomes().violations()).isEmpty();
    assertThat(catalog.getArtifact(GetArtifactRequest.newBuilder().setDataset(dataset).setTagName("tag-1").build())
        .getArtifact().getId()).isEqualTo("artifact-1");
    given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
  }
}
