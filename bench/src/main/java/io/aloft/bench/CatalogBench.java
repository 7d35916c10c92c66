package io.aloft.bench;

import com.google.protobuf.Duration;
import datacatalog.DataCatalogGrpc;
import datacatalog.Datacatalog.AddTagRequest;
import datacatalog.Datacatalog.Artifact;
import datacatalog.Datacatalog.ArtifactData;
import datacatalog.Datacatalog.CreateArtifactRequest;
import datacatalog.Datacatalog.CreateDatasetRequest;
import datacatalog.Datacatalog.Dataset;
import datacatalog.Datacatalog.DatasetID;
import datacatalog.Datacatalog.GetArtifactRequest;
import datacatalog.Datacatalog.GetOrExtendReservationRequest;
import datacatalog.Datacatalog.Metadata;
import datacatalog.Datacatalog.ReservationID;
import datacatalog.Datacatalog.Tag;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import io.aloft.sandbox.LocalStack;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Datacatalog under load, against the local stack (embedded PostgreSQL and S3; datacatalog as its packaged JVM):
 * CreateArtifact per second, sequential and concurrent, as propeller's cache writes send them (one integer output,
 * execution metadata); then GetArtifact by tag, propeller's cache lookup, with {@code artifacts} artifacts in the
 * dataset; then GetOrExtendReservation.
 *
 * <p>The dataset is filled to {@code artifacts} by cloning a created artifact, its data and a tag per clone in
 * SQL: 100,000 CreateArtifact calls would only repeat the create figures. Figures print to stdout.
 *
 * <p>Usage: {@code ./aloft bench catalog [artifacts=100000] [creates=5000] [concurrency=16]}
 */
public final class CatalogBench {
  private static final String PROJECT = "bench";
  private static final String DOMAIN = "development";

  private CatalogBench() {}

  public static void main(String[] args) throws Exception {
    int artifacts = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int creates = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
    int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    Path data = Files.createTempDirectory("aloft-bench-catalog");
    LocalStack.Options options = LocalStack.Options.parse("--data-dir", data.toString(), "--random-ports");
    try (LocalStack stack = new LocalStack(options, new PrintStream(java.io.OutputStream.nullOutputStream()))
        .start()) {
      int port = stack.endpoints().get("datacatalog").grpcPort();
      ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
      try {
        var catalog = DataCatalogGrpc.newBlockingStub(channel);
        DatasetID ds = DatasetID.newBuilder().setProject(PROJECT).setDomain(DOMAIN)
            .setName("flyte_task-bench.square").setVersion("1.0-8vTn0dLN-PCYbWGGm").build();
        catalog.createDataset(CreateDatasetRequest.newBuilder().setDataset(Dataset.newBuilder().setId(ds)
            .setMetadata(Metadata.newBuilder().putKeyMap("task-version", "1.0"))).build());
        System.out.printf("datacatalog bench: %d CreateArtifact calls (sequential, then at concurrency %d), then"
            + " reads with %,d artifacts (%d cores, datacatalog -Xmx512m)%n", creates, concurrency, artifacts,
            Runtime.getRuntime().availableProcessors());

        // warm up the JIT (datacatalog is a fresh JVM) and the pools
        Timings.of(3_000, concurrency, i -> catalog.createArtifact(create(ds, "warm-" + i)));
        Timings one = Timings.of(Math.min(1_000, creates), 1, i -> catalog.createArtifact(create(ds, "seq-" + i)));
        System.out.printf("CreateArtifact sequential: %.0f/s, p50 %.2f ms, p99 %.2f ms%n", one.perSecond(),
            one.p(50), one.p(99));
        Timings many = Timings.of(creates, concurrency, i -> catalog.createArtifact(create(ds, "c-" + i)));
        System.out.printf("CreateArtifact at concurrency %d: %.0f/s, p50 %.2f ms, p99 %.2f ms%n", concurrency,
            many.perSecond(), many.p(50), many.p(99));
        catalog.addTag(AddTagRequest.newBuilder().setTag(Tag.newBuilder().setDataset(ds).setArtifactId("seq-0")
            .setName("flyte_cached-seq-0")).build());

        int bulk = fill(stack, artifacts);
        TagProbe probe = new TagProbe(catalog, ds, bulk);
        Timings.of(5_000, concurrency, i -> probe.get());
        Timings get = Timings.of(5_000, 1, i -> probe.get());
        System.out.printf("GetArtifact by tag (%,d artifacts, random tags, sequential): %.0f/s, p50 %.2f ms,"
            + " p99 %.2f ms%n", artifacts, get.perSecond(), get.p(50), get.p(99));
        Timings getPar = Timings.of(20_000, concurrency, i -> probe.get());
        System.out.printf("GetArtifact by tag at concurrency %d: %.0f/s, p50 %.2f ms, p99 %.2f ms%n", concurrency,
            getPar.perSecond(), getPar.p(50), getPar.p(99));
        Timings miss = Timings.of(2_000, 1, i -> probe.miss());
        System.out.printf("GetArtifact by tag, cache miss (NOT_FOUND), sequential: p50 %.2f ms, p99 %.2f ms%n",
            miss.p(50), miss.p(99));

        // owners racing over 1,000 keys: some calls take or extend a reservation, others find it held
        Timings.of(3_000, concurrency, i -> reserve(catalog, ds, i));
        Timings rsv = Timings.of(5_000, 1, i -> reserve(catalog, ds, i));
        System.out.printf("GetOrExtendReservation sequential: %.0f/s, p50 %.2f ms, p99 %.2f ms%n", rsv.perSecond(),
            rsv.p(50), rsv.p(99));
        Timings rsvPar = Timings.of(20_000, concurrency, i -> reserve(catalog, ds, i));
        System.out.printf("GetOrExtendReservation at concurrency %d: %.0f/s, p50 %.2f ms, p99 %.2f ms%n",
            concurrency, rsvPar.perSecond(), rsvPar.p(50), rsvPar.p(99));
      } finally {
        channel.shutdownNow();
      }
    }
  }

