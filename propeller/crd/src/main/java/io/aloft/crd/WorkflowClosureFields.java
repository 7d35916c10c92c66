package io.aloft.crd;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The part of a {@link FlyteWorkflow} that comes from the compiled workflow closure alone (Flyte's
 * {@code WfClosureCrdFields}): what admin strips when it offloads the closure and propeller injects again after
 * rebuilding it from the stored {@code admin.WorkflowClosure}.
 *
 * @param spec the primary workflow
 * @param tasks task key ({@link GoProtoText#identifier}) to core.TaskTemplate as jsonpb
 * @param subWorkflows sub-workflow key ({@link GoProtoText#identifier}) to sub-workflow
 */
public record WorkflowClosureFields(WorkflowSpec spec, Map<String, JsonNode> tasks,
    Map<String, WorkflowSpec> subWorkflows) {}
