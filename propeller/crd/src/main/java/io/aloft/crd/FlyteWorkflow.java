package io.aloft.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.Map;

/**
 * The FlyteWorkflow custom resource ({@code aloft.io/v1alpha1}, plural {@code flyteworkflows}, short name
 * {@code fwf}): Aloft's own API group (ADR 0007), with the body field for field as flytepropeller's v1alpha1
 * {@code FlyteWorkflow} marshals it, so Flyte's tooling and the goldens still read it. It is not a spec/status
 * {@code CustomResource}: like Flyte's, its workflow fields sit at the top level. Unlike Flyte's CRD, ours has a
 * status subresource: writes of the resource ignore {@link #status}, writes of {@code /status} ignore all else.
 * The CRD manifest is generated from this class by {@link CrdGenerator}.
 *
 * <p>The workflow itself ({@link #spec}, {@link #subWorkflows}) is a typed model whose proto-valued members are the
 * flyteidl messages, written as golang/protobuf's jsonpb writes them ({@link ProtoJson}); {@link FlyteWorkflowBuilder}
 * builds it from a compiled closure as Flyte's k8s transformer does. Inputs, tasks and the security context are kept
 * as their jsonpb JSON. Members this model does not name are kept and written back ({@link UnknownMembers}), so a
 * resource written by Flyte or a newer Aloft survives a read-modify-write.
 */
@Group(FlyteWorkflow.GROUP)
@Version(FlyteWorkflow.VERSION)
@Kind(FlyteWorkflow.KIND)
@Plural(FlyteWorkflow.PLURAL)
@Singular(FlyteWorkflow.SINGULAR)
@ShortNames(FlyteWorkflow.SHORT_NAME)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"apiVersion", "kind", "metadata"})
// HasMetadata routes deserialization through fabric8's registry of kinds; this class is read as itself.
@JsonDeserialize(using = JsonDeserializer.None.class)
public class FlyteWorkflow extends UnknownMembers implements HasMetadata, Namespaced {
  /** Aloft's own group, not Flyte's {@code flyte.lyft.com}, so both can be installed in one cluster (ADR 0007). */
  public static final String GROUP = "aloft.io";
  public static final String VERSION = "v1alpha1";
  public static final String KIND = "FlyteWorkflow";
  public static final String PLURAL = "flyteworkflows";
  public static final String SINGULAR = "flyteworkflow";
  /** Not Flyte's {@code fly}, so {@code kubectl get fly} keeps meaning Flyte's resources where both are installed. */
  public static final String SHORT_NAME = "fwf";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  /** Status member: the workflow phase's name ({@code Running}, {@code Succeeded}, ...), for display. */
  public static final String STATUS_PHASE_NAME = "phaseName";
  /** Status member: {@code "done/total"} executable nodes, for display. */
  public static final String STATUS_PROGRESS = "progress";
  /** The finalizer admin adds at creation and propeller removes when the workflow is terminal. */
  public static final String FINALIZER = "flyte.org/finalizer";
  /**
   * Flyte's own group: admin creates a resource of {@code FLYTE_GROUP/VERSION}, same body, for Flyte v1's
   * flytepropeller to run when a cluster is configured so (ADR 0012).
   */
  public static final String FLYTE_GROUP = "flyte.lyft.com";
  public static final String FLYTE_API_VERSION = FLYTE_GROUP + "/" + VERSION;

  private String apiVersion = API_VERSION;
  private String kind = KIND;
  private ObjectMeta metadata = new ObjectMeta();

