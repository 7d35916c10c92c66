package io.aloft.admin.manager;

import flyteidl.admin.Event.WorkflowExecutionEventRequest;
import flyteidl.core.Execution.WorkflowExecution;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.event.Event.WorkflowExecutionEvent;
import io.aloft.admin.AdminException;
import io.aloft.admin.entity.ExecutionEntity;
import io.aloft.admin.event.EventErrors;
import io.aloft.admin.event.EventRules;
import io.aloft.admin.repository.EventRepository;
import io.aloft.admin.storage.RemoteData;
import io.aloft.admin.transformer.ExecutionEventTransformer;
import io.aloft.admin.validation.ExecutionIds;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;

/**
 * CreateWorkflowEvent (flyteadmin/pkg/manager/impl/execution_manager.go): propeller reports a workflow execution's
 * phase; the execution row's closure and the columns mirroring it change together in one transaction, under a row
 * lock so concurrent events never lose an update (in plain SQL, {@link EventRepository}). The execution row itself
 * is created by CreateExecution.
 */
@ApplicationScoped
public class WorkflowEventManager {

  @Inject
  EventRepository events;

  @Inject
  RemoteData data;

  Clock clock = Clock.systemUTC();

  /**
   * Records a workflow execution event. INVALID_ARGUMENT for a malformed request, NOT_FOUND for an unknown
   * execution, ALREADY_EXISTS for a phase already recorded, FAILED_PRECONDITION (with EventFailureReason details)
   * for an event after a terminal phase or from another cluster, or for an impossible transition.
   */
  public void create(WorkflowExecutionEventRequest request) {
    if (!request.hasEvent()) {
      throw AdminException.invalid("missing event");
    }
    WorkflowExecutionEvent event = request.getEvent();
    ExecutionIds.workflow(event.hasExecutionId(), event.getExecutionId(), "event.execution_id");
    if (!event.hasOccurredAt()) {
      throw AdminException.invalid("missing event.occurred_at");
    }
    if (event.hasOutputData()) {
      data.checkOutputSize(event.getOutputData());
    }
    Races.retrying(() -> QuarkusTransaction.requiringNew().call(() -> {
      apply(event);
      return null;
    }));
  }

  private void apply(WorkflowExecutionEvent event) {
    WorkflowExecutionIdentifier id = event.getExecutionId();
    ExecutionEntity execution = events.lockExecution(id);
    if (execution == null) {
      throw AdminException.notFound("execution " + ExecutionIds.display(id) + " not found");
    }
    WorkflowExecution.Phase current = WorkflowExecution.Phase.valueOf(execution.phase);
    EventRules.workflow(current, execution.cluster, event.getPhase(), event.getProducerId(),
        ExecutionIds.display(id)).ifPresent(r -> {
          throw EventErrors.toStatus(r);
        });
    String offloaded = null;
    if (event.hasOutputData() && data.offloadsEventData()) {
      // Written after the checks, under the row lock: a refused event never overwrites the accepted outputs.
      offloaded = data.offload(event.getOutputData(), id.getProject(), id.getDomain(), id.getName(),
          "offloaded_outputs");
    }
    ExecutionEventTransformer.apply(execution, event, offloaded, Instant.now(clock));
    events.updateAfterEvent(execution);
  }
}
