package io.aloft.propeller.plugin.pod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.util.JsonFormat;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Literals.KeyValuePair;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Tasks;
import flyteidl.core.Tasks.TaskTemplate;
import io.aloft.crd.FlyteWorkflow;
import io.aloft.crd.WorkflowLabels;
import io.aloft.engine.data.DataLayout;
import io.aloft.engine.plugin.TaskExecutionContext;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds the pod of one attempt as Flyte's container and pod plugins do (flyteplugins k8s/pod/container.go,
 * sidecar.go, flytek8s/container_helper.go, pod_helper.go, k8s_resource_adds.go, and the object metadata the k8s
 * plugin manager adds): the container from the task template or the pod template's containers, templated
 * command and args, Flyte's environment, resources merged with the defaults, interruptible scheduling, labels,
 * annotations and the owner reference to the workflow.
 */
final class PodSpecs {
  /** The label that marks the pods this plugin makes (its informer selects on it). */
  static final String PLUGIN_LABEL = "aloft.io/task-plugin";
  static final String PLUGIN_LABEL_VALUE = "pod";
  /** Flyte's labels on task pods (propeller nodes/node_exec_context.go). */
  static final String NODE_ID_LABEL = "node-id";
  static final String TASK_NAME_LABEL = "task-name";
  static final String INTERRUPTIBLE_LABEL = "interruptible";
  /** Annotation naming the container whose exit decides the attempt (flytek8s PrimaryContainerKey). */
  static final String PRIMARY_CONTAINER_KEY = "primary_container_name";
  static final String GPU_RESOURCE = "nvidia.com/gpu";

  private static final ObjectMapper JSON = new ObjectMapper();

  private PodSpecs() {}

  /** A task template the plugin cannot turn into a pod (Flyte's BadTaskSpecification). */
  static final class BadTaskSpecification extends Exception {
    BadTaskSpecification(String message) {
      super(message);
    }
  }

