package io.aloft.engine.cache;

import datacatalog.Datacatalog.ArtifactData;
import datacatalog.Datacatalog.DatasetID;
import flyteidl.core.Catalog.CatalogArtifactTag;
import flyteidl.core.Catalog.CatalogMetadata;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.NodeExecutionIdentifier;
import flyteidl.core.IdentifierOuterClass.TaskExecutionIdentifier;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Interface.VariableMap;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What Flyte's datacatalog transformer stores besides the outputs (transformer.go): the metadata naming the task
 * execution that produced an artifact, and the catalog metadata reported in events. Shared by both caches.
 */
public final class CatalogRecords {
  public static final String TASK_VERSION = "task-version";
  public static final String EXEC_NAME = "execution-name";
  public static final String EXEC_DOMAIN = "exec-domain";
  public static final String EXEC_PROJECT = "exec-project";
  public static final String EXEC_NODE = "exec-node";
  public static final String EXEC_ATTEMPT = "exec-attempt";

  private CatalogRecords() {}

  /** The dataset's metadata: {@code task-version}. */
  public static Map<String, String> datasetMetadata(TaskExecutionIdentifier source) {
    if (source == null) {
      return Map.of();
    }
    return Map.of(TASK_VERSION, source.getTaskId().getVersion());
  }

  /** The artifact's metadata: the producing execution, node and attempt. */
  public static Map<String, String> artifactMetadata(TaskExecutionIdentifier source) {
    if (source == null) {
      return Map.of();
    }
    WorkflowExecutionIdentifier e = source.getNodeExecutionId().getExecutionId();
    Map<String, String> m = new HashMap<>();
    m.put(EXEC_PROJECT, e.getProject());
    m.put(EXEC_DOMAIN, e.getDomain());
    m.put(EXEC_NAME, e.getName());
    m.put(EXEC_NODE, source.getNodeExecutionId().getNodeId());
    m.put(EXEC_ATTEMPT, Integer.toString(source.getRetryAttempt()));
    return m;
  }

  /** GetSourceFromMetadata: the producing task execution, "unknown" where the metadata does not say. */
  public static TaskExecutionIdentifier source(Map<String, String> datasetMd, Map<String, String> artifactMd,
      Identifier task) throws CacheException {
    String attempt = artifactMd.getOrDefault(EXEC_ATTEMPT, "0");
    int a;
    try {
      a = Integer.parseUnsignedInt(attempt);
    } catch (NumberFormatException e) {
      throw new CacheException(CacheException.Kind.INVALID, "artifact attempt [" + attempt + "] is not a number", e);
    }
    return TaskExecutionIdentifier.newBuilder()
        .setTaskId(Identifier.newBuilder().setResourceType(task.getResourceType()).setProject(task.getProject())
            .setDomain(task.getDomain()).setName(task.getName())
            .setVersion(datasetMd.getOrDefault(TASK_VERSION, "unknown")))
        .setRetryAttempt(a)
        .setNodeExecutionId(NodeExecutionIdentifier.newBuilder()
            .setNodeId(artifactMd.getOrDefault(EXEC_NODE, "unknown"))
            .setExecutionId(WorkflowExecutionIdentifier.newBuilder()
                .setProject(artifactMd.getOrDefault(EXEC_PROJECT, task.getProject()))
                .setDomain(artifactMd.getOrDefault(EXEC_DOMAIN, task.getDomain()))
                .setName(artifactMd.getOrDefault(EXEC_NAME, "unknown"))))
        .build();
  }

  /** EventCatalogMetadata. */
  public static CatalogMetadata eventMetadata(DatasetID dataset, String artifactId, String tag,
      TaskExecutionIdentifier source) {
    CatalogMetadata.Builder b = CatalogMetadata.newBuilder().setDatasetId(CacheKey.datasetIdentifier(dataset));
    if (tag != null) {
      b.setArtifactTag(CatalogArtifactTag.newBuilder().setArtifactId(artifactId == null ? "" : artifactId)
          .setName(tag));
    }
    if (source != null) {
      b.setSourceTaskExecution(source);
    }
    return b.build();
  }

  /** The artifact data of {@code outputs}, one per output. */
  public static List<ArtifactData> artifactData(LiteralMap outputs) {
    List<ArtifactData> data = new ArrayList<>();
    outputs.getLiteralsMap().forEach((k, v) -> data.add(ArtifactData.newBuilder().setName(k).setValue(v).build()));
    return data;
  }

  /**
   * GenerateTaskOutputsFromArtifact: the outputs of {@code key}'s task from an artifact's data, which must name
   * exactly the interface's outputs.
   */
  public static LiteralMap outputs(CacheKey key, List<ArtifactData> data, String artifactId) throws CacheException {
    VariableMap vars = key.iface().getOutputs();
    if (vars.getVariablesCount() == 0) {
      return LiteralMap.getDefaultInstance();
    }
    if (vars.getVariablesCount() != data.size()) {
      throw new CacheException(CacheException.Kind.INVALID, "the task " + key.taskId().getName() + " with "
          + vars.getVariablesCount() + " outputs should have as many artifact data, artifact " + artifactId
          + " has " + data.size());
    }
    Map<String, Literal> out = new HashMap<>();
    for (ArtifactData d : data) {
      if (!vars.containsVariables(d.getName())) {
        throw new CacheException(CacheException.Kind.INVALID, "artifact data [" + d.getName()
            + "] matches no output of task " + key.taskId().getName());
      }
      out.put(d.getName(), d.getValue());
    }
    return LiteralMap.newBuilder().putAllLiterals(out).build();
  }
}