  /** An artifact as propeller's cache write sends it: one output, the execution that produced it. */
  private static CreateArtifactRequest create(DatasetID ds, String id) {
    return CreateArtifactRequest.newBuilder().setArtifact(Artifact.newBuilder().setId(id).setDataset(ds)
        .addData(ArtifactData.newBuilder().setName("o0").setValue(Literal.newBuilder().setScalar(Scalar.newBuilder()
            .setPrimitive(Primitive.newBuilder().setInteger(id.hashCode())))))
        .setMetadata(Metadata.newBuilder().putKeyMap("exec-project", PROJECT).putKeyMap("exec-domain", DOMAIN)
            .putKeyMap("execution-name", "a" + Integer.toHexString(id.hashCode())).putKeyMap("exec-node", "n0")
            .putKeyMap("exec-attempt", "0"))).build();
  }

  private static void reserve(DataCatalogGrpc.DataCatalogBlockingStub catalog, DatasetID ds, int i) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    catalog.getOrExtendReservation(GetOrExtendReservationRequest.newBuilder().setReservationId(ReservationID
        .newBuilder().setDatasetId(ds).setTagName("flyte_cached-r" + random.nextInt(1_000)))
        .setOwnerId("exec-" + random.nextInt(4) + "-n0-0").setHeartbeatInterval(Duration.newBuilder()
            .setSeconds(10)).build());
  }

  /**
   * Clones artifact seq-0 (its row, data and a tag per clone, flyte_cached-bulk-N) in SQL until the dataset holds
   * {@code artifacts}; returns how many clones there are.
   */
  private static int fill(LocalStack stack, int artifacts) throws Exception {
    long t0 = System.nanoTime();
    int bulk;
    try (Connection db = DriverManager.getConnection(stack.postgres().jdbcUrl("aloft_datacatalog"), "postgres",
        "postgres"); Statement st = db.createStatement()) {
      ResultSet rs = st.executeQuery("SELECT count(*) FROM artifacts");
      rs.next();
      bulk = Math.max(0, artifacts - rs.getInt(1));
      try (PreparedStatement ps = db.prepareStatement("""
          WITH src AS (SELECT id, dataset_id, metadata FROM artifacts WHERE artifact_id = 'seq-0'),
          ins AS (
            INSERT INTO artifacts (dataset_id, artifact_id, metadata, created_at, updated_at)
            SELECT src.dataset_id, 'bulk-' || g, src.metadata, now() - g * interval '1 second',
                now() - g * interval '1 second'
            FROM src, generate_series(1, ?) g
            RETURNING id, dataset_id, artifact_id),
          data AS (
            INSERT INTO artifact_data (artifact_pk, name, position, value, location)
            SELECT ins.id, d.name, d.position, d.value, d.location FROM ins, src, artifact_data d
            WHERE d.artifact_pk = src.id)
          INSERT INTO tags (dataset_id, name, artifact_pk, created_at, updated_at)
          SELECT ins.dataset_id, 'flyte_cached-' || ins.artifact_id, ins.id, now(), now() FROM ins
          """)) {
        ps.setInt(1, bulk);
        ps.executeUpdate();
      }
      st.execute("ANALYZE");
      rs = st.executeQuery("SELECT count(*) FROM artifacts");
      rs.next();
      System.out.printf("filled the dataset to %,d artifacts in %.1f s (SQL clone of a created artifact, one tag"
          + " each)%n", rs.getInt(1), (System.nanoTime() - t0) / 1e9);
    }
    return bulk;
  }

  /** GetArtifact by random tags over the cloned artifacts (hits) or tags no artifact has (misses). */
  private record TagProbe(DataCatalogGrpc.DataCatalogBlockingStub catalog, DatasetID ds, int bulk) {
    void get() {
      String tag = "flyte_cached-bulk-" + (1 + ThreadLocalRandom.current().nextInt(bulk));
      Artifact a = catalog.getArtifact(GetArtifactRequest.newBuilder().setDataset(ds).setTagName(tag).build())
          .getArtifact();
      if (a.getDataCount() != 1) {
        throw new IllegalStateException("artifact for " + tag + " has no data");
      }
    }

    void miss() {
      try {
        catalog.getArtifact(GetArtifactRequest.newBuilder().setDataset(ds)
            .setTagName("flyte_cached-none-" + ThreadLocalRandom.current().nextInt()).build());
        throw new IllegalStateException("a tag nobody added was found");
      } catch (io.grpc.StatusRuntimeException e) {
        if (e.getStatus().getCode() != io.grpc.Status.Code.NOT_FOUND) {
          throw e;
        }
      }
    }
  }
}