  /** The pod for {@code ctx}. */
  static Pod build(TaskExecutionContext ctx, PodPluginConfig config) throws BadTaskSpecification {
    TaskTemplate task = ctx.task();
    PodSpec spec;
    String primary;
    Map<String, String> templateLabels = new LinkedHashMap<>();
    Map<String, String> templateAnnotations = new LinkedHashMap<>();
    if (task.hasK8SPod()) {
      spec = podSpec(task.getK8SPod().getPodSpec());
      templateLabels.putAll(task.getK8SPod().getMetadata().getLabelsMap());
      templateAnnotations.putAll(task.getK8SPod().getMetadata().getAnnotationsMap());
      primary = task.getConfigMap().get(PRIMARY_CONTAINER_KEY);
      if (primary == null || primary.isEmpty()) {
        throw new BadTaskSpecification("invalid TaskSpecification, config missing [" + PRIMARY_CONTAINER_KEY
            + "] key in [" + task.getConfigMap() + "]");
      }
    } else if (task.hasCustom() && task.getCustom().containsFields("podSpec")) {
      // Legacy sidecar tasks: plugins.SidecarJob {pod_spec, primary_container_name, annotations, labels} in custom.
      Struct custom = task.getCustom();
      spec = podSpec(custom.getFieldsOrThrow("podSpec").getStructValue());
      primary = custom.containsFields("primaryContainerName")
          ? custom.getFieldsOrThrow("primaryContainerName").getStringValue() : "";
      if (primary.isEmpty()) {
        throw new BadTaskSpecification("invalid TaskSpecification: sidecar task without primaryContainerName");
      }
      custom.getFieldsOrDefault("labels", com.google.protobuf.Value.getDefaultInstance()).getStructValue()
          .getFieldsMap().forEach((k, v) -> templateLabels.put(k, v.getStringValue()));
      custom.getFieldsOrDefault("annotations", com.google.protobuf.Value.getDefaultInstance()).getStructValue()
          .getFieldsMap().forEach((k, v) -> templateAnnotations.put(k, v.getStringValue()));
    } else if (task.hasContainer()) {
      Tasks.Container tc = task.getContainer();
      primary = ctx.resourceName();
      Container c = new Container();
      c.setName(primary);
      c.setImage(tc.getImage());
      c.setCommand(new ArrayList<>(tc.getCommandList()));
      c.setArgs(new ArrayList<>(tc.getArgsList()));
      List<EnvVar> env = new ArrayList<>();
      for (KeyValuePair kv : tc.getEnvList()) {
        env.add(new EnvVar(kv.getKey(), kv.getValue(), null));
      }
      c.setEnv(env);
      c.setResources(resources(tc.getResources()));
      c.setTerminationMessagePolicy("FallbackToLogsOnError");
      spec = new PodSpec();
      spec.setContainers(new ArrayList<>(List.of(c)));
    } else {
      throw new BadTaskSpecification("task [" + task.getId().getName() + "] of type [" + task.getType()
          + "] has neither a container nor a pod template");
    }
    if (spec.getContainers() == null || spec.getContainers().stream().noneMatch(c -> primary.equals(c.getName()))) {
      throw new BadTaskSpecification("primary container [" + primary + "] not found in the pod spec");
    }

    PodTemplates.Params params = templateParams(ctx);
    List<EnvVar> flyteEnv = flyteEnv(ctx, config);
    for (Container c : spec.getContainers()) {
      boolean isPrimary = primary.equals(c.getName());
      if (isPrimary && ctx.node() != null && ctx.node().containerImage != null
          && !ctx.node().containerImage.isEmpty()) {
        c.setImage(ctx.node().containerImage);
      }
      try {
        c.setCommand(PodTemplates.render(nullToEmpty(c.getCommand()), params));
        c.setArgs(PodTemplates.render(nullToEmpty(c.getArgs()), params));
      } catch (PodTemplates.TemplateException e) {
        throw new BadTaskSpecification("failed to render the command of container [" + c.getName() + "]: "
            + e.getMessage());
      }
      List<EnvVar> env = new ArrayList<>(nullToEmpty(c.getEnv()));
      env.addAll(flyteEnv);
      c.setEnv(env);
      ResourceRequirements base = c.getResources() == null ? new ResourceRequirements() : c.getResources();
      ResourceRequirements overrides = isPrimary && ctx.node() != null ? ctx.node().resources : null;
      c.setResources(mergeResources(base, overrides, isPrimary, config));
    }

    spec.setRestartPolicy("Never");
    if (spec.getServiceAccountName() == null || spec.getServiceAccountName().isEmpty()) {
      String sa = serviceAccount(ctx.workflow());
      if (!sa.isEmpty()) {
        spec.setServiceAccountName(sa);
      }
    }
    if (!config.schedulerName().isEmpty() && (spec.getSchedulerName() == null || spec.getSchedulerName().isEmpty())) {
      spec.setSchedulerName(config.schedulerName());
    }
    if (ctx.node() != null && ctx.node().tolerations != null) {
      spec.setTolerations(concat(spec.getTolerations(), ctx.node().tolerations));
    }
    if (ctx.interruptible()) {
      applyInterruptible(spec, config);
    }

    Pod pod = new Pod();
    pod.setApiVersion("v1");
    pod.setKind("Pod");
    ObjectMeta meta = new ObjectMeta();
    meta.setName(ctx.resourceName());
    meta.setNamespace(ctx.workflow().getMetadata().getNamespace());
    Map<String, String> labels = new LinkedHashMap<>(config.defaultLabels());
    labels.putAll(templateLabels);
    labels.putAll(taskLabels(ctx));
    labels.put(PLUGIN_LABEL, PLUGIN_LABEL_VALUE);
    meta.setLabels(labels);
    Map<String, String> annotations = new LinkedHashMap<>(config.defaultAnnotations());
    annotations.putAll(templateAnnotations);
    if (ctx.workflow().getMetadata().getAnnotations() != null) {
      annotations.putAll(ctx.workflow().getMetadata().getAnnotations());
    }
    annotations.put(PRIMARY_CONTAINER_KEY, primary);
    meta.setAnnotations(annotations);
    meta.setOwnerReferences(List.of(ownerReference(ctx.workflow())));
    if (config.injectFinalizer()) {
      meta.setFinalizers(List.of(PodPlugin.FINALIZER));
    }
    pod.setMetadata(meta);
    pod.setSpec(spec);
    return pod;
  }

