package io.aloft.crd;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import flyteidl.core.Literals.Binding;
import flyteidl.core.Tasks.ExtendedResources;
import flyteidl.core.Tasks.K8sPod;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.time.Duration;
import java.util.List;

/**
 * One node of a {@link WorkflowSpec} (flytepropeller v1alpha1 {@code NodeSpec}, nodes.go), under Flyte's JSON names.
 * Exactly one of {@link #task}, {@link #branch}, {@link #workflow}, {@link #gate}, {@link #array} is set, as
 * {@link #kind} says; start and end nodes have none.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NodeSpec extends UnknownMembers {
  /** Node id, unique in its workflow (branch sub-nodes are prefixed with their branch's id by the compiler). */
  public String id;
  /** Friendly name (node metadata name). */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public String name;
  /** Resource overrides of a task node; Flyte writes an empty object for every node. */
  public ResourceRequirements resources;
  /** Which handler executes the node. */
  public NodeKind kind;
  /** The conditions and their then-nodes, for a branch node. */
  public BranchNodeSpec branch;
  /** Key of the task in the resource's {@code tasks} ({@link GoProtoText#identifier}), for a task node. */
  public String task;
  /** The sub-workflow or launch plan, for a workflow node. */
  public WorkflowNodeSpec workflow;
  /** The condition, for a gate node. */
  public GateNodeSpec gate;
  /** The mapped sub-node and its success criteria, for an array node. */
  public ArrayNodeSpec array;
  /** How each input is bound (core.Binding as jsonpb). */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonSerialize(contentUsing = ProtoJson.MessageSerializer.class)
  @JsonDeserialize(contentUsing = ProtoJson.MessageDeserializer.class)
  public List<Binding> inputBindings;
  /** Never set by the builder; kept for resources that carry one. */
  public ConfigMap config;
  /** Attempts before the node fails; absent means Flyte's default (one attempt). */
  public RetryStrategy retry;
  /** Output aliases (core.Alias, written with Go's proto field names). */
  @JsonProperty("outputAlias")
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public List<OutputAlias> outputAliases;
  /** Pod-level security context for the node's pods. */
  public PodSecurityContext securityContext;
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public List<LocalObjectReference> imagePullSecrets;
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public String hostname;
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public String subdomain;
  public Affinity affinity;
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public String schedulerName;
  /** Task node override of non-standard resources (core.ExtendedResources as jsonpb). */
  @JsonSerialize(using = ProtoJson.MessageSerializer.class)
  @JsonDeserialize(using = ProtoJson.MessageDeserializer.class)
  public ExtendedResources extendedResources;
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public List<Toleration> tolerations;
  /** Time one attempt may run, from its start; a Go duration string ({@code "1h0m0s"}). */
  @JsonSerialize(using = GoDuration.Serializer.class)
  @JsonDeserialize(using = GoDuration.Deserializer.class)
  public Duration executionDeadline;
  /** Time the node may take in all, from when it was queued; twice the node timeout. */
  @JsonSerialize(using = GoDuration.Serializer.class)
  @JsonDeserialize(using = GoDuration.Deserializer.class)
  public Duration activeDeadline;
  /** Node override of the workflow's interruptible default; absent when the node does not say. */
  public Boolean interruptible;
  /** Task node override of the container image. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public String containerImage;
  /** Task node override of the pod template (core.K8sPod as jsonpb). */
  @JsonSerialize(using = ProtoJson.MessageSerializer.class)
  @JsonDeserialize(using = ProtoJson.MessageDeserializer.class)
  public K8sPod podTemplate;

  /** {@code retry}: v1alpha1 {@code RetryStrategy}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class RetryStrategy extends UnknownMembers {
    /** At least this many attempts before giving up; 0 and 1 both mean one (a Go int). */
    public Long minAttempts;

    public RetryStrategy() {}

    public RetryStrategy(long minAttempts) {
      this.minAttempts = minAttempts;
    }
  }

  /** One {@code outputAlias} entry: Go marshals core.Alias with encoding/json, hence the proto field names. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class OutputAlias {
    /** The node's output variable. */
    @JsonProperty("var")
    public String variable;
    /** The name it is also known by. */
    public String alias;

    public OutputAlias() {}

    public OutputAlias(String variable, String alias) {
      this.variable = variable;
      this.alias = alias;
    }
  }
}
