package io.aloft.propeller.controller;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import flyteidl.admin.WorkflowOuterClass.WorkflowClosure;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Tasks.TaskTemplate;
import io.aloft.compiler.CompilationException;
import io.aloft.crd.FlyteWorkflow;
import io.aloft.crd.FlyteWorkflowBuilder;
import io.aloft.crd.WorkflowClosureFields;
import io.aloft.engine.ExecutionContext;
import io.aloft.engine.data.BlobStore;
import io.aloft.engine.status.WorkflowStatus;
import java.util.Collections;
import java.util.Map;

/**
 * The static part of every workflow, read and parsed once: admin's offloaded closure
 * ({@code workflowClosureReference}, Flyte's {@code round:closure_read_ms} "through a cache") and inputs
 * ({@code offloadedInputs}), and the task templates and inputs parsed from their jsonpb form. None of it changes
 * during an execution, so a Caffeine cache of {@code capacity} entries keyed by reference (or by the resource's uid
 * when inline) saves every round the S3 reads and the protobuf parsing.
 */
public final class ClosureCache {
  private final BlobStore blobs;
  private final Cache<String, Object> cache;

  public ClosureCache(BlobStore blobs, int capacity) {
    this.blobs = blobs;
    // eviction on the calling thread, not the common ForkJoinPool, which a blocked task elsewhere may starve
    this.cache = Caffeine.newBuilder().maximumSize(Math.max(1, capacity)).executor(Runnable::run).recordStats()
        .build();
  }

  /** The cache itself, for its statistics (the operator exports them as metrics). */
  public Cache<String, Object> cache() {
    return cache;
  }

  /** The engine's context for {@code wf} with {@code status}: closure injected, tasks and inputs parsed. */
  public ExecutionContext context(FlyteWorkflow wf, WorkflowStatus status, boolean aborting, String cause) {
    FlyteWorkflow view = complete(wf);
    String uid = wf.getMetadata().getUid() == null ? wf.getMetadata().getNamespace() + "/" + wf.getMetadata()
        .getName() : wf.getMetadata().getUid();
    String tasksKey = "tasks:" + (offloadedClosure(wf) ? wf.workflowClosureReference : uid);
    String inputsKey = "inputs:" + (wf.inputs == null && present(wf.offloadedInputs) ? wf.offloadedInputs : uid);
    @SuppressWarnings("unchecked")
    Map<String, TaskTemplate> tasks = (Map<String, TaskTemplate>) cache.getIfPresent(tasksKey);
    if (tasks == null) {
      tasks = Collections.unmodifiableMap(ExecutionContext.tasksOf(view));
      cache.put(tasksKey, tasks);
    }
    LiteralMap inputs = (LiteralMap) cache.getIfPresent(inputsKey);
    if (inputs == null) {
      inputs = wf.inputs == null && present(wf.offloadedInputs) ? readInputs(wf.offloadedInputs)
          : ExecutionContext.inputsOf(view);
      cache.put(inputsKey, inputs);
    }
    return ExecutionContext.of(view, status, aborting, cause, tasks, inputs);
  }

  /**
   * {@code wf} with its closure in place: {@code wf} itself when it is inline, else a copy (the informer's object is
   * never modified).
   */
  public FlyteWorkflow complete(FlyteWorkflow wf) {
    if (!offloadedClosure(wf)) {
      return wf;
    }
    FlyteWorkflow view = WorkflowWriter.withStatus(wf, wf.status);
    FlyteWorkflowBuilder.inject(view, closure(wf.workflowClosureReference));
    return view;
  }

  private static boolean offloadedClosure(FlyteWorkflow wf) {
    return wf.spec == null && present(wf.workflowClosureReference);
  }

  private static boolean present(String s) {
    return s != null && !s.isEmpty();
  }

  private WorkflowClosureFields closure(String ref) {
    Object cached = cache.getIfPresent(ref);
    if (cached instanceof WorkflowClosureFields f) {
      return f;
    }
    byte[] bytes = blobs.read(ref).orElseThrow(() -> new IllegalStateException("workflow closure " + ref
        + " not found"));
    try {
      WorkflowClosure closure = WorkflowClosure.parseFrom(bytes);
      WorkflowClosureFields fields = FlyteWorkflowBuilder.closureFields(closure.getCompiledWorkflow());
      cache.put(ref, fields);
      return fields;
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt workflow closure at " + ref + ": " + e.getMessage(), e);
    } catch (CompilationException e) {
      throw new IllegalStateException("workflow closure at " + ref + " does not build: " + e.getMessage(), e);
    }
  }

  private LiteralMap readInputs(String ref) {
    return blobs.readProto(ref, LiteralMap.parser()).orElseThrow(() -> new IllegalStateException(
        "offloaded inputs " + ref + " not found"));
  }
}