  /** The owner reference to the workflow resource, as a controller reference that blocks its deletion. */
  static OwnerReference ownerReference(FlyteWorkflow wf) {
    return new OwnerReferenceBuilder().withApiVersion(FlyteWorkflow.API_VERSION).withKind(FlyteWorkflow.KIND)
        .withName(wf.getMetadata().getName()).withUid(wf.getMetadata().getUid()).withController(true)
        .withBlockOwnerDeletion(true).build();
  }

  /** The workflow's labels plus Flyte's node-id, task-name, interruptible (and execution-id when absent). */
  static Map<String, String> taskLabels(TaskExecutionContext ctx) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (ctx.workflow().getMetadata().getLabels() != null) {
      labels.putAll(ctx.workflow().getMetadata().getLabels());
    }
    WorkflowExecutionIdentifier exec = ctx.taskExecutionId().getNodeExecutionId().getExecutionId();
    labels.putIfAbsent(WorkflowLabels.EXECUTION_ID, exec.getName());
    String nodeId = ctx.node() != null && ctx.node().id != null ? ctx.node().id
        : ctx.taskExecutionId().getNodeExecutionId().getNodeId();
    labels.put(NODE_ID_LABEL, WorkflowLabels.sanitizeLabelValue(nodeId));
    labels.put(TASK_NAME_LABEL, WorkflowLabels.sanitizeLabelValue(ctx.task().getId().getName()));
    labels.put(INTERRUPTIBLE_LABEL, Boolean.toString(ctx.interruptible()));
    return labels;
  }

  /** The values the command templates resolve to for this attempt. */
  static PodTemplates.Params templateParams(TaskExecutionContext ctx) {
    String inputPrefix = parent(ctx.commandInputsPath());
    String raw = ctx.rawOutputPrefix() == null ? "" : ctx.rawOutputPrefix();
    String checkpoint = raw.isEmpty() ? "" : DataLayout.join(raw, "_flytecheckpoints");
    return new PodTemplates.Params(ctx.commandInputsPath(), inputPrefix, ctx.outputPrefix(), raw, checkpoint, "",
        ctx.resourceName(),
        () -> ctx.blobs().readProto(ctx.inputsPath(), LiteralMap.parser()).orElse(LiteralMap.getDefaultInstance()),
        () -> {
          String path = DataLayout.join(inputPrefix, "task.pb");
          if (!ctx.blobs().exists(path)) {
            ctx.blobs().writeProto(path, ctx.task());
          }
          return path;
        });
  }

  /**
   * Flyte's environment for a task container (k8s_resource_adds.go DecorateEnvVars): the workflow id, the execution
   * and task identifiers, the attempt number, the execution's environment variables and the configured defaults.
   */
  static List<EnvVar> flyteEnv(TaskExecutionContext ctx, PodPluginConfig config) {
    List<EnvVar> env = new ArrayList<>();
    FlyteWorkflow wf = ctx.workflow();
    if (wf.spec != null && wf.spec.id != null && !wf.spec.id.isEmpty()) {
      env.add(new EnvVar("FLYTE_INTERNAL_EXECUTION_WORKFLOW", wf.spec.id, null));
    }
    WorkflowExecutionIdentifier exec = ctx.taskExecutionId().getNodeExecutionId().getExecutionId();
    env.add(new EnvVar("FLYTE_INTERNAL_EXECUTION_ID", exec.getName(), null));
    env.add(new EnvVar("FLYTE_INTERNAL_EXECUTION_PROJECT", exec.getProject(), null));
    env.add(new EnvVar("FLYTE_INTERNAL_EXECUTION_DOMAIN", exec.getDomain(), null));
    env.add(new EnvVar("FLYTE_ATTEMPT_NUMBER", Integer.toString(ctx.taskExecutionId().getRetryAttempt()), null));
    if (ctx.arrayIndex() >= 0) {
      // a map task's sub node: flytekit picks its element of the array node's inputs by this index
      env.add(new EnvVar("FLYTE_K8S_ARRAY_INDEX", Integer.toString(ctx.arrayIndex()), null));
      env.add(new EnvVar("BATCH_JOB_ARRAY_INDEX_VAR_NAME", "FLYTE_K8S_ARRAY_INDEX", null));
    }
    Identifier task = ctx.taskExecutionId().getTaskId();
    env.add(new EnvVar("FLYTE_INTERNAL_TASK_PROJECT", task.getProject(), null));
    env.add(new EnvVar("FLYTE_INTERNAL_TASK_DOMAIN", task.getDomain(), null));
    env.add(new EnvVar("FLYTE_INTERNAL_TASK_NAME", task.getName(), null));
    env.add(new EnvVar("FLYTE_INTERNAL_TASK_VERSION", task.getVersion(), null));
    if (wf.executionConfig != null && wf.executionConfig.environmentVariables != null) {
      new TreeMap<>(wf.executionConfig.environmentVariables).forEach((k, v) -> env.add(new EnvVar(k, v, null)));
    }
    new TreeMap<>(config.defaultEnvVars()).forEach((k, v) -> env.add(new EnvVar(k, v, null)));
    return env;
  }

  /** The security context's {@code runAs.k8sServiceAccount}, else the workflow's service account. */
  static String serviceAccount(FlyteWorkflow wf) {
    if (wf.securityContext != null) {
      JsonNode runAs = wf.securityContext.path("runAs");
      String sa = runAs.path("k8sServiceAccount").asText(runAs.path("k8s_service_account").asText(""));
      if (!sa.isEmpty()) {
        return sa;
      }
    }
    return wf.serviceAccountName == null ? "" : wf.serviceAccountName;
  }

  /** Task resources as Kubernetes resource names and quantities. */
  static ResourceRequirements resources(Tasks.Resources r) {
    ResourceRequirements rr = new ResourceRequirements();
    rr.setRequests(quantities(r.getRequestsList()));
    rr.setLimits(quantities(r.getLimitsList()));
    return rr;
  }

  private static Map<String, Quantity> quantities(List<Tasks.Resources.ResourceEntry> entries) {
    Map<String, Quantity> out = new LinkedHashMap<>();
    for (Tasks.Resources.ResourceEntry e : entries) {
      String name = switch (e.getName()) {
        case CPU -> "cpu";
        case MEMORY -> "memory";
        case GPU -> GPU_RESOURCE;
        case EPHEMERAL_STORAGE, STORAGE -> "ephemeral-storage";
        default -> null;
      };
      if (name != null && !e.getValue().isEmpty()) {
        // EPHEMERAL_STORAGE wins over the deprecated STORAGE for the same resource
        if (e.getName() == Tasks.Resources.ResourceName.STORAGE && out.containsKey(name)) {
          continue;
        }
        out.put(name, new Quantity(e.getValue()));
      }
    }
    return out;
  }

  /**
   * Merges a container's resources with the node's overrides and the defaults (container_helper.go
   * ApplyResourceOverrides): a missing request takes the limit, else (cpu, memory, primary container only) the
   * configured default; a missing limit takes the request; a request above its limit is lowered to it.
   */
  static ResourceRequirements mergeResources(ResourceRequirements base, ResourceRequirements overrides,
      boolean applyDefaults, PodPluginConfig config) {
    Map<String, Quantity> requests = new LinkedHashMap<>(base.getRequests() == null ? Map.of() : base.getRequests());
    Map<String, Quantity> limits = new LinkedHashMap<>(base.getLimits() == null ? Map.of() : base.getLimits());
    if (overrides != null) {
      if (overrides.getRequests() != null) {
        requests.putAll(overrides.getRequests());
      }
      if (overrides.getLimits() != null) {
        limits.putAll(overrides.getLimits());
      }
    }
    if (applyDefaults) {
      if (!requests.containsKey("cpu") && !limits.containsKey("cpu") && !config.defaultCpus().isEmpty()) {
        requests.put("cpu", new Quantity(config.defaultCpus()));
      }
      if (!requests.containsKey("memory") && !limits.containsKey("memory") && !config.defaultMemory().isEmpty()) {
        requests.put("memory", new Quantity(config.defaultMemory()));
      }
    }
    java.util.Set<String> names = new java.util.LinkedHashSet<>(requests.keySet());
    names.addAll(limits.keySet());
    for (String name : names) {
      Quantity req = requests.get(name);
      Quantity lim = limits.get(name);
      if (req == null) {
        requests.put(name, lim);
      } else if (lim == null) {
        limits.put(name, req);
      } else if (req.getNumericalAmount().compareTo(lim.getNumericalAmount()) > 0) {
        requests.put(name, lim);
      }
    }
    ResourceRequirements out = new ResourceRequirements();
    out.setRequests(requests);
    out.setLimits(limits);
    return out;
  }

  private static void applyInterruptible(PodSpec spec, PodPluginConfig config) {
    if (!config.interruptibleTolerations().isEmpty()) {
      spec.setTolerations(concat(spec.getTolerations(), config.interruptibleTolerations()));
    }
    if (!config.interruptibleNodeSelector().isEmpty()) {
      Map<String, String> selector = new LinkedHashMap<>(
          spec.getNodeSelector() == null ? Map.of() : spec.getNodeSelector());
      selector.putAll(config.interruptibleNodeSelector());
      spec.setNodeSelector(selector);
    }
    if (config.interruptibleNodeSelectorRequirement() != null) {
      Affinity affinity = spec.getAffinity() == null ? new Affinity() : spec.getAffinity();
      NodeAffinity na = affinity.getNodeAffinity() == null ? new NodeAffinity() : affinity.getNodeAffinity();
      NodeSelector required = na.getRequiredDuringSchedulingIgnoredDuringExecution() == null
          ? new NodeSelector(new ArrayList<>()) : na.getRequiredDuringSchedulingIgnoredDuringExecution();
      List<NodeSelectorTerm> terms = new ArrayList<>(nullToEmpty(required.getNodeSelectorTerms()));
      if (terms.isEmpty()) {
        terms.add(new NodeSelectorTerm(new ArrayList<>(), new ArrayList<>()));
      }
      // Every term must also require the interruptible nodes (pod_helper.go ApplyInterruptibleNodeSelectorRequirement).
      for (NodeSelectorTerm t : terms) {
        List<io.fabric8.kubernetes.api.model.NodeSelectorRequirement> exprs =
            new ArrayList<>(nullToEmpty(t.getMatchExpressions()));
        exprs.add(config.interruptibleNodeSelectorRequirement());
        t.setMatchExpressions(exprs);
      }
      required.setNodeSelectorTerms(terms);
      na.setRequiredDuringSchedulingIgnoredDuringExecution(required);
      affinity.setNodeAffinity(na);
      spec.setAffinity(affinity);
    }
  }

  private static PodSpec podSpec(Struct struct) throws BadTaskSpecification {
    try {
      String json = JsonFormat.printer().print(struct);
      return JSON.readValue(json, PodSpec.class);
    } catch (InvalidProtocolBufferException | com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new BadTaskSpecification("unable to unmarshal the task's pod spec: " + e.getMessage());
    }
  }

  private static String parent(String path) {
    int i = path.lastIndexOf('/');
    return i <= 0 ? path : path.substring(0, i);
  }

  private static <T> List<T> nullToEmpty(List<T> l) {
    return l == null ? List.of() : l;
  }

  private static List<Toleration> concat(List<Toleration> a, List<Toleration> b) {
    List<Toleration> out = new ArrayList<>(nullToEmpty(a));
    out.addAll(b);
    return out;
  }
}
