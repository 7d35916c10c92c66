package io.aloft.admin.schedule;

import flyteidl.admin.ExecutionOuterClass.ExecutionCreateRequest;
import flyteidl.admin.ExecutionOuterClass.ExecutionMetadata;
import flyteidl.admin.ExecutionOuterClass.ExecutionMetadata.ExecutionMode;
import flyteidl.admin.ExecutionOuterClass.ExecutionSpec;
import flyteidl.admin.ScheduleOuterClass.Schedule;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Literals.Primitive;
import flyteidl.core.Literals.Scalar;
import io.aloft.admin.AdminException;
import io.aloft.admin.manager.ExecutionManager;
import io.aloft.admin.transformer.Protos;
import io.grpc.Status;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/**
 * One scheduled time turned into an execution through the CreateExecution path (flyteadmin/scheduler/executor/
 * executor_impl.go): mode SCHEDULED, {@code scheduled_at} the time, the kickoff-time input bound to it as a datetime,
 * and the name {@link ScheduleNames} derives from the launch plan version and the time.
 */
@ApplicationScoped
public class ScheduledLaunch {
  /** Principal recorded on scheduled executions. */
  public static final String PRINCIPAL = "flyte-scheduler";

  @Inject
  ExecutionManager executions;

  /** The execution of {@code lp} for {@code at}, and whether this call created it (false: it existed already). */
  public record Fired(WorkflowExecutionIdentifier id, boolean created) {}

  /** Launches {@code lp} for time {@code at}; an AdminException other than ALREADY_EXISTS if admin refuses it. */
  public Fired fire(Identifier lp, Schedule schedule, Instant at) {
    LiteralMap.Builder inputs = LiteralMap.newBuilder();
    // Flyte binds it for cron schedules only; a fixed rate with a kickoff input would then never launch
    if (!schedule.getKickoffTimeInputArg().isEmpty()) {
      inputs.putLiterals(schedule.getKickoffTimeInputArg(), Literal.newBuilder().setScalar(Scalar.newBuilder()
          .setPrimitive(Primitive.newBuilder().setDatetime(Protos.timestamp(at)))).build());
    }
    String name = ScheduleNames.executionName(lp, at);
    ExecutionCreateRequest request = ExecutionCreateRequest.newBuilder().setProject(lp.getProject())
        .setDomain(lp.getDomain()).setOrg(lp.getOrg()).setName(name)
        .setSpec(ExecutionSpec.newBuilder().setLaunchPlan(lp).setMetadata(ExecutionMetadata.newBuilder()
            .setMode(ExecutionMode.SCHEDULED).setScheduledAt(Protos.timestamp(at)).setPrincipal(PRINCIPAL)))
        .setInputs(inputs).build();
    try {
      return new Fired(executions.create(request), true);
    } catch (AdminException e) {
      if (e.code() != Status.Code.ALREADY_EXISTS) {
        throw e;
      }
      return new Fired(WorkflowExecutionIdentifier.newBuilder().setProject(lp.getProject())
          .setDomain(lp.getDomain()).setOrg(lp.getOrg()).setName(name).build(), false);
    }
  }
}
