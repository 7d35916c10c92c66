package io.aloft.propeller.controller;

import com.fasterxml.jackson.databind.JsonNode;
import flyteidl.admin.WorkflowOuterClass.WorkflowClosure;
import flyteidl.core.Literals.LiteralMap;
import io.aloft.compiler.CompilationException;
import io.aloft.crd.FlyteWorkflow;
import io.aloft.crd.FlyteWorkflowBuilder;
import io.aloft.crd.ProtoJson;
import io.aloft.crd.WorkflowClosureFields;
import io.aloft.engine.data.BlobStore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The static part of offloaded workflows (admin's {@code workflowClosureReference} and {@code offloadedInputs}):
 * read from the blob store once per reference and kept in a bounded LRU, since a closure never changes and every
 * round needs it (Flyte's {@code round:closure_read_ms}, read "through a cache").
 */
public final class ClosureCache {
  private final BlobStore blobs;
  private final Map<String, Object> cache;

  public ClosureCache(BlobStore blobs, int capacity) {
    this.blobs = blobs;
    this.cache = java.util.Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
        return size() > capacity;
      }
    });
  }

  /**
   * {@code wf} with its closure and inputs in place: {@code wf} itself when nothing is offloaded, else a copy (the
   * informer's object is never modified).
   */
  public FlyteWorkflow complete(FlyteWorkflow wf) {
    boolean closure = wf.spec == null && wf.workflowClosureReference != null && !wf.workflowClosureReference.isEmpty();
    boolean inputs = wf.inputs == null && wf.offloadedInputs != null && !wf.offloadedInputs.isEmpty();
    if (!closure && !inputs) {
      return wf;
    }
    FlyteWorkflow view = WorkflowWriter.withStatus(wf, wf.status);
    if (closure) {
      FlyteWorkflowBuilder.inject(view, closure(wf.workflowClosureReference));
    }
    if (inputs) {
      view.inputs = inputs(wf.offloadedInputs);
    }
    return view;
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

  private JsonNode inputs(String ref) {
    Object cached = cache.get(ref);
    if (cached instanceof JsonNode n) {
      return n;
    }
    LiteralMap map = blobs.readProto(ref, LiteralMap.parser()).orElseThrow(() -> new IllegalStateException(
        "offloaded inputs " + ref + " not found"));
    JsonNode node = ProtoJson.toNode(map);
    cache.put(ref, node);
    return node;
  }
}
