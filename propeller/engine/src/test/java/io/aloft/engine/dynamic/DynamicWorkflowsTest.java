package io.aloft.engine.dynamic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import flyteidl.core.Compiler.CompiledWorkflowClosure;
import io.aloft.crd.FlyteWorkflowJson;
import io.aloft.engine.data.BlobStore;
import io.aloft.engine.data.InMemoryBlobStore;
import io.aloft.engine.dynamic.DynamicFixtures.CountingLaunchPlans;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link DynamicWorkflows}: the compiled dynamic workflow cached next to the attempt's futures.pb. */
class DynamicWorkflowsTest {
  private static final String OUT = "s3://bucket/metadata/flytesnacks-development-dynfixture/n0/data/0";
  private static final String WORKFLOW = OUT + "/futures_compiled.pb";
  private static final String CLOSURE = OUT + "/dynamic_compiled.pb";

  private final InMemoryBlobStore blobs = new InMemoryBlobStore();
  private final DynamicFixtures f = DynamicFixtures.load("launch_plan");
  private final CountingLaunchPlans lps = f.launchPlanSource();
  private int compiles;

  private Optional<CompiledDynamic> load(BlobStore store) throws DynamicWorkflowException {
    return DynamicWorkflows.load(store, OUT, f.parent(), lps, (spec, parent, source) -> {
      compiles++;
      return DynamicCompiler.compile(spec, parent, source);
    });
  }

  private void writeFutures() {
    blobs.write(OUT + "/futures.pb", f.futuresBytes());
  }

  @Test
  void noFuturesFileMeansNoDynamicWorkflow() throws Exception {
    assertThat(DynamicWorkflows.hasFutures(blobs, OUT)).isFalse();
    assertThat(load(blobs)).isEmpty();
    assertThat(compiles).isZero();
    assertThat(blobs.refs()).isEmpty();
  }

  @Test
  void theFirstLoadCompilesAndWritesBothCompiledFilesNextToTheFutures() throws Exception {
    writeFutures();
    assertThat(DynamicWorkflows.hasFutures(blobs, OUT)).isTrue();

    CompiledDynamic c = load(blobs).orElseThrow();

    assertThat(compiles).isEqualTo(1);
    assertThat(blobs.refs()).containsExactlyInAnyOrder(OUT + "/futures.pb", WORKFLOW, CLOSURE);
    assertThat(blobs.readProto(CLOSURE, CompiledWorkflowClosure.parser())).contains(c.closure());
    var cachedWorkflow = FlyteWorkflowJson.read(new String(blobs.read(WORKFLOW).orElseThrow(),
        StandardCharsets.UTF_8));
    assertThat(FlyteWorkflowJson.toTree(cachedWorkflow)).isEqualTo(FlyteWorkflowJson.toTree(c.workflow()));
  }

  @Test
  void aSecondLoadReadsTheCacheWithoutCompilingOrAskingAdmin() throws Exception {
    writeFutures();
    CompiledDynamic first = load(blobs).orElseThrow();
    assertThat(lps.calls).hasSize(1);

    CompiledDynamic second = load(blobs).orElseThrow();

    assertThat(compiles).isEqualTo(1);
    assertThat(lps.calls).hasSize(1);
    assertSame(second, first);
  }

  @Test
  void theCacheWinsOverTheFuturesFile() throws Exception {
    // Proof the second load did not read futures.pb: replaced by another case's futures, it would compile differently.
    writeFutures();
    CompiledDynamic first = load(blobs).orElseThrow();
    blobs.write(OUT + "/futures.pb", DynamicFixtures.load("fan_out").futuresBytes());

    assertSame(load(blobs).orElseThrow(), first);
  }

  @Test
  void aLostCacheIsCompiledAgainToTheSameWorkflow() throws Exception {
    writeFutures();
    CompiledDynamic first = load(blobs).orElseThrow();
    InMemoryBlobStore restarted = new InMemoryBlobStore();
    restarted.write(OUT + "/futures.pb", f.futuresBytes());

    CompiledDynamic again = load(restarted).orElseThrow();

    assertThat(compiles).isEqualTo(2);
    assertSame(again, first);
  }

  @Test
  void aCorruptCompiledWorkflowIsCompiledAgainAndOverwritten() throws Exception {
    writeFutures();
    CompiledDynamic first = load(blobs).orElseThrow();
    blobs.write(WORKFLOW, "{\"spec\": {\"nodes\": ".getBytes(StandardCharsets.UTF_8));

    CompiledDynamic again = load(blobs).orElseThrow();

    assertThat(compiles).isEqualTo(2);
    assertSame(again, first);
    load(blobs);
    assertThat(compiles).as("the rewritten cache is read").isEqualTo(2);
  }

  @Test
  void aCorruptCompiledClosureIsCompiledAgain() throws Exception {
    writeFutures();
    CompiledDynamic first = load(blobs).orElseThrow();
    blobs.write(CLOSURE, new byte[] {0x0a, 0x7f, 0x01});

    assertSame(load(blobs).orElseThrow(), first);
    assertThat(compiles).isEqualTo(2);
  }

  @Test
  void aCachedWorkflowWithoutItsSpecIsCompiledAgain() throws Exception {
    writeFutures();
    load(blobs);
    blobs.write(WORKFLOW, "{}".getBytes(StandardCharsets.UTF_8));

    assertThat(load(blobs).orElseThrow().spec()).isNotNull();
    assertThat(compiles).isEqualTo(2);
  }