  /** The primary workflow; null when the closure is offloaded ({@link #workflowClosureReference}). */
  @JsonPropertyDescription("The primary workflow (Flyte's WorkflowSpec); absent when the closure is offloaded.")
  public WorkflowSpec spec;
  @JsonPropertyDescription("How propeller reports events for this workflow (eventVersion).")
  public WorkflowMeta workflowMeta;
  /** core.LiteralMap as jsonpb; null when the inputs are offloaded. */
  @JsonPropertyDescription("The inputs, a core.LiteralMap as jsonpb; absent when offloaded.")
  public JsonNode inputs;
  @JsonPropertyDescription("The execution: core.WorkflowExecutionIdentifier (project, domain, name, org).")
  public ExecutionId executionId;
  /** Task key ({@link GoProtoText#identifier} of its id) to core.TaskTemplate as jsonpb; null when offloaded. */
  @JsonPropertyDescription("Task templates (core.TaskTemplate as jsonpb)"
      + " by task key; absent when the closure is offloaded.")
  public Map<String, JsonNode> tasks;
  /**
   * Sub-workflow key ({@link GoProtoText#identifier} of its id) to sub-workflow; null when the closure is offloaded,
   * left out when empty (as Go's {@code omitempty}).
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonPropertyDescription("Sub-workflows by key; absent when the closure is offloaded or there are none.")
  public Map<String, WorkflowSpec> subWorkflows;
  @JsonPropertyDescription("Seconds the workflow may run before it is aborted.")
  public Long activeDeadlineSeconds;
  @JsonProperty("node-defaults")
  @JsonPropertyDescription("Defaults for every node (interruptible).")
  public NodeDefaults nodeDefaults;
  /** RFC 3339 time admin accepted the execution. */
  @JsonPropertyDescription("RFC 3339 time admin accepted the execution.")
  public String acceptedAt;
  /** Deprecated in Flyte; still written for older readers. */
  @JsonPropertyDescription("Deprecated in Flyte; still written for older readers.")
  public String serviceAccountName;
  /** core.SecurityContext as jsonpb. */
  @JsonPropertyDescription("The execution's core.SecurityContext as jsonpb.")
  public JsonNode securityContext;
  /**
   * Owned by propeller, written through the status subresource only: Flyte's WorkflowStatus JSON ({@code phase} as
   * its number, {@code nodeStatus}, {@code failedAttempts}, {@code message}, {@code dataDir}, ...) plus the display
   * members {@link #STATUS_PHASE_NAME} and {@link #STATUS_PROGRESS} the printer columns show.
   */
  @JsonPropertyDescription("Owned by propeller and written through the status subresource: Flyte's WorkflowStatus"
      + " plus phaseName and progress for display.")
  public JsonNode status;
  @JsonPropertyDescription("Where raw task outputs go (output_location_prefix).")
  public RawOutputDataConfig rawOutputDataConfig;
  @JsonPropertyDescription("Execution-wide settings (MaxParallelism, TaskResources, Interruptible, ...).")
  public ExecutionConfig executionConfig;
  /** Where the admin.WorkflowClosure is when the closure is offloaded ({@code s3://...}). */
  @JsonPropertyDescription("Where the admin.WorkflowClosure is when the closure is offloaded.")
  public String workflowClosureReference;
  @JsonPropertyDescription("The console link of the execution.")
  public String consoleUrl;
  /** Where the inputs LiteralMap is when inputs are offloaded ({@code s3://...}). */
  @JsonPropertyDescription("Where the inputs LiteralMap is when the inputs are offloaded.")
  public String offloadedInputs;

  /** Aloft's annotation carrying the execution's nesting level (0 or absent for a top-level execution). */
  public static final String NESTING_ANNOTATION = "aloft.io/nesting-level";

  /** The resource's labels (empty when none). */
  public java.util.Map<String, String> labels() {
    return metadata.getLabels() == null ? java.util.Map.of() : metadata.getLabels();
  }

  /** The resource's annotations (empty when none). */
  public java.util.Map<String, String> annotations() {
    return metadata.getAnnotations() == null ? java.util.Map.of() : metadata.getAnnotations();
  }

  /** {@code namespace/name}: the key the operator queues the workflow by. */
  public String key() {
    return metadata.getNamespace() + "/" + metadata.getName();
  }

  @Override
  public ObjectMeta getMetadata() {
    return metadata;
  }

  @Override
  public void setMetadata(ObjectMeta metadata) {
    this.metadata = metadata;
  }

  @Override
  public String getApiVersion() {
    return apiVersion;
  }

  @Override
  public void setApiVersion(String apiVersion) {
    this.apiVersion = apiVersion;
  }

  @Override
  public String getKind() {
    return kind;
  }

  public void setKind(String kind) {
    this.kind = kind;
  }

  /** {@code workflowMeta}: how propeller reports events for this workflow. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class WorkflowMeta extends UnknownMembers {
    public Integer eventVersion;

    public WorkflowMeta() {}

    public WorkflowMeta(int eventVersion) {
      this.eventVersion = eventVersion;
    }
  }

  /** {@code executionId}: the core.WorkflowExecutionIdentifier. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public static class ExecutionId extends UnknownMembers {
    public String project;
    public String domain;
    public String name;
    public String org;

    public ExecutionId() {}

    public ExecutionId(String project, String domain, String name, String org) {
      this.project = project;
      this.domain = domain;
      this.name = name;
      this.org = org;
    }
  }

  /** {@code node-defaults}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class NodeDefaults extends UnknownMembers {
    public Boolean interruptible;
  }

  /** {@code rawOutputDataConfig}: the embedded admin.RawOutputDataConfig. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public static class RawOutputDataConfig extends UnknownMembers {
    @JsonProperty("output_location_prefix")
    public String outputLocationPrefix;

    public RawOutputDataConfig() {}

    public RawOutputDataConfig(String outputLocationPrefix) {
      this.outputLocationPrefix = outputLocationPrefix;
    }
  }
}
