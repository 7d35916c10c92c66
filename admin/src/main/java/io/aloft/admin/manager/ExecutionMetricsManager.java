package io.aloft.admin.manager;

import flyteidl.admin.ExecutionOuterClass.Execution;
import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetMetricsRequest;
import flyteidl.admin.ExecutionOuterClass.WorkflowExecutionGetMetricsResponse;
import io.aloft.admin.metrics.SpanBuilder;
import io.aloft.admin.repository.EventRepository;
import io.aloft.admin.validation.ExecutionIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * GetExecutionMetrics (flyteadmin/pkg/manager/impl/metrics_manager.go): the execution's span tree, built by
 * {@link SpanBuilder} from the records admin holds, read per execution by {@link StoredExecutionRecords}.
 */
@ApplicationScoped
public class ExecutionMetricsManager {
  private static final Logger LOG = Logger.getLogger(ExecutionMetricsManager.class);

  @Inject
  ExecutionManager executions;

  @Inject
  WorkflowManager workflows;

  @Inject
  NodeExecutionManager nodeExecutions;

  @Inject
  EventRepository events;

  /** The span tree of the execution {@code request.id} names, {@code depth} levels deep; NOT_FOUND if none. */
  public WorkflowExecutionGetMetricsResponse metrics(WorkflowExecutionGetMetricsRequest request) {
    ExecutionIds.workflow(request.hasId(), request.getId(), "id");
    Execution execution = executions.get(request.getId());
    StoredExecutionRecords records = new StoredExecutionRecords(events, executions, workflows, nodeExecutions);
    WorkflowExecutionGetMetricsResponse out = WorkflowExecutionGetMetricsResponse.newBuilder()
        .setSpan(new SpanBuilder(records).execution(execution, request.getDepth())).build();
    LOG.debugf("execution %s: metrics of depth %d from %d executions' records",
        ExecutionIds.display(request.getId()), request.getDepth(), records.executionsRead());
    return out;
  }
}
