package io.aloft.propeller.controller;

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
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The static part of every workflow, read and parsed once: admin's offloaded closure
 * ({@code workflowClosureReference}, Flyte's {@code round:closure_read_ms} "through a cache") and inputs
 * ({@code offloadedInputs}), and the task templates and inputs parsed from their jsonpb form. None of it changes
 * during an execution, so a bounded LRU keyed by reference (or by the resource's uid when inline) saves every round
 * the S3 reads and the protobuf parsing.
 */
public final class ClosureCache {
  private final BlobStore blobs;
  private final Map<String, Object> cache;

  public ClosureCache(BlobStore blobs, int capacity) {
    this.blobs = blobs;
    this.cache = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
        return size() > capacity;
      }
    });
  }

  /** The engine's context for {@code wf} with {@code status}: closure injected, tasks and inputs parsed. */
  public ExecutionContext context(FlyteWorkflow wf, WorkflowStatus status, boolean aborting, String cause) {
    FlyteWorkflow view = complete(wf);
    String uid = wf.getMetadata().getUid() == null ? wf.getMetadata().getNamespace() + "/" + wf.getMetadata()
        .getName() : wf.getMetadata().getUid();
    String tasksKey = "tasks:" + (offloadedClosure(wf) ? wf.workflowClosureReference : uid);
    String inputsKey = "inputs:" + (wf.inputs == null && present(wf.offloadedInputs) ? wf.offloadedInputs : uid);
    @SuppressWarnings("unchecked")
    Map<String, TaskTemplate> tasks = (Map<String, TaskTemplate>) cache.get(tasksKey);
    if (tasks == null) {
      tasks = Collections.unmodifiableMap(ExecutionContext.tasksOf(view));
      cache.put(tasksKey, tasks);
    }
    LiteralMap inputs = (LiteralMap) cache.get(inputsKey);
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
    Object cached = cache.get(ref);
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
