package io.aloft.datacatalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import datacatalog.DataCatalogGrpc;
import datacatalog.Datacatalog.Artifact;
import datacatalog.Datacatalog.ArtifactData;
import datacatalog.Datacatalog.CreateArtifactRequest;
import datacatalog.Datacatalog.CreateDatasetRequest;
import datacatalog.Datacatalog.Dataset;
import datacatalog.Datacatalog.DatasetID;
import datacatalog.Datacatalog.Metadata;
import datacatalog.Datacatalog.Partition;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A blocking DataCatalog client on the test instance's gRPC port, builders for what propeller sends, and status
 * assertions. All datacatalog ITs share one database: each test class uses its own project.
 */
public abstract class CatalogTestBase {
  protected ManagedChannel channel;
  protected DataCatalogGrpc.DataCatalogBlockingStub catalog;

  @BeforeEach
  void connect() {
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort()).usePlaintext().build();
    catalog = DataCatalogGrpc.newBlockingStub(channel);
  }

  @AfterEach
  void disconnect() {
    channel.shutdownNow();
  }

  protected static int grpcPort() {
    return ConfigProvider.getConfig().getValue("quarkus.grpc.server.test-port", Integer.class);
  }

  /** A dataset id as propeller builds one: flyte_task-<task>, version <cache-version>-<in>-<out>. */
  protected static DatasetID datasetId(String project, String task, String version) {
    return DatasetID.newBuilder().setProject(project).setDomain("development").setName("flyte_task-" + task)
        .setVersion(version).build();
  }

  /** Creates dataset {@code id} with {@code partitionKeys} and task-version metadata, as propeller does. */
  protected void createDataset(DatasetID id, String... partitionKeys) {
    catalog.createDataset(CreateDatasetRequest.newBuilder().setDataset(Dataset.newBuilder().setId(id)
        .setMetadata(Metadata.newBuilder().putKeyMap("task-version", "v1"))
        .addAllPartitionKeys(List.of(partitionKeys))).build());
  }

  /** An artifact of {@code dataset} with one output {@code o0 = value} and execution metadata. */
  protected static Artifact.Builder artifact(DatasetID dataset, String id, long value) {
    return Artifact.newBuilder().setId(id).setDataset(dataset)
        .addData(ArtifactData.newBuilder().setName("o0").setValue(integer(value)))
        .setMetadata(Metadata.newBuilder().putKeyMap("execution-name", "exec-" + id)
            .putKeyMap("exec-project", dataset.getProject()));
  }

  protected void createArtifact(Artifact.Builder artifact) {
    catalog.createArtifact(CreateArtifactRequest.newBuilder().setArtifact(artifact).build());
  }

  protected static Partition partition(String key, String value) {
    return Partition.newBuilder().setKey(key).setValue(value).build();
  }

  protected static Literal integer(long v) {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setPrimitive(Primitive.newBuilder().setInteger(v)))
        .build();
  }

  protected static Literal string(String v) {
    return Literal.newBuilder().setScalar(Scalar.newBuilder().setPrimitive(Primitive.newBuilder()
        .setStringValue(v))).build();
  }

  /** Asserts {@code call} fails with {@code code} and a description containing {@code text}. */
  protected static void assertStatus(ThrowingCallable call, Status.Code code, String text) {
    assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
      assertThat(e.getStatus().getCode()).isEqualTo(code);
      assertThat(e.getStatus().getDescription()).contains(text);
    });
  }
}
