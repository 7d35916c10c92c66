package io.aloft.datacatalog;

import static org.assertj.core.api.Assertions.assertThat;

import datacatalog.Datacatalog.AddTagRequest;
import datacatalog.Datacatalog.Artifact;
import datacatalog.Datacatalog.DatasetID;
import datacatalog.Datacatalog.GetArtifactRequest;
import datacatalog.Datacatalog.Tag;
import io.aloft.testkit.quarkus.FreeGrpcPortResource;
import io.aloft.testkit.quarkus.PostgresResource;
import io.aloft.testkit.quarkus.S3Resource;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * AddTag: a tag names one artifact of its dataset and moves to a newer artifact it is added to; it never moves
 * back to an older one, so racing writers leave it on the newest result.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresResource.class,
    initArgs = @ResourceArg(name = "database", value = "datacatalog_it"))
@QuarkusTestResource(S3Resource.class)
@QuarkusTestResource(FreeGrpcPortResource.class)
class TagsIT extends CatalogTestBase {
  private static final String PROJECT = "tags-it";

  private void tag(DatasetID dataset, String tag, String artifactId) {
    catalog.addTag(AddTagRequest.newBuilder().setTag(Tag.newBuilder().setDataset(dataset).setName(tag)
        .setArtifactId(artifactId)).build());
  }

  private Artifact byTag(DatasetID dataset, String tag) {
    return catalog.getArtifact(GetArtifactRequest.newBuilder().setDataset(dataset).setTagName(tag).build())
        .getArtifact();
  }

  private Artifact byId(DatasetID dataset, String id) {
    return catalog.getArtifact(GetArtifactRequest.newBuilder().setDataset(dataset).setArtifactId(id).build())
        .getArtifact();
  }

  @Test
  void aTagMovesToTheNewestArtifactAndNeverBack() {
    DatasetID ds = datasetId(PROJECT, "move", "v1");
    createDataset(ds);
    createArtifact(artifact(ds, "first", 1));
    createArtifact(artifact(ds, "second", 2));
    tag(ds, "flyte_cached-h", "first");
    assertThat(byTag(ds, "flyte_cached-h").getId()).isEqualTo("first");

    // the same tag on the same artifact again: ALREADY_EXISTS, as Flyte answers
    assertStatus(() -> tag(ds, "flyte_cached-h", "first"), Status.Code.ALREADY_EXISTS, "for this artifact");

    // on a newer artifact it moves, and the older one no longer lists it
    tag(ds, "flyte_cached-h", "second");
    assertThat(byTag(ds, "flyte_cached-h").getId()).isEqualTo("second");
    assertThat(byId(ds, "first").getTagsList()).isEmpty();
    assertThat(byId(ds, "second").getTagsList()).extracting(Tag::getName).containsExactly("flyte_cached-h");

    // back to the older one: refused, it stays on the newest
    assertStatus(() -> tag(ds, "flyte_cached-h", "first"), Status.Code.ALREADY_EXISTS, "newer artifact second");
    assertThat(byTag(ds, "flyte_cached-h").getId()).isEqualTo("second");

    // an artifact may carry several tags
    tag(ds, "latest", "second");
    assertThat(byId(ds, "second").getTagsList()).extracting(Tag::getName)
        .containsExactlyInAnyOrder("flyte_cached-h", "latest");
  }

  @Test
  void tagsBelongToTheirDataset() {
    DatasetID a = datasetId(PROJECT, "own", "v1");
    DatasetID b = datasetId(PROJECT, "own", "v2");
    createDataset(a);
    createDataset(b);
    createArtifact(artifact(a, "in-a", 1));
    createArtifact(artifact(b, "in-b", 2));
    tag(a, "t", "in-a");
    tag(b, "t", "in-b");
    assertThat(byTag(a, "t").getId()).isEqualTo("in-a");
    assertThat(byTag(b, "t").getId()).isEqualTo("in-b");
    // an artifact of another dataset cannot be tagged here
    assertStatus(() -> tag(a, "u", "in-b"), Status.Code.NOT_FOUND, "in-b");
  }

  @Test
  void missingTargetsAreNotFoundAndBadRequestsInvalid() {
    DatasetID ds = datasetId(PROJECT, "bad", "v1");
    createDataset(ds);
    createArtifact(artifact(ds, "a", 1));
    assertStatus(() -> tag(ds, "t", "absent"), Status.Code.NOT_FOUND, "missing entity of type Artifact");
    assertStatus(() -> tag(datasetId(PROJECT, "none", "v1"), "t", "a"), Status.Code.NOT_FOUND,
        "missing entity of type Dataset");
    assertStatus(() -> tag(ds, "", "a"), Status.Code.INVALID_ARGUMENT, "missing tagName");
    assertStatus(() -> tag(ds, "t", ""), Status.Code.INVALID_ARGUMENT, "missing artifactID");
    assertStatus(() -> tag(ds.toBuilder().clearProject().build(), "t", "a"), Status.Code.INVALID_ARGUMENT,
        "missing project");
    assertStatus(() -> catalog.addTag(AddTagRequest.getDefaultInstance()), Status.Code.INVALID_ARGUMENT,
        "missing tag");
  }

  /** Eight writers tag their own artifact at once, in no particular order: the tag ends on the newest. */
  @Test
  void racingAddTagsLeaveTheTagOnTheNewestArtifact() throws Exception {
    DatasetID ds = datasetId(PROJECT, "race", "v1");
    createDataset(ds);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      createArtifact(artifact(ds, "r" + i, i));
      ids.add("r" + i);
    }
    List<String> order = new ArrayList<>(ids);
    Collections.shuffle(order);
    ExecutorService pool = Executors.newFixedThreadPool(order.size());
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Status.Code>> results = new ArrayList<>();
      for (String id : order) {
        results.add(pool.submit(() -> {
          start.await();
          try {
            tag(ds, "flyte_cached-race", id);
            return Status.Code.OK;
          } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
          }
        }));
      }
      start.countDown();
      for (Future<Status.Code> f : results) {
        assertThat(f.get()).isIn(Status.Code.OK, Status.Code.ALREADY_EXISTS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(byTag(ds, "flyte_cached-race").getId()).isEqualTo("r7");
    for (String id : ids.subList(0, 7)) {
      assertThat(byId(ds, id).getTagsList()).isEmpty();
    }
  }
}
