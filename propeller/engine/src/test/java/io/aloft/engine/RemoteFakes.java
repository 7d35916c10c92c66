package io.aloft.engine;

import flyteidl.admin.LaunchPlanOuterClass.LaunchPlan;
import flyteidl.core.Execution.WorkflowExecution;
import flyteidl.core.IdentifierOuterClass.Identifier;
import flyteidl.core.IdentifierOuterClass.SignalIdentifier;
import flyteidl.core.IdentifierOuterClass.WorkflowExecutionIdentifier;
import flyteidl.core.Literals.Literal;
import flyteidl.core.Literals.LiteralMap;
import flyteidl.core.Types.LiteralType;
import io.aloft.engine.remote.ChildStatus;
import io.aloft.engine.remote.LaunchContext;
import io.aloft.engine.remote.Launcher;
import io.aloft.engine.remote.RemoteException;
import io.aloft.engine.remote.Signals;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Admin as the engine's launch-plan and gate nodes see it, for engine tests: child executions that end as a script
 * says, and signals set by the test. (Admin's own launcher and signal client are tested against the real admin.)
 */
final class RemoteFakes {
  private RemoteFakes() {}

  /** One launch as admin received it. */
  record Launch(LaunchContext ctx, WorkflowExecutionIdentifier child, Identifier launchPlan, LiteralMap inputs) {}

  /** Children that succeed with {@code outputs.apply(inputs)} once launched; records launches and kills. */
  static final class Children implements Launcher {
    final List<Launch> launches = new ArrayList<>();
    final List<String> kills = new ArrayList<>();
    final Map<String, Launch> children = new LinkedHashMap<>();
    final Map<Identifier, LaunchPlan> plans = new LinkedHashMap<>();
    final Function<Launch, LiteralMap> outputs;
    boolean finish = true;

    Children(Function<Launch, LiteralMap> outputs) {
      this.outputs = outputs;
    }

    @Override
    public void launch(LaunchContext ctx, WorkflowExecutionIdentifier child, Identifier launchPlan, LiteralMap inputs,
        String parentWorkflowKey) {
      Launch l = new Launch(ctx, child, launchPlan, inputs);
      launches.add(l);
      children.putIfAbsent(child.getName(), l); // a second launch of the same name is adopted
    }

    @Override
    public ChildStatus status(WorkflowExecutionIdentifier child, String parentWorkflowKey) throws RemoteException {
      Launch in = children.get(child.getName());
      if (in == null) {
        throw new RemoteException(RemoteException.Kind.NOT_FOUND, "no child " + child.getName());
      }
      return finish ? new ChildStatus(WorkflowExecution.Phase.SUCCEEDED, null, null, outputs.apply(in))
          : new ChildStatus(WorkflowExecution.Phase.RUNNING, null, null, null);
    }

    @Override
    public void kill(WorkflowExecutionIdentifier child, String reason) {
      kills.add(child.getName());
    }

    @Override
    public LaunchPlan launchPlan(Identifier id) throws RemoteException {
      LaunchPlan lp = plans.get(id);
      if (lp == null) {
        throw new RemoteException(RemoteException.Kind.NOT_FOUND, "no launch plan " + id.getName());
      }
      return lp;
    }
  }

  /** Signals the test sets; records which were asked for. */
  static final class SetSignals implements Signals {
    final Map<String, Literal> values = new LinkedHashMap<>();
    final Map<String, LiteralType> created = new LinkedHashMap<>();

    @Override
    public Optional<Literal> getOrCreate(SignalIdentifier id, LiteralType type) {
      created.putIfAbsent(id.getSignalId(), type);
      return Optional.ofNullable(values.get(id.getSignalId()));
    }
  }
}