  @Test
  void oneCompiledFileAloneIsNoCacheAndIsNotRead() throws Exception {
    // Flyte's FutureFileReader.CacheExists: both files, or no cache.
    writeFutures();
    load(blobs);
    InMemoryBlobStore partial = new InMemoryBlobStore();
    partial.write(OUT + "/futures.pb", f.futuresBytes());
    partial.write(WORKFLOW, blobs.read(WORKFLOW).orElseThrow());
    List<String> reads = new ArrayList<>();
    BlobStore recording = new DelegatingBlobStore(partial) {
      @Override
      public Optional<byte[]> read(String ref) {
        reads.add(ref);
        return super.read(ref);
      }
    };

    load(recording);

    assertThat(compiles).isEqualTo(2);
    assertThat(reads).containsExactly(OUT + "/futures.pb");
    assertThat(partial.exists(CLOSURE)).isTrue();
  }

  @Test
  void storageThatCannotTellWhetherTheCacheExistsIsASystemError() {
    writeFutures();
    BlobStore flaky = new DelegatingBlobStore(blobs) {
      @Override
      public boolean exists(String ref) {
        if (ref.endsWith("_compiled.pb")) {
          throw new IllegalStateException("S3 HeadObject: 500");
        }
        return super.exists(ref);
      }
    };

    assertThatThrownBy(() -> load(flaky)).isInstanceOfSatisfying(DynamicWorkflowException.class, e -> {
      assertThat(e.kind()).isEqualTo(DynamicWorkflowException.Kind.SYSTEM);
      assertThat(e.getMessage()).isEqualTo("[system] Failed to do HEAD on compiled workflow files., caused by: "
          + "S3 HeadObject: 500");
    });
    assertThat(compiles).isZero();
  }

  @Test
  void aFailedCacheWriteStillReturnsTheWorkflowAndTheNextLoadCompilesAgain() throws Exception {
    writeFutures();
    BlobStore readOnly = new DelegatingBlobStore(blobs) {
      @Override
      public void write(String ref, byte[] bytes) {
        throw new IllegalStateException("S3 PutObject: 503 Slow Down");
      }
    };

    assertThat(load(readOnly)).isPresent();
    assertThat(load(readOnly)).isPresent();

    assertThat(compiles).isEqualTo(2);
    assertThat(blobs.refs()).containsExactly(OUT + "/futures.pb");
  }

  @Test
  void aUserErrorIsRaisedEveryTimeAndNothingIsCached() {
    DynamicFixtures bad = DynamicFixtures.load("type_error");
    blobs.write(OUT + "/futures.pb", bad.futuresBytes());

    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> DynamicWorkflows.load(blobs, OUT, bad.parent(), bad.launchPlanSource()))
          .isInstanceOfSatisfying(DynamicWorkflowException.class, e -> {
            assertThat(e.isUserError()).isTrue();
            assertThat(e.getMessage()).contains("MismatchingTypes");
          });
    }
    assertThat(blobs.refs()).containsExactly(OUT + "/futures.pb");
  }

  @Test
  void aCorruptFuturesFileIsASystemError() {
    blobs.write(OUT + "/futures.pb", new byte[] {0x0a, 0x7f});

    assertThatThrownBy(() -> load(blobs)).isInstanceOfSatisfying(DynamicWorkflowException.class, e -> {
      assertThat(e.kind()).isEqualTo(DynamicWorkflowException.Kind.SYSTEM);
      assertThat(e.getMessage()).startsWith("[system] unable to read futures file, maybe corrupted, caused by: ");
    });
    assertThat(compiles).isZero();
  }

  @Test
  void storageThatCannotAnswerIsASystemError() {
    writeFutures();
    List<String> heads = new ArrayList<>();
    BlobStore down = new DelegatingBlobStore(blobs) {
      @Override
      public boolean exists(String ref) {
        heads.add(ref);
        throw new IllegalStateException("S3 HeadObject: connection refused");
      }
    };

    assertThatThrownBy(() -> load(down)).isInstanceOfSatisfying(DynamicWorkflowException.class, e -> {
      assertThat(e.kind()).isEqualTo(DynamicWorkflowException.Kind.SYSTEM);
      assertThat(e.getMessage()).isEqualTo("[system] Failed to do HEAD on futures file., caused by: "
          + "S3 HeadObject: connection refused");
    });
    assertThat(heads).containsExactly(OUT + "/futures.pb");
  }

  private static void assertSame(CompiledDynamic actual, CompiledDynamic expected) {
    assertThat(actual.closure()).isEqualTo(expected.closure());
    assertThat(actual.id()).isEqualTo(expected.id());
    assertThat(actual.tasks()).isEqualTo(expected.tasks());
    assertThat(tree(actual.spec())).isEqualTo(tree(expected.spec()));
    assertThat(tree(actual.subWorkflows())).isEqualTo(tree(expected.subWorkflows()));
  }

  private static JsonNode tree(Object value) {
    return FlyteWorkflowJson.mapper().valueToTree(value);
  }

  /** A store that forwards every call; tests override the one that should fail. */
  private static class DelegatingBlobStore implements BlobStore {
    private final BlobStore delegate;

    DelegatingBlobStore(BlobStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public Optional<byte[]> read(String ref) {
      return delegate.read(ref);
    }

    @Override
    public void write(String ref, byte[] bytes) {
      delegate.write(ref, bytes);
    }

    @Override
    public boolean exists(String ref) {
      return delegate.exists(ref);
    }
  }
}
