package io.aloft.engine.dynamic;

import flyteidl.core.Compiler.CompiledWorkflowClosure;
import flyteidl.core.DynamicJob.DynamicJobSpec;
import io.aloft.crd.FlyteWorkflow;
import io.aloft.crd.FlyteWorkflowJson;
import io.aloft.engine.data.BlobStore;
import io.aloft.engine.data.DataLayout;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The dynamic workflow of one attempt, compiled once and cached next to its futures file, as Flyte's dynamic handler
 * does (nodes/dynamic/dynamic_workflow.go {@code buildContextualDynamicWorkflow}, nodes/task/future_file_reader.go,
 * remote_workflow_store.go). The attempt's output dir holds
 * <ul>
 *   <li>{@value #FUTURES}: the {@code core.DynamicJobSpec} the task wrote;
 *   <li>{@value #COMPILED_WORKFLOW}: the compiled workflow in resource form, as JSON (Flyte's FlyteWorkflow CRD);
 *   <li>{@value #COMPILED_CLOSURE}: the {@code core.CompiledWorkflowClosure}.
 * </ul>
 * The cache counts only when both compiled files exist. One that cannot be read or parsed is compiled again and
 * overwritten, as in Flyte; so every round of an attempt, before or after a restart, runs the same workflow, and the
 * launch plans are fetched from admin once.
 */
public final class DynamicWorkflows {
  /** The futures file a dynamic task writes to its output prefix (flytekit's {@code FUTURES_FILE_NAME}). */
  public static final String FUTURES = "futures.pb";
  /** The cached workflow in resource form (Flyte's {@code implicitCompileWorkflowsName}). */
  public static final String COMPILED_WORKFLOW = "futures_compiled.pb";
  /** The cached compiled closure (Flyte's {@code implicitCompiledWorkflowClosureName}). */
  public static final String COMPILED_CLOSURE = "dynamic_compiled.pb";

  private static final System.Logger LOG = System.getLogger(DynamicWorkflows.class.getName());

  /** How a cache miss compiles (the tests count the calls). */
  @FunctionalInterface
  interface Compile {
    CompiledDynamic compile(DynamicJobSpec spec, DynamicParent parent, LaunchPlanSource launchPlans)
        throws DynamicWorkflowException;
  }

  private DynamicWorkflows() {}

  /** Where the futures file of the attempt with output dir {@code outputDir} is. */
  public static String futuresRef(String outputDir) {
    return DataLayout.join(outputDir, FUTURES);
  }

  /**
   * True when the attempt wrote a futures file, i.e. its node turns dynamic (Flyte's {@code handleParentNode}).
   *
   * @throws DynamicWorkflowException SYSTEM when storage cannot tell
   */
  public static boolean hasFutures(BlobStore blobs, String outputDir) throws DynamicWorkflowException {
    try {
      return blobs.exists(futuresRef(outputDir));
    } catch (RuntimeException e) {
      throw DynamicWorkflowException.system("Failed to do HEAD on futures file.", e);
    }
  }

  /**
   * The dynamic workflow of the attempt with output dir {@code outputDir}: read from the cache when both compiled
   * files are there, else compiled from the futures file (see {@link DynamicCompiler#compile}) and cached. Writing
   * the cache is best effort: a failed write leaves the next call to compile again.
   *
   * @return empty when the attempt wrote no futures file
   * @throws DynamicWorkflowException USER when the spec does not compile; SYSTEM when storage fails or the futures
   *     file is not a DynamicJobSpec
   */
  public static Optional<CompiledDynamic> load(BlobStore blobs, String outputDir, DynamicParent parent,
      LaunchPlanSource launchPlans) throws DynamicWorkflowException {
    return load(blobs, outputDir, parent, launchPlans, DynamicCompiler::compile);
  }

  static Optional<CompiledDynamic> load(BlobStore blobs, String outputDir, DynamicParent parent,
      LaunchPlanSource launchPlans, Compile compiler) throws DynamicWorkflowException {
    if (!hasFutures(blobs, outputDir)) {
      return Optional.empty();
    }
    String workflowRef = DataLayout.join(outputDir, COMPILED_WORKFLOW);
    String closureRef = DataLayout.join(outputDir, COMPILED_CLOSURE);
    boolean cached;
    try {
      cached = blobs.exists(workflowRef) && blobs.exists(closureRef);
    } catch (RuntimeException e) {
      throw DynamicWorkflowException.system("Failed to do HEAD on compiled workflow files.", e);
    }
    if (cached) {
      try {
        return Optional.of(readCache(blobs, workflowRef, closureRef));
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "Failed to load cached flyte workflow at " + outputDir
            + ", this will cause the dynamic workflow to be recompiled. Error: " + e.getMessage());
      }
    }

    DynamicJobSpec spec;
    try {
      spec = blobs.readProto(futuresRef(outputDir), DynamicJobSpec.parser())
          .orElseThrow(() -> new IllegalStateException("no futures file at " + futuresRef(outputDir)));
    } catch (RuntimeException e) {
      throw DynamicWorkflowException.system("unable to read futures file, maybe corrupted", e);
    }
    CompiledDynamic compiled = compiler.compile(spec, parent, launchPlans);
    try {
      blobs.writeProto(closureRef, compiled.closure());
      blobs.write(workflowRef, FlyteWorkflowJson.write(compiled.workflow()).getBytes(StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "Failed to cache Dynamic workflow [" + e.getMessage() + "]");
    }
    return Optional.of(compiled);
  }

  /** Both cached files, parsed; throws when either is missing or is not what it should be. */
  private static CompiledDynamic readCache(BlobStore blobs, String workflowRef, String closureRef) {
    byte[] json = blobs.read(workflowRef).orElseThrow(() -> new IllegalStateException(workflowRef + " is gone"));
    FlyteWorkflow workflow = FlyteWorkflowJson.read(new String(json, StandardCharsets.UTF_8));
    CompiledWorkflowClosure closure = blobs.readProto(closureRef, CompiledWorkflowClosure.parser())
        .orElseThrow(() -> new IllegalStateException(closureRef + " is gone"));
    CompiledDynamic compiled = new CompiledDynamic(closure, workflow);
    if (compiled.spec() == null || !closure.hasPrimary()) {
      throw new IllegalStateException("the cached workflow has no primary workflow");
    }
    return compiled;
  }
}
