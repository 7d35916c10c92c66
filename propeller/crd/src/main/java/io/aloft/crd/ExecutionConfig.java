package io.aloft.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * {@code executionConfig}: Go's v1alpha1.ExecutionConfig has no JSON tags, so its keys are the Go field names
 * ({@code MaxParallelism}, not {@code maxParallelism}). Admin resolves it at launch; propeller obeys it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ExecutionConfig extends UnknownMembers {
  /** Task type to {@code {PluginIDs, MissingPluginBehavior}}. */
  @JsonProperty("TaskPluginImpls")
  public Map<String, JsonNode> taskPluginImpls;

  /** Most nodes of this execution running at once; 0 means unlimited. */
  @JsonProperty("MaxParallelism")
  public long maxParallelism;

  /** The execution being recovered, as {@code {project, domain, name}}. */
  @JsonProperty("RecoveryExecution")
  public JsonNode recoveryExecution;

  /** {@code {Requests: {CPU, Memory, ...}, Limits: {...}}} Kubernetes quantities. */
  @JsonProperty("TaskResources")
  public JsonNode taskResources;

  @JsonProperty("Interruptible")
  public Boolean interruptible;

  @JsonProperty("OverwriteCache")
  public boolean overwriteCache;

  @JsonProperty("EnvironmentVariables")
  public Map<String, String> environmentVariables;
}
