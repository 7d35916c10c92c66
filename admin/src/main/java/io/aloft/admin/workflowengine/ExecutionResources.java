package io.aloft.admin.workflowengine;

import flyteidl.admin.ExecutionOuterClass.ExecutionSpec;
import flyteidl.admin.LaunchPlanOuterClass.LaunchPlan;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Security.Identity;
import flyteidl.core.Security.SecurityContext;
import io.aloft.admin.config.AdminConfig;
import io.aloft.admin.entity.ExecutionEntity;
import io.aloft.crd.ExecutionConfig;
import io.aloft.crd.FlyteWorkflow;
import io.aloft.crd.ProtoJson;
import io.aloft.crd.WorkflowLabels;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds an execution's FlyteWorkflow resource (flyteadmin workflowengine/impl/prepare_execution.go and
 * k8s_executor.go): identity, labels propeller's informers and shards select on, the resolved execution config,
 * and references to the offloaded workflow closure and inputs.
 */
@ApplicationScoped
public class ExecutionResources {

  @Inject
  AdminConfig config;

  @Inject
  io.aloft.admin.storage.BlobStore blobs;

  /**
   * The resource for execution {@code row} of launch plan {@code lp}, whose spec was resolved to {@code spec}.
   *
   * @param closureReference where the workflow's admin.WorkflowClosure is stored
   * @param recoveryOf the execution being recovered, or null
   * @param flyteGroup whether Flyte v1's propeller runs it: its resource has no {@code offloadedInputs}, so the
   *     inputs are always inlined
   */
  public FlyteWorkflow build(ExecutionEntity row, ExecutionSpec spec, LaunchPlan lp, LiteralMap inputs,
      String closureReference, WorkflowExecutionIdentifier recoveryOf, Instant acceptedAt, boolean flyteGroup) {
    FlyteWorkflow wf = config.executions().offloadWorkflowClosure() ? new FlyteWorkflow()
        : inline(closureReference, inputs, row);
    wf.getMetadata().setName(row.name);
    wf.getMetadata().setNamespace(row.namespace);
    wf.getMetadata().setFinalizers(List.of(FlyteWorkflow.FINALIZER));

    Map<String, String> labels = new LinkedHashMap<>(spec.getLabels().getValuesMap());
    labels.put(WorkflowLabels.EXECUTION_ID, row.name);
    labels.put(WorkflowLabels.PROJECT, row.project);
    labels.put(WorkflowLabels.DOMAIN, row.domain);
    var wfId = lp.getSpec().getWorkflowId();
    labels.put(WorkflowLabels.WORKFLOW_NAME, WorkflowLabels.workflowNameLabel(wfId.getProject() + ":"
        + wfId.getDomain() + ":" + wfId.getName()));
    labels.put(WorkflowLabels.SHARD_KEY, Integer.toString(WorkflowLabels.shardKey(row.name)));
    wf.getMetadata().setLabels(labels);
    Map<String, String> annotations = new LinkedHashMap<>(spec.getAnnotations().getValuesMap());
    if (spec.getMetadata().getNesting() > 0) {
      // A child execution: propeller passes nesting + 1 on to the executions its launch-plan nodes launch.
      annotations.put(FlyteWorkflow.NESTING_ANNOTATION, Integer.toString(spec.getMetadata().getNesting()));
    }
    if (!annotations.isEmpty()) {
      wf.getMetadata().setAnnotations(annotations);
    }

    wf.workflowMeta = new FlyteWorkflow.WorkflowMeta(row.eventVersion);
    wf.executionId = new FlyteWorkflow.ExecutionId(row.project, row.domain, row.name, row.org);
    wf.acceptedAt = DateTimeFormatter.ISO_INSTANT.format(acceptedAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    // Like FlyteAdmin (resolveSecurityCtx), every execution has a security context with run_as set, even empty:
    // Flyte's pod plugin dereferences it. Written as Go's encoding/json writes Flyte's core.SecurityContext member.
    SecurityContext security = spec.getSecurityContext();
    if (!security.hasRunAs()) {
      security = security.toBuilder().setRunAs(Identity.getDefaultInstance()).build();
    }
    wf.securityContext = ProtoJson.toGoStructNode(security);
    String sa = security.getRunAs().getK8SServiceAccount();
    if (!sa.isEmpty()) {
      wf.serviceAccountName = sa;
    }
    if (!spec.getRawOutputDataConfig().getOutputLocationPrefix().isEmpty()) {
      wf.rawOutputDataConfig = new FlyteWorkflow.RawOutputDataConfig(
          spec.getRawOutputDataConfig().getOutputLocationPrefix());
    }
    ExecutionConfig ec = new ExecutionConfig();
    ec.maxParallelism = spec.getMaxParallelism();
    ec.interruptible = spec.hasInterruptible() ? spec.getInterruptible().getValue() : null;
    ec.overwriteCache = spec.getOverwriteCache();
    if (spec.getEnvs().getValuesCount() > 0) {
      Map<String, String> envs = new LinkedHashMap<>();
      spec.getEnvs().getValuesList().forEach(kv -> envs.put(kv.getKey(), kv.getValue()));
      ec.environmentVariables = envs;
    }
    if (recoveryOf != null) {
      ec.recoveryExecution = ProtoJson.toNode(recoveryOf);
    }
    wf.executionConfig = ec;
    if (spec.hasInterruptible()) {
      if (wf.nodeDefaults == null) {
        wf.nodeDefaults = new FlyteWorkflow.NodeDefaults();
      }
      wf.nodeDefaults.interruptible = spec.getInterruptible().getValue();
    }

    if (config.executions().offloadWorkflowClosure()) {
      wf.workflowClosureReference = closureReference;
    }
    if (config.executions().offloadInputs() && !flyteGroup) {
      wf.inputs = null;
      wf.offloadedInputs = row.inputsUri;
    } else {
      wf.inputs = ProtoJson.toNode(inputs);
    }
    return wf;
  }

  /**
   * The resource with the compiled workflow inlined (spec, tasks, sub-workflows), as Flyte's transformer builds it
   * from the closure stored at registration.
   */
  private FlyteWorkflow inline(String closureReference, LiteralMap inputs, ExecutionEntity row) {
    try {
      var closure = flyteidl.admin.WorkflowOuterClass.WorkflowClosure.parseFrom(blobs.get(closureReference));
      return io.aloft.crd.FlyteWorkflowBuilder.build(closure.getCompiledWorkflow(), inputs, row.identifier(),
          row.namespace);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalStateException("corrupt workflow closure at " + closureReference, e);
    } catch (io.aloft.compiler.CompilationException e) {
      throw new IllegalArgumentException("the workflow cannot be built into a resource: " + e.getMessage(), e);
    }
  }
}
